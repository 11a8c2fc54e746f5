"""PNG side of the lossless image fix: oxipng with an explicit list of chunks to keep."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

from perflint.transforms.rights import XMP_KEY

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_AFTER_IHDR = 33  # signature (8) + IHDR chunk (25)
_OXIPNG_LEVEL = 2  # the level lossless.optimize_losslessly measures with
# Ancillary chunks that can change how a browser shows the image; oxipng keeps the critical
# ones and tRNS on its own. Not StripChunks.safe(): it drops gAMA, cHRM and sBIT.
_RENDERING = (b"cICP", b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"mDCV", b"cLLI", b"sBIT", b"pHYs")
_NO_ICC = tuple(kind for kind in _RENDERING if kind != b"iCCP")


def chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Yield (type, payload) for each chunk up to IEND; raise ValueError on a broken layout."""
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a PNG")
    pos = len(_SIGNATURE)
    while pos + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        if pos + 12 + length > len(data):
            raise ValueError(f"the PNG chunk at byte {pos} runs past the end")
        yield kind, data[pos + 8 : pos + 8 + length]
        if kind == b"IEND":
            return
        pos += 12 + length


def find_exif(data: bytes) -> bytes | None:
    """Return the first eXIf chunk as "Exif\\0\\0" + TIFF, the form JPEG and Pillow use."""
    return next((b"Exif\x00\x00" + payload for kind, payload in chunks(data) if kind == b"eXIf"), None)


def is_animated(data: bytes) -> bool:
    """Return True for an APNG: an acTL chunk before the image data, whatever frame count it claims."""
    for kind, _ in chunks(data):
        if kind in (b"acTL", b"IDAT"):
            return kind == b"acTL"
    return False


def recompress(data: bytes, keep_icc: bool, exif: bytes | None, xmp: bytes | None, palette: bool = False) -> bytes:
    """Re-compress `data` with oxipng, keeping only rendering chunks (less iCCP unless kept), `exif` and `xmp`.

    oxipng searches filters and deflate settings and makes lossless reductions (palette,
    grey, 16 to 8 bits only where every sample allows it). Raise oxipng.PngError if it cannot
    read `data`. `palette`: `data` is a palette image made here, whose rows compress best
    unfiltered: oxipng then tries no other filter, a third of its time for the same size.
    """
    import oxipng

    strip = oxipng.StripChunks.keep(_kept(keep_icc))
    if palette:
        out: bytes = oxipng.optimize_from_memory(data, level=_OXIPNG_LEVEL, strip=strip, filter=[oxipng.RowFilter.NoOp])
    else:
        out = oxipng.optimize_from_memory(data, level=_OXIPNG_LEVEL, strip=strip)
    return _with_metadata(out, exif, xmp)


def stripped(data: bytes, keep_icc: bool, exif: bytes | None, xmp: bytes | None) -> bytes:
    """Return `data` with the chunks `recompress` keeps, then `exif` and `xmp`: the image data byte for byte.

    For a PNG oxipng has already re-compressed with every chunk (`perflint.transforms.lossless`).
    Raise ValueError on a broken layout.
    """
    kept = set(_kept(keep_icc)) | {b"tRNS"}  # oxipng keeps tRNS, a pixel chunk, whatever it strips
    parts = [_SIGNATURE]
    for kind, payload in chunks(data):
        if kind[:1].isupper() or kind in kept:  # an upper-case first letter: a critical chunk
            parts.append(_chunk(kind, payload))
    return _with_metadata(b"".join(parts), exif, xmp)


def _kept(keep_icc: bool) -> tuple[bytes, ...]:
    return _RENDERING if keep_icc else _NO_ICC


def _with_metadata(data: bytes, exif: bytes | None, xmp: bytes | None) -> bytes:
    """Add an eXIf chunk and an XMP iTXt chunk (either may be None) right after IHDR."""
    added = b""
    if exif is not None:
        added += _chunk(b"eXIf", exif.removeprefix(b"Exif\x00\x00"))
    if xmp is not None:  # uncompressed international text, no language: how XMP is stored in a PNG
        added += _chunk(b"iTXt", XMP_KEY.encode() + b"\x00\x00\x00\x00\x00" + xmp)
    if not added:
        return data
    if data[12:16] != b"IHDR":
        raise ValueError("the PNG does not start with IHDR")
    # Metadata chunks may go anywhere before IDAT; right after IHDR always is.
    return data[:_AFTER_IHDR] + added + data[_AFTER_IHDR:]


def _chunk(kind: bytes, payload: bytes) -> bytes:
    """Serialise one PNG chunk with its CRC."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
