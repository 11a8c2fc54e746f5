"""The only code that writes a user's file: atomically, in place, never outside the repository.

A fix is written only when the file still holds exactly what the fixer read, is a regular
file (not a link), is writable, lies inside the repository, and the new content is smaller
or is a text repair. The temporary file lives in the cache folder (else the same folder), is
synced, takes the original's permission bits, and replaces the original in one rename: a crash
at any point leaves either the old file or the new one, never a mix, and nothing in the site.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from perflint.atomic import write_atomic


class WriteRefused(Exception):
    """The file was left as it was; str(exc) says why, in plain words."""


SCRATCH = "tmp"  # the cache folder's subfolder for the temporary files of writes
_STALE_SECONDS = 3600  # a write takes seconds: an older temporary file is what a killed run left


def scratch_folder(cache_dir: Path) -> Path | None:
    """Return the folder for the temporary files of this run's writes, emptied of what killed runs left.

    It lies in the cache folder, which git ignores and which is inside the repository (so on its
    file system, as an atomic rename needs). None when the cache folder cannot be used: the
    temporary files then go beside the files they replace.
    """
    from perflint.cache import Cache

    cache = Cache(cache_dir)
    folder = cache_dir / SCRATCH
    try:
        cache.prepare()
        if not cache.usable:
            return None
        folder.mkdir(exist_ok=True)
        for leftover in folder.iterdir():
            if leftover.lstat().st_mtime < time.time() - _STALE_SECONDS:
                leftover.unlink()
    except OSError:
        return None
    return folder


def replace_file(
    path: Path,
    original: bytes,
    data: bytes,
    boundary: Path,
    scratch: Path | None = None,
    first: Callable[[], None] | None = None,
) -> None:
    """Replace `path`, which must still hold `original`, with `data` (temporary file in `scratch`, if given).

    `first` runs once every check allows the write, before it (to keep the original, to record
    a lossy output); it may raise WriteRefused.
    """
    if path.is_symlink():
        raise WriteRefused("it is a symbolic link; perflint only rewrites regular files")
    if not path.resolve().is_relative_to(boundary.resolve()):
        raise WriteRefused("it is outside the repository")
    try:
        status = path.stat()
    except OSError as error:
        raise WriteRefused(f"it cannot be read any more ({error.strerror})") from None
    if not stat.S_ISREG(status.st_mode):
        raise WriteRefused("it is not a regular file")
    if not status.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WriteRefused("it is read-only; make it writable to let perflint fix it")
    if _digest(path) != hashlib.sha256(original).digest():
        raise WriteRefused("it changed while perflint was working on it; run perflint fix again")
    _write(
        path,
        data,
        stat.S_IMODE(status.st_mode),
        scratch,
        first,
        lambda reason: f"it could not be written ({reason}); the original is unchanged",
    )


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b""


def write_generated(
    path: Path,
    data: bytes,
    boundary: Path,
    mode: int,
    scratch: Path | None = None,
    first: Callable[[], None] | None = None,
) -> None:
    """Write a file perflint generates (a sibling `.min.css`, a converted image), replacing an earlier one.

    `first` runs as replace_file runs it.
    """
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise WriteRefused(f"{path.name} exists and is not a regular file")
    if not path.parent.resolve().is_relative_to(boundary.resolve()):
        raise WriteRefused("it is outside the repository")
    _write(path, data, mode, scratch, first, lambda reason: f"{path.name} could not be written ({reason})")


def _write(
    path: Path,
    data: bytes,
    mode: int,
    scratch: Path | None,
    first: Callable[[], None] | None,
    failure: Callable[[str], str],
) -> None:
    """Run `first`, then write atomically; if that fails, WriteRefused saying `failure` of the system's reason."""
    if first is not None:
        first()
    try:
        write_atomic(path, data, mode, scratch)
    except OSError as error:
        raise WriteRefused(failure(f"{error.strerror}")) from None
