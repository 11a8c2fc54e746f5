"""Phone-sized copies of wide images, offered to phones with `srcset` (an unsafe fix: it adds files).

image-responsive reports an <img> whose file is wider than a phone shows it. This fix writes
copies of the file beside it (`hero.jpg` -> `hero-721.jpg`), as wide as the phone's screen needs
at Lighthouse's density and at a 3x screen's, each compressed at the lossy target against the
scaled image, and gives the <img> a `srcset` and `sizes`:

    srcset="hero-721.jpg 721w, hero-1236.jpg 1236w, hero.jpg 1920w"
    sizes="(max-width: 412px) 412px, 1920px"

A phone up to 412 px wide is told the widest it shows the image (a narrower phone shows it no
wider), so it downloads the copy its screen needs; every wider screen is told the image shows
at the file's own width, so it downloads the file, as before. Nothing changes but what phones
download. A copy already beside the image (an earlier run's) is used when it has the width its
name says, and never overwritten. Only whole HTML pages are edited: a Markdown page's images
are laid out by its layout, whose generator makes such copies itself.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.config import Settings
from perflint.deadline import FIX_SECONDS, TooSlow, time_limit
from perflint.documents.html import HtmlDoc, load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.fix.pages import Edit, inside
from perflint.fix.proposal import Declined, Proposal
from perflint.fix_options import FixOptions
from perflint.html.phone import fits_phones
from perflint.html.sizing import page_of
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML, TEXT_EXTENSIONS
from perflint.pages.resources import pictured
from perflint.rules.image_responsive import Options, PhoneWaste, wasted_on_phone
from perflint.site import Site, image_info
from perflint.sizes import format_size
from perflint.transforms.formats import LOSSY_FORMATS

RULE = "image-responsive"
HIGH_DENSITY = 3.0  # device pixels per CSS px on the sharpest phone screens
_WORTH_A_FILE = 0.8  # a copy at most this share of the file's width: a closer one saves too little
_UNSAFE_IN_URL = frozenset("?#&\"' ,<>\\")  # a src with these is left alone: a query, or a srcset separator


@dataclass(frozen=True)
class Copy:
    """A phone-sized copy of an image, beside it."""

    image: Path
    path: Path
    width: int
    height: int
    boundary: Path  # the repository of the page that shows the image: nothing outside it is written


@dataclass(frozen=True)
class Offer:
    """An <img> whose file a phone downloads too wide, and the copies that would serve phones instead."""

    tag: Tag
    waste: PhoneWaste
    copies: tuple[Copy, ...]
    phone_width: float


def offers(doc: HtmlDoc, site: Site, options: Options, is_page: bool) -> Iterator[Offer]:
    """Yield each <img> of the page that image-responsive reports on the phone, with the copies to make for it."""
    if not fits_phones(doc):
        return
    in_pictures = pictured(doc.tags)
    page = functools.cache(lambda: page_of(doc, site, is_page))
    for tag in doc.named("img"):
        if tag.offset in in_pictures:
            continue
        waste = wasted_on_phone(tag, doc, site, page, options)
        if waste is None or waste.image_format not in LOSSY_FORMATS or not _rewritable(tag.attrs["src"], waste.path):
            continue
        info = image_info(waste.path)
        if info is None or not info.height:
            continue
        size = (waste.width, info.height)
        phone, sharpest = _same_shape(waste.needed, size), _same_shape(math.ceil(waste.shown.px * HIGH_DENSITY), size)
        widths = [phone] + ([sharpest] if phone < sharpest <= waste.width * _WORTH_A_FILE else [])
        if phone < waste.width:
            copies = (_copy(waste.path, width, size, doc.source.boundary) for width in widths)
            yield Offer(tag, waste, tuple(copies), options.phone_width)


def pages_to_edit(sources: list[SourceFile], settings: Settings) -> list[tuple[SourceFile, bytes]]:
    """Return the published HTML pages among `sources` where the rule is on, with their bytes (images and
    other files are not even read)."""
    from perflint.fix.propose import classify_file, read_file, unpublished

    pages = []
    for source in sources:
        if TEXT_EXTENSIONS.get(source.path.suffix.lower()) != HTML:
            continue
        original = read_file(source)
        kind = classify_file(source, original)
        if original is None or kind is None or kind.kind != HTML or RULE not in settings.rules_for(source.relative):
            continue
        if not unpublished(source, settings):
            pages.append((source, original))
    return pages


def copies_wanted(
    pages: list[tuple[SourceFile, bytes]], settings: Settings, site: Site
) -> tuple[list[Copy], list[tuple[SourceFile, bytes]]]:
    """Return every copy the pages' offers need, each once however many pages show its image, and the pages
    that make offers: only those are read again to be edited."""
    wanted: dict[Path, Copy] = {}
    offering = []
    for source, original in pages:
        try:
            doc = load_html(source, io.BytesIO(original), len(original))
        except Unreadable:
            continue
        found = list(offers(doc, site, settings.rules_for(source.relative)[RULE].options, is_page=True))
        for copy in (copy for offer in found for copy in offer.copies):
            wanted.setdefault(copy.path, copy)
        if found:
            offering.append((source, original))
    return list(wanted.values()), offering


def usable(copy: Copy) -> bool | None:
    """Tell whether a file is already where the copy goes: True when it is such a copy, False when it is some
    other file (never overwritten), None when there is none."""
    if not copy.path.exists() and not copy.path.is_symlink():
        return None
    info = image_info(copy.path) if copy.path.is_file() and not copy.path.is_symlink() else None
    return info is not None and info.width == copy.width and info.height == copy.height


def make_copy(copy: Copy, options: FixOptions) -> tuple[bytes, Proposal] | Declined | None:
    """Scale the image to the copy's width and compress it at the lossy target (runs in a worker process),
    within the time one file's fix may take."""
    from perflint.fix.images import kept_extras
    from perflint.fix.propose import quiet_pillow
    from perflint.images.sniff import sniff
    from perflint.transforms.lossy import encode_lossy

    quiet_pillow()
    try:
        with time_limit(FIX_SECONDS):
            original = copy.image.read_bytes()
            image_format = sniff(original[:64])
            if image_format is None:
                return None
            extras = kept_extras(original, image_format, options)
            longest = max(copy.width, copy.height)
            lossy = encode_lossy(original, image_format, options.lossy_target, longest, extras)
    except TooSlow as slow:
        return Declined(f"no copy {copy.width} px wide for phones: perflint {slow} so that the other files get fixed")
    except Exception:  # hostile input makes Pillow and the encoders raise all sorts
        return None
    if lossy is None or lossy.resized != (copy.width, copy.height):
        return Declined(f"no copy {copy.width} px wide for phones: it could not be scaled to {copy.width} px wide")
    if len(lossy.data) >= len(original):
        return Declined(f"no copy {copy.width} px wide for phones: it would not be smaller than the file")
    change = (
        f"wrote a copy {copy.width} px wide ({format_size(len(lossy.data))}) for phones, with {lossy.setting} "
        f"(similarity {lossy.score:.0f}/100 to the scaled image, minimum {options.lossy_target:g})"
    )
    return original, Proposal(lossy.data, (change,), sibling=copy.path, lossy=True)


