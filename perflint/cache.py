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
_MARKERS = {".gitignore": "*\n", "CACHEDIR.TAG": _TAG}  # what perflint writes to mark its cache folder


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
        """Mark the folder as a cache that git and backup tools should skip.

        Only a new or empty folder becomes one: a `.gitignore` of `*` in a folder of the user's
        (`cache-dir = "."` or `"static"`) would hide every new file there from git. Raise
        NotACacheFolder for such a folder; never overwrite a file perflint did not write.
        """
        if (self.root / "CACHEDIR.TAG").is_file():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        if holds_other_files(self.root):
            self.usable = False
            raise NotACacheFolder(self.root)
        for name, text in _MARKERS.items():
            try:
                with open(self.root / name, "x", encoding="utf-8") as marker:  # another process may be at it too
                    marker.write(text)
            except FileExistsError:
                if (self.root / name).read_text("utf-8", errors="replace") != text:
                    self.usable = False
                    raise NotACacheFolder(self.root) from None


class NotACacheFolder(OSError):
    """The cache folder holds files that are not perflint's, so perflint keeps nothing there."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"the cache folder {folder.name or folder} holds files that are not perflint's; "
            f"set cache-dir to a folder of its own, such as {CACHE_DIR_NAME}"
        )


def holds_other_files(folder: Path) -> bool:
    """Tell whether an existing folder that perflint has not marked as its cache holds anything but the markers."""
    try:
        return not (folder / "CACHEDIR.TAG").is_file() and any(entry.name not in _MARKERS for entry in folder.iterdir())
    except OSError:  # not a folder, or not readable: nothing of the user's is written into it
        return False
