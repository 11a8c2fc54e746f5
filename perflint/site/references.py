"""Resolve the references a page makes (src, href, url()) to files, as the built site serves them.

Nothing is fetched: remote URLs stay remote, `data:` URIs are measured in place, and no path
outside the repository is ever opened. A root path like `/img/x.png` is looked up the way
static-site generators publish it: from each folder between the page and the repository root,
directly and under the usual static folders (Hugo `static/` and `assets/`, Astro and
Eleventy `public/`, `src/`), plus any folders set in config.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from perflint.images.probe import ImageInfo, UnreadableImage, probe
from perflint.images.sniff import sniff
from perflint.kinds import HEAD_BYTES

STATIC_FOLDERS = ("", "static", "assets", "public", "src")
_TEMPLATE = re.compile(r"\{\{|\{%|<%|\$\{|\}\}")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def has_template(value: str) -> bool:
    """Tell whether `value` holds template syntax, which only the build fills in."""
    return bool(_TEMPLATE.search(value))


@dataclass(frozen=True)
class Reference:
    """What a reference points at: a local file, inline data, or something perflint cannot see."""

    kind: str  # "file", "missing", "data", "remote", "template", "outside", "empty"
    path: Path | None = None
    size: int | None = None  # bytes, for files and data URIs


class Site:
    """Resolves references for the pages of one repository."""

    def __init__(self, static_dirs: tuple[Path, ...] = ()) -> None:
        self.static_dirs = static_dirs

    def resolve(self, reference: str, page: Path, boundary: Path) -> Reference:
        """Resolve `reference` as written in `page`, never leaving `boundary`."""
        value = reference.strip()
        if not value:
            return Reference("empty")
        if has_template(value):
            return Reference("template")
        if value.lower().startswith("data:"):
            return Reference("data", size=_data_size(value))
        if value.startswith("//") or _SCHEME.match(value):
            return Reference("remote")
        path = urllib.parse.unquote(value.split("#")[0].split("?")[0])
        if not path:
            return Reference("empty")
        return _locate(path, _real(page.parent), _real(boundary), self.static_dirs)


@functools.lru_cache(maxsize=1024)
def _real(folder: Path) -> Path:
    """Resolve a folder's links once: every reference on a page is resolved from the same two folders."""
    return folder.resolve()


@functools.lru_cache(maxsize=8192)
def _locate(path: str, folder: Path, boundary: Path, static_dirs: tuple[Path, ...]) -> Reference:
    """Find the file a local path names; cached, since pages share their assets."""
    if path.startswith("/"):
        relative = path.lstrip("/")
        candidates = [base / relative for base in (*_published_roots(folder, boundary), *static_dirs)]
    else:
        candidates = [folder / path]
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
            if not resolved.is_relative_to(boundary):
                return Reference("outside")
            if resolved.is_file():
                return Reference("file", resolved, resolved.stat().st_size)
        except (OSError, RuntimeError, ValueError):  # a link loop (RuntimeError before 3.13), a long name, a NUL
            continue
    return Reference("missing")


def _published_roots(folder: Path, boundary: Path) -> list[Path]:
    """Return each folder from the page's up to the boundary, and the static folders in each."""
    roots: list[Path] = []
    for ancestor in (folder, *folder.parents):
        if not ancestor.is_relative_to(boundary):
            break
        roots.extend(ancestor / name if name else ancestor for name in STATIC_FOLDERS)
    return roots


def _data_size(uri: str) -> int:
    """Return the bytes a `data:` URI holds."""
    header, _, payload = uri.partition(",")
    if header.lower().endswith(";base64"):
        try:
            return len(base64.b64decode(payload, validate=False))
        except (binascii.Error, ValueError):
            return len(payload)
    return len(urllib.parse.unquote_to_bytes(payload))


@functools.lru_cache(maxsize=4096)
def image_info(path: Path) -> ImageInfo | None:
    """Return the header facts of a referenced image, or None if it is not a readable image."""
    try:
        with path.open("rb") as stream:
            image_format = sniff(stream.read(HEAD_BYTES))
            if image_format is None:
                return None
            return probe(stream, path.stat().st_size, image_format)
    except (OSError, UnreadableImage):
        return None
