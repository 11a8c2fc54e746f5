"""AVIF and HEIF: walk the ISOBMFF boxes and read the item properties in meta/iprp/ipco."""

from __future__ import annotations

import struct
from collections.abc import Iterator

from perflint.images.info import Facts, ImageInfo, damaged
from perflint.images.source import Source

_HEADER_BYTES = 16
_FULL_BOX = 4
_ICC_COLOURS = (b"prof", b"rICC")
_ALPHA_URNS = (b"urn:mpeg:mpegB:cicp:systems:auxiliary:alpha", b"urn:mpeg:hevc:2015:auxid:1")
_URN_BYTES = 64
_MODES = {1: "L", 3: "RGB"}

Box = tuple[bytes, int, int]


def probe_isobmff(src: Source, fmt: str) -> ImageInfo:
    """Read the largest declared image size, alpha and ICC profile of an AVIF or HEIF file."""
    src.header(_HEADER_BYTES)
    facts = Facts(fmt)
    for kind, start, stop in _boxes(src, 0, src.size):
        if kind == b"meta":
            ipco = _descend(src, (start + _FULL_BOX, stop), (b"iprp", b"ipco"))
            if ipco is not None:
                _properties(src, facts, *ipco)
    return facts.freeze(src.size)


def _boxes(src: Source, start: int, end: int) -> Iterator[Box]:
    """Yield (type, payload start, payload end) for each box between `start` and `end`."""
    pos = start
    while pos + 8 <= end:
        size, kind = struct.unpack(">I4s", src.read(pos, 8))
        header = 8
        if size == 1:
            (size,) = src.unpack(">Q", pos + 8)
            header = 16
        elif size == 0:
            size = end - pos
        if size < header:
            raise damaged(f"a box at byte {pos:,} declares an impossible size")
        if pos + size > end:
            raise src.cut_off()
        yield kind, pos + header, pos + size
        pos += size


def _descend(src: Source, span: tuple[int, int], path: tuple[bytes, ...]) -> tuple[int, int] | None:
    """Follow a fixed path of child boxes; a fixed path cannot recurse without bound."""
    for name in path:
        found = next(((s, e) for kind, s, e in _boxes(src, *span) if kind == name), None)
        if found is None:
            return None
        span = found
    return span


def _properties(src: Source, facts: Facts, start: int, end: int) -> None:
    """Take size, ICC profile, alpha and channel count from the item properties."""
    largest: tuple[int, int] | None = None
    channels = 0
    for kind, s, e in _boxes(src, start, end):
        if kind == b"ispe" and e - s >= 12:
            _version_and_flags, width, height = src.unpack(">III", s)
            if largest is None or width * height > largest[0] * largest[1]:
                largest = width, height
        elif kind == b"colr" and e - s >= 4 and src.read(s, 4) in _ICC_COLOURS:
            facts.icc_bytes = max(facts.icc_bytes, e - s - 4)
        elif kind == b"auxC" and e - s > _FULL_BOX:
            urn = src.read(s + _FULL_BOX, min(e - s - _FULL_BOX, _URN_BYTES))
            facts.has_alpha = facts.has_alpha or urn.startswith(_ALPHA_URNS)
        elif kind == b"pixi" and e - s > _FULL_BOX:
            channels = max(channels, src.read(s + _FULL_BOX, 1)[0])
    if largest is not None:
        facts.set_size(*largest)
    mode = _MODES.get(channels)
    facts.mode = mode + "A" if mode and facts.has_alpha else mode
