"""WebP: walk the RIFF chunks, taking size from VP8X, VP8 or VP8L and counting ANMF frames."""

from __future__ import annotations

import struct

from perflint.images.exif import MAX_EXIF_READ, tally_exif
from perflint.images.info import Facts, ImageInfo, damaged
from perflint.images.source import Source

_HEADER_BYTES = 12
_VP8_START = b"\x9d\x01\x2a"
_VP8L_SIGNATURE = 0x2F
_ALPHA_FLAG = 0x10
_METADATA = {b"EXIF": "exif", b"XMP ": "xmp"}


def probe_webp(src: Source) -> ImageInfo:
    """Read a WebP's canvas, alpha, animation and metadata chunks."""
    (riff_size,) = struct.unpack_from("<I", src.header(_HEADER_BYTES), 4)
    end = riff_size + 8
    if end > src.size:
        raise src.cut_off()
    facts = Facts("webp", frames=0)
    pos = _HEADER_BYTES
    while pos + 8 <= end:
        kind, length = struct.unpack("<4sI", src.read(pos, 8))
        if pos + 8 + length > end:
            raise src.cut_off()
        _chunk(src, facts, kind, pos + 8, length)
        # Chunks are padded to an even size.
        pos += 8 + length + (length & 1)
    if facts.width is None:
        raise damaged("the WebP holds no image")
    facts.frames = max(1, facts.frames)
    facts.mode = "RGBA" if facts.has_alpha else "RGB"
    return facts.freeze(src.size)


def _chunk(src: Source, facts: Facts, kind: bytes, start: int, length: int) -> None:
    """Take what one chunk tells about size, alpha, frames or metadata."""
    if kind == b"VP8X":
        _extended(src.read(start, 10) if length >= 10 else b"", facts)
    elif kind == b"VP8 " and facts.width is None:
        _lossy(src.read(start, min(length, 10)), facts)
    elif kind == b"VP8L" and facts.width is None:
        _lossless(src.read(start, min(length, 5)), facts)
    elif kind == b"ALPH":
        facts.has_alpha = True
    elif kind == b"ANMF":
        facts.frames += 1
    elif kind == b"ICCP":
        facts.icc_bytes += length
    elif kind == b"EXIF":
        tally_exif(facts, src.read(start, min(length, MAX_EXIF_READ)), length)
    elif kind in _METADATA:
        facts.add(_METADATA[kind], length)


def _extended(payload: bytes, facts: Facts) -> None:
    """Take the canvas size and alpha flag from a VP8X header."""
    if len(payload) < 10:
        raise damaged("its WebP extended header is too short")
    facts.has_alpha = facts.has_alpha or bool(payload[0] & _ALPHA_FLAG)
    width = 1 + int.from_bytes(payload[4:7], "little")
    height = 1 + int.from_bytes(payload[7:10], "little")
    facts.set_size(width, height)


def _lossy(payload: bytes, facts: Facts) -> None:
    """Take the size from a VP8 key frame header."""
    if len(payload) < 10 or payload[3:6] != _VP8_START:
        raise damaged("its WebP lossy frame header is invalid")
    width, height = struct.unpack_from("<HH", payload, 6)
    facts.set_size(width & 0x3FFF, height & 0x3FFF)


def _lossless(payload: bytes, facts: Facts) -> None:
    """Take the size and alpha hint from a VP8L header."""
    if len(payload) < 5 or payload[0] != _VP8L_SIGNATURE:
        raise damaged("its WebP lossless header is invalid")
    (bits,) = struct.unpack_from("<I", payload, 1)
    facts.has_alpha = facts.has_alpha or bool(bits >> 28 & 1)
    facts.set_size((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1)
