"""Page without a description.

## What it does
Reports a full HTML document with no non-empty `<meta name="description" content="...">`, and
a Markdown page whose front matter has no description under the generator's keys
(`description`, `summary`, `excerpt`, `seo.description`...). Template syntax counts as a
description; layout fragments and Markdown files without front matter are left alone.

For a Markdown page, what the site's generator and layouts write decides the verdict (`perflint
site` shows how perflint sees the site): an error when the layout writes the page's own, which
it lacks; a warning when the
page gets a site-wide stand-in (the site's description from its config), the same on every page
without its own; an info when a layout computes it in code perflint cannot follow or the theme
is not in the repository; nothing when the generator takes it from the page itself (Docusaurus
from the first paragraph, jekyll-seo-tag from a post's excerpt, a Hugo layout from the
summary). Templates (layouts, partials, includes) are not reported for lacking it, except once:
when no layout of a Hugo or Jekyll site (all in the repository) writes a description at all,
the layout holding the `<head>` gets a warning saying how many Markdown pages lack one, and
the pages get nothing (adding front matter would not help).

## Why is this bad?
Search engines show the description under the title in results, and social networks use it
in link previews. Without one, they pick a random sentence from the page.

## Example
`<meta name="description" content="Three new plans for small teams, from 9 EUR a month, with
a 30-day free trial.">`, or in front matter `description: "Three new plans..."`.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.head import head_from_template
from perflint.kinds import HTML, MARKDOWN
from perflint.rules.base import Context, NoOptions, Rule
from perflint.rules.front_matter_gap import front_matter_gap
from perflint.rules.layout_gap import layout_gap

_WHY = "search results and link previews show it"
# What a layout writes: the page's own description, else the site's.
_LAYOUT_TAG = (
    '<meta name="description" content="..."> with the page\'s description, else the site\'s '
    "(Hugo: {{ .Description | default .Site.Params.description }}; Jekyll: the jekyll-seo-tag plugin's {% seo %})"
)


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if isinstance(doc, MarkdownDoc):
        if context.is_page and doc.is_page and not (doc.meta.description or "").strip():
            example = 'description: "One or two sentences (50-160 characters) about this page"'
            supply = context.head_supply(doc.source).description
            gap = front_matter_gap("description", _WHY, example, supply, *doc.key_position(None))
            if gap:
                yield gap
        return
    if not doc.is_document:
        return
    tag = doc.meta("description")
    if tag is None and not context.is_page:
        gap = layout_gap(doc, context, "description", "a description", _WHY, _LAYOUT_TAG)
        if gap:
            yield gap
        return  # another piece of the layout chain may write it
    if tag is None and head_from_template(doc):
        return  # the layout chain, or the template code in its head, may write it
    if tag is None or not tag.attrs.get("content", "").strip():
        line, column = (tag.line, tag.column) if tag else doc.anchor()
        what = "an empty description" if tag else "no description"
        yield Violation(
            f"the page has {what}: search results and link previews show it; add "
            '<meta name="description" content="One or two sentences (50-160 characters) about this page"> '
            "inside <head>",
            line,
            column,
        )


RULE = Rule(
    code="META103",
    name="meta-description",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
