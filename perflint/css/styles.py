"""The style rules of a stylesheet, their declarations, and their selectors split into parts.

tinycss2 is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_DEPTH = 32
# At-rules whose block holds style rules (or, nested in a style rule, declarations).
GROUPING = frozenset(
    {"media", "supports", "layer", "container", "scope", "document", "-moz-document", "starting-style"}
)
# Pseudo-elements that CSS 2 wrote with a single colon.
_LEGACY_PSEUDO_ELEMENTS = frozenset({"before", "after", "first-line", "first-letter"})


@dataclass(frozen=True)
class StyleRule:
    """A block of declarations, its selector, and the grouping at-rules around it."""

    prelude: tuple[Any, ...]  # the selector's tokens
    declarations: tuple[Any, ...]  # tinycss2 Declarations, in order
    at_rules: tuple[tuple[str, tuple[Any, ...]], ...]  # (keyword, prelude tokens), outermost first
    nested: bool  # inside another style rule (CSS nesting)
    line: int
    column: int

    def declared(self) -> dict[str, Any]:
        """Return the declaration that wins for each property: the last, `!important` first."""
        winners: dict[str, Any] = {}
        for declaration in self.declarations:
            current = winners.get(declaration.lower_name)
            if current is None or declaration.important or not current.important:
                winners[declaration.lower_name] = declaration
        return winners


@dataclass(frozen=True)
class Compound:
    """The simple selectors between two combinators: `div.card:hover` is div + (".card", ":hover")."""

    element: str | None  # lower-case element name or "*"; None: any
    parts: tuple[str, ...]  # ".class", "#id", "[attr]", ":pseudo-class", "::pseudo-element", "&"...


@dataclass(frozen=True)
class Selector:
    """One selector of a comma-separated list, as written and as its compounds (subject last)."""

    text: str
    compounds: tuple[Compound, ...]


def style_rules(rules: list[Any]) -> Iterator[StyleRule]:
    """Yield every style rule that has declarations, at any depth, in source order.

    `rules` comes from `analysis.parse`. A conditional rule nested in a style rule
    (`.a { @media (...) { width: auto } }`) is yielded with the outer rule's selector.
    """
    import tinycss2

    stack: list[tuple[Iterator[Any], tuple[tuple[str, tuple[Any, ...]], ...], StyleRule | None]] = [
        (iter(rules), (), None)
    ]
    while stack:
        nodes, at_rules, parent = stack[-1]
        node = next(nodes, None)
        if node is None:
            stack.pop()
            continue
        grouping = node.type == "at-rule" and node.lower_at_keyword in GROUPING
        if not (node.type == "qualified-rule" or grouping) or node.content is None or len(stack) > MAX_DEPTH:
            continue
        content = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
        declarations = tuple(item for item in content if item.type == "declaration")
        if grouping:
            at_rules = (*at_rules, (node.lower_at_keyword, tuple(node.prelude)))
        prelude = tuple(node.prelude) if not grouping else parent.prelude if parent else ()
        nested = parent is not None and (not grouping or parent.nested)
        rule = StyleRule(prelude, declarations, at_rules, nested, node.source_line, node.source_column)
        if declarations and (not grouping or parent):
            yield rule
        inner = (item for item in content if item.type in ("qualified-rule", "at-rule"))
        stack.append((inner, at_rules, parent if grouping else rule))


def selectors(prelude: tuple[Any, ...]) -> list[Selector]:
    """Split a style rule's selector list into selectors, and each into compounds."""
    found = []
    for tokens in split_commas(prelude):
        compounds: list[Compound] = []
        element: str | None = None
        parts: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type in ("whitespace", "comment") or (token.type == "literal" and token.value in (">", "+", "~")):
                if element is not None or parts:
                    compounds.append(Compound(element, tuple(parts)))
                element, parts = None, []
            elif token.type == "ident" and element is None and not parts:
                element = token.lower_value
            elif token.type == "literal" and token.value == "*" and element is None and not parts:
                element = "*"
            else:
                part, index = _part(tokens, index)
                parts.append(part)
            index += 1
        if element is not None or parts:
            compounds.append(Compound(element, tuple(parts)))
        found.append(Selector(as_text(tokens), tuple(compounds)))
    return found


def as_text(tokens: Any) -> str:
    """Return tokens as CSS, whitespace collapsed; "..." if nested too deep to print (it recurses)."""
    import tinycss2

    stack = [(list(tokens), 0)]
    while stack:
        items, depth = stack.pop()
        if depth > MAX_DEPTH:
            return "..."
        for token in items:
            if token.type == "function":
                stack.append((token.arguments, depth + 1))
            elif token.type.endswith(" block"):
                stack.append((token.content, depth + 1))
    return " ".join(tinycss2.serialize(tokens).split())


def _part(tokens: list[Any], index: int) -> tuple[str, int]:
    """Return the simple selector that starts at `index` and the index of its last token."""
    token = tokens[index]
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if token.type == "literal" and token.value == "." and following is not None and following.type == "ident":
        return "." + following.value, index + 1
    if token.type == "hash":
        return "#" + token.value, index
    if token.type == "literal" and token.value == ":" and following is not None:
        colons = ":"
        if following.type == "literal" and following.value == ":" and index + 2 < len(tokens):
            colons, index, following = "::", index + 1, tokens[index + 2]
        name = following.lower_value if following.type == "ident" else as_text([following]).lower()
        if following.type == "ident" and name in _LEGACY_PSEUDO_ELEMENTS:
            colons = "::"
        return colons + name, index + 1
    # Anything else as written; a character that reads as whitespace (U+001C...) as "?": never empty.
    return as_text([token]) or "?", index


def split_commas(tokens: Any) -> list[list[Any]]:
    """Split a token list at its top-level commas."""
    parts: list[list[Any]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts
