"""Minify a stylesheet, and check that a minified stylesheet still means the same thing.

`minify` wraps rcssmin rather than hand-written code: its C implementation minifies a
250 KiB bundle in 2-3 ms, and it carries years of fixes for CSS's edge cases
(strings and escapes, `calc()` spacing, IE hacks, `a :hover` versus `a:hover`) that a fresh
regex would get wrong. rcssmin and tinycss2 are imported on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

# Strings are matched too, so a comment-like text inside a string is not taken for a comment.
_COMMENT_OR_STRING = re.compile(
    r"""/\*.*?(?:\*/|\Z)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?""",
    re.DOTALL,
)
_SOURCE_MAP = re.compile(r"/\*[#@]\s*sourceMappingURL=", re.IGNORECASE)
# Whitespace next to these never changes what a stylesheet means.
_SEPARATORS = frozenset({",", ";", ">", "!", "/", "=", "{", "}"})


def source_map_comments(css: str) -> list[str]:
    """Return the `/*# sourceMappingURL=... */` comments of a stylesheet, in order."""
    if "sourcemappingurl" not in css.lower():
        return []  # the common case, without scanning every comment and string
    return [
        match.group()
        for match in _COMMENT_OR_STRING.finditer(css)
        if match.group().startswith("/*") and _SOURCE_MAP.match(match.group())
    ]


def minify(css: str) -> str:
    """Return `css` minified, keeping `/*! ... */` licence comments and source-map comments."""
    import rcssmin

    try:
        css.encode("utf-8")
    except UnicodeEncodeError:
        return css  # lone surrogates crash rcssmin's C code; text decoded from a file never holds them
    minified = rcssmin.cssmin(css, keep_bang_comments=True)
    if minified.endswith(";"):  # rcssmin drops a last ';' only when nothing follows it: again, for a fixed point
        minified = rcssmin.cssmin(minified, keep_bang_comments=True)
    lines = [minified] if minified else []
    result = "\n".join(lines + source_map_comments(css))
    return result if len(result) < len(css) else css


def same_tokens(original: str, minified: str) -> bool:
    """Tell whether two stylesheets hold the same significant tokens, so mean the same."""
    return list(_signature(original)) == list(_signature(minified))


def _signature(css: str) -> Iterator[str]:
    """Yield a flat, normalised description of every significant token, blocks opened and closed.

    Iterative, with explicit close markers, so deeply nested input neither recurses nor
    compares nested tuples (which would recurse in C).
    """
    import tinycss2

    stack: list[Iterator[str]] = [_list_signature(tinycss2.parse_component_value_list(css, skip_comments=True))]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, str):
            yield item
        else:
            stack.append(item)


def _list_signature(nodes: list[Any], selector: bool = False) -> Iterator[Any]:
    """Yield the items of one component list: strings, or iterators for nested lists."""
    for index, segment in enumerate(_segments(nodes)):
        if index:
            yield ";"
        in_selector = selector or any(node.type == "{} block" for node in segment)
        previous = None
        spaced = False
        for node in segment:
            if node.type == "whitespace":
                spaced = previous is not None
                continue
            if spaced and _significant_space(previous, node, in_selector):
                yield " "
            spaced = False
            previous = node
            yield from _node_signature(node, in_selector)


def _segments(nodes: list[Any]) -> Iterator[list[Any]]:
    """Split a component list at semicolons, dropping empty parts (`a;;b;` is `a;b`)."""
    segment: list[Any] = []
    for node in [*nodes, None]:
        if node is None or (node.type == "literal" and node.value == ";"):
            if any(item.type != "whitespace" for item in segment):
                yield segment
            segment = []
        else:
            segment.append(node)


def _significant_space(before: Any, after: Any, in_selector: bool) -> bool:
    """Tell whether whitespace between two tokens matters (`.a .b` is not `.a.b`)."""
    for node, side in ((before, "before"), (after, "after")):
        if node.type == "{} block" or (node.type == "literal" and node.value in _SEPARATORS):
            return False
        # `color : red` is `color:red`, but the selector `a :hover` is not `a:hover`.
        if node.type == "literal" and node.value == ":" and not (in_selector and side == "after"):
            return False
    return True


def _node_signature(node: Any, in_selector: bool) -> Iterator[Any]:
    """Yield the description of one token, or of a block or function and its content."""
    kind = node.type
    if kind in ("number", "percentage"):
        yield f"{kind}:{float(node.value)!r}"
    elif kind == "dimension":
        yield f"dimension:{float(node.value)!r}:{node.lower_unit}"
    elif kind == "function":
        yield f"function:{node.lower_name}("
        yield _list_signature(node.arguments, in_selector)
        yield ")"
    elif kind in ("() block", "[] block", "{} block"):
        yield kind[:1]
        yield _list_signature(node.content)
        yield kind[1:2]
    elif kind == "at-keyword":
        yield f"at:{node.lower_value}"
    elif kind == "error":
        yield f"error:{node.kind}"
    elif kind == "unicode-range":
        yield f"unicode-range:{node.start}:{node.end}"
    else:
        yield f"{kind}:{node.value}"
