"""Page layout fixed wider than a phone, or body text too small to read on one.

## What it does
Reports two things that break a page on phones, in rules that apply on every screen (outside
`@media` and `@container` queries other than a bare `@media screen`):

- a fixed `width` or `min-width` over 480 px on a page-level block. Lengths in pt, pc, in,
  cm and mm count at CSS's 96 px to the inch; `calc()`, `min()` and `max()` count only when
  every part is fixed. Percentages, `vw`, `em`, `rem` and `max-width` adapt, so they never count.
- a `font-size` (or `font`) under 12 px for body text.

A page-level block is a selector whose subject is an element, one class or one ID, inside at
most `html` and `body`: `.container`, `#page`, `body > main`. Not reported: components inside
other blocks (`.card .title`), variants and states (`.modal.open`, `[aria-expanded]`, `:hover`),
pseudo-elements, images, video, iframes, form fields, tables, `pre` and `code` (resets cap them
or sites put them in scrolling boxes), a `width` that a relative `max-width` caps, and any
element that a rule in the same stylesheet hides, positions absolute or fixed, or adapts
inside a media or container query (the desktop-first pattern). Body text is `body`, `main`,
`article` or `p`, written as bare elements inside at most html, body, main, article, section
or div; small print (`.badge`, `footer p`, `small`) is not body text, and `body` does not count
when the stylesheet sizes `p` itself.

## Why is this bad?
Phones are 360 to 430 px wide. A block fixed at 960 px makes the whole page scroll sideways or
shrink to unreadable text; body text under 12 px is too small to read without zooming, and
search engines flag both as not mobile-friendly.

## Example
`.container { width: 960px; }` becomes `.container { max-width: 960px; }` (add `width: 100%` if
it must fill the screen), or moves into `@media (min-width: 992px) { ... }`. `body { font-size:
11px; }` becomes `body { font-size: 1rem; }` (16 px).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from perflint.findings import Severity, Violation
from perflint.kinds import CSS, HTML
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule

if TYPE_CHECKING:
    from perflint.css.analysis import StyledDoc
    from perflint.css.mobile import PhoneProblem


@dataclass(frozen=True)
class Options:
    max_fixed_width: int = option(
        480, "Widest fixed width, in px, for a page-level block outside media queries.", low=1
    )
    min_font_size: int = option(12, "Smallest font size, in px, for body text outside media queries.")


def check(doc: StyledDoc, context: Context[Options]) -> Iterator[Violation]:
    from perflint.css.analysis import in_file
    from perflint.css.mobile import phone_problems

    options = context.options
    for sheet in doc.stylesheets:
        for problem in phone_problems(sheet.text, options.max_fixed_width, options.min_font_size):
            yield Violation(_message(problem, context), *in_file(sheet, problem.line, problem.column))


def _message(problem: PhoneProblem, context: Context[Options]) -> str:
    written = f"`{problem.declaration}`"
    if problem.kind == "font-size":
        limit = context.options.min_font_size
        budget = wording.budget(f"{limit} px", "body text", context.scope)
        return (
            f"body text (`{problem.selector}`) is {_px(problem.px)} px ({written}) on every screen, "
            f"{_px(limit - problem.px)} px under {budget}: phones show it too small to read without "
            f"zooming; use at least {limit} px, and 16 px (`1rem`) reads best"
        )
    limit = context.options.max_fixed_width
    budget = wording.budget(f"{limit} px", "fixed widths", context.scope)
    over = f"{_px(problem.px - limit)} px over {budget}: on a phone (360-430 px wide) the page scrolls sideways"
    if problem.declaration.startswith("min-width"):
        fix = "remove the min-width, or move it into a `@media (min-width: ...)` query"
        return f"`{problem.selector}` is at least {_px(problem.px)} px wide ({written}) on every screen, {over}; {fix}"
    fix = f"write `max-width: {_px(problem.px)}px` instead, or move the width into a `@media (min-width: ...)` query"
    return f"`{problem.selector}` is {_px(problem.px)} px wide ({written}) on every screen, {over}; {fix}"


def _px(value: float) -> str:
    """Return a length in px as people write it: 960, 755.9."""
    return f"{value:.1f}".removesuffix(".0")


RULE = Rule(
    code="CSS104",
    name="css-fixed-width",
    kinds=frozenset({CSS, HTML}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
