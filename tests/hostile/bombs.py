"""Small image and archive files that declare, or inflate to, far more than they hold.

Each builder returns the bytes of one file. None of them allocates what its file declares: the
inflating ones deflate a run of one byte piece by piece, so a 256 MiB bomb costs a few hundred
kilobytes of memory and well under a second to make.
"""

from __future__ import annotations

import functools
import random
import struct
import zlib

from tests.imagefactory import (
    apng_bytes,
    bmp_bytes,
    flat,
    gif_bytes,
    heif_bytes,
    ico_bytes,
    jpeg_bytes,
    photo,
    png_bytes,
    png_chunk,
    psd_bytes,
    srgb_icc,
    tiff_bytes,
    webp_bytes,
)

MIB = 1 << 20
BOMB_BYTES = 256 * MIB  # what each inflating bomb expands to
GIF_FRAMES = 5000
_PNG_AFTER_IHDR = 33  # signature (8) + IHDR chunk (25)
_ZLIB, _GZIP = zlib.MAX_WBITS, zlib.MAX_WBITS | 16


@functools.lru_cache(maxsize=8)
def deflated_run(size: int, byte: int = 0, wbits: int = _ZLIB, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """Compress `prefix`, `size` copies of `byte` and `suffix` without ever holding the run in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = bytes([byte]) * MIB
    parts = [compressor.compress(prefix)]
    parts.extend(compressor.compress(block) for _ in range(size // MIB))
    parts.append(compressor.compress(block[: size % MIB] + suffix))
    parts.append(compressor.flush())
    return b"".join(parts)


def _small_png() -> bytes:
    """A valid 8 x 8 PNG to hide a bomb chunk in."""
    return png_bytes(flat(8, 8))


def _with_chunk(png: bytes, kind: bytes, payload: bytes) -> bytes:
    """Insert a chunk right after IHDR, where metadata chunks usually sit."""
    return png[:_PNG_AFTER_IHDR] + png_chunk(kind, payload) + png[_PNG_AFTER_IHDR:]


def png_ztxt_bomb() -> bytes:
    """A PNG whose zTXt comment inflates to 256 MiB."""
    return _with_chunk(_small_png(), b"zTXt", b"Comment\x00\x00" + deflated_run(BOMB_BYTES, ord("A")))


def png_itxt_bomb() -> bytes:
    """A PNG whose compressed iTXt (the XMP keyword) inflates to 256 MiB."""
    payload = b"XML:com.adobe.xmp\x00\x01\x00\x00\x00" + deflated_run(BOMB_BYTES, ord("A"))
    return _with_chunk(_small_png(), b"iTXt", payload)


def png_iccp_bomb() -> bytes:
    """A PNG whose ICC profile inflates to 256 MiB of zeros."""
    return _with_chunk(_small_png(), b"iCCP", b"bomb\x00\x00" + deflated_run(BOMB_BYTES))


def png_huge_dimensions() -> bytes:
    """A PNG declaring 100,000 x 100,000 pixels (10 gigapixels) over a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(bytes(64))) + _iend()


def png_pixel_flood() -> bytes:
    """A real 10,000 x 10,000 RGBA PNG of zeros: under the megapixel limit, 400 MB once decoded."""
    side = 10_000
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    idat = deflated_run(side * (1 + 4 * side))  # each row: filter byte 0, then its pixels
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + _iend()


def _iend() -> bytes:
    return png_chunk(b"IEND", b"")


def jpeg_huge_dimensions() -> bytes:
    """A JPEG whose frame header declares 65,500 x 65,500 pixels over 16 x 16 of data."""
    data = bytearray(jpeg_bytes(flat(16, 16)))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 65_500, 65_500)
    return bytes(data)


def gif_huge_dimensions() -> bytes:
    """A GIF whose logical screen is 65,535 x 65,535 pixels."""
    data = bytearray(gif_bytes([flat(4, 4)]))
    struct.pack_into("<HH", data, 6, 65_535, 65_535)
    return bytes(data)


