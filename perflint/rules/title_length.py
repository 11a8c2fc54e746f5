"""Page title too long to show in search results.

## What it does
Reports a page title (the HTML `<title>` or the front-matter `title`) over 60 characters
(option `max-length`). Titles holding template syntax are left alone.

## Why is this bad?
Search engines cut titles at about 60 characters (600 pixels); the end, often the most
specific part, becomes "...". Browser tabs show even less.

## Example
"Acme Corporation - Products - Analytics - The Complete Analytics Suite for Small Teams"
(86 characters) becomes "Analytics for small teams | Acme" (32).
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
    max_length: int = option(60, "Longest title, in characters.", low=1)


def _title(doc: HtmlDoc | MarkdownDoc) -> tuple[str, int, int] | None:
    """Return the page title and where it is written."""
    if isinstance(doc, MarkdownDoc):
        return (doc.meta.title, *doc.key_position(doc.meta.title_key)) if doc.is_page and doc.meta.title else None
    title = doc.title()
    return (title.text, title.line, title.column) if doc.is_document and title else None


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    found = _title(doc)
    if found is None:
        return
    text, line, column = found
    title = " ".join(text.split())
    limit = context.options.max_length
    if len(title) > limit and not has_template(title):
        yield Violation(
            f"the title {wording.quote(title)} is {len(title)} characters, {len(title) - limit} over the {limit} "
            f"that search results show before cutting it off; shorten it and put the most important words first",
            line,
            column,
        )


RULE = Rule(
    code="META102",
    name="title-length",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
