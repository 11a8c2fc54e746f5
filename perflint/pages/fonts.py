"""Find the one file a browser downloads for each `@font-face`, and how text waits for it.

An `@font-face` `src` lists the same font in several formats, in order of preference; a browser
downloads the first entry in a format it supports and ignores the rest. Current browsers support
WOFF2, WOFF, TrueType and OpenType; EOT (`embedded-opentype`) and SVG fonts are for browsers
long gone. A `local()` entry names an installed font, so nothing is downloaded for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from perflint.css import analysis

SUPPORTED_FORMATS = frozenset(
    {"woff2", "woff", "truetype", "opentype", "woff2-variations", "woff-variations", "truetype-variations",
     "opentype-variations"}
)  # fmt: skip
# Without a format() hint the browser tries the file; these suffixes no current browser reads.
_UNSUPPORTED_SUFFIXES = frozenset({".eot", ".svg", ".svgz"})
_GROUPS = frozenset({"media", "supports", "layer", "container", "document", "-moz-document", "scope", "starting-style"})


@dataclass(frozen=True)
class FontSources:
    """The url() a browser downloads for each @font-face, and where every src url() is written."""

    chosen: tuple[str, ...]
    positions: frozenset[tuple[int, int]]  # (line, column) of each url() in a src, chosen or not


def font_sources(rules: list[Any]) -> FontSources:
    """Return the file each @font-face makes browsers download, among the `rules` of a stylesheet."""
    chosen: list[str] = []
    positions: set[tuple[int, int]] = set()
    for face in _font_faces(rules, depth=0):
        sources = [entries for name, entries in _declarations(face) if name == "src"]
        for entries in sources:
            positions.update((token.source_line, token.source_column) for token, _ in entries)
        url = _first_supported(sources[-1]) if sources else None  # the last src declaration wins
        if url is not None:
            chosen.append(url)
    return FontSources(tuple(chosen), frozenset(positions))


@dataclass(frozen=True)
class FontFace:
    """An @font-face that makes browsers download a file, and its `font-display`."""

    family: str | None
    display: str | None  # the keyword, lower case; None when absent or not a single keyword
    line: int
    column: int


def downloaded_faces(rules: list[Any]) -> list[FontFace]:
    """Return each @font-face among the `rules` of a stylesheet that makes browsers download a font file."""
    found = []
    for face in _font_faces(rules, depth=0):
        declared = {name: value for name, value in _values(face)}  # the last declaration of each wins
        sources = [entries for name, entries in _declarations(face) if name == "src"]
        if not sources or _first_supported(sources[-1]) is None:
            continue
        family, display = declared.get("font-family", []), declared.get("font-display", [])
        keyword = display[0].lower_value if len(display) == 1 and display[0].type == "ident" else None
        found.append(FontFace(_name(family), keyword, face.source_line, face.source_column))
    return found


def _values(face: Any) -> Iterator[tuple[str, list[Any]]]:
    """Yield each declaration of an @font-face: its name and its value's tokens, whitespace left out."""
    import tinycss2

    for declaration in tinycss2.parse_declaration_list(face.content, skip_comments=True, skip_whitespace=True):
        if declaration.type == "declaration":
            yield declaration.lower_name, [token for token in declaration.value if token.type != "whitespace"]


def _name(tokens: list[Any]) -> str | None:
    """Return a font family's name, written as a string or as keywords; None for anything else."""
    if len(tokens) == 1 and tokens[0].type == "string":
        return str(tokens[0].value)
    return " ".join(token.value for token in tokens) if tokens and all(t.type == "ident" for t in tokens) else None


def _font_faces(rules: list[Any], depth: int) -> Iterator[Any]:
    """Yield every @font-face rule, also inside @media, @supports and other grouping rules."""
    import tinycss2

    for rule in rules:
        keyword = getattr(rule, "lower_at_keyword", None)
        if rule.type != "at-rule" or rule.content is None:
            continue
        if keyword == "font-face":
            yield rule
        elif keyword in _GROUPS and depth < analysis.MAX_DEPTH:
            nested = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            yield from _font_faces(nested, depth + 1)


def _declarations(face: Any) -> Iterator[tuple[str, list[tuple[Any, list[str]]]]]:
    """Yield each declaration of an @font-face: its name, and its url() entries with their formats."""
    import tinycss2

    for declaration in tinycss2.parse_declaration_list(face.content, skip_comments=True, skip_whitespace=True):
        if declaration.type == "declaration":
            yield declaration.lower_name, [entry for entry in map(_entry, _split(declaration.value)) if entry]


def _split(tokens: list[Any]) -> Iterator[list[Any]]:
    """Split a src value at its top-level commas, dropping whitespace."""
    entry: list[Any] = []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            yield entry
            entry = []
        elif token.type not in ("whitespace", "comment"):
            entry.append(token)
    yield entry


def _entry(tokens: list[Any]) -> tuple[Any, list[str]] | None:
    """Return a src entry's url() token and the formats its format() names; None for local() and junk."""
    if not tokens or not _is_url(tokens[0]):
        return None
    formats = [
        argument.value.lower()
        for token in tokens[1:]
        if token.type == "function" and token.lower_name == "format"
        for argument in token.arguments
        if argument.type in ("string", "ident")
    ]
    return tokens[0], formats


def _is_url(token: Any) -> bool:
    return token.type == "url" or (token.type == "function" and token.lower_name in ("url", "src"))


def _first_supported(entries: list[tuple[Any, list[str]]]) -> str | None:
    """Return the URL of the first entry a current browser can use, as browsers choose it."""
    for token, formats in entries:
        url = token.value if token.type == "url" else _argument(token)
        if url is None:
            continue
        if formats:
            if any(name in SUPPORTED_FORMATS for name in formats):
                return url
        elif PurePosixPath(url.split("?")[0].split("#")[0].lower()).suffix not in _UNSUPPORTED_SUFFIXES:
            return url
    return None


def _argument(function: Any) -> str | None:
    """Return the string a `url("...")` function holds."""
    strings = [token.value for token in function.arguments if token.type == "string"]
    return str(strings[0]) if strings else None
