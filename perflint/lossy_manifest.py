"""The images perflint has already compressed lossily, so it never compresses them twice.

Each lossy re-encode loses a little more (generation loss), and a CI fix on every push would
grind an image down. The manifest lists the SHA-256 of every file a lossy fix wrote; an image
whose content is listed gets only lossless fixes. It lives beside the config, is meant to be
committed, and is sorted so that merges of two branches' lists rarely conflict.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from perflint.atomic import write_atomic

NAME = ".perflint-lossy"
_MODE = 0o644  # a file to commit, like any other in the repository
_HEADER = "# Images perflint compressed lossily (SHA-256): never compressed lossily again. Commit this file.\n"


def content_hash(data: bytes) -> str:
    """Name a file by its content, whatever it is called or wherever it moves."""
    return hashlib.sha256(data).hexdigest()


class LossyManifest:
    """The hashes in `folder`/.perflint-lossy, and the ones this run adds."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        try:
            # A linked manifest is not perflint's: never read through it, and `save` refuses it.
            lines = [] if self.path.is_symlink() else self.path.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        self.hashes = frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
        self.added: set[str] = set()

    def add(self, data: bytes) -> None:
        self.added.add(content_hash(data))

    def save(self) -> bool:
        """Write the manifest if this run added hashes; return whether it did."""
        new = self.added - self.hashes
        if not new:
            return False
        if self.path.is_symlink():
            raise OSError(f"{NAME} is a symbolic link; perflint only writes regular files")
        text = _HEADER + "".join(f"{digest}\n" for digest in sorted(self.hashes | new))
        write_atomic(self.path, text.encode(), _MODE)
        return True