def gif_many_frames(frames: int = GIF_FRAMES) -> bytes:
    """A 1000 x 1000 GIF of thousands of 1 x 1 frames: tiny on disk, huge if every frame is composited."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 1000, 1000, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    loop = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    body = bytearray()
    for index in range(frames):
        control = b"\x21\xf9\x04\x00\x01\x00\x00\x00"  # 10 ms, no disposal
        x, y = index % 1000, (index * 7) % 1000
        descriptor = b"\x2c" + struct.pack("<HHHHB", x, y, 1, 1, 0)
        body += control + descriptor + bytes([2, 2, 0x44 if index % 2 else 0x4C, 0x01, 0])
    return screen + loop + bytes(body) + b"\x3b"


def webp_huge_canvas() -> bytes:
    """A WebP whose VP8X header declares a 16,384 x 16,384 canvas over a 4 x 4 image."""
    still = webp_bytes(flat(4, 4), lossless=True)
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00" + (16_383).to_bytes(3, "little") * 2
    body = b"WEBP" + vp8x + still[12:]
    return b"RIFF" + struct.pack("<I", len(body)) + body


def webp_lossless_huge() -> bytes:
    """A lossless WebP whose VP8L header declares 16,384 x 16,384 pixels."""
    data = bytearray(webp_bytes(flat(4, 4), lossless=True))
    start = data.index(b"VP8L") + 8
    bits = struct.unpack_from("<I", data, start + 1)[0]
    bits = (bits & ~0x0FFFFFFF) | 16_383 | (16_383 << 14)
    struct.pack_into("<I", data, start + 1, bits)
    return bytes(data)


def tiff_huge_dimensions() -> bytes:
    """A grey TIFF whose first directory declares 100,000 x 100,000 pixels."""
    entries = [(256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8), (262, 3, 1, 1), (273, 4, 1, 8)]
    ifd = struct.pack("<H", len(entries))
    ifd += b"".join(struct.pack("<HHII", tag, kind, count, value) for tag, kind, count, value in entries)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + bytes(16)


def bmp_huge_dimensions() -> bytes:
    """A BMP info header declaring 100,000 x 100,000 pixels, stored top-down."""
    header = struct.pack("<IiiHHIIiiII", 40, 100_000, -100_000, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + 16, 0, 0, 14 + len(header)) + header + bytes(16)


def psd_huge_dimensions() -> bytes:
    """A Photoshop header declaring 30,000 x 30,000 pixels (PSD's own maximum) over no pixel data."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 30_000, 30_000, 8, 3)
    return header + struct.pack(">III", 0, 0, 0) + b"\x00\x00" + bytes(64)


def heif_huge_dimensions(brand: bytes = b"heic") -> bytes:
    """A HEIF (or, with brand avif, AVIF) whose ispe property declares 100,000 x 100,000 pixels."""
    return heif_bytes(100_000, 100_000, brand=brand)


def ico_with_png_bomb() -> bytes:
    """An icon whose directory says 16 x 16 but whose embedded PNG declares 100,000 x 100,000."""
    embedded = png_huge_dimensions()
    directory = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(embedded), 22)
    return directory + embedded


def svgz_gzip_bomb() -> bytes:
    """A gzipped SVG (.svgz) that inflates to 256 MiB of spaces."""
    head, tail = b'<svg xmlns="http://www.w3.org/2000/svg">', b"</svg>\n"
    return deflated_run(BOMB_BYTES, ord(" "), _GZIP, head, tail)


def svg_billion_laughs(levels: int = 10) -> bytes:
    """An SVG whose internal DTD expands one entity to 10**levels copies of "lol"."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n  '
        + "\n  ".join(entities)
        + f'\n]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&lol{levels - 1};</text></svg>\n'
    ).encode()


def svg_quadratic_blowup() -> bytes:
    """An SVG repeating one 100 KB entity 10,000 times: the attack that needs no nesting."""
    big = "x" * 100_000
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "{big}">]>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg"><text>{"&a;" * 10_000}</text></svg>\n'
    ).encode()


def svg_external_entity(target: str) -> bytes:
    """An SVG whose DTD pulls in a file by a file: URL (XXE)."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{target}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>\n'
    ).encode()


def svg_deep_nesting(depth: int = 10_000) -> bytes:
    """An SVG of 10,000 nested groups."""
    return ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * depth + "</g>" * depth + "</svg>\n").encode()


def mutation_seeds() -> dict[str, bytes]:
    """One small valid file per image format perflint reads, with metadata for its walkers to parse."""
    icc = srgb_icc()
    return {
        "png": png_bytes(photo(64, 48), text={"Comment": "hello"}, icc=icc),
        "jpg": jpeg_bytes(photo(64, 48), gps=True, icc=icc, comment=b"hello"),
        "gif": gif_bytes([flat(16, 16), flat(16, 16, (0, 0, 255))], comment=b"hello"),
        "webp": webp_bytes(photo(64, 48), icc=icc),
        "tif": tiff_bytes(flat(16, 16)),
        "ico": ico_bytes(((16, 16),)),
        "bmp": bmp_bytes(flat(8, 8)),
        "avif": heif_bytes(32, 32, brand=b"avif"),
        "psd": psd_bytes(8, 8),
        "apng": apng_bytes([flat(8, 8), flat(8, 8, (0, 255, 0))]),
    }


def mutated(data: bytes, rng: random.Random) -> bytes:
    """Overwrite a few bytes, mostly in the header where the walkers read lengths and offsets; maybe truncate."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        span = 200 if rng.random() < 0.8 else len(out)
        out[rng.randrange(min(len(out), span))] = rng.randrange(256)
    return bytes(out[: rng.randrange(1, len(out))] if rng.random() < 0.2 else out)
