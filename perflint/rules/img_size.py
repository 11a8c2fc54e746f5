"""Image without width and height, so the page jumps while it loads.

## What it does
Reports an `<img>` whose size the browser cannot know before the file arrives: it needs a
width and a height, or one of them and an aspect ratio. They count from the `width` and
`height` attributes, from its inline `style` (not a value that reserves nothing: `auto`,
`initial`, `inherit`, `unset`, or a length without a unit such as `width: 100`), from
Tailwind classes without a screen prefix (`w-64`, `size-16`, `aspect-video`, `aspect-3/1`,
`aspect-[3/1]`; not `h-full`, whose height depends on the parent), and from the page's
`<style>` blocks and the local stylesheets it links, where a rule surely applies: its selector
names only the image's element, classes and ID (`.avatar`, `img.hero`), outside any `@media`,
and no other rule that may match the image (`.card img { height: auto }`) can override it. The
message says which of width and height is missing and, when the image file is in the
repository, what to add. Template syntax counts as a value, and an image that Eleventy Image
processes (an `eleventy:widths` attribute) gets its size at build time. Markdown images
(`![alt](src)`) are left alone: Markdown cannot declare a size, and the site's templates
decide how they render. `perflint fix` adds the size of a local image to an HTML page's
`<img>` that has neither attribute; its findings on other images are not marked fixable.

## Why is this bad?
Until an image without a declared size arrives, the browser does not know how much room it
takes; when it does, everything below it moves down. This layout shift (CLS, a Core Web
Vital) makes visitors lose their place or tap the wrong link, and counts against search
ranking.

## Example
`<img src="team.jpg" alt="Our team">` becomes `<img src="team.jpg" alt="Our team"
width="1200" height="800">`; CSS can still scale it (`max-width: 100%; height: auto`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html import sizing
from perflint.html.shape import attributes_keep_shape
from perflint.html.sizing import HEIGHT, RATIO, WIDTH, Page, Value, page_of
from perflint.html.tokenizer import Tag
from perflint.images.probe import ImageInfo
from perflint.kinds import HTML, MARKDOWN
from perflint.rules import wording
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import image_info

_NUMBER = re.compile(r"\s*(\d+)\s*")
_UNITLESS = re.compile(r"[\w-]+: (\d+(?:\.\d+)?)")


def declares_size(tag: Tag) -> bool:
    """Tell whether the browser can reserve the image's box before it loads, from the tag alone."""
    return reserves(declared(tag))


def declared(tag: Tag, page: Page | None = None) -> set[str]:
    """Return which of width, height and aspect ratio the tag, its classes and the page's styles give the image."""
    quirks = page.quirks if page else False
    if any(name.startswith("eleventy:") for name in tag.attrs):
        return {WIDTH, HEIGHT}  # Eleventy Image writes width and height at build time
    found = {name for name in (WIDTH, HEIGHT) if tag.attrs.get(name, "").strip()}
    if found == {WIDTH, HEIGHT}:
        found.add(RATIO)  # browsers take the proportions from the attributes even where CSS sets the size
    inline = sizing.inline_style(tag, quirks)
    found |= {name for name, value in inline.items() if value is not Value.NONE}
    found |= {name for name in sizing.tailwind(tag) if name not in inline}
    if page and page.styles.rules and not reserves(found):
        found |= sizing.from_stylesheets(tag, sizing.candidates(page.styles.rules, tag), inline, page.names)
    return found


def reserves(found: set[str]) -> bool:
    """Tell whether knowing these sizes lets the browser reserve the box: both, or one and the proportions."""
    return {WIDTH, HEIGHT} <= found or (RATIO in found and bool(found & {WIDTH, HEIGHT}))


def _problem(tag: Tag, found: set[str], quirks: bool) -> str:
    """Say which size is missing, and why sizes written in the style do not count."""
    if found & {WIDTH, HEIGHT}:
        missing = "has a width but no height" if WIDTH in found else "has a height but no width"
    else:
        missing = "has an aspect ratio but no width or height" if RATIO in found else "has no width and height"
    reasons = [_why_ignored(text) for text in sizing.ignored_in_style(tag, quirks)]
    return f"{missing} (in its style, {'; '.join(reasons)})" if reasons else missing


def _why_ignored(declaration: str) -> str:
    number = _UNITLESS.fullmatch(declaration)
    if number:
        return f"`{declaration}` needs a unit, such as {number.group(1)}px"
    return f"`{declaration}` reserves no room"


def _advice(tag: Tag, found: set[str], info: ImageInfo | None, fixable: bool) -> str:
    """Say what to add: the image's own size, or what completes the size it has."""
    if info is None or not info.width or not info.height:
        side = "height" if WIDTH in found else "width" if found else "width and height"
        return f"add its {side} in pixels"
    for given, other, ratio in ((WIDTH, HEIGHT, info.height / info.width), (HEIGHT, WIDTH, info.width / info.height)):
        number = _NUMBER.fullmatch(tag.attrs.get(given, ""))
        if number and other not in found:
            value = max(1, round(int(number.group(1)) * ratio))
            return f'add {other}="{value}" (to match {given}="{number.group(1)}" and the image\'s proportions)'
    if found & {WIDTH, HEIGHT}:  # set by CSS: the proportions complete it
        divisor = math.gcd(info.width, info.height)
        ratio_text = f"{info.width // divisor} / {info.height // divisor}"
        return f"add aspect-ratio: {ratio_text} to its style (the image's proportions)"
    if found:
        return f'add width="{info.width}" (the image\'s own width)'
    size = f'add width="{info.width}" height="{info.height}" (the image\'s own size)'
    if fixable:
        return f"{size}; `perflint fix` adds them"
    return f"{size}, and if CSS scales its width (max-width: 100%), height: auto there, or it is squashed on phones"


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    page: Page | None = None
    for tag in (t for t in doc.tags if t.name == "img"):
        if declares_size(tag):
            continue
        page = page or page_of(doc, context.site, context.is_page)  # read the styles only for an image that needs them
        found = declared(tag, page)
        if reserves(found):
            continue
        reference = context.site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
        info = image_info(reference.path) if reference.path else None
        fixable = fix_adds_size(doc, tag, info, page)
        yield Violation(
            f"{wording.element(tag)} {_problem(tag, found, page.quirks)}: the page jumps when it loads "
            f"(layout shift); {_advice(tag, found, info, fixable)}",
            tag.line,
            tag.column,
            fixable=fixable,
        )


def fix_adds_size(doc: HtmlDoc | MarkdownDoc, tag: Tag, info: ImageInfo | None, page: Page) -> bool:
    """Tell whether `perflint fix` adds the size: in a whole HTML page, to a local raster image without
    either attribute, where the page's CSS keeps the image's shape with them (perflint.html.shape)."""
    if not isinstance(doc, HtmlDoc) or tag.attrs.get(WIDTH) or tag.attrs.get(HEIGHT) or page.names is None:
        return False
    if info is None or not (info.width and info.height) or info.format == "svg":
        return False
    return attributes_keep_shape(tag, page.styles, page.names)


RULE = Rule(
    code="HTML103",
    name="img-size",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=True,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
