"""`check --changed-since REF`: the files a branch changed, and the pages that show them.

A pull request that swaps a hero image changes no page, yet every page showing the image
gets heavier; so the pages and stylesheets that refer to a changed file (directly, or
through a stylesheet that does) are checked too. Deleted files are not checked.
"""

from __future__ import annotations

from pathlib import Path

from perflint.config import Settings
from perflint.discovery import Skipped, discover
from perflint.documents.source import SourceFile
from perflint.documents.text import decode
from perflint.kinds import CSS, HEAD_BYTES, HTML, MARKDOWN, KindMismatch, classify
from perflint.references import mentions
from perflint.site import Site
from perflint.tree import run_git

MAX_TEXT_BYTES = 5 * 1024 * 1024  # bigger "pages" are data dumps, not pages that show an image
_REFERRING_KINDS = (HTML, MARKDOWN, CSS)


class ChangedFilesError(Exception):
    """git could not list the changes (not a repository, unknown REF); the message says which."""


def changed_paths(paths: tuple[str, ...], ref: str, settings: Settings) -> tuple[str, ...]:
    """Return the files under `paths` changed since `ref`, with the pages and stylesheets that use them."""
    start = Path(paths[0])
    changed = with_referrers(changed_files(ref, start), settings, repository_root(start))
    scopes = [Path(path).resolve() for path in paths]
    return tuple(str(path) for path in changed if any(path.is_relative_to(scope) for scope in scopes))


def repository_root(start: Path) -> Path:
    """Return the top folder of the git repository holding `start`."""
    folder = start if start.is_dir() else start.parent
    return Path(_git(["rev-parse", "--show-toplevel"], folder).strip())


def changed_files(ref: str, start: Path) -> list[Path]:
    """Return the files changed between REF and HEAD (`git diff REF...HEAD`) that still exist."""
    if ref.startswith("-"):
        raise ChangedFilesError(f"{ref!r} is not a git reference")  # git would read it as an option
    top = repository_root(start)
    listing = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", f"{ref}...HEAD", "--"], top)
    files = [top / name for name in listing.split("\0") if name]
    return [path for path in files if path.is_file()]


def with_referrers(changed: list[Path], settings: Settings, root: Path) -> list[Path]:
    """Add the pages and stylesheets under `root` that refer to a changed file, until none is left to add."""
    affected = {path.resolve() for path in changed}
    texts = [source for source in discover([str(root)], settings) if isinstance(source, SourceFile)]
    contents = {source.path.resolve(): text for source in texts if (text := _text(source)) is not None}
    site = Site(settings.static_dirs)
    pending = [source for source in texts if source.path.resolve() in contents]
    while True:
        found = [
            source
            for source in pending
            if source.path.resolve() not in affected
            and next(mentions(contents[source.path.resolve()], affected, source, site), None) is not None
        ]
        if not found:
            return sorted(affected)
        affected.update(source.path.resolve() for source in found)


def _text(source: SourceFile | Skipped) -> str | None:
    """Return a page's or stylesheet's text; None for other files and ones too big to be pages."""
    if isinstance(source, Skipped):
        return None
    try:
        with source.path.open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
        kind = classify(source.path.name, data[:HEAD_BYTES])
    except (OSError, KindMismatch):
        return None
    if kind is None or kind.kind not in _REFERRING_KINDS or len(data) > MAX_TEXT_BYTES:
        return None
    return decode(data, html=kind.kind == HTML).text


def _git(arguments: list[str], cwd: Path) -> str:
    try:
        done = run_git(arguments, cwd)
    except OSError as error:
        raise ChangedFilesError(f"git cannot run: {error.strerror}") from None
    if done.returncode != 0:
        problem = done.stderr.decode(errors="replace").strip().splitlines()
        raise ChangedFilesError(problem[-1] if problem else f"git {arguments[0]} failed")
    return done.stdout.decode("utf-8", errors="surrogateescape")
