"""The HTML page document: its tags with positions, inline styles and suppression comments."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from perflint.documents.css import Stylesheet, css_suppressions
from perflint.documents.source import SourceFile
from perflint.documents.text import Decoded, LineIndex, decode
from perflint.html.tokenizer import Comment, EndTag, Tag, Text, Token, tokenize
from perflint.suppression import EVERY_RULE, Suppressions, parse_suppressions

IGNORE_ATTRIBUTE = "data-perflint-ignore"
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

    @property
    def is_document(self) -> bool:
        """Tell whether document-level rules (title, lang, viewport...) apply."""
        return any(tag.name in ("html", "head") for tag in self.tags)

    def named(self, *names: str) -> Iterator[Tag]:
        """Yield the start tags with one of `names`, in order."""
        return (tag for tag in self.tags if tag.name in names)

    def title(self) -> Text | None:
        """Return the first <title>'s text (comments never hold one: they are not tokenized)."""
        return next((text for text in self.texts if text.parent == "title"), None)

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
    return build_html(source, size, decoded, tokenize(decoded.text))


def build_html(source: SourceFile, size: int, decoded: Decoded, tokens: Sequence[Token]) -> HtmlDoc:
    """Collect what the rules read from a token stream."""
    tags = tuple(token for token in tokens if isinstance(token, Tag))
    texts = tuple(token for token in tokens if isinstance(token, Text))
    stylesheets = tuple(Stylesheet(t.text, t.line, t.column, True) for t in texts if t.parent == "style")
    last_line = decoded.text.count("\n") + 1
    directives = [(c.text, c.line, c.line + c.text.count("\n")) for c in tokens if isinstance(c, Comment)]
    for sheet in stylesheets:
        directives.extend(css_suppressions(sheet.text, LineIndex(sheet.text), sheet.line))
    directives.sort(key=lambda directive: directive[1])
    suppressions = parse_suppressions(directives, last_line)
    ignored = tuple((EVERY_RULE, first, last) for first, last in ignored_elements(tokens, last_line))
    suppressions = Suppressions(suppressions.next_line, suppressions.ranges + ignored)
    return HtmlDoc(source, size, decoded, tags, texts, stylesheets, suppressions)


def ignored_elements(tokens: Sequence[Token], last_line: int) -> Iterator[tuple[int, int]]:
    """Yield the line span of each element marked `data-perflint-ignore`, children included."""
    for index, token in enumerate(tokens):
        if not isinstance(token, Tag) or IGNORE_ATTRIBUTE not in token.attrs:
            continue
        if token.self_closing or token.name in VOID_ELEMENTS:
            yield token.line, token.line
            continue
        depth = 0
        end_line = last_line
        for later in tokens[index + 1 :]:
            if isinstance(later, Tag) and later.name == token.name and not later.self_closing:
                depth += 1
            elif isinstance(later, EndTag) and later.name == token.name:
                if depth == 0:
                    end_line = later.line
                    break
                depth -= 1
        yield token.line, end_line
