"""Image without alternative text.

## What it does
Reports an `<img>` with no `alt` attribute, an `<input type="image">` or `<area href>` without
a non-empty `alt`, a Markdown image `![](photo.jpg)` with empty text, and a front-matter image
(a page's cover or hero image) whose theme has an alt key (`cover.alt`, `heroImageAlt`...) left
empty. `alt=""` marks a decorative `<img>` and passes, as does an image named by `aria-label`,
`aria-labelledby` or a non-empty `title`, or hidden with `aria-hidden="true"` or
`role="presentation"`/`"none"`. Template syntax (`{{ .Alt }}`) counts as alt text.

In a Hugo site, also a Markdown page's figure shortcode (`{{< figure src="x.jpg" >}}` or
`{{% figure ... %}}`) without alt text. Hugo's own figure writes `alt` from the `alt`
parameter, else from `caption`, and leaves the attribute out when both are missing or empty
(so `alt=""` does not mark it decorative): that is an error. Where the site or its theme
defines its own figure shortcode, or the theme is not in the repository, perflint cannot tell
what it writes: a figure with no `alt`, `caption` or `title` is a warning. Shortcodes in code
blocks, code spans and HTML comments, and Hugo's `{{</* figure */>}}` (which shows the code),
are not images.

## Why is this bad?
Screen readers announce an image without alt text by its file name ("IMG underscore 4 0 7 1
dot jpeg"), and search engines cannot tell what it shows. Many sites must meet WCAG 1.1.1.

## Example
`<img src="team.jpg">` becomes `<img src="team.jpg" alt="Our support team at the Lisbon
office">`; a divider line becomes `<img src="divider.svg" alt="">`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.documents.text import LineIndex
from perflint.findings import Severity, Violation
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.site.model import SiteModel

_HIDDEN_ROLES = frozenset({"presentation", "none"})
_ADVICE = 'describe what it shows in alt="...", or write alt="" if it is only decoration'
# Hugo's figure shortcode; `{{</* figure */>}}` shows the code instead, and does not match.
_FIGURE = re.compile(r"\{\{([<%])\s*figure\s")
_PARAMETER = re.compile(r"""([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*'|[^\s"'`]+)""")
MAX_SHORTCODE_CHARS = 4096
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


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


def _figures(doc: MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    """Report Hugo figure shortcodes that publish their image without alt text."""
    text = doc.decoded.text
    figures = [f for f in hugo_figures(text, doc.front.body_offset) if f.params.get("src", "").strip()]
    if not figures:
        return
    site = (context.model or SiteModel()).place(doc.source.path, doc.source.boundary)
    if site.generator != "hugo":
        return  # other generators leave `{{< figure >}}` as text, or fail on it
    from perflint.site.hugo import figure_renderer  # only pages with figure shortcodes get here

    renderer = figure_renderer(site.root)
    lines = LineIndex(text)
    for figure in figures:
        given = {name for name, value in figure.params.items() if value.strip()}
        line, column = lines.position(figure.offset)
        if renderer == "hugo" and not given & {"alt", "caption"}:
            what = "an empty alt" if "alt" in figure.params else "no alt or caption"
            why = "Hugo publishes its image without an alt attribute"
            yield Violation(_figure_message(figure, what, why), line, column)
        elif renderer == "theme" and not given & {"alt", "caption", "title"}:
            why = "unless the theme's figure shortcode (which perflint does not read) finds alt text elsewhere"
            yield Violation(_figure_message(figure, "no alt, caption or title", why), line, column, Severity.WARNING)


def _figure_message(figure: Figure, what: str, why: str) -> str:
    src = figure.params["src"].strip()
    shown = src if len(src) <= 60 else src[:57] + "..."
    opening, closing = "{{" + figure.delimiter, figure.delimiter.replace("<", ">") + "}}"
    return (
        f'{opening} figure src="{shown}" {closing} has {what}: {why}, so screen readers cannot tell what it '
        f'shows; add alt="what the image shows" to the shortcode'
    )


@dataclass(frozen=True)
class Figure:
    """A Hugo figure shortcode in a Markdown page: `{{< figure src="x.jpg" alt="..." >}}`."""

    delimiter: str  # "<" (`{{< >}}`) or "%" (`{{% %}}`)
    params: dict[str, str]  # named parameters, names in lower case, values unquoted
    offset: int


def hugo_figures(text: str, start: int = 0) -> Iterator[Figure]:
    """Yield the figure shortcodes in `text` after `start`, outside code and HTML comments."""
    visible = _blank(text, _fences(text, start))
    visible = _blank(visible, _comments(visible, start))
    code = list(_code_spans(visible, start))  # `{{< figure >}}` in a sentence about Hugo
    for match in _FIGURE.finditer(visible, start):
        inside = bisect.bisect_right(code, (match.start(), len(text))) - 1
        if inside >= 0 and code[inside][1] > match.start():
            continue
        closing = ("%" if match.group(1) == "%" else ">") + "}}"
        end = visible.find(closing, match.end(), match.end() + MAX_SHORTCODE_CHARS)
        if end >= 0:
            found = _PARAMETER.findall(visible, match.end(), end)
            params = {name.lower(): _unquote(value) for name, value in found}
            yield Figure(match.group(1), params, match.start())


def _unquote(value: str) -> str:
    """Return a shortcode parameter's value: "quoted" (with \\" escapes), `raw`, or bare."""
    if value[:1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value[1:-1] if value[:1] in ("`", "'") else value


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the (ordered) spans of `text` with spaces, keeping every other offset."""
    parts, last = [], 0
    for first, end in spans:
        parts += [text[last:first], " " * (end - first)]
        last = end
    return "".join(parts) + text[last:]


def _fences(text: str, position: int) -> Iterator[tuple[int, int]]:
    """Yield the spans of fenced code blocks, at any indent (lists, quotes); one never closed runs to the end."""
    while (opening := _FENCE.search(text, position)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t>]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        line_end = text.find("\n", opening.end())
        if fence[0] == "`" and "`" in text[opening.end() : line_end if line_end >= 0 else len(text)]:
            position = opening.end()  # ```x``` on one line is a code span
            continue
        close = closing.search(text, line_end + 1) if line_end >= 0 else None
        end = close.end() if close else len(text)
        yield opening.start(), end
        position = end


def _comments(text: str, position: int) -> Iterator[tuple[int, int]]:
    """Yield the spans of HTML comments; one never closed runs to the end."""
    while (first := text.find("<!--", position)) >= 0:
        end = text.find("-->", first + 4)
        position = len(text) if end < 0 else end + 3
        yield first, position


def _code_spans(text: str, position: int) -> Iterator[tuple[int, int]]:
    """Yield the spans of code spans: a run of backticks up to the next run as long, in the same paragraph."""
    runs = [(run.start(), run.end()) for run in _BACKTICKS.finditer(text, position)]
    paragraph_ends = [blank.start() for blank in _BLANK_LINE.finditer(text, position)]
    following: dict[tuple[int, int], int] = {}  # (length, paragraph): the next run of that length in it
    closer: list[int | None] = [None] * len(runs)
    for index in range(len(runs) - 1, -1, -1):
        key = (runs[index][1] - runs[index][0], bisect.bisect_left(paragraph_ends, runs[index][0]))
        closer[index] = following.get(key)
        following[key] = index
    index = 0
    while index < len(runs):
        match = closer[index]
        if match is None:
            index += 1
        else:
            yield runs[index][0], runs[match][1]
            index = match + 1


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    yield from _tags(doc)
    if isinstance(doc, MarkdownDoc):
        yield from _markdown(doc, context.options)
        yield from _figures(doc, context)


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
