"""Bounded reads from a seekable file, so a declared length can never force a huge read."""

from __future__ import annotations

import struct
from typing import BinaryIO

from perflint.images.info import UnreadableImage, cut_off

_SCAN_CHUNK = 1 << 20


class Source:
    """A seekable binary file of known size, read only in pieces the size allows."""

    def __init__(self, f: BinaryIO, size: int, end: str) -> None:
        self._f = f
        self.size = size
        self._end = end

    def cut_off(self) -> UnreadableImage:
        """Build the error for a file that ends before its format's end."""
        return cut_off(self._end)

    def read(self, offset: int, length: int) -> bytes:
        """Return exactly `length` bytes at `offset`; running out means the file is cut off."""
        if offset < 0 or length < 0 or offset + length > self.size:
            raise self.cut_off()
        self._f.seek(offset)
        data = self._f.read(length)
        if len(data) != length:
            raise self.cut_off()
        return data

    def read_upto(self, offset: int, length: int) -> bytes:
        """Return up to `length` bytes at `offset`, fewer where the file ends."""
        return self.read(offset, max(0, min(length, self.size - offset)))

    def unpack(self, fmt: str, offset: int) -> tuple[int, ...]:
        """Read and unpack one fixed-size struct at `offset`."""
        return struct.unpack(fmt, self.read(offset, struct.calcsize(fmt)))

    def header(self, length: int) -> bytes:
        """Return the first `length` bytes, which every valid file of the format has."""
        if self.size < length:
            raise UnreadableImage("the file ends before its header is complete")
        return self.read(0, length)

    def find(self, needle: bytes, start: int) -> int:
        """Return the offset of `needle` at or after `start`, scanning in bounded chunks."""
        overlap = len(needle) - 1
        pos = start
        while pos < self.size:
            chunk = self.read_upto(pos, _SCAN_CHUNK)
            hit = chunk.find(needle)
            if hit >= 0:
                return pos + hit
            if pos + len(chunk) >= self.size:
                return -1
            pos += len(chunk) - overlap
        return -1
