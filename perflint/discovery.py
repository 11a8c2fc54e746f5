"""Find the files to check: named files as given, folders as git sees them.

Inside a git work tree a folder holds the files git tracks or would add (so .gitignore is
honoured); elsewhere it is walked, honouring the .gitignore files met on the way. `.git/` and
`node_modules/` are never entered, and a symbolic link is never followed out of the tree it
was found in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.config import Settings
from perflint.documents.source import SourceFile
from perflint.kinds import is_candidate
from perflint.tree import NEVER_ENTERED, files_under, tree_root


@dataclass(frozen=True)
class Skipped:
    """A file that is not checked, and why: shown to the user, not silently dropped."""

    source: SourceFile
    reason: str


def discover(paths: Iterable[str], settings: Settings) -> Iterator[SourceFile | Skipped]:
    """Yield each file to check once, in a stable order."""
    seen: set[str] = set()
    cwd = Path.cwd()
    for argument in paths:
        path = Path(argument)
        named = not path.is_dir() or path.is_symlink()
        if named:
            found, boundary = [path], _named_boundary(path, settings.root)
        else:
            tree, unlisted = tree_root(path), list[OSError]()
            found = sorted(files_under(path, tree is not None, unlisted))
            boundary = tree or path.resolve()
            yield from _unlisted(unlisted, settings, boundary, cwd)
        for file in found:
            item = _source(file, cwd, settings, boundary, named)
            if item is None:
                continue
            key = os.path.normpath(item.source.path if isinstance(item, Skipped) else item.path)
            if key not in seen:
                seen.add(key)
                yield item


def _unlisted(errors: list[OSError], settings: Settings, boundary: Path, cwd: Path) -> Iterator[Skipped]:
    """Report each folder that could not be listed: none of its files is checked, and the reader must know."""
    for error in errors:
        source = as_source(Path(error.filename), settings, boundary, cwd)
        if not NEVER_ENTERED.intersection(source.path.parts) and not settings.is_excluded(source.relative):
            reason = f"it is a folder that cannot be listed ({error.strerror}): no file in it is checked"
            yield Skipped(source, reason)


def _named_boundary(path: Path, root: Path) -> Path:
    """Return the tree a named file belongs to: the project root if it is inside, else its folder.

    "Inside" is decided on the path as written: a folder of the project that is a link to
    somewhere else must not make that somewhere else part of the project.
    """
    folder = Path(os.path.normpath(path.absolute().parent))
    if folder.is_relative_to(Path(os.path.normpath(root.absolute()))):
        return root.resolve()
    return _resolved(folder) or folder


def _source(file: Path, cwd: Path, settings: Settings, boundary: Path, named: bool) -> SourceFile | Skipped | None:
    """Return the file as a SourceFile, a Skipped, or None when it is not for perflint."""
    if not named and not is_candidate(file):
        return None
    if NEVER_ENTERED.intersection(file.parts):
        return None
    source = as_source(file, settings, boundary, cwd)
    if settings.is_excluded(source.relative):
        return None
    if named or file.is_symlink():  # a walk never enters linked folders; a named path may pass through one
        real = _resolved(file)
        if real is None:
            return Skipped(source, "it is a symbolic link that leads back to itself (a loop)")
        if not real.is_relative_to(boundary):
            return Skipped(source, "it is, or is reached through, a symbolic link to outside the repository")
    if not file.exists():
        return Skipped(source, "it does not exist (or is a broken symbolic link)") if named else None
    if not file.is_file():
        return Skipped(source, "it is not a regular file (a folder, pipe, socket or device)") if named else None
    return source


def as_source(file: Path, settings: Settings, boundary: Path, cwd: Path | None = None) -> SourceFile:
    """Return a file of the tree under `boundary` as a SourceFile, named in reports from `cwd` (the working folder)."""
    absolute = file.absolute()
    return SourceFile(absolute, _display(absolute, cwd or Path.cwd()), _display(absolute, settings.root), boundary)


def _resolved(path: Path) -> Path | None:
    """Return where `path` really is, or None for a symbolic link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: loops, before Python 3.13
        return None


def _display(path: Path, base: Path) -> str:
    """Return `path` relative to `base` with forward slashes, as reports show it."""
    return Path(os.path.relpath(path, base)).as_posix()
