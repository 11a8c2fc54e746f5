"""Repair HTML surgically: add (or drop) attributes of tags and add a missing viewport, every other byte kept."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from perflint.documents.html import HtmlDoc
from perflint.documents.text import line_ending
from perflint.fix_options import FixOptions
from perflint.html.fold import fold_of
from perflint.html.head import VIEWPORT, viewport_tags
from perflint.html.sizing import Page, page_of
from perflint.html.tokenizer import Tag, tokenize
from perflint.rules.img_size import declares_size, fix_adds_size
from perflint.rules.lcp_lazy_loaded import lazy_lcp, prioritized
from perflint.rules.offscreen_images import offscreen
from perflint.site import Site, image_info

DROPPABLE = frozenset({"loading"})  # the attributes an edit may remove: a lazy LCP image's
_LAZY = re.compile(r"""\s+loading\s*=\s*(?:"\s*lazy\s*"|'\s*lazy\s*'|lazy(?=[\s/>]))""", re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    """Text to insert at an offset of a page, and the finding it answers."""

    offset: int
    text: str
    change: str  # what it does, for the report
    rule: str | None  # the rule whose finding it fixes; None for an opt-in improvement
    line: int
    removed: int = 0  # characters it replaces from the offset on


def html_edits(doc: HtmlDoc, site: Site, options: FixOptions, enabled: Collection[str]) -> list[Edit]:
    """Return the edits that fix what a machine can fix in a page, for the rules `enabled` there."""
    edits = list(_image_sizes(doc, site))
    edits.extend(_lcp_priority(doc, site))
    if options.lazy_loading:
        edits.extend(_lazy_loading(doc, site))
    lazy_already = {edit.offset for edit in edits if "lazy" in edit.text}
    edits.extend(edit for edit in _lazy_offscreen(doc, site) if edit.offset not in lazy_already)
    if options.unsafe_fixes:
        edits.extend(_viewport(doc))
    edits = [edit for edit in edits if edit.rule is None or edit.rule in enabled]
    return [edit for edit in edits if not (edit.rule and doc.suppressions.covers(_names(edit.rule), edit.line))]


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply each edit at its offset, in one pass: a page of 200,000 images gets as many
    insertions, and rebuilding the page for each one would take time quadratic in its length."""
    pieces, start = [], 0
    # At one offset, a later edit goes first, as if each had been inserted in turn right at it.
    for _, edit in sorted(enumerate(edits), key=lambda pair: (pair[1].offset, -pair[0])):
        pieces += [text[start : edit.offset], edit.text]
        start = edit.offset + edit.removed
    pieces.append(text[start:])
    return "".join(pieces)


def same_structure(before: str, after: str, added_tags: int, dropped: Collection[str] = ()) -> bool:
    """Tell whether `after` keeps every tag of `before`, in order and with all its attributes but
    those named in `dropped`, and has exactly `added_tags` more."""
    old = [t for t in tokenize(before) if isinstance(t, Tag)]
    new = iter([t for t in tokenize(after) if isinstance(t, Tag)])
    extra = 0
    for tag in old:
        kept = {k: v for k, v in tag.attrs.items() if k not in dropped}
        for candidate in new:
            if candidate.name == tag.name and all(candidate.attrs.get(k) == v for k, v in kept.items()):
                break
            extra += 1
        else:
            return False
    return extra + sum(1 for _ in new) == added_tags


def _names(rule: str) -> tuple[str, str]:
    """Return the name and code a suppression comment may use for a rule."""
    from perflint.rules import RULES

    return rule, RULES[rule].code


def inside(tag: Tag, text: str) -> int:
    """Return where new attributes go: before the tag's `>` or `/>`."""
    return tag.end - 2 if text[tag.end - 2 : tag.end] == "/>" else tag.end - 1


def _image_sizes(doc: HtmlDoc, site: Site) -> Iterator[Edit]:
    """Add an image's own size where the page's CSS keeps its shape with it (img_size.fix_adds_size)."""
    text = doc.decoded.text
    page: Page | None = None
    for tag in doc.named("img"):
        if declares_size(tag) or tag.attrs.get("width") or tag.attrs.get("height"):
            continue
        page = page or page_of(doc, site, is_page=True)
        reference = site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
        info = image_info(reference.path) if reference.path else None
        if info and info.width and info.height and fix_adds_size(doc, tag, info, page):
            insertion = f' width="{info.width}" height="{info.height}"'
            yield Edit(
                inside(tag, text), insertion, f"added width and height to {tag.attrs.get('src')}", "img-size", tag.line
            )


def _lazy_loading(doc: HtmlDoc, site: Site) -> Iterator[Edit]:
    """Lazy-load every image after the first, but the likely LCP image (the opt-in `lazy-loading`)."""
    fold = fold_of(doc, site)
    lcp = fold.likely_lcp.offset if fold and fold.likely_lcp else None
    for tag in list(doc.named("img"))[1:]:
        added = "".join(f' {k}="{v}"' for k, v in (("loading", "lazy"), ("decoding", "async")) if k not in tag.attrs)
        if added and tag.offset != lcp:
            yield Edit(inside(tag, doc.decoded.text), added, f"made {tag.attrs.get('src')} load lazily", None, tag.line)


def _lazy_offscreen(doc: HtmlDoc, site: Site) -> Iterator[Edit]:
    """Lazy-load the images surely below a phone's first screen (offscreen-images)."""
    for tag, _ in offscreen(doc, site):
        change = f"made {tag.attrs.get('src')}, far down the page, load lazily"
        yield Edit(inside(tag, doc.decoded.text), ' loading="lazy"', change, "offscreen-images", tag.line)


def _lcp_priority(doc: HtmlDoc, site: Site) -> Iterator[Edit]:
    """Fetch a lazy likely-LCP image first: no `loading="lazy"`, and `fetchpriority="high"` (lcp-lazy-loaded)."""
    tag = lazy_lcp(doc, site)
    found = _lazy_attribute(doc.decoded.text, tag) if tag is not None else None
    if tag is None or found is None:  # none, or written in a way the pattern does not know (an entity, say)
        return
    text, rule = doc.decoded.text, "lcp-lazy-loaded"
    change = f"made {tag.attrs.get('src')}, the likely largest image on phones, load at once"
    yield Edit(found.start(), "", change, rule, tag.line, removed=found.end() - found.start())
    if not prioritized(tag) and "fetchpriority" not in tag.attrs:
        change = f"gave {tag.attrs.get('src')}, the likely largest image on phones, a high fetch priority"
        yield Edit(inside(tag, text), ' fetchpriority="high"', change, rule, tag.line)


def _lazy_attribute(text: str, tag: Tag) -> re.Match[str] | None:
    """Find a tag's `loading="lazy"` attribute: the first such text outside any quoted value."""
    for found in _LAZY.finditer(text, tag.offset, tag.end):
        before = text[tag.offset : found.start()]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return found
    return None


def _viewport(doc: HtmlDoc) -> Iterator[Edit]:
    head = next(doc.named("head"), None)
    if doc.is_document and head is not None and not viewport_tags(doc):
        charset = next((t for t in doc.named("meta") if "charset" in t.attrs), None)
        anchor = charset if charset is not None and charset.offset > head.offset else head
        tag = line_ending(doc.decoded.text) + VIEWPORT
        yield Edit(anchor.end, tag, "added the mobile viewport tag", "meta-viewport", anchor.line)
