"""Viewport that stops visitors from zooming.

## What it does
Reads the viewport tag browsers apply (the last `<meta name="viewport">` with a `content`
attribute) and reports one that turns zooming off, `user-scalable=no` or `0`, or that caps it
with a `maximum-scale` below 2. A `maximum-scale` from 2 up to 5 is a warning. These are
axe-core's `meta-viewport` and `meta-viewport-large` checks. Values are read as Chrome reads
them: `user-scalable` allows zooming only when it is `yes` or a number at least 1 away from
0, so `0.5`, `false`, `true` and an empty value all turn it off; `maximum-scale=yes` counts
as 1, `no` (and any word Chrome does not know) as 0.1 and `device-width` as 10 (CSS Device
Adaptation); a negative one is ignored; numbers are read from their leading digits (`1.0;`
is 1). Template syntax in `content` is left alone, as are partials.

## Why is this bad?
People with low vision zoom in to read; WCAG 1.4.4 (Resize Text, level AA) requires that
text can be enlarged to 200 %, and some readers need 500 %. iPhones ignore these settings,
but Chrome on Android obeys them.

## Example
`<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1,
user-scalable=no">` becomes `<meta name="viewport" content="width=device-width,
initial-scale=1">`.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html import viewport
from perflint.html.head import VIEWPORT, effective_viewport, is_templated, shown
from perflint.kinds import HTML
from perflint.rules.base import Context, NoOptions, Rule

MIN_SCALE = 2.0  # WCAG 1.4.4: text resizable to 200 %
GOOD_SCALE = 5.0  # axe-core's meta-viewport-large


def _unknown(value: str) -> str:
    """Explain a user-scalable value Chrome reads as no only because it does not know it."""
    if value.rstrip(";") in ("no", "false") or viewport.leading_number(value) is not None:
        return ""
    return " (browsers read any value but yes, no or a number as no)"


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    # A template is checked for what it holds, whole page or not: a wrong viewport there reaches every page.
    tag = effective_viewport(doc) if doc.is_document or not context.is_page else None
    if tag is None or is_templated(tag):
        return
    parsed = viewport.parse(tag.attrs.get("content", ""))
    scalable = parsed.get("user-scalable")
    blocked = scalable is not None and not viewport.allows_zoom(scalable)
    maximum = parsed.get("maximum-scale")
    scale = viewport.scale(maximum) if maximum is not None else None
    drop = {"user-scalable"} if blocked else set()
    if scale is not None and scale < GOOD_SCALE:
        drop.add("maximum-scale")
    content = parsed.rewrite(drop=frozenset(drop))
    fixed = f'<meta name="viewport" content="{content}">' if content else VIEWPORT
    causes = [f"user-scalable={scalable}{_unknown(scalable or '')}"] if blocked else []
    if scale is not None and scale < MIN_SCALE:
        causes.append(f"maximum-scale={maximum}")
    if causes:
        yield Violation(
            f"{shown(tag)} stops visitors from zooming ({' and '.join(causes)}): people with low vision "
            f"cannot enlarge the text, which WCAG 1.4.4 requires; write {fixed}",
            tag.line,
            tag.column,
        )
    elif scale is not None and scale < GOOD_SCALE:
        yield Violation(
            f"{shown(tag)} limits zooming to {scale:g}x (maximum-scale={maximum}): some visitors with "
            f"low vision need up to 5x; write {fixed}",
            tag.line,
            tag.column,
            Severity.WARNING,
        )


RULE = Rule(
    code="HTML108",
    name="viewport-zoom",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