def srcset_edits(doc: HtmlDoc, site: Site, settings: Settings, available: Collection[Path]) -> list[Edit]:
    """Return the edits giving each <img> that phones download too wide a srcset of its `available` copies."""
    rules = settings.rules_for(doc.source.relative)
    if RULE not in rules:
        return []
    options: Options = rules[RULE].options
    edits = []
    for offer in offers(doc, site, options, is_page=True):
        copies = [copy for copy in offer.copies if copy.path in available]
        line = offer.tag.line
        if not copies or copies[0] != offer.copies[0] or doc.suppressions.covers(_names(), line):
            continue
        edits.append(Edit(inside(offer.tag, doc.decoded.text), _attributes(offer, copies), _change(offer), RULE, line))
    return edits


def _attributes(offer: Offer, copies: list[Copy]) -> str:
    """Write the srcset (the copies, then the file at its own width) and the sizes that pick among them."""
    src = offer.tag.attrs["src"].strip()
    stem = src[: len(src) - len(offer.waste.path.suffix)]  # as written, folder and all: only the width goes in
    candidates = [f"{stem}-{copy.width}{offer.waste.path.suffix} {copy.width}w" for copy in copies]
    srcset = ", ".join([*candidates, f"{src} {offer.waste.width}w"])
    phone, shown = f"{offer.phone_width:g}px", math.ceil(offer.waste.shown.px)
    return f' srcset="{srcset}" sizes="(max-width: {phone}) {shown}px, {offer.waste.width}px"'


def _change(offer: Offer) -> str:
    return (
        f"gave {offer.tag.attrs['src'].strip()} a srcset of copies for phones "
        f"(about {format_size(offer.waste.waste)} less for a phone to download)"
    )


def _same_shape(least: int, size: tuple[int, int]) -> int:
    """Return the copy width from `least` on (within 32 px) whose height is closest to a whole number of pixels.

    A browser gives the image the shape of the file it picked: a copy of another shape, by the
    rounding of its height, would move the page under it by a fraction of a pixel.
    """
    width, height = size
    return min(
        range(least, least + 32), key=lambda copy: (abs(round(copy * height / width) * width - copy * height), copy)
    )


def _copy(image: Path, width: int, size: tuple[int, int], boundary: Path) -> Copy:
    """Name a copy `width` px wide: the image's name with its width before the extension, beside it."""
    path = image.with_name(f"{image.stem}-{width}{image.suffix}")
    return Copy(image, path, width, max(1, round(size[1] * width / size[0])), boundary)


def _rewritable(src: str, image: Path) -> bool:
    """Tell whether a src names the file plainly enough to name its copies by editing the name's end: no query,
    fragment or character that a srcset would split on, and a name ending in the file's extension."""
    value = src.strip()
    return not _UNSAFE_IN_URL & set(value) and bool(image.suffix) and value.endswith(image.suffix)


def _names() -> tuple[str, str]:
    """The name and code a suppression comment may use for the rule."""
    from perflint.rules import RULES

    return RULE, RULES[RULE].code
