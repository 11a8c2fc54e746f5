"""Image whose width and height attributes stretch or squash it.

## What it does
Compares the proportions that an `<img>`'s `width` and `height` attributes give it with those
of the image file it loads, and reports it when the page shows it out of shape: at the
attributes' size, the height (or width) the file's own proportions need is 2 px or more away
(the threshold of Lighthouse's `image-aspect-ratio` audit). Only where the attributes decide the
shape: an image whose `style`, or any rule of its page's stylesheets that may apply to it, sets
its height, width, aspect ratio or `object-fit` to anything (`object-fit: cover` crops,
`height: auto` keeps the proportions) is left alone, as is every image of a page with a
stylesheet perflint cannot read. A width limit such as `max-width: 100%` does not keep the
proportions: it narrows the image on small screens while the height attribute stays.
Skipped too: SVG, remote and unreadable files, files of 5 px or less on a side (placeholders),
attributes that are not plain pixel numbers, and an `<img>` right after a `<source>` (a
`<picture>` may show another file). Checks HTML pages and the HTML inside Markdown.

## Why is this bad?
A browser draws the file into the box the attributes give it, so a photo 4:3 wide shown in a
square box looks squeezed: faces and logos look wrong, and visitors notice.

## Example
`<img src="team.jpg" width="400" height="400">` where `team.jpg` is 1200 x 900 px: set
`height="300"` (the file's proportions at 400 px wide), or export the photo square.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.phone import PHONE_WIDTH, PhoneWidth, fits_phones, widest_on_phone
from perflint.html.sizing import FIT, HEIGHT, RATIO, WIDTH, Page, attribute_size, inline_declared, matching, page_of
from perflint.html.tokenizer import Tag
from perflint.images.probe import ImageInfo
from perflint.kinds import HTML, MARKDOWN
from perflint.pages.resources import pictured
from perflint.rules import wording
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import has_template, image_info

THRESHOLD_PX = 2  # how far off the shown height or width may be, as Lighthouse allows for rounding
_PLACEHOLDER_PX = 5  # a file this small on a side is a placeholder or a tracking pixel
# What CSS may set, even to `auto`, that overrides the attributes' shape; a width limit (max-width) does not:
# it narrows the image while the height attribute stays.
_SHAPING = frozenset({WIDTH, HEIGHT, RATIO, FIT})


def out_of_shape(shown: tuple[int, int], natural: tuple[int, int]) -> bool:
    """Tell whether a box of `shown` px shows a file of `natural` px stretched, as Lighthouse decides it.

    The side the file's proportions would make smaller is compared: more than `THRESHOLD_PX` off is out of shape.
    """
    (width, height), (natural_width, natural_height) = shown, natural
    ratio = natural_width / natural_height
    wanted_height, wanted_width = width / ratio, height * ratio
    if wanted_height < wanted_width:
        return abs(wanted_height - height) >= THRESHOLD_PX
    return abs(wanted_width - width) >= THRESHOLD_PX


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    page: Page | None = None
    in_pictures = pictured(doc.tags)
    phone = fits_phones(doc)
    for tag in doc.tags:
        shown = attribute_size(tag) if tag.name == "img" and tag.offset not in in_pictures else None
        if shown is None:
            continue
        reference = context.site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
        info = image_info(reference.path) if reference.kind == "file" and reference.path else None
        if info is None or info.format == "svg" or not info.width or not info.height:
            continue
        natural = (info.width, info.height)
        if min(natural) <= _PLACEHOLDER_PX or not (out_of_shape(shown, natural) or (phone and shown[0] > PHONE_WIDTH)):
            continue
        page = page or page_of(doc, context.site, context.is_page)  # read the styles only for an image that needs them
        if not _attributes_decide(tag, page):
            continue
        if out_of_shape(shown, natural):
            yield Violation(_message(tag, shown, info), tag.line, tag.column)
            continue
        narrowed = widest_on_phone(tag, page) if phone else None
        if narrowed is not None and out_of_shape((round(narrowed.px), shown[1]), natural):
            yield Violation(_on_phone(tag, shown, narrowed), tag.line, tag.column)


def _on_phone(tag: Tag, shown: tuple[int, int], narrowed: PhoneWidth) -> str:
    width, height = shown
    return (
        f"{wording.element(tag)} is shown {width} x {height} px by its width and height attributes, but on a phone "
        f'{narrowed.limit} narrows it to {narrowed.px:.0f} px wide while height="{height}" keeps it {height} px '
        "tall: it looks squashed; add `height: auto` to that CSS, which then keeps the file's proportions"
    )


def _attributes_decide(tag: Tag, page: Page) -> bool:
    """Tell whether the attributes surely give the shape: neither its style nor a rule that may match reshapes it."""
    if not page.styles.complete or has_template(tag.attrs.get("style", "")) or inline_declared(tag) & _SHAPING:
        return False
    return not any(rule.values.keys() & _SHAPING for rule in matching(tag, page.styles, page.names))


def _message(tag: Tag, shown: tuple[int, int], info: ImageInfo) -> str:
    assert info.width and info.height
    width, height = shown
    squashed = width / height < info.width / info.height
    fitting_height = max(1, round(width * info.height / info.width))
    fitting_width = max(1, round(height * info.width / info.height))
    return (
        f"{wording.element(tag)} is shown {width} x {height} px by its width and height attributes, but the file "
        f"is {wording.pixels(info)}: it looks {'squashed' if squashed else 'stretched'}; "
        f'set height="{fitting_height}" (or width="{fitting_width}") to match the file\'s proportions, '
        "or export the picture at the shape the page needs"
    )


RULE = Rule(
    code="HTML109",
    name="image-aspect-ratio",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
