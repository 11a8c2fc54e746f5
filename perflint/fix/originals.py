"""Keep every original that `perflint fix` replaces recoverable, and put them back on `--undo`.

Before a file is replaced, its bytes are stored in the cache folder (`originals/<sha256>`, which
git ignores), unless the last commit holds them: then git gives them back. The last run's
replacements are listed in `originals/last-fix.jsonl`; `perflint fix --undo` puts back each
listed file that still holds what fix wrote (a file edited since is left alone).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.atomic import write_atomic
from perflint.cache import Cache
from perflint.lossy_manifest import content_hash
from perflint.tree import run_git
from perflint.writer import WriteRefused, replace_file, scratch_folder

FOLDER = "originals"
LIST = "last-fix.jsonl"


def git_blob(data: bytes) -> str:
    """Return the name git gives `data` as a blob, to ask whether the last commit holds it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git's object name, not a security hash


@dataclass(frozen=True)
class Replaced:
    """One file fix replaced: where, what it held, where that is kept, and what fix wrote."""

    path: str  # relative to the project root, with forward slashes
    original: str  # SHA-256 of the bytes before the fix
    kept_in: str  # "cache", or "git:<blob>" when the last commit holds them
    written: str  # SHA-256 of the bytes fix wrote


class Originals:
    """The originals of one fix run, and the folder where its writes keep their temporary files."""

    def __init__(self, cache_dir: Path, root: Path) -> None:
        self.folder, self.root = cache_dir / FOLDER, root
        self.replaced: list[Replaced] = []
        self.scratch = scratch_folder(cache_dir)  # where the run's writes keep their temporary files

    def keep(self, path: Path, original: bytes, written: bytes) -> None:
        """Make `original`, about to be replaced in `path`, recoverable and listed for `--undo`; OSError if not.

        The list is written at once: a run interrupted after this write can still be undone.
        A run that replaces nothing keeps the last run's list.
        """
        blob = git_blob(original)
        if _committed_blob(path) == blob:
            kept_in = f"git:{blob}"
        else:
            self._prepare()
            copy = self.folder / content_hash(original)
            if not copy.is_file():
                write_atomic(copy, original)
            kept_in = "cache"
        relative = Path(os.path.relpath(path.resolve(), self.root.resolve())).as_posix()
        self.replaced.append(Replaced(relative, content_hash(original), kept_in, content_hash(written)))
        self._prepare()
        write_atomic(
            self.folder / LIST, "".join(json.dumps(record.__dict__) + "\n" for record in self.replaced).encode()
        )

    def _prepare(self) -> None:
        """Make the folder, in a cache folder that git ignores; never through a symbolic link."""
        if self.folder.parent.is_symlink() or self.folder.is_symlink():
            raise OSError("the cache folder is a symbolic link, so perflint keeps nothing there")
        Cache(self.folder.parent).prepare()
        self.folder.mkdir(exist_ok=True)


def undo(cache_dir: Path, root: Path) -> Iterator[str]:
    """Put back the files the last fix replaced; yield one line per file saying what happened."""
    try:
        lines = (cache_dir / FOLDER / LIST).read_text("utf-8").splitlines()
    except OSError:
        yield "nothing to undo: no fix has replaced a file here"
        return
    scratch = scratch_folder(cache_dir)
    for line in lines:
        record = Replaced(**json.loads(line))
        path = root / record.path
        try:
            yield _put_back(path, record, cache_dir / FOLDER, root, scratch)
        except (OSError, WriteRefused) as error:
            yield f"{record.path}: not restored ({error})"
    (cache_dir / FOLDER / LIST).unlink(missing_ok=True)


def _put_back(path: Path, record: Replaced, folder: Path, root: Path, scratch: Path | None) -> str:
    current = path.read_bytes()
    if content_hash(current) != record.written:
        return f"{record.path}: left as it is (changed since the fix)"
    if record.kept_in == "cache":
        original = (folder / record.original).read_bytes()
    else:
        original = run_git(["-C", str(path.parent), "cat-file", "blob", record.kept_in.removeprefix("git:")]).stdout
    if content_hash(original) != record.original:
        return f"{record.path}: not restored (the kept original is damaged)"
    replace_file(path, current, original, root, scratch)
    return f"{record.path}: restored"


def _committed_blob(path: Path) -> str | None:
    """Return the blob the last commit holds for `path`, or None (no git, no commit, not tracked)."""
    try:
        done = run_git(["-C", str(path.parent), "rev-parse", "--verify", "--quiet", f"HEAD:./{path.name}"])
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode().strip() or None
