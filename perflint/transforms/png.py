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


def recompress(
    data: bytes,
    keep_icc: bool,
    exif: bytes | None,
    xmp: bytes | None,
    palette: bool = False,
    level: int = _OXIPNG_LEVEL,
) -> bytes:
    """Re-compress `data` with oxipng, keeping only rendering chunks (less iCCP unless kept), `exif` and `xmp`.

    oxipng searches filters and deflate settings and makes lossless reductions (palette,
    grey, 16 to 8 bits only where every sample allows it); it turns a standard sRGB profile
    into the short sRGB tag. Raise oxipng.PngError if it cannot read `data`. `palette`: `data`
    is a palette image made here, whose rows compress best unfiltered: oxipng then tries no
    other filter, a third of its time for the same size. `level` 0 suits a PNG oxipng has just
    compressed with every chunk kept (`perflint.transforms.lossless`): a fifth of the time of
    level 2 on such a file, for its chunks and the few trials it makes.
    """
    import oxipng

    keep = _RENDERING if keep_icc else _NO_ICC
    strip = oxipng.StripChunks.keep(keep)
    if palette:
        out: bytes = oxipng.optimize_from_memory(data, level=level, strip=strip, filter=[oxipng.RowFilter.NoOp])
    else:
        out = oxipng.optimize_from_memory(data, level=level, strip=strip)
    added = b""
    if exif is not None:
        added += _chunk(b"eXIf", exif.removeprefix(b"Exif\x00\x00"))
    if xmp is not None:  # uncompressed international text, no language: how XMP is stored in a PNG
        added += _chunk(b"iTXt", XMP_KEY.encode() + b"\x00\x00\x00\x00\x00" + xmp)
    if not added:
        return out
    if out[12:16] != b"IHDR":
        raise ValueError("oxipng wrote a PNG that does not start with IHDR")
    # Metadata chunks may go anywhere before IDAT; right after IHDR always is.
    return out[:_AFTER_IHDR] + added + out[_AFTER_IHDR:]


def _chunk(kind: bytes, payload: bytes) -> bytes:
    """Serialise one PNG chunk with its CRC."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
