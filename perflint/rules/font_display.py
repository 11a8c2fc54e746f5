"""Web font that keeps text invisible while it downloads.

## What it does
Reports each `@font-face` that makes browsers download a font file (in a stylesheet or a
`<style>` block) without a `font-display` of `swap`, `fallback`, `optional` or `block`, and
each Google Fonts stylesheet (a `<link>` or `@import` of `fonts.googleapis.com/css`) without a
`display` parameter. These are the values Lighthouse's `font-display` audit accepts. A face
that names only `local()` fonts downloads nothing and is not reported. A face that no page uses
downloads nothing either, but perflint reports it all the same: it cannot tell which text the
site's templates will set in that font.

## Why is this bad?
Without `font-display`, browsers hide the text set in a web font until the font arrives, for up
to 3 seconds: on a slow phone connection, visitors see a page without words. `swap` shows the
text at once in a fallback font and swaps the web font in when it arrives.

## Example
`@font-face { font-family: "Brand Sans"; src: url(brand.woff2) format("woff2"); }`: add
`font-display: swap;` inside it. For Google Fonts, add `&display=swap` to the stylesheet's URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.kinds import CSS, HTML
from perflint.rules.base import Context, NoOptions, Rule

if TYPE_CHECKING:
    from perflint.css.analysis import StyledDoc

SHOWING = frozenset({"swap", "fallback", "optional", "block"})  # what Lighthouse accepts: the site chose how text waits
_GOOGLE_FONTS = "fonts.googleapis.com"
_INVISIBLE = "text set in it stays invisible until it arrives (up to 3 s on a slow phone)"


def check(doc: StyledDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    from perflint.css.analysis import imports, in_file, parse
    from perflint.pages.fonts import downloaded_faces

    for sheet in doc.stylesheets:
        if "@font-face" in sheet.text.lower():
            for face in downloaded_faces(parse(sheet.text)):
                if face.display not in SHOWING:
                    yield Violation(_face_message(face.family, face.display), *in_file(sheet, face.line, face.column))
        if _GOOGLE_FONTS in sheet.text:
            for found in imports(sheet.text):
                if found.url and _hides_text(found.url):
                    yield Violation(_google_message(found.url), *in_file(sheet, found.line, found.column))
    if isinstance(doc, HtmlDoc):
        for tag in doc.named("link"):
            href = tag.attrs.get("href", "")
            if "stylesheet" in tag.attrs.get("rel", "").lower().split() and _hides_text(href):
                yield Violation(_google_message(href), tag.line, tag.column)


def _hides_text(url: str) -> bool:
    """Tell whether a URL is a Google Fonts stylesheet whose faces get no `font-display` (no `display` parameter)."""
    parts = urlsplit(url.strip())
    if parts.hostname != _GOOGLE_FONTS or not parts.path.startswith("/css"):
        return False
    display = parse_qs(parts.query).get("display", [""])[-1].lower()
    return display not in SHOWING


def _face_message(family: str | None, display: str | None) -> str:
    name = f'the web font "{family}"' if family else "this web font"
    setting = "has no font-display" if display is None else f"has font-display: {display}"
    return f"{name} {setting}, so {_INVISIBLE}; add font-display: swap to its @font-face"


def _google_message(url: str) -> str:
    shown = url if len(url) <= 80 else url[:77] + "..."
    return (
        f"the Google Fonts stylesheet {shown} does not ask for display=swap, so {_INVISIBLE}; "
        "add &display=swap to its URL"
    )


RULE = Rule(
    code="CSS105",
    name="font-display",
    kinds=frozenset({CSS, HTML}),
    severity=Severity.WARNING,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
    served=True,
)
