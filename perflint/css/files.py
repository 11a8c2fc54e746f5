"""Local stylesheets, read and digested once while they are unchanged: a site's pages share a few."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from perflint.documents.css import too_large
from perflint.documents.text import decode

T = TypeVar("T")


def read_stylesheet(path: Path, digest: Callable[[str], T]) -> T | None:
    """Return `digest` of a local stylesheet's text, computed once per file version; None when it cannot be
    read, or is too large to analyse (its own check says so)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if too_large(stat.st_size):
        return None
    found: T | None = _digested(path, stat.st_mtime_ns, stat.st_size, digest)
    return found


MINIFIED_SUFFIX = ".min.css"


def minified_sibling(path: Path) -> Path:
    """Name the minified copy the pages load instead of a readable stylesheet: `site.css` -> `site.min.css`."""
    return path.with_name(path.stem + MINIFIED_SUFFIX)


def existing_copy(path: Path) -> Path | None:
    """Return the minified copy beside a readable stylesheet when there is one (a regular file, not a link)."""
    name = path.name.lower()
    if not name.endswith(".css") or name.endswith(MINIFIED_SUFFIX):
        return None
    copy = minified_sibling(path)
    return copy if copy.is_file() and not copy.is_symlink() else None


@functools.lru_cache(maxsize=1024)
def _digested(path: Path, mtime_ns: int, size: int, digest: Callable[[str], Any]) -> Any:
    try:
        text = decode(path.read_bytes()).text
    except OSError:
        return None
    return digest(text)
