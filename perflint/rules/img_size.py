"""Image without width and height, so the page jumps while it loads.

## What it does
Reports an `<img>` that does not declare its size: it needs both `width` and `height`
attributes, or one of them plus an `aspect-ratio`, or both in its inline `style`. When the
image file is in the repository, the message gives the values to add. Template syntax counts
as a value, and an image that Eleventy Image processes (an `eleventy:widths` attribute) gets
its size at build time. Markdown images (`![alt](src)`) are left alone: Markdown cannot declare a size,
and the site's templates decide how they render.

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

import re
from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML, MARKDOWN
from perflint.rules import wording
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import image_info

_STYLE_PROPERTY = re.compile(r"(?:^|;)\s*(width|height|aspect-ratio)\s*:", re.IGNORECASE)


def declares_size(tag: Tag) -> bool:
    """Tell whether the browser can reserve the image's box before it loads."""
    if any(name.startswith("eleventy:") for name in tag.attrs):
        return True  # Eleventy Image writes width and height at build time
    declared = {name for name in ("width", "height") if tag.attrs.get(name, "").strip()}
    declared |= {match.lower() for match in _STYLE_PROPERTY.findall(tag.attrs.get("style", ""))}
    return {"width", "height"} <= declared or ("aspect-ratio" in declared and bool(declared & {"width", "height"}))


def _suggestion(tag: Tag, doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> str:
    reference = context.site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
    info = image_info(reference.path) if reference.path else None
    if info and info.width and info.height:
        fixer = "; `perflint fix` adds them" if isinstance(doc, HtmlDoc) else ""
        return f'add width="{info.width}" height="{info.height}" (the image\'s own size){fixer}'
    return "add its width and height in pixels"


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    for tag in (t for t in doc.tags if t.name == "img"):
        if not declares_size(tag):
            yield Violation(
                f"{wording.element(tag)} has no width and height: the page jumps when it loads "
                f"(layout shift); {_suggestion(tag, doc, context)}",
                tag.line,
                tag.column,
            )


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
