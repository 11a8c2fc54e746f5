"""Split HTML into the tokens perflint's rules need, with exact positions, in linear time, never raising.

The rules need start tags with their attributes, comments (for suppressions) and the text of <title>,
<style> and <textarea>: no tree. The WHATWG tokenizer's rules are followed where they are cheap: how tags,
attributes, comments and character references are read, which elements hold raw text (nothing inside a
<script> is a tag), that inside <svg> and <math> none does, and that a tag cut off by the end is dropped.
Lines end at LF, CRLF or a lone CR, as the spec reads them; columns count characters from 1.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from perflint.documents.text import LineIndex
from perflint.html import syntax


@dataclass(frozen=True, slots=True)
class Tag:
    """A start tag, with lower-cased names and decoded attribute values."""

    name: str
    attrs: Mapping[str, str]  # valueless attributes map to ""; of duplicates the first wins; read-only: shared
    line: int  # 1-based, of the '<'
    column: int  # 1-based, in characters
    offset: int  # 0-based, of the '<'
    end: int  # just past the '>'
    self_closing: bool


@dataclass(frozen=True, slots=True)
class EndTag:
    """An end tag, with its lower-cased name."""

    name: str
    line: int
    column: int
    offset: int


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``<!-- -->`` comment, where suppression comments live."""

    text: str  # between '<!--' and '-->'
    line: int
    column: int
    offset: int
    end: int  # just past the '-->', or the end of the text for an unclosed comment


@dataclass(frozen=True, slots=True)
class Text:
    """The content of a <title>, <style> or <textarea>, the only text rules need."""

    parent: str
    text: str  # character references decoded in <title> and <textarea>, raw in <style>
    line: int
    column: int
    offset: int


Token = Tag | EndTag | Comment | Text

