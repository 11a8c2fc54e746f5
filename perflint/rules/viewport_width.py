"""Viewport that does not fit the page to the phone's screen.

## What it does
Reads the viewport tag browsers apply (the last `<meta name="viewport">` with a `content`
attribute: a later one replaces an earlier one whole) and reports a `content` that does not
set `width=device-width`, that sets a fixed width in pixels (`width=1024`), or
`width=device-height`. Leaving `width` out is fine when `initial-scale` is set: browsers then
fit the page to the screen from the scale. An `initial-scale` other than 1 is a warning: the
page opens zoomed in or out. The content is read as Chrome and Safari read it: pairs split
at commas (or spaces), where `;` is not a separator, so `width=device-width;` is not
understood. Template syntax in `content` is left alone, as are partials.

## Why is this bad?
A page that is not laid out at the width of the screen shows on phones as a shrunken
desktop page (or one cut off at the side): the text is tiny, visitors must pinch and scroll
sideways, and Google treats the page as not mobile-friendly.

## Example
`<meta name="viewport" content="width=1024">` becomes `<meta name="viewport"
content="width=device-width, initial-scale=1">`; so does `content="width=device-width;"`.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html import viewport
from perflint.html.head import effective_viewport, is_templated, shown
from perflint.html.viewport import Viewport
from perflint.kinds import HTML
from perflint.rules.base import Context, NoOptions, Rule

_WHY = "phones show the page as a shrunken desktop page instead of fitting it to the screen"


def width_problem(parsed: Viewport) -> str | None:
    """Return what keeps the layout from taking the screen's width, or None."""
    written = parsed.get("width")
    width = viewport.width(written) if written is not None else None
    if width == "device-width":
        return None
    if isinstance(width, float):
        return f"sets a fixed width of {width:g} pixels"
    if width == "device-height":
        return "sets width=device-height, the screen's height"
    initial = parsed.get("initial-scale")
    if initial is not None and viewport.scale(initial) is not None:
        return None  # browsers take the width from the scale
    if parsed.meant("width") == "device-width":
        return "writes width=device-width with a ';' after it, which Chrome and Safari do not understand"
    if written is not None:
        return f"sets width={written}, which browsers do not understand"
    return "does not set width=device-width"


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    # A template is checked for what it holds, whole page or not: a wrong viewport there reaches every page.
    tag = effective_viewport(doc) if doc.is_document or not context.is_page else None
    if tag is None or is_templated(tag):
        return
    parsed = viewport.parse(tag.attrs.get("content", ""))
    problem = width_problem(parsed)
    if problem:
        extra = {} if parsed.meant("initial-scale") is not None else {"initial-scale": "1"}
        fixed = parsed.rewrite({"width": "device-width", **extra})
        yield Violation(
            f'{shown(tag)} {problem}: {_WHY}; write <meta name="viewport" content="{fixed}">', tag.line, tag.column
        )
    initial = parsed.get("initial-scale")
    scale = viewport.scale(initial) if initial is not None else None
    if scale is not None and scale != 1:
        yield Violation(
            f"{shown(tag)} sets initial-scale={initial}: phones open the page zoomed "
            f"{'in' if scale > 1 else 'out'} instead of at its normal size; write "
            f'<meta name="viewport" content="{parsed.rewrite({"initial-scale": "1"})}">',
            tag.line,
            tag.column,
            Severity.WARNING,
        )


RULE = Rule(
    code="HTML107",
    name="viewport-width",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
