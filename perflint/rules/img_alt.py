"""Image without alternative text.

## What it does
Reports an `<img>` with no `alt` attribute, an `<input type="image">` or `<area href>` without
a non-empty `alt`, a Markdown image `![](photo.jpg)` with empty text, and a front-matter image
(a page's cover or hero image) whose theme has an alt key (`cover.alt`, `heroImageAlt`...) left
empty. `alt=""` marks a decorative `<img>` and passes, as does an image named by `aria-label`,
`aria-labelledby` or a non-empty `title`, or hidden with `aria-hidden="true"` or
`role="presentation"`/`"none"`. Template syntax (`{{ .Alt }}`) counts as alt text.

## Why is this bad?
Screen readers announce an image without alt text by its file name ("IMG underscore 4 0 7 1
dot jpeg"), and search engines cannot tell what it shows. Many sites must meet WCAG 1.1.1.

## Example
`<img src="team.jpg">` becomes `<img src="team.jpg" alt="Our support team at the Lisbon
office">`; a divider line becomes `<img src="divider.svg" alt="">`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule

_HIDDEN_ROLES = frozenset({"presentation", "none"})
_ADVICE = 'describe what it shows in alt="...", or write alt="" if it is only decoration'


@dataclass(frozen=True)
class Options:
    allow_empty_markdown_alt: bool = option(False, "Let `![](src)` (empty text) mark a decorative image.")


def is_named_or_hidden(tag: Tag) -> bool:
    """Tell whether assistive technology gets a name for the element, or skips it."""
    attrs = tag.attrs
    if attrs.get("aria-hidden", "").strip().lower() == "true":
        return True
    if attrs.get("role", "").strip().lower() in _HIDDEN_ROLES:
        return True
    return any(attrs.get(name, "").strip() for name in ("aria-label", "aria-labelledby", "title"))


def _missing_alt(tag: Tag) -> str | None:
    """Return what is wrong with an element's alt text, or None."""
    alt = tag.attrs.get("alt")
    if tag.name == "img":
        return None if alt is not None or is_named_or_hidden(tag) else "has no alt attribute"
    is_image_button = tag.name == "input" and tag.attrs.get("type", "").strip().lower() == "image"
    is_link_area = tag.name == "area" and "href" in tag.attrs
    if (is_image_button or is_link_area) and not (alt or "").strip() and not is_named_or_hidden(tag):
        return "has no alt text" if alt is None else "has an empty alt"
    return None


def _tags(doc: HtmlDoc | MarkdownDoc) -> Iterator[Violation]:
    for tag in doc.tags:
        problem = _missing_alt(tag)
        if problem:
            what = wording.element(tag, "href" if tag.name == "area" else "src")
            yield Violation(
                f"{what} {problem}: screen readers cannot tell what it shows; {_ADVICE}", tag.line, tag.column
            )


def _markdown(doc: MarkdownDoc, options: Options) -> Iterator[Violation]:
    if not options.allow_empty_markdown_alt:
        for image in doc.images:
            if not image.alt.strip():
                yield Violation(
                    f"the image {image.src} has no alt text (the part in ![...]): screen readers cannot tell "
                    f"what it shows; write it as ![what the image shows]({image.src})",
                    image.line,
                    image.column,
                )
    if doc.is_page:
        for front_image in doc.meta.images:
            if front_image.alt_key and not (front_image.alt or "").strip():
                line, column = doc.key_position(front_image.key)
                yield Violation(
                    f"the page image {front_image.src} ({front_image.key}) has no alt text: add "
                    f"{front_image.alt_key} to the "
                    f"front matter describing what it shows",
                    line,
                    column,
                )


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    yield from _tags(doc)
    if isinstance(doc, MarkdownDoc):
        yield from _markdown(doc, context.options)


RULE = Rule(
    code="HTML101",
    name="img-alt",
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.ERROR,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
