"""The HTML page document: its tags with positions, inline styles and suppression comments."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from perflint.documents.css import Stylesheet, css_suppressions
from perflint.documents.samples import outside_samples
from perflint.documents.source import SourceFile
from perflint.documents.text import Decoded, LineIndex, decode, line_breaks
from perflint.html.tokenizer import Comment, EndTag, Tag, Text, Token, tokenize
from perflint.suppression import EVERY_RULE, Suppressions, parse_suppressions

IGNORE_ATTRIBUTE = "data-perflint-ignore"
_IGNORE_MENTION = re.compile(IGNORE_ATTRIBUTE, re.IGNORECASE)
# A refresh after 0 seconds (the HTML spec ignores digits after a dot), then a URL.
MAX_REFRESH_CHARS = 256  # a real refresh value is short; the pattern is quadratic on long runs of blanks
_INSTANT_REFRESH = re.compile(
    r"[\t\n\f\r ]*(?:0+(?:\.[0-9.]*)?|\.[0-9.]*)(?:[\t\n\f\r ]*[;,]|[\t\n\f\r ]+)[\t\n\f\r ]*\S"
)


VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(frozen=True)
class HtmlDoc:
    """An HTML file: a full document, or a partial (a layout fragment) when it has no <html>/<head>."""

    source: SourceFile
    size: int
    decoded: Decoded
    tags: tuple[Tag, ...]
    texts: tuple[Text, ...]
    stylesheets: tuple[Stylesheet, ...]
    suppressions: Suppressions
    inert: tuple[tuple[int, int], ...] = ()  # the offsets each <template>'s content spans: not part of the page

    @property
    def is_document(self) -> bool:
        """Tell whether document-level rules (title, lang, viewport...) apply: a whole page, not a
        fragment, that people see, not one that sends them elsewhere at once (a Hugo alias page)."""
        return ("html" in self._by_name or "head" in self._by_name) and not self.is_instant_redirect

    @functools.cached_property
    def is_instant_redirect(self) -> bool:
        """Tell whether the page sends visitors elsewhere at once: `<meta http-equiv="refresh" content="0; url=x">`."""
        return any(
            tag.attrs.get("http-equiv", "").strip().lower() == "refresh"
            and _INSTANT_REFRESH.match(tag.attrs.get("content", "")[:MAX_REFRESH_CHARS]) is not None
            for tag in self.named("meta")
        )

    def named(self, *names: str) -> Iterator[Tag]:
        """Yield the start tags with one of `names`, in order."""
        found = [tag for name in names for tag in self._by_name.get(name, ())]
        return iter(sorted(found, key=lambda tag: tag.offset) if len(names) > 1 else found)

    @functools.cached_property
    def _by_name(self) -> dict[str, list[Tag]]:
        """The start tags by name, built once: rules look up <meta>, <head> or <img> many times a page."""
        index: dict[str, list[Tag]] = {}
        for tag in self.tags:
            index.setdefault(tag.name, []).append(tag)
        return index

    def title(self) -> Text | None:
        """Return the first <title>'s text, the page's title.

        Comments never hold one (they are not tokenized), nor does SVG (its <title> names a
        drawing and is not read as text); a <template>'s content is not part of the page.
        """
        texts = (text for text in self.texts if text.parent == "title")
        return next((text for text in texts if not any(start <= text.offset < end for start, end in self.inert)), None)

    def meta(self, key: str) -> Tag | None:
        """Return the first <meta> whose name or property is `key` (any case)."""
        for tag in self.named("meta"):
            names = (tag.attrs.get("name", ""), tag.attrs.get("property", ""))
            if key in (name.strip().lower() for name in names):
                return tag
        return None

    def anchor(self) -> tuple[int, int]:
        """Return where a document-level finding points: the <head>, else the <html>, else the top."""
        tag = next(self.named("head"), None) or next(self.named("html"), None)
        return (tag.line, tag.column) if tag else (1, 1)


def load_html(source: SourceFile, stream: BinaryIO, size: int) -> HtmlDoc:
    """Read and tokenize a page."""
    stream.seek(0)
    decoded = decode(stream.read(), html=True)
    return build_html(source, size, decoded, outside_samples(tokenize(decoded.text), decoded.text))


def build_html(source: SourceFile, size: int, decoded: Decoded, tokens: Sequence[Token]) -> HtmlDoc:
    """Collect what the rules read from a token stream."""
    tags = tuple(token for token in tokens if isinstance(token, Tag))
    texts = tuple(token for token in tokens if isinstance(token, Text))
    stylesheets = tuple(Stylesheet(t.text, t.line, t.column, True) for t in texts if t.parent == "style")
    last_line = line_breaks(decoded.text) + 1
    directives = [(c.text, c.line, c.line + c.text.count("\n")) for c in tokens if isinstance(c, Comment)]
    for sheet in stylesheets:
        directives.extend(css_suppressions(sheet.text, LineIndex(sheet.text), sheet.line))
    directives.sort(key=lambda directive: directive[1])
    suppressions = parse_suppressions(directives, last_line)
    marked = _IGNORE_MENTION.search(decoded.text) is not None  # a quick look first: few pages use it
    spans = ignored_elements(tokens, last_line) if marked else ()
    ignored = tuple((EVERY_RULE, first, last) for first, last in spans)
    suppressions = Suppressions(suppressions.next_line, suppressions.ranges + ignored)
    has_templates = any(tag.name == "template" for tag in tags)
    inert = tuple(template_contents(tokens, len(decoded.text))) if has_templates else ()
    return HtmlDoc(source, size, decoded, tags, texts, stylesheets, suppressions, inert)


def template_contents(tokens: Sequence[Token], end: int) -> Iterator[tuple[int, int]]:
    """Yield the span of offsets that each outermost <template> element holds; one never closed runs to `end`."""
    depth, start = 0, 0
    for token in tokens:
        if isinstance(token, Tag) and token.name == "template":
            if depth == 0:
                start = token.end
            depth += 1
        elif isinstance(token, EndTag) and token.name == "template" and depth:
            depth -= 1
            if depth == 0:
                yield start, token.offset
    if depth:
        yield start, end


def ignored_elements(tokens: Sequence[Token], last_line: int) -> Iterator[tuple[int, int]]:
    """Yield the line span of each element marked `data-perflint-ignore`, children included.

    One pass: each end tag closes the latest open element of its name, so the spans come in the
    order of their start tags, and one never closed runs to `last_line`.
    """
    spans: list[tuple[int, int]] = []
    open_elements: dict[str, list[int | None]] = {}  # by name, the index in spans of each ignored one
    for token in tokens:
        if isinstance(token, EndTag) and open_elements.get(token.name):
            index = open_elements[token.name].pop()
            if index is not None:
                spans[index] = (spans[index][0], token.line)
        elif isinstance(token, Tag) and (token.self_closing or token.name in VOID_ELEMENTS):
            if IGNORE_ATTRIBUTE in token.attrs:
                spans.append((token.line, token.line))
        elif isinstance(token, Tag):
            ignored = IGNORE_ATTRIBUTE in token.attrs
            open_elements.setdefault(token.name, []).append(len(spans) if ignored else None)
            if ignored:
                spans.append((token.line, last_line))
    yield from spans
