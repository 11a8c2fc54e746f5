"""Page description too short or too long for search results.

## What it does
Reports a page description (`<meta name="description">` or the front-matter description)
longer than 160 characters (a warning: search results cut it) or shorter than 30 (an info:
advice, since a short, exact description such as "Returns the absolute value of a number." can
serve a reference page well). Options `min-length` and `max-length` move the limits.
Descriptions holding template syntax are left alone.

## Why is this bad?
Search engines cut descriptions at about 160 characters; a very short one wastes the space
and is often replaced by a random sentence from the page.

## Example
"Pricing" (7 characters) becomes "Three plans for small teams, from 9 EUR a month, all with a
30-day free trial and no card needed." (96).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.site import has_template


@dataclass(frozen=True)
class Options:
    # 30: on the Hugo documentation, 50 flagged 214 of its descriptions, half of them 40-49 characters long
    min_length: int = option(30, "Shortest description, in characters (shorter ones get an info).")
    max_length: int = option(160, "Longest description, in characters.", low=1)


def _description(doc: HtmlDoc | MarkdownDoc) -> tuple[str, int, int] | None:
    """Return the page description and where it is written."""
    if isinstance(doc, MarkdownDoc):
        meta = doc.meta
        return (meta.description, *doc.key_position(meta.description_key)) if doc.is_page and meta.description else None
    tag = doc.meta("description") if doc.is_document else None
    return (tag.attrs.get("content", ""), tag.line, tag.column) if tag else None


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    found = _description(doc)
    if found is None:
        return
    text, line, column = found
    description = " ".join(text.split())
    low, high = context.options.min_length, context.options.max_length
    if not description or has_template(description) or low <= len(description) <= high:
        return
    if len(description) < low:
        problem = f"only {len(description)} characters, under the {low} that make a useful search snippet; say more"
        yield Violation(f"the description {wording.quote(description)} is {problem}", line, column, Severity.INFO)
        return
    problem = f"{len(description)} characters, over the {high} search results show; shorten it"
    yield Violation(f"the description {wording.quote(description)} is {problem}", line, column)


RULE = Rule(
    code="META104",
    name="description-length",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
