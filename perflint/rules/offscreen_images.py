"""Image far down a page that phones download before anyone scrolls to it.

## What it does
Reports an `<img>` of a whole page that comes after more text than fills a phone's first
screen, has no `loading` attribute and loads a local file of 2 KiB or more. Where an image lies
is estimated from the page's text alone (`perflint.html.fold`): only text that surely takes
room on a phone counts (not menus, hidden elements, tables or code, which may take less, nor,
where the page loads a stylesheet perflint cannot read, text in elements with a class or ID), at
the least room legible text needs, so an image reported is surely below the first screen; an
image inside a positioned element is never reported. Images pushed down by other images,
backgrounds or padding are not reported either: text-heavy pages (articles, documentation) are
where the rule finds them. The likely Largest Contentful Paint image is
never reported. Lighthouse's `offscreen-images` audit reports images more than three screens
further down, and only on pages busy with scripts while they load; this rule takes the first
screen, as the advice to lazy-load images below the fold does. Skipped: an image with
`loading="eager"` (a choice), one a script lazy-loads (`data-src`, a `lazy` class), remote
files, layout fragments and pages with templating.

## Why is this bad?
A browser fetches every image of a page as it loads, whether or not anyone scrolls to it: on a
phone on a slow network, images far down compete with the first screen's for bandwidth, and a
visitor who reads only the top pays for all of them.

## Example
`<img src="/img/team.jpg" alt="Our team">` near the end of a long page: `perflint fix` adds
`loading="lazy"`, and the browser fetches it only as the reader nears it.
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html.fold import fold_of
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML
from perflint.rules import wording
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import Site
from perflint.sizes import format_size

MIN_BYTES = 2048  # Lighthouse's least saving worth reporting


def offscreen(doc: HtmlDoc, site: Site) -> Iterator[tuple[Tag, int]]:
    """Yield each image surely below a phone's first screen that would load with the page, and its bytes."""
    fold = fold_of(doc, site)
    for tag in fold.below_first_screen() if fold else ():
        attrs = tag.attrs
        if "loading" in attrs or any(name.startswith("data-src") for name in attrs) or "lazy" in attrs.get("class", ""):
            continue
        reference = site.resolve(attrs.get("src", ""), doc.source.path, doc.source.boundary)
        size = (reference.size or 0) if reference.kind == "file" else 0  # found by the lookup: no second stat
        if size >= MIN_BYTES:
            yield tag, size


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if not context.is_page:
        return
    for tag, size in offscreen(doc, context.site):
        yield Violation(
            f"{wording.element(tag)} comes after more text than fills a phone's first screen, yet phones download "
            f'it ({format_size(size)}) as the page loads, before anyone scrolls to it; add loading="lazy" so '
            "that it loads as the reader nears it",
            tag.line,
            tag.column,
        )


RULE = Rule(
    code="HTML111",
    name="offscreen-images",
    kinds=frozenset({HTML}),
    severity=Severity.WARNING,
    fixable=True,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
