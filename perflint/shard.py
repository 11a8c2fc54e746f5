"""`check --shard K/N`: one runner's share of a very large site, the same on every runner.

Each file goes to a shard by a hash of its path, except that an image or stylesheet goes with
the first page (in path order) that refers to it, so a page and what it shows are usually
checked on the same runner. Every runner reads the pages' text to find those references (a
regular expression, far cheaper than the checks), so all of them agree without talking.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from perflint.discovery import Skipped
from perflint.documents.source import SourceFile
from perflint.site import Site

MAX_PAGE_BYTES = 5 * 1024 * 1024
_PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".css")
_URL = re.compile(
    r"[^\s\"'()<>,\[\]\\]+\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|css)(?=[?#\"'()\s,<>\]\\]|$)", re.IGNORECASE
)


@dataclass(frozen=True)
class Shard:
    """Shard `index` (1 to `count`) of `count`."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read "K/N"; raise ValueError with a plain message otherwise."""
        index, slash, count = text.partition("/")
        if not (slash and index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
            raise ValueError(f"{text!r} is not K/N with 1 <= K <= N, e.g. 2/4")
        return cls(int(index), int(count))

    def takes(self, relative: str) -> bool:
        digest = hashlib.sha256(relative.encode("utf-8", "surrogateescape")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1


def share(items: Sequence[SourceFile | Skipped], shard: Shard, site: Site) -> list[SourceFile | Skipped]:
    """Return the items this shard checks, in their order."""
    sources = [item.source if isinstance(item, Skipped) else item for item in items]
    relative = {source.path.resolve(): source.relative for source in sources}
    owner: dict[Path, str] = {}
    for page in sorted(sources, key=lambda source: source.relative):
        if page.path.suffix.lower() in _PAGE_SUFFIXES:
            for target in _referenced(page, site):
                if target in relative and target not in owner:
                    owner[target] = page.relative
    return [
        item
        for item, source in zip(items, sources, strict=True)
        if shard.takes(owner.get(source.path.resolve(), source.relative))
    ]


def _referenced(page: SourceFile, site: Site) -> set[Path]:
    """Return the local files a page or stylesheet names (resolved), found as text."""
    try:
        with page.path.open("rb") as handle:
            text = handle.read(MAX_PAGE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return set()
    found = set()
    for match in _URL.finditer(text):
        reference = site.resolve(match.group(), page.path, page.boundary)
        if reference.kind == "file" and reference.path is not None:
            found.add(reference.path.resolve())
    return found
