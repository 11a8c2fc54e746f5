"""The stylesheet document: decoded text, and the suppression comments in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from perflint.documents.source import SourceFile
from perflint.documents.text import Decoded, LineIndex, decode
from perflint.suppression import Suppressions, parse_suppressions

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Stylesheet:
    """CSS text and where it starts in its file: a whole .css file, or a <style> block in a page."""

    text: str
    line: int
    column: int
    inline: bool


@dataclass(frozen=True)
class CssDoc:
    """A .css file."""

    source: SourceFile
    size: int
    decoded: Decoded
    stylesheets: tuple[Stylesheet, ...]
    suppressions: Suppressions


def css_suppressions(text: str, lines: LineIndex, first_line: int = 1) -> list[tuple[str, int, int]]:
    """Return the (comment, first line, last line) of each comment that mentions perflint."""
    found = []
    for match in _COMMENT.finditer(text):
        if "perflint-" in match.group():
            first, _ = lines.position(match.start())
            last, _ = lines.position(match.end() - 1)
            found.append((match.group(), first + first_line - 1, last + first_line - 1))
    return found


def load_css(source: SourceFile, stream: BinaryIO, size: int) -> CssDoc:
    """Read a stylesheet."""
    stream.seek(0)
    decoded = decode(stream.read())
    lines = LineIndex(decoded.text)
    suppressions = parse_suppressions(css_suppressions(decoded.text, lines), len(lines.starts))
    return CssDoc(source, size, decoded, (Stylesheet(decoded.text, 1, 1, False),), suppressions)
