"""Page without a title.

## What it does
Reports a full HTML document whose `<head>` has no non-empty `<title>` (a title inside a
comment, a `<template>` or an inline `<svg>` does not count: it is not the page's), and a
Markdown page whose front matter has no non-empty `title`.
Layout fragments (HTML without `<html>`/`<head>`) and Markdown files without front matter are
not pages and are left alone. Template syntax (`<title>{{ .Title }}</title>`) counts as a title.

For a Markdown page, what the site's generator and layouts write decides the verdict (`perflint
site` shows how perflint sees the site): an error when no layout writes one; a warning when the
page gets a site-wide stand-in (the site's title from its config), the same on every page
without its own; an info when a layout computes it in code perflint cannot follow or the theme
is not in the repository; nothing when the generator takes it from the page itself (MkDocs and
Docusaurus from the first heading, Jekyll from a post's file name). Templates (layouts,
partials, includes) are never reported for lacking it.

## Why is this bad?
The title is the blue link in search results, the text of the browser tab and of bookmarks,
and the first thing a screen reader announces. Without one, search engines make one up.

## Example
`<title>Spring launch: new plans for small teams | Acme</title>`, or in front matter
`title: "Spring launch: new plans for small teams"`.
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


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if isinstance(doc, MarkdownDoc):
        if context.is_page and doc.is_page and not (doc.meta.title or "").strip():
            why = "search results and browser tabs show the title"
            supply = context.head_supply(doc.source).title
            gap = front_matter_gap("title", why, 'title: "What this page is about"', supply, *doc.key_position("title"))
            if gap:
                yield gap
        return
    title = doc.title()
    if title is None and (not context.is_page or head_from_template(doc)):
        return  # the layout chain, or the template code in its head, may write it
    if doc.is_document and not (title and title.text.strip()):
        line, column = (title.line, title.column) if title else doc.anchor()
        yield Violation(
            "the page has no <title>: search results and browser tabs show it; add "
            "<title>What this page is about | Site name</title> inside <head>",
            line,
            column,
        )


RULE = Rule(
    code="META101",
    name="meta-title",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
