"""Formats whose facts sit in a fixed header or one directory: SVG, ICO, BMP, TIFF, PSD."""

from __future__ import annotations

import struct

from perflint.images.exif import GPS_IFD, Entry, byte_order, has_gps, ifd_entries
from perflint.images.info import Facts, ImageInfo, damaged
from perflint.images.png import ALPHA_COLOURS as PNG_ALPHA_COLOURS
from perflint.images.png import SIGNATURE as PNG_SIGNATURE
from perflint.images.png import png_mode
from perflint.images.source import Source

_PNG_IHDR_END = 26
_BMP_CORE_HEADER, _BMP_INFO_HEADER = 12, 40
_BMP_MODES = {16: "RGB", 24: "RGB", 32: "RGB"}
_TIFF_WIDTH, _TIFF_HEIGHT, _TIFF_BITS, _TIFF_PHOTOMETRIC = 256, 257, 258, 262
_TIFF_SAMPLES, _TIFF_EXTRA_SAMPLES = 277, 338
_TIFF_METADATA = {700: "xmp", 33723: "iptc"}
_TIFF_ICC = 34675
_TIFF_GREY_MODES = {1: "1", 16: "I;16"}
_TIFF_MODES = {(2, 3): "RGB", (2, 4): "RGBA", (3, 1): "P", (5, 4): "CMYK", (6, 3): "RGB"}
_PSD_COLOUR_CHANNELS = {0: 1, 1: 1, 2: 1, 3: 3, 4: 4}
_PSD_MODES = {
    (0, False): "1",
    (1, False): "L",
    (1, True): "LA",
    (2, False): "P",
    (3, False): "RGB",
    (3, True): "RGBA",
    (4, False): "CMYK",
}


def probe_svg(src: Source) -> ImageInfo:
    """Report an SVG: vector, so it has no pixel size to read."""
    return Facts("svg").freeze(src.size)


def probe_ico(src: Source) -> ImageInfo:
    """Report the largest image in an ICO directory; a 0 size byte means 256."""
    (count,) = struct.unpack_from("<H", src.header(6), 4)
    directory = src.read(6, 16 * count)
    entries = []
    for pos in range(0, len(directory), 16):
        width, height = directory[pos] or 256, directory[pos + 1] or 256
        length, offset = struct.unpack_from("<II", directory, pos + 8)
        if offset + length > src.size:
            raise src.cut_off()
        entries.append((width * height, width, height, offset, length))
    if not entries:
        raise damaged("the icon holds no image")
    _area, width, height, offset, length = max(entries)
    facts = _ico_entry(src.read(offset, min(length, _PNG_IHDR_END)))
    facts.set_size(width, height)
    return facts.freeze(src.size)


def _ico_entry(head: bytes) -> Facts:
    """Take the colour mode of an icon image: a PNG says in its IHDR; a bitmap has a mask."""
    if head.startswith(PNG_SIGNATURE) and len(head) >= _PNG_IHDR_END:
        return Facts("ico", mode=png_mode(head[25], head[24]), has_alpha=head[25] in PNG_ALPHA_COLOURS)
    return Facts("ico", mode="RGBA", has_alpha=True)


def probe_bmp(src: Source) -> ImageInfo:
    """Read a BMP's size and bits per pixel from its info header."""
    head = src.header(26)
    (dib,) = struct.unpack_from("<I", head, 14)
    if dib == _BMP_CORE_HEADER:
        width, height, _planes, bits = struct.unpack_from("<HHHH", head, 18)
    elif dib < _BMP_INFO_HEADER:
        raise damaged(f"its BMP header declares an unknown header size of {dib} bytes")
    else:
        width, height, _planes, bits = struct.unpack_from("<iiHH", src.header(30), 18)
    # Palette bitmaps open as "1", "L" or "P" depending on palette contents, hence no mode.
    facts = Facts("bmp", mode=_BMP_MODES.get(bits))
    # A negative height means the rows are stored top-down.
    facts.set_size(width, abs(height))
    return facts.freeze(src.size)


def probe_tiff(src: Source) -> ImageInfo:
    """Read size, colour mode, embedded metadata sizes and GPS from a TIFF's first IFD."""
    head = src.header(8)
    order = byte_order(head)
    if order is None:
        raise damaged("its TIFF header is invalid")
    (first,) = struct.unpack_from(order + "I", head, 4)
    entries = _file_ifd(src, first, order)
    if _TIFF_WIDTH not in entries or _TIFF_HEIGHT not in entries:
        raise damaged("the TIFF declares no image size")
    facts = Facts("tiff", mode=_tiff_mode(entries), has_alpha=_TIFF_EXTRA_SAMPLES in entries)
    facts.set_size(entries[_TIFF_WIDTH].value, entries[_TIFF_HEIGHT].value)
    facts.icc_bytes = entries[_TIFF_ICC].nbytes if _TIFF_ICC in entries else 0
    for tag, kind in _TIFF_METADATA.items():
        facts.add(kind, entries[tag].nbytes if tag in entries else 0)
    if GPS_IFD in entries:
        facts.gps = has_gps(entries, _file_ifd(src, entries[GPS_IFD].value, order))
    return facts.freeze(src.size)


def _file_ifd(src: Source, offset: int, order: str) -> dict[int, Entry]:
    """Read one IFD straight from the file; its entry count bounds the read."""
    (count,) = src.unpack(order + "H", offset)
    return ifd_entries(src.read(offset, 2 + 12 * count), 0, order)[0]


def _tiff_mode(entries: dict[int, Entry]) -> str | None:
    """Map photometric interpretation and samples per pixel to a Pillow mode."""
    photometric = entries[_TIFF_PHOTOMETRIC].value if _TIFF_PHOTOMETRIC in entries else -1
    samples = entries[_TIFF_SAMPLES].value if _TIFF_SAMPLES in entries else 1
    bits = entries.get(_TIFF_BITS)
    if photometric in (0, 1):
        if samples == 2:
            return "LA"
        if bits is None:
            # BitsPerSample defaults to 1: bilevel writers often leave it out.
            return "1"
        return _TIFF_GREY_MODES.get(bits.value, "L") if bits.count == 1 else "L"
    return _TIFF_MODES.get((photometric, samples))


def probe_psd(src: Source) -> ImageInfo:
    """Read a Photoshop file's size and colour mode from its fixed header."""
    channels, height, width, _depth, colour = struct.unpack_from(">HIIHH", src.header(26), 12)
    # Channels beyond the colour model's own are alpha or spot channels.
    extra = channels > _PSD_COLOUR_CHANNELS.get(colour, channels)
    facts = Facts("psd", mode=_PSD_MODES.get((colour, extra)), has_alpha=extra)
    facts.set_size(width, height)
    return facts.freeze(src.size)
