"""Decode a text file the way a browser would, and map offsets to lines and columns."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read with, and whether it started with a byte order mark."""

    text: str
    encoding: str
    bom: bool


def decode(data: bytes, html: bool = False) -> Decoded:
    """Decode `data`: a BOM first, then UTF-8, then (HTML) a declared charset, then Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(encoding, errors="replace"), encoding, True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:1024]) if html else None
    if declared:
        try:
            name = codecs.lookup(declared.group(1).decode("ascii")).name
            return Decoded(data.decode(name, errors="replace"), name, False)
        except LookupError:
            pass
    # Windows-1252 maps every byte, as browsers do for undeclared legacy pages.
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", False)


def line_ending(text: str) -> str:
    """Return the line break `text` uses (its first one), LF for text of one line: what to write into it."""
    found = _LINE_BREAK.search(text)
    return found.group() if found else "\n"


def line_breaks(text: str) -> int:
    """Count the line breaks in `text`, CRLF, CR and LF each one, as editors do."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class LineIndex:
    """Turn character offsets into 1-based (line, column), as editors count them."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the line and column of `offset`."""
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
