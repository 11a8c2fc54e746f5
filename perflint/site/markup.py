"""What the pages that load a stylesheet contain: the element names, classes, IDs and attributes
their markup writes, and the names their scripts mention (a class or ID a script may add).

A stylesheet's rule can style something only where such a name exists. Pages are read as
written: a page with template syntax, whose markup the build completes, is not known.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.html import load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.site import Site, has_template
from perflint.site.mentions import MAX_TEXT_BYTES
from perflint.tree import read_start

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_ALWAYS = frozenset({"html", "head", "body"})  # browsers create them when a page leaves them out
_IMPLIED = {"table": "tbody", "tr": "tbody"}  # and a table's row group


@dataclass(frozen=True)
class Markup:
    """Everything a set of pages writes that a selector may name."""

    elements: frozenset[str]
    classes: frozenset[str]
    ids: frozenset[str]
    attributes: frozenset[str]
    script_words: frozenset[str]  # identifiers in the pages' own scripts
    remote_scripts: bool  # a page loads a script from elsewhere, which may add names perflint cannot see


def markup_of(pages: Iterable[Path], boundary: Path, site: Site) -> Markup | None:
    """Return what `pages` contain together; None when one cannot be read or is completed by a build."""
    found = []
    for page in pages:
        try:
            stat = page.stat()
        except OSError:
            return None
        one = _page_markup(page, boundary, site, stat.st_mtime_ns, stat.st_size)
        if one is None:
            return None
        found.append(one)
    return Markup(
        _ALWAYS.union(*(one.elements for one in found)),
        frozenset().union(*(one.classes for one in found)),
        frozenset().union(*(one.ids for one in found)),
        frozenset().union(*(one.attributes for one in found)),
        frozenset().union(*(one.script_words for one in found)),
        any(one.remote_scripts for one in found),
    )


@functools.lru_cache(maxsize=256)
def _page_markup(page: Path, boundary: Path, site: Site, mtime_ns: int, size: int) -> Markup | None:
    """Read one page's markup, once per version of the file."""
    data = read_start(page, MAX_TEXT_BYTES)
    if data is None or len(data) < size:
        return None
    source = SourceFile(page, page.name, page.name, boundary)
    try:
        doc = load_html(source, io.BytesIO(data), size)
    except Unreadable:
        return None
    text = doc.decoded.text
    if has_template(text):
        return None
    elements = {tag.name for tag in doc.tags}
    elements |= {implied for name, implied in _IMPLIED.items() if name in elements}
    classes = {name for tag in doc.tags for name in tag.attrs.get("class", "").split()}
    ids = {tag.attrs["id"].strip() for tag in doc.tags if tag.attrs.get("id", "").strip()}
    attributes = {name for tag in doc.tags for name in tag.attrs}
    words, remote = set(_WORD.findall(" ".join(_SCRIPT.findall(text)))), False
    for tag in doc.named("script"):
        reference = site.resolve(tag.attrs.get("src", ""), page, boundary)
        if reference.kind == "remote":
            remote = True
        elif reference.kind == "file" and reference.path is not None:
            script = read_start(reference.path, MAX_TEXT_BYTES)
            words |= set(_WORD.findall(script.decode("utf-8", "replace"))) if script else set()
    return Markup(
        frozenset(elements), frozenset(classes), frozenset(ids), frozenset(attributes), frozenset(words), remote
    )
