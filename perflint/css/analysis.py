"""Read facts from a stylesheet's text: its @imports and the URLs it loads.

Every function takes the text of one stylesheet and returns plain records whose positions are
1-based and relative to that text; `in_file` maps them to the file that holds the sheet.
Walks are iterative and stop at `MAX_DEPTH` nested blocks, so hostile input cannot recurse.
tinycss2 is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from perflint.documents.css import Stylesheet
from perflint.documents.source import SourceFile

MAX_DEPTH = 32
# Top-level at-rules that may come before an @import without making browsers ignore it.
_BEFORE_IMPORTS = frozenset({"charset", "import", "layer"})
_IMAGE_SETS = frozenset({"image-set", "-webkit-image-set"})


class StyledDoc(Protocol):
    """What the CSS rules need of a document: a .css file, or a page with <style> blocks."""

    @property
    def source(self) -> SourceFile: ...
    @property
    def size(self) -> int: ...
    @property
    def stylesheets(self) -> tuple[Stylesheet, ...]: ...


@dataclass(frozen=True)
class Import:
    """An @import: its URL (None if it has none), its position, and why browsers ignore it."""

    url: str | None
    line: int
    column: int
    ignored_because: str | None  # None: browsers load it


def in_file(sheet: Stylesheet, line: int, column: int) -> tuple[int, int]:
    """Return where a position in `sheet`'s text is in its file."""
    return sheet.line + line - 1, column + (sheet.column - 1 if line == 1 else 0)


def parse(text: str) -> list[Any]:
    """Return the stylesheet's top-level rules, comments and whitespace left out.

    Parsed once per text: a page's inline styles are read by page weight, the @import
    check and the mobile check, and parsing is the costly part of each.
    """
    return list(_parsed(text))


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> tuple[Any, ...]:
    import tinycss2

    return tuple(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def imports(sheet: str | list[Any]) -> list[Import]:
    """Return every @import, at any depth (comments and strings do not count).

    `sheet` is the stylesheet's text, or the rules `parse` returned for it (parse once,
    then ask both `imports` and `urls`).
    """
    rules = parse(sheet) if isinstance(sheet, str) else sheet
    found = []
    effective = True
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            reason = None if effective else "it comes after other rules (an @import must come first)"
            found.append(Import(_target(rule.prelude), rule.source_line, rule.source_column, reason))
        elif rule.type == "qualified-rule" or (rule.type == "at-rule" and not _may_precede_imports(rule)):
            effective = False  # parse errors are dropped, so they do not count
    for tokens, kind in _blocks(rules):
        if kind != "{":
            continue
        previous = None
        for index, token in enumerate(tokens):
            if token.type == "at-keyword" and token.lower_value == "import" and _starts_statement(previous):
                reason = "it is inside a block such as @media or @supports"
                found.append(Import(_target(tokens[index + 1 :]), token.source_line, token.source_column, reason))
            if token.type not in ("whitespace", "comment"):
                previous = token
    return sorted(found, key=lambda item: (item.line, item.column))


def urls(sheet: str | list[Any]) -> list[tuple[str, int, int]]:
    """Return the (URL, line, column) of every `url()`, `image-set()` file and @import target.

    `sheet` is the stylesheet's text, or the rules `parse` returned for it.
    """
    rules = parse(sheet) if isinstance(sheet, str) else sheet
    found = []
    for rule in rules:
        first = _first(rule.prelude) if _keyword(rule) == "import" else None
        if first is not None and first.type == "string":
            found.append((first.value, first.source_line, first.source_column))  # url(...) targets: below
    for tokens, kind in _blocks(rules, preludes=True):
        for token in tokens:
            if token.type == "url":
                found.append((token.value, token.source_line, token.source_column))
            elif token.type == "function" and token.lower_name in ("url", "src"):
                found.extend((url, token.source_line, token.source_column) for url in [_target([token])] if url)
            elif token.type == "string" and kind in _IMAGE_SETS:
                found.append((token.value, token.source_line, token.source_column))
    return sorted(found, key=lambda item: (item[1], item[2]))


def _target(tokens: Any) -> str | None:
    """Return the URL an @import prelude (or a `url("...")` function) starts with."""
    token = _first(tokens)
    if token is None:
        return None
    if token.type in ("string", "url"):
        return str(token.value)
    if token.type == "function" and token.lower_name in ("url", "src"):
        return _target([t for t in token.arguments if t.type == "string"])
    return None


def _first(tokens: Any) -> Any:
    """Return the first token that is not whitespace or a comment, or None."""
    return next((t for t in tokens if t.type not in ("whitespace", "comment")), None)


def _keyword(rule: Any) -> str | None:
    """Return the lower-case keyword of an at-rule; None for other nodes."""
    return getattr(rule, "lower_at_keyword", None)


def _may_precede_imports(rule: Any) -> bool:
    """Tell whether a top-level at-rule leaves the @imports after it working."""
    return rule.lower_at_keyword in _BEFORE_IMPORTS and rule.content is None


def _starts_statement(previous: Any) -> bool:
    """Tell whether a token that follows `previous` in a block starts a new rule."""
    return previous is None or previous.type == "{} block" or (previous.type == "literal" and previous.value == ";")


def _blocks(rules: list[Any], preludes: bool = False) -> Iterator[tuple[list[Any], str]]:
    """Yield the tokens inside every block and function, with "{", "(", "[" or the function's name."""
    stack: list[tuple[list[Any], str, int]] = []
    for rule in reversed(rules):
        if rule.type in ("qualified-rule", "at-rule") and rule.content is not None:
            stack.append((rule.content, "{", 1))
        if preludes and rule.type in ("qualified-rule", "at-rule") and _keyword(rule) != "namespace":
            stack.append((rule.prelude, "", 1))  # @namespace URLs name XML namespaces: nothing is loaded
    while stack:
        tokens, kind, depth = stack.pop()
        yield tokens, kind
        if depth >= MAX_DEPTH:
            continue
        for token in reversed(tokens):
            if token.type == "function":
                stack.append((token.arguments, token.lower_name, depth + 1))
            elif token.type.endswith(" block"):
                stack.append((token.content, token.type[0], depth + 1))
