"""The images perflint has already compressed lossily, so it never compresses them twice.

Each lossy re-encode loses a little more (generation loss), and a CI fix on every push would
grind an image down. The manifest lists the SHA-256 of every file a lossy fix wrote; an image
whose content is listed gets only lossless fixes. It lives beside the config, is meant to be
committed, and is sorted so that merges of two branches' lists rarely conflict.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from perflint.atomic import write_atomic

NAME = ".perflint-lossy"
_MODE = 0o644  # a file to commit, like any other in the repository
_HEADER = "# Images perflint compressed lossily (SHA-256): never compressed lossily again. Commit this file.\n"


def content_hash(data: bytes) -> str:
    """Name a file by its content, whatever it is called or wherever it moves."""
    return hashlib.sha256(data).hexdigest()


class LossyManifest:
    """The hashes in `folder`/.perflint-lossy, and the ones this run adds.

    Each lossy output is recorded before it is written (`record`), so an interrupted run loses
    no record; under a lock on the folder, re-reading the file first, so two runs at once lose
    none of each other's. The temporary file of each write goes in `scratch` when given (see
    `perflint.atomic.write_atomic`): a run killed mid-write leaves nothing beside the manifest.
    """

    def __init__(self, folder: Path, scratch: Path | None = None) -> None:
        self.path = folder / NAME
        self.scratch = scratch
        self.hashes = frozenset(self._read())
        self.size_before = self._size()
        self.added: set[str] = set()

    def record(self, data: bytes) -> None:
        """Add `data`'s hash to the file, synced to disk, before `data` is written anywhere; OSError if it cannot be."""
        digest = content_hash(data)
        if self.path.is_symlink():
            raise OSError(f"{NAME} is a symbolic link; perflint only writes regular files")
        with _locked(self.path.parent):
            listed = self._read()
            if digest not in listed:
                text = _HEADER + "".join(f"{line}\n" for line in sorted(listed | {digest}))
                write_atomic(self.path, text.encode(), _MODE, self.scratch)
        self.added.add(digest)

    def _read(self) -> set[str]:
        try:
            # A linked manifest is not perflint's: never read through it, and `record` refuses it.
            lines = [] if self.path.is_symlink() else self.path.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        return {line.strip() for line in lines if line.strip() and not line.startswith("#")}

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (advisory: only perflint runs take it), where the system has one."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; runs there are not serialised
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
