"""Page without a viewport tag, so phones show it as a shrunken desktop page.

## What it does
Reports a full page (one with `<html>` or `<head>`) that has no `<meta name="viewport">`.
Partials (layout fragments) are left alone, as are layouts whose `<head>` is filled in by
template code (`{{ partial "head.html" . }}`, `{% include %}`) and pages that only redirect
at once (`<meta http-equiv="refresh" content="0; url=...">`), which nobody gets to see.
Template statements that write nothing (Django's `{% load static %}`, `{% set %}`, Hugo's
`{{ $x := ... }}`, template comments) do not stand for a head filled in elsewhere.

## Why is this bad?
Without it, phones lay the page out 980 pixels wide and shrink it to fit the screen: the
text is tiny, visitors must pinch and scroll sideways, and Google treats the page as not
mobile-friendly.

## Example
Add `<meta name="viewport" content="width=device-width, initial-scale=1">` inside `<head>`.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html.head import VIEWPORT, head_from_template, viewport_tags
from perflint.kinds import HTML
from perflint.rules.base import Context, NoOptions, Rule


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if not doc.is_document or viewport_tags(doc) or head_from_template(doc):
        return
    if not context.is_page:  # a template: the layout chain may write it
        return
    yield Violation(
        "the page has no viewport tag: phones show it as a shrunken desktop page with tiny text; "
        f"add {VIEWPORT} inside <head>",
        *doc.anchor(),
    )


RULE = Rule(
    code="HTML106",
    name="meta-viewport",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=True,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
