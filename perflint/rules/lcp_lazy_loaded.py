"""The page's likely largest image on a phone, loaded late.

## What it does
Finds the image that is likely the Largest Contentful Paint on a phone: the first `<img>` of a
whole page that a phone surely shows at least half its width and 15 % of its screen (its width
and height attributes, else its file's size, scaled to the phone's 412 px and to what the
page's CSS surely limits it to), with under 400 characters of text before it, no image of
unknown size and no element with a background picture (`perflint.html.fold`). With
`loading="lazy"`, as Lighthouse's `lcp-lazy-loaded` audit reports, it is a warning; without
`fetchpriority="high"`, which Lighthouse's LCP request discovery insight asks for, an info.
Not checked: layout fragments, pages with templating or a stylesheet perflint cannot read, and
images the page's CSS may size in a way perflint cannot tell.

## Why is this bad?
A lazy image is fetched only once the browser has laid the page out, after the stylesheets and
scripts: the first screen's main picture arrives last. Without a high priority, it also queues
behind other images. Both delay the moment a visitor sees the page, which search engines
measure.

## Example
`<img src="/img/hero.jpg" loading="lazy" alt="">` at the top of the page: `perflint fix` removes
`loading="lazy"` and adds `fetchpriority="high"`. An image that loads at once is left as it is:
add `fetchpriority="high"` to it where it is the page's main picture.
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


def lazy(tag: Tag) -> bool:
    """Tell whether an image waits for the page's layout before it loads."""
    return tag.attrs.get("loading", "").strip().lower() == "lazy"


def prioritized(tag: Tag) -> bool:
    """Tell whether an image asks to be fetched before the page's other images."""
    return tag.attrs.get("fetchpriority", "").strip().lower() == "high"


def late_lcp(doc: HtmlDoc, site: Site) -> Tag | None:
    """Return the page's likely LCP image when it is lazy or not prioritized."""
    fold = fold_of(doc, site)
    tag = fold.likely_lcp if fold else None
    return tag if tag is not None and (lazy(tag) or not prioritized(tag)) else None


def lazy_lcp(doc: HtmlDoc, site: Site) -> Tag | None:
    """Return the page's likely LCP image when it is lazy: what `perflint fix` repairs."""
    tag = late_lcp(doc, site)
    return tag if tag is not None and lazy(tag) else None


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    tag = late_lcp(doc, context.site) if context.is_page else None
    if tag is None:
        return
    likely = f"{wording.element(tag)} is likely the largest thing on a phone's first screen"
    if lazy(tag):
        yield Violation(
            f'{likely}, but loading="lazy" makes browsers fetch it only after laying out the page, so it '
            'shows last; remove loading="lazy" and add fetchpriority="high"',
            tag.line,
            tag.column,
        )
    else:
        yield Violation(
            f'{likely}: add fetchpriority="high" so that browsers fetch it before the other images',
            tag.line,
            tag.column,
            severity=Severity.INFO,
            fixable=False,  # advice: the fix changes no page whose main image already loads at once
        )


RULE = Rule(
    code="HTML112",
    name="lcp-lazy-loaded",
    kinds=frozenset({HTML}),
    severity=Severity.WARNING,
    fixable=True,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
