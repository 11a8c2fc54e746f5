"""Page without the tags that make a good link preview.

## What it does
Reports a full HTML document missing any of `og:title`, `og:description` and `og:image`
(Open Graph, read by LinkedIn, Facebook, Slack, Teams, X and messengers), and an `og:image`
that is empty or points at a local file that is not in the repository. Markdown pages get
these tags from the site's templates, which usually fall back to a site-wide image: for them
only the images the front matter names are checked (empty, or a local file that is missing).
When no layout of a Hugo or Jekyll site writes any of them (itself, through Hugo's
`opengraph.html` template or jekyll-seo-tag's `{% seo %}`), the layout that holds the `<head>`
gets one warning saying how many Markdown pages it leaves without a preview.
Remote images are never fetched; template syntax counts as present.

## Why is this bad?
A shared link without these tags shows as a bare URL, or with a random picture from the page,
and gets far fewer clicks.

## Example
```html
<meta property="og:title" content="Spring launch: new plans for small teams">
<meta property="og:description" content="Three plans, from 9 EUR a month.">
<meta property="og:image" content="https://www.example.com/img/share/spring.jpg">
```
"""

from __future__ import annotations

from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.head import head_from_template
from perflint.kinds import HTML, MARKDOWN
from perflint.rules.base import Context, NoOptions, Rule
from perflint.rules.layout_gap import layout_gap

OPEN_GRAPH = ("og:title", "og:description", "og:image")
_WHY = "shared links show no proper title, text or picture"


def _missing_image(src: str, doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> str | None:
    """Return why an image reference shows no picture, or None when it is fine or cannot be known."""
    if not src.strip():
        return "is empty"
    reference = context.site.resolve(src, doc.source.path, doc.source.boundary)
    if reference.kind == "missing" and isinstance(doc, MarkdownDoc) and not src.startswith(("/", ".")):
        # Generators publish front-matter image paths from the site root as well as the page bundle.
        reference = context.site.resolve("/" + src, doc.source.path, doc.source.boundary)
    if reference.kind in ("missing", "outside"):
        return f"points at {src}, which is not in the repository"
    return None


def _html(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    missing = [key for key in OPEN_GRAPH if doc.meta(key) is None]
    tags = ", ".join(f'<meta property="{key}" content="...">' for key in missing)
    if len(missing) == len(OPEN_GRAPH) and not context.is_page:
        gap = layout_gap(doc, context, "social", "Open Graph tags", _WHY, f"{tags}, filled from each page")
        if gap:
            yield gap
    if missing and context.is_page and not head_from_template(doc):
        yield Violation(
            f"the page has no {' or '.join(missing)}: {_WHY}; add {tags} inside <head>",
            *doc.anchor(),
        )
    image = doc.meta("og:image")
    problem = _missing_image(image.attrs.get("content", ""), doc, context) if image else None
    if image and problem:
        yield Violation(f"og:image {problem}: shared links will show no picture", image.line, image.column)


def _markdown(doc: MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    for image in doc.meta.images:
        problem = _missing_image(image.src, doc, context)
        if problem:
            line, column = doc.key_position(image.key)
            yield Violation(f"the page image ({image.key}) {problem}: shared links will show no picture", line, column)


def check(doc: HtmlDoc | MarkdownDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if isinstance(doc, MarkdownDoc):
        if doc.is_page:
            yield from _markdown(doc, context)
    elif doc.is_document:
        yield from _html(doc, context)


RULE = Rule(
    code="META105",
    name="meta-social",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.WARNING,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
