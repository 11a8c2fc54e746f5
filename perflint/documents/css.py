"""The stylesheet document: decoded text, and the suppression comments in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from perflint.documents.source import SourceFile, Unreadable
from perflint.documents.text import Decoded, LineIndex, decode
from perflint.sizes import format_size
from perflint.suppression import Suppressions, parse_suppressions

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
MAX_ANALYSED_BYTES = 4 * 1024**2


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


def too_large(size: int) -> str | None:
    """Say why a stylesheet of `size` bytes is not analysed, or None when it is.

    Parsed CSS takes about 80 times its size in memory: a 20 MB stylesheet of a million rules
    took 2 GB and more than a minute. Real ones, frameworks' full builds included, stay far
    under the limit; over it is a generated or hostile file, far over any budget anyway.
    """
    if size <= MAX_ANALYSED_BYTES:
        return None
    return (
        f"the stylesheet is {format_size(size)}, more than the {format_size(MAX_ANALYSED_BYTES)} perflint analyses "
        "(even a framework's full build is far smaller); remove the rules no page uses, or split it"
    )


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
    """Read a stylesheet; Unreadable for one too large to analyse (see `too_large`)."""
    problem = too_large(size)
    if problem:
        raise Unreadable(problem)
    stream.seek(0)
    decoded = decode(stream.read())
    lines = LineIndex(decoded.text)
    suppressions = parse_suppressions(css_suppressions(decoded.text, lines), len(lines.starts))
    return CssDoc(source, size, decoded, (Stylesheet(decoded.text, 1, 1, False),), suppressions)
