"""The only code that writes a user's file: atomically, in place, never outside the repository.

A fix is written only when the file still holds exactly what the fixer read, is a regular
file (not a link), is writable, lies inside the repository, and the new content is smaller
or is a text repair. The temporary file lives in the same folder, is synced, takes the
original's permission bits, and replaces the original in one rename: a crash at any point
leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from perflint.atomic import write_atomic


class WriteRefused(Exception):
    """The file was left as it was; str(exc) says why, in plain words."""


def replace_file(path: Path, original: bytes, data: bytes, boundary: Path) -> None:
    """Replace `path`, which must still hold `original`, with `data`."""
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
    try:
        write_atomic(path, data, mode=stat.S_IMODE(status.st_mode))
    except OSError as error:
        raise WriteRefused(f"it could not be written ({error.strerror}); the original is unchanged") from None


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b""


def write_generated(path: Path, data: bytes, boundary: Path, mode: int) -> None:
    """Write a file perflint generates (a sibling `.min.css`), replacing an earlier one."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise WriteRefused(f"{path.name} exists and is not a regular file")
    if not path.parent.resolve().is_relative_to(boundary.resolve()):
        raise WriteRefused("it is outside the repository")
    try:
        write_atomic(path, data, mode=mode)
    except OSError as error:
        raise WriteRefused(f"{path.name} could not be written ({error.strerror})") from None
