"""GIF: walk every block to the trailer, since frames and extensions are only found in order."""

from __future__ import annotations

import struct

from perflint.images.info import Facts, ImageInfo, UnreadableImage, damaged
from perflint.images.source import Source

_MAX_BYTES = 64 << 20
_HEADER_BYTES = 13
_IMAGE, _EXTENSION, _TRAILER = 0x2C, 0x21, 0x3B
_GRAPHIC_CONTROL, _COMMENT, _APPLICATION = 0xF9, 0xFE, 0xFF
_APP_KINDS: dict[bytes, str | None] = {
    b"XMP DataXMP": "xmp",
    b"NETSCAPE2.0": None,
    b"ANIMEXTS1.0": None,
    b"ICCRGBG1012": "icc",
}


def probe_gif(src: Source) -> ImageInfo:
    """Read a GIF's screen size, then count frames and metadata up to its trailer."""
    head = src.header(_HEADER_BYTES)
    width, height, packed = struct.unpack_from("<HHB", head, 6)
    facts = Facts("gif", mode="P")
    facts.set_size(width, height)
    if src.size > _MAX_BYTES:
        raise UnreadableImage(f"it is a {src.size / 2**20:,.0f} MiB GIF; perflint reads GIFs up to 64 MiB")
    data = src.read(0, src.size)
    frames = 0
    pos = _HEADER_BYTES + _table_bytes(packed)
    while (block := _byte(src, data, pos)) != _TRAILER:
        if block == _IMAGE:
            pos = _image(src, data, pos)
            frames += 1
        elif block == _EXTENSION:
            pos = _extension(src, data, pos, facts)
        else:
            raise damaged(f"an unknown GIF block type at byte {pos:,}")
    if frames == 0:
        raise damaged("the GIF holds no image")
    facts.frames = frames
    return facts.freeze(src.size)


def _table_bytes(packed: int) -> int:
    """Return the size of the colour table a packed-fields byte announces."""
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _byte(src: Source, data: bytes, pos: int) -> int:
    """Return the byte at `pos`; a GIF that runs out before its trailer is cut off."""
    if pos >= len(data):
        raise src.cut_off()
    return data[pos]


def _sub_blocks(src: Source, data: bytes, pos: int) -> int:
    """Skip a chain of length-prefixed sub-blocks and return the offset after its terminator."""
    while (length := _byte(src, data, pos)) != 0:
        pos += 1 + length
    return pos + 1


def _image(src: Source, data: bytes, pos: int) -> int:
    """Skip an image descriptor, its local colour table and its compressed data."""
    packed = _byte(src, data, pos + 9)
    # The byte after the colour table is the LZW minimum code size.
    return _sub_blocks(src, data, pos + 10 + _table_bytes(packed) + 1)


def _extension(src: Source, data: bytes, pos: int, facts: Facts) -> int:
    """Note transparency and metadata from an extension block and return the offset after it."""
    label = _byte(src, data, pos + 1)
    end = _sub_blocks(src, data, pos + 2)
    first = data[pos + 3 : pos + 3 + data[pos + 2]]
    if label == _GRAPHIC_CONTROL and first[:1] and first[0] & 1:
        facts.has_alpha = True
    elif label == _COMMENT:
        facts.add("comment", end - pos)
    elif label == _APPLICATION:
        kind = _APP_KINDS.get(first, "other-app")
        if kind == "icc":
            facts.icc_bytes += end - pos
        elif kind is not None:
            facts.add(kind, end - pos)
    return end