_RCDATA = frozenset({"title", "textarea"})
_TEXT_PARENTS = frozenset({"title", "style", "textarea"})
_RAW_TEXT = ("title", "textarea", "style", "xmp", "iframe", "noembed", "noframes")  # <script>, <plaintext> apart
_RAW_ENDS = {name: syntax.end_tag(name) for name in _RAW_TEXT}
_FOREIGN = frozenset({"svg", "math"})
_SPECIAL = frozenset({*_RAW_ENDS, *_FOREIGN, "script", "plaintext"})
# Start tags that end SVG or MathML content (the tree builder's "in foreign content" rules).
_BREAKOUT = frozenset(
    {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2"}
    | {"h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre"}
    | {"ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"}
)
_Parsed = tuple[Mapping[str, str], bool]  # attributes, self-closing
_NO_ATTRIBUTES: _Parsed = ({}, False)
_LONE_CR = re.compile(r"\r(?!\n)")


def tokenize(text: str, line: int = 1, column: int = 1) -> list[Token]:
    """Return the tokens of ``text``, whose first character sits at ``line`` and ``column`` of its file."""
    first_line, first_column = line, column
    # The hot loop, in one function on local names: every call or lookup per token shows in the benchmark.
    tokens: list[Token] = []
    append, finditer, count, rindex = tokens.append, syntax.MARKUP.finditer, text.count, text.rindex
    parsed: dict[str, _Parsed] = {}  # pages repeat attribute lists a lot: class="pre" thousands of times
    seen, line_start, foreign = 0, 1 - column, 0  # line_start: so the first line starts at column
    resume: int | None = 0
    while resume is not None:  # a new scan only after raw text (<script>, <style>...) or CDATA
        matches, resume = finditer(text, resume), None
        for found in matches:
            start, pos = found.span()
            name, region, closed, end_name, end_closed, comment = found.groups()
            newlines = count("\n", seen, start)  # only since the previous token: linear in all
            if newlines:
                line += newlines
                line_start = rindex("\n", seen, start) + 1
            seen = start
            if name is not None:
                if closed is None:  # EOF inside a tag: the spec drops the tag
                    break
                name = name if name.islower() else syntax.lower(name)
                attrs, self_closing = (parsed.get(region) or _parse(region, parsed)) if region else _NO_ATTRIBUTES
                tag = _new_tag(name, attrs, line, start - line_start + 1, start, pos, self_closing)
                append(tag)
                if foreign or name in _SPECIAL:
                    after, foreign = _after_special(tag, text, tokens, foreign)
                    if after != pos:
                        resume = after
                        break
            elif end_name is not None:
                if end_closed is None:
                    break
                name = end_name if end_name.islower() else syntax.lower(end_name)
                append(_new_end_tag(name, line, start - line_start + 1, start))
                if foreign:  # </svg> and </math> close one level, </p> and </br> leave foreign content
                    foreign = 0 if name in ("p", "br") else foreign - (name in _FOREIGN)
            elif comment is not None:
                append(Comment(comment, line, start - line_start + 1, start, pos))
            elif foreign and text.startswith("<![CDATA[", start):
                end = text.find("]]>", start + 9)
                resume = len(text) if end < 0 else end + 3
                break
    if "\r" in text and _LONE_CR.search(text):
        _recount_lines(tokens, text, first_line, first_column)
    return tokens


def _recount_lines(tokens: list[Token], text: str, line: int, column: int) -> None:
    """Place each token again where lone CRs end lines too: the loop above counts LF only, to stay fast."""
    index = LineIndex(text)
    for token in tokens:
        token_line, token_column = index.position(token.offset)
        object.__setattr__(token, "line", line + token_line - 1)
        object.__setattr__(token, "column", token_column + (column - 1 if token_line == 1 else 0))


def _parse(region: str, parsed: dict[str, _Parsed]) -> _Parsed:
    """Parse an attribute region once per page."""
    parsed[region] = result = syntax.attributes(region)
    return result


def _after_special(tag: Tag, text: str, tokens: list[Token], foreign: int) -> tuple[int, int]:
    """Skip the content of a raw text element, or track SVG and MathML; return the new offset and depth."""
    name, pos = tag.name, tag.end
    if name in _FOREIGN:
        return pos, foreign + (not tag.self_closing)
    if foreign:
        breakout = name in _BREAKOUT or (name == "font" and not tag.attrs.keys().isdisjoint(("color", "face", "size")))
        return pos, 0 if breakout else foreign
    if name == "script":
        return syntax.script_end(text, pos), 0
    if name == "plaintext":
        return len(text), 0
    found = _RAW_ENDS[name].search(text, pos)
    end = len(text) if found is None else found.start()
    if name in _TEXT_PARENTS:
        content = html.unescape(text[pos:end]) if name in _RCDATA else text[pos:end]
        tokens.append(Text(name, content, *_position_after(tag, text), pos))
    return end, 0


def _position_after(tag: Tag, text: str) -> tuple[int, int]:
    """Return the line and column just past ``tag``, from its own position."""
    newlines = text.count("\n", tag.offset, tag.end)
    if not newlines:
        return tag.line, tag.column + tag.end - tag.offset
    return tag.line + newlines, tag.end - text.rindex("\n", tag.offset, tag.end)


# A frozen dataclass's __init__ sets each field with object.__setattr__ by name, most of the cost of a token;
# the slot descriptors set the same slots in half the time. (Equal to Tag(...) and EndTag(...) in every way.)
_new = object.__new__
_name, _attrs, _line, _column, _offset, _end, _self_closing = (
    getattr(Tag, field).__set__ for field in ("name", "attrs", "line", "column", "offset", "end", "self_closing")
)
_end_name, _end_line, _end_column, _end_offset = (
    getattr(EndTag, field).__set__ for field in ("name", "line", "column", "offset")
)


def _new_tag(name: str, attrs: Mapping[str, str], line: int, column: int, offset: int, end: int, closing: bool) -> Tag:
    """Make a Tag at half the cost of Tag(...)."""
    tag = _new(Tag)
    _name(tag, name)
    _attrs(tag, attrs)
    _line(tag, line)
    _column(tag, column)
    _offset(tag, offset)
    _end(tag, end)
    _self_closing(tag, closing)
    return tag


def _new_end_tag(name: str, line: int, column: int, offset: int) -> EndTag:
    """Make an EndTag at half the cost of EndTag(...)."""
    tag = _new(EndTag)
    _end_name(tag, name)
    _end_line(tag, line)
    _end_column(tag, column)
    _end_offset(tag, offset)
    return tag
