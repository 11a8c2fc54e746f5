"""PNG and APNG: read IHDR, then walk the chunks to IEND by seeking over their data."""

from __future__ import annotations

import struct
import zlib

from perflint.images.exif import MAX_EXIF_READ, tally_exif
from perflint.images.info import Facts, ImageInfo, damaged
from perflint.images.source import Source

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR = b"\x00\x00\x00\x0dIHDR"
_HEADER_BYTES = 33
_MAX_CHUNK = 2**31 - 1
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_MODES = {0: "L", 2: "RGB", 3: "P", 4: "LA", 6: "RGBA"}
_GREY_MODES = {1: "1", 16: "I;16"}
ALPHA_COLOURS = (4, 6)
_PIXEL_CHUNKS = (b"IDAT", b"fdAT")
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
_XMP_KEYWORD = b"XML:com.adobe.xmp"
_KEYWORD_BYTES = 80
_PROFILE_READ = 1024**2  # compressed bytes of a colour profile read to measure it; real ones are far smaller
_MAX_PROFILE = 16 * 1024**2  # unpacked: the largest real ICC profiles (printers') are a few MB


def probe_png(src: Source) -> ImageInfo:
    """Read a PNG's header, metadata chunks and compressed data size, up to IEND."""
    facts = _header(src.header(_HEADER_BYTES))
    pixel_bytes = 0
    pos = _HEADER_BYTES
    while True:
        length, kind = _chunk_header(src, pos)
        if kind == b"IEND":
            break
        if kind in _PIXEL_CHUNKS:
            pixel_bytes += length
        else:
            _chunk(src, facts, kind, pos + 8, length)
        pos += 12 + length
    facts.pixel_bytes = pixel_bytes
    return facts.freeze(src.size)


def _header(head: bytes) -> Facts:
    """Read size, colour type and bit depth from IHDR, which must come first and be intact."""
    if head[8:16] != _IHDR:
        raise damaged("its PNG header chunk is missing or malformed")
    if zlib.crc32(head[12:29]) != struct.unpack_from(">I", head, 29)[0]:
        raise damaged("its PNG header chunk (IHDR) fails its checksum, so browsers show a broken image")
    width, height, depth, colour = struct.unpack_from(">IIBB", head, 16)
    mode = png_mode(colour, depth)
    if mode is None:
        raise damaged(f"its PNG header declares colour type {colour} at {depth} bits")
    facts = Facts("png", mode=mode, has_alpha=colour in ALPHA_COLOURS, bit_depth=depth)
    facts.set_size(width, height)
    return facts


def png_mode(colour: int, depth: int) -> str | None:
    """Map an IHDR colour type and bit depth to Pillow's mode; None for an invalid pair."""
    if depth not in _DEPTHS.get(colour, ()):
        return None
    return _GREY_MODES.get(depth, "L") if colour == 0 else _MODES[colour]


def _chunk_header(src: Source, pos: int) -> tuple[int, bytes]:
    """Return the length and type of the chunk at `pos`, refusing ones that cannot be."""
    length, kind = struct.unpack(">I4s", src.read(pos, 8))
    if length > _MAX_CHUNK or not kind.isalpha():
        raise damaged(f"the PNG chunk at byte {pos:,} has an invalid type or length")
    if pos + 12 + length > src.size:
        raise src.cut_off()
    return length, kind


def _chunk(src: Source, facts: Facts, kind: bytes, start: int, length: int) -> None:
    """Take what one ancillary chunk tells about animation, alpha or metadata."""
    if kind == b"acTL" and length >= 8:
        (frames,) = src.unpack(">I", start)
        facts.frames = max(1, frames)
    elif kind == b"tRNS":
        facts.has_alpha = True
    elif kind == b"iCCP":
        facts.icc_bytes += length
        _refuse_profile_bomb(src.read(start, min(length, _PROFILE_READ)))
    elif kind == b"eXIf":
        tally_exif(facts, src.read(start, min(length, MAX_EXIF_READ)), length)
    elif kind in _TEXT_CHUNKS:
        keyword = src.read(start, min(length, _KEYWORD_BYTES)).partition(b"\x00")[0]
        facts.add("xmp" if keyword == _XMP_KEYWORD else "text", length)


def _refuse_profile_bomb(payload: bytes) -> None:
    """Raise when a colour profile unpacks to more than any real one: a decompression bomb, which image tools
    and importers further down the pipeline would unpack. Unpacked only that far, never all of it."""
    _, _, compressed = payload.partition(b"\x00")  # after the profile's name
    try:
        unpacked = zlib.decompressobj().decompress(compressed[1:], _MAX_PROFILE + 1)  # after the method byte
    except zlib.error:
        return  # a damaged profile: browsers ignore it, and so does this check
    if len(unpacked) > _MAX_PROFILE:
        raise damaged(
            f"its colour profile (iCCP) unpacks to over {_MAX_PROFILE // 1024**2} MiB, where real ones take a few "
            "MiB at most: a decompression bomb; re-export the image"
        )
