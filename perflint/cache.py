"""Remember costly measurements by content hash, so a second run costs nothing."""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from perflint import __version__
from perflint.atomic import write_atomic

CACHE_DIR_NAME = ".perflint_cache"
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# perflint's cache; safe to delete.\n"


def content_key(data: bytes, *salt: str) -> str:
    """Return a key for `data` measured under the settings named by `salt`."""
    digest = hashlib.sha256(data)
    for part in (__version__, *salt):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


class Cache:
    """A folder of small JSON records, one per key, safe to share between processes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # A cache folder that is a symbolic link (committed by anyone) would send writes elsewhere.
        self.usable = not root.is_symlink()

    def get(self, namespace: str, key: str) -> dict[str, Any] | None:
        """Return the record stored under `key`, or None."""
        if not self.usable:
            return None
        try:
            record = json.loads(self._path(namespace, key).read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        return record if isinstance(record, dict) else None

    def put(self, namespace: str, key: str, record: dict[str, Any]) -> None:
        """Store `record`; a cache that cannot be written is silently skipped."""
        path = self._path(namespace, key)
        if not self.usable:
            return
        with contextlib.suppress(OSError, RuntimeError):
            self.prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent.resolve().is_relative_to(self.root.resolve()):  # no linked subfolder either
                write_atomic(path, json.dumps(record).encode())

    def _path(self, namespace: str, key: str) -> Path:
        return self.root / namespace / key[:2] / f"{key}.json"

    def prepare(self) -> None:
        """Mark the folder as a cache that git and backup tools should skip."""
        if (self.root / "CACHEDIR.TAG").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / ".gitignore").write_text("*\n")
        (self.root / "CACHEDIR.TAG").write_text(_TAG)
