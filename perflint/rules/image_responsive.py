"""Image file much wider than the page shows it.

## What it does
Compares each local image a page shows with the width it is shown at, and reports a file more
than twice as wide (`max-density`: twice stays sharp on high-density "retina" screens) when
resizing it would save at least 4 KiB. The shown width is the `width` attribute in pixels; a
`width` in the inline `style` wins (in px; in another unit the shown width is unknown); without
either, the widest slot `sizes` allows in px (a `vw` slot counts only under a `(max-width: Npx)`
condition). `srcset` candidates: one with an `x` descriptor may be that many times wider; one
with a `w` descriptor is compared with its own descriptor, since browsers pick it believing it
is that wide; the `src` counts only where browsers may download it, not beside `w` candidates.
The saving is an estimate, hence "about": bytes scale with the pixel count, so a file `width` px
wide resized to `W` px (twice the shown width, or its `w` descriptor) saves about `size x (1 -
(W / width)^2)`. SVG, remote files and images whose size cannot be read are skipped. Checks
`<img>` in HTML pages and in the HTML inside Markdown; `<picture><source>` candidates are not
checked. Markdown's own images `![alt](src)` and front-matter images are not checked: they
declare no width, and the site's layout decides how wide they show, up to the whole window
(a 2560 px screen, or twice that on a high-density one), so no file width is too wide for them
without a false alarm; `image-dimensions` already caps every image's size.

Phones are judged too, as Lighthouse's `uses-responsive-images` audit judges them: on a phone
412 CSS px wide (`phone-width`) at 1.75 device pixels to the CSS pixel (`phone-density`), a file
wider than the phone can show it wastes `size x (1 - (shown x 1.75 / width)^2)` bytes, and an
`<img>` without `srcset` (nor a `<source>` before it) is reported when that is at least
`min-saving` (4 KiB, Lighthouse's threshold). The widest a phone shows it comes from a limit
that surely applies there (see `perflint.html.phone`): `max-width: 100%` or `width: 50vw` in its
style or in a stylesheet rule naming only its element or classes (Bootstrap's `.img-fluid`), in
an `@media` query that matches the phone or none, with no other rule that may apply setting a
wider or no limit; a percentage is of the phone's width. Only whole pages whose viewport is
`width=device-width` are judged so (without it phones lay the page out 980 px wide), and only
where the phone shows the image narrower than the width the page gives it on every screen. A
rule with a context (`.post img`) may not apply, so it gives no limit, nor do the stylesheets of
a Markdown page's layout: perflint reports fewer images than Lighthouse rather than one it would
not.

`perflint fix --unsafe-fixes` fixes what phones download: it writes copies of the file beside it,
as wide as the phone needs at its density and at a 3x screen's (`team-728.jpg`,
`team-1240.jpg`), and gives the `<img>` a `srcset` of them and the file, with `sizes` telling
phones up to `phone-width` the widest they show it and every wider screen the file's own width,
so only phones download a copy (see `perflint.fix.srcset`). It edits HTML pages only: for an
image of a Markdown page the finding names what its generator offers to make smaller versions.

## Why is this bad?
A browser downloads the whole file whatever size it shows it at. A 3000 px photo shown 600 px
wide costs visitors about 6 times the bytes a sharp 1200 px version would, and slows the page.

## Example
`<img src="team.jpg" width="600">` where `team.jpg` is 3000 px wide: export it at 1200 px
wide, or add `srcset="team-600.jpg 600w, team-1200.jpg 1200w, team-3000.jpg 3000w"` with
`sizes` so each screen downloads the version it needs.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.phone import PHONE_DENSITY, PHONE_WIDTH, PhoneWidth, fits_phones, widest_on_phone
from perflint.html.sizing import Page, page_of
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.pages.resources import image_candidates, pictured
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.site import Site, image_info
from perflint.sizes import ByteSize, format_size
from perflint.transforms.formats import LOSSY_FORMATS

_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(px|vw)?\s*", re.IGNORECASE)
_STYLE_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([^;]*)", re.IGNORECASE)
_MAX_WIDTH = re.compile(r"\(\s*max-width\s*:\s*(\d+(?:\.\d+)?)px\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    max_density: float = option(2.0, "How many times wider than shown a file may be (2.0: sharp on 2x screens).", low=1)
    min_saving: ByteSize = option(ByteSize(4 * 1024), "Smallest estimated saving worth reporting.")
    phone_width: float = option(PHONE_WIDTH, "Width in CSS px of the phone an image is judged on.", low=1)
    phone_density: float = option(PHONE_DENSITY, "Device pixels per CSS px of that phone.", low=1)


@dataclass(frozen=True)
class Target:
    """A file an <img> may load, the widest it should be, and the width to export it at."""

    url: str
    widest: float
    export: int
    reason: str  # why it should be no wider, e.g. "the page shows it 600 px wide"
    descriptor: bool  # the limit comes from the file's own `w` descriptor


def shown_width(tag: Tag) -> float | None:
    """Return the width in px a page shows an image at, or None when it does not say."""
    styled = _STYLE_WIDTH.findall(tag.attrs.get("style", ""))
    if styled:  # CSS wins over the attribute; only a px width tells the shown size
        return _px(styled[-1].lower().replace("!important", ""), unit_needed=True)
    if "width" in tag.attrs:
        return _px(tag.attrs["width"], unit_needed=False)
    return sizes_width(tag.attrs.get("sizes", ""))


def _px(value: str, unit_needed: bool) -> float | None:
    match = _LENGTH.fullmatch(value.lower())
    if not match or match.group(2) == "vw" or (unit_needed and match.group(2) is None):
        return None
    return float(match.group(1)) or None


def sizes_width(sizes: str) -> float | None:
    """Return the widest slot a `sizes` attribute allows, in px; None if some slot has no px bound.

    `600px` bounds itself, whatever its media condition; `100vw` is bounded only by a
    `(max-width: Npx)` condition before it.
    """
    widest = 0.0
    for entry in sizes.split(",") if sizes.strip() else ():
        *condition, length = entry.split() or [""]
        slot = _LENGTH.fullmatch(length.lower())
        if slot is None or slot.group(2) is None:
            return None
        if slot.group(2) == "vw":
            bound = _MAX_WIDTH.fullmatch(" ".join(condition))
            if bound is None:
                return None
            widest = max(widest, float(bound.group(1)) * float(slot.group(1)) / 100)
        else:
            widest = max(widest, float(slot.group(1)))
    return widest or None


def targets(tag: Tag, max_density: float) -> Iterator[Target]:
    """Yield each file an <img> may load, with the widest it should be."""
    shown = shown_width(tag)
    for candidate in image_candidates(tag):
        if candidate.width:
            reason = f"its srcset calls it {candidate.width}w"
            yield Target(candidate.url, candidate.width * max_density, candidate.width, reason, True)
        elif shown:
            density = max(max_density, candidate.density or 1.0)
            at = f" for {candidate.density:g}x screens" if candidate.density and candidate.density > 1 else ""
            yield Target(
                candidate.url,
                shown * density,
                round(shown * density),
                f"the page shows it {shown:g} px wide{at}",
                False,
            )


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    options = context.options
    on_phones = fits_phones(doc)  # else no image is judged on the phone, and none of its files is looked up for it
    in_pictures = pictured(doc.tags)
    page = functools.cache(lambda: page_of(doc, context.site, context.is_page))
    for tag in (t for t in doc.tags if t.name == "img"):
        reported = set()
        for target in targets(tag, options.max_density):
            reference = context.site.resolve(target.url, doc.source.path, doc.source.boundary)
            if reference.kind != "file" or reference.path is None or reference.path in reported:
                continue
            info = image_info(reference.path)
            if info is None or info.format == "svg" or not info.width or info.width <= target.widest:
                continue
            size = reference.size or 0
            saving = round(size * (1 - (target.export / info.width) ** 2))
            if saving >= options.min_saving:
                reported.add(reference.path)
                model = context.model if isinstance(doc, MarkdownDoc) else None
                maker = model.size_maker(doc.source.path, doc.source.boundary) if model else None
                yield Violation(_message(tag, target, info.width, size, saving, maker), tag.line, tag.column)
        if not on_phones or reported or tag.offset in in_pictures:
            continue
        waste = wasted_on_phone(tag, doc, context.site, page, options)
        if waste is not None:
            yield Violation(_phone_message(tag, waste), tag.line, tag.column)


@dataclass(frozen=True)
class PhoneWaste:
    """An <img> file wider than a phone shows it, and what the phone downloads of it for nothing."""

    path: Path
    image_format: str
    width: int  # the file's, in px
    size: int  # the file's, in bytes
    shown: PhoneWidth  # the widest the phone shows it, and what limits it
    needed: int  # px the phone's screen gives it: the shown width times the phone's density
    waste: int  # bytes downloaded for nothing, estimated


def wasted_on_phone(
    tag: Tag, doc: HtmlDoc | MarkdownDoc, site: Site, page: Callable[[], Page], options: Options
) -> PhoneWaste | None:
    """Judge an <img> (without srcset) on a whole page laid out at the phone's width, as Lighthouse's phone does.

    None unless the file wastes at least `min-saving`, and only where the phone shows it narrower than the
    width the page gives it everywhere (which `targets` judges). `page` reads the page's CSS, only when needed.
    """
    if "srcset" in tag.attrs:
        return None
    reference = site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
    info = image_info(reference.path) if reference.kind == "file" and reference.path else None
    if reference.path is None or info is None or info.format == "svg" or not info.width:
        return None
    if info.width <= options.phone_width * options.phone_density:
        return None
    shown = widest_on_phone(tag, page(), options.phone_width)
    everywhere = shown_width(tag)
    if shown is None or (everywhere is not None and shown.px >= everywhere):
        return None
    needed = math.ceil(shown.px * options.phone_density)
    size = reference.size or 0
    waste = round(size * (1 - (needed / info.width) ** 2))
    if needed >= info.width or waste < options.min_saving:
        return None
    return PhoneWaste(reference.path, info.format, info.width, size, shown, needed, waste)


def _phone_message(tag: Tag, waste: PhoneWaste) -> str:
    shown = waste.shown
    fix = (
        "; `perflint fix --unsafe-fixes` writes one where it comes out smaller"
        if waste.image_format in LOSSY_FORMATS
        else ""
    )
    return (
        f"{wording.element(tag)} loads a file {waste.width} px wide, but a phone shows it at most {shown.px:g} px "
        f"wide ({shown.limit}), which takes {waste.needed} px on its screen: a phone downloads about "
        f"{format_size(waste.waste)} of its {format_size(waste.size)} for nothing; add a srcset that offers a "
        f"version {waste.needed} px wide (with sizes saying how wide the page shows it), so phones download that "
        f"one{fix}"
    )


def _message(tag: Tag, target: Target, width: int, size: int, saving: int, maker: str | None) -> str:
    """`maker`: what the generator of a Markdown page offers to make smaller versions, since the fix edits no
    Markdown."""
    fix = f"export it at {target.export} px wide"
    if target.descriptor:
        fix += f" to match, or correct the descriptor to {width}w"
    elif "srcset" not in tag.attrs:
        fix += ", or add a srcset with smaller versions" + (f"; {maker}" if maker else "")
    return (
        f"{wording.element(tag)} loads {target.url}, which is {width} px wide, but {target.reason}: "
        f"about {format_size(saving)} of its {format_size(size)} could be saved; {fix}"
    )


RULE = Rule(
    code="PAGE102",
    name="image-responsive",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
