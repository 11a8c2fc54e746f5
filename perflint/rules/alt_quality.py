"""Alternative text that does not describe the image.

## What it does
Reports alt text that is a file name (`IMG_1234.jpg`, `hero-banner.png`, `DSC00042`), that
starts with "image of", "picture of", "photo of" or "graphic of", or that runs over 150
characters (option `max-length`). It reads the alt text of `<img>`, `<area>`,
`<input type="image">`, Markdown images and front-matter image alt keys. Template syntax is
left alone: only the build knows what it becomes.

## Why is this bad?
A file name tells a screen-reader user nothing; "image of" repeats what the screen reader
already announces; a very long alt text cannot be skimmed (put long descriptions in the page
or a caption instead).

## Example
`alt="IMG_4071.jpg"` becomes `alt="Three colleagues laughing at a whiteboard"`;
`alt="Image of our new office"` becomes `alt="Our new office in Lisbon"`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.rules.base import Context, Rule
from perflint.site import has_template

_FILE_NAME = re.compile(
    r"[\w\- ]*\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)|(?:img|dsc|dscn|dcim|pxl|screenshot)[\W_]*\d[\w\- ]*",
    re.IGNORECASE,
)
_REDUNDANT = re.compile(r"(?:an? )?(?:image|picture|photo|photograph|graphic) of\b", re.IGNORECASE)
_ALT_ELEMENTS = frozenset({"img", "area", "input"})


@dataclass(frozen=True)
class Options:
    max_length: int = option(150, "Longest alt text, in characters.", low=1)


def problem(alt: str, max_length: int) -> str | None:
    """Return what is wrong with an alt text, or None when it reads as a description."""
    text = alt.strip()
    if not text or has_template(text):
        return None
    if _FILE_NAME.fullmatch(text):
        return f'is a file name ("{text}"), which tells a screen-reader user nothing; describe what the image shows'
    redundant = _REDUNDANT.match(text)
    if redundant:
        return (
            f'starts with "{redundant.group()}" ("{text[:40]}"), which screen readers already '
            f"announce; start with what it shows"
        )
    if len(text) > max_length:
        return (
            f"is {len(text)} characters, over the {max_length}-character limit; keep alt text short "
            f"and put the long description in the page or a caption"
        )
    return None


def _alts(doc: HtmlDoc | MarkdownDoc) -> Iterator[tuple[str, str, int, int]]:
    """Yield (what, alt text, line, column) for every alt text of the document."""
    for tag in doc.tags:
        if tag.name in _ALT_ELEMENTS and "alt" in tag.attrs:
            yield f"the alt text of <{tag.name}>", tag.attrs["alt"], tag.line, tag.column
    if isinstance(doc, MarkdownDoc):
        for image in doc.images:
            yield f"the alt text of image {image.src}", image.alt, image.line, image.column
        for front_image in doc.meta.images if doc.is_page else ():
            if front_image.alt_key and front_image.alt:
                line, column = doc.key_position(front_image.alt_key)
                yield front_image.alt_key, front_image.alt, line, column


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    for what, alt, line, column in _alts(doc):
        found = problem(alt, context.options.max_length)
        if found:
            yield Violation(f"{what} {found}", line, column)


RULE = Rule(
    code="HTML102",
    name="alt-quality",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
