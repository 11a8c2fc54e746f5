from __future__ import annotations

import dataclasses
import io
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from perflint.images.exif import exif_facts
from perflint.images.probe import MAX_PIXELS, ImageInfo, UnreadableImage, probe
from perflint.images.sniff import sniff
from tests import imagefactory as f

Make = Callable[[], bytes]
ROOT = Path(__file__).resolve().parents[2]


def probe_bytes(data: bytes, fmt: str | None = None) -> ImageInfo:
    """Sniff and probe in-memory image bytes the way the linter probes a file."""
    fmt = fmt or sniff(data[:512])
    assert fmt is not None
    return probe(io.BytesIO(data), len(data), fmt)


def reason(data: bytes, fmt: str | None = None) -> str:
    """Return the UnreadableImage reason for `data`, failing if it probes fine."""
    with pytest.raises(UnreadableImage) as excinfo:
        probe_bytes(data, fmt)
    return str(excinfo.value)


def segment(marker: int, payload: bytes) -> bytes:
    """Serialise one JPEG marker segment."""
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def after_soi(jpeg: bytes, *segments: bytes) -> bytes:
    """Insert hand-made segments right after a JPEG's SOI."""
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def tiff_ifd(order: str, entries: list[tuple[int, int, int, int]], next_ifd: int) -> bytes:
    """Serialise one IFD of (tag, type, count, value) entries."""
    body = b"".join(struct.pack(order + "HHII", *entry) for entry in entries)
    return struct.pack(order + "H", len(entries)) + body + struct.pack(order + "I", next_ifd)


def gps_exif_little_endian() -> bytes:
    """Build a little-endian EXIF block whose GPS IFD holds a latitude and a longitude."""
    ifd0 = tiff_ifd("<", [(0x8825, 4, 1, 26)], 0)
    gps = tiff_ifd("<", [(2, 5, 3, 100), (4, 5, 3, 124)], 0)
    return b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + ifd0 + gps + b"\x00" * 48


def looping_exif(order: str) -> bytes:
    """Build EXIF whose IFD0 names itself as both its GPS IFD and its successor."""
    head = (b"II*\x00" if order == "<" else b"MM\x00*") + struct.pack(order + "I", 8)
    return b"Exif\x00\x00" + head + tiff_ifd(order, [(0x8825, 4, 1, 8)], 8)


def webp_chunks(*chunks: tuple[bytes, bytes]) -> bytes:
    """Serialise a RIFF WebP from (fourcc, payload) chunks."""
    body = b"".join(kind + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2) for kind, data in chunks)
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


def distinct(n: int, mode: str = "RGB") -> list[Image.Image]:
    """Return `n` clearly different frames; encoders merge frames that look alike."""
    return [f.photo(40, 30, seed).convert(mode) for seed in range(n)]


def alpha(width: int, height: int) -> Image.Image:
    """Return a half-transparent flat RGBA image."""
    return f.flat(width, height, (10, 120, 200, 100), mode="RGBA")


def p_with_trns() -> bytes:
    image = f.flat(20, 10, mode="P")
    image.info["transparency"] = 0
    return f.png_bytes(image)


SHAPES: list[object] = [
    pytest.param(lambda: f.jpeg_bytes(f.photo(320, 200)), ("jpeg", 320, 200, 1, "RGB", False), id="jpeg"),
    pytest.param(
        lambda: f.jpeg_bytes(f.photo(33, 17), progressive=True), ("jpeg", 33, 17, 1, "RGB", False), id="jpeg-prog"
    ),
    pytest.param(lambda: f.jpeg_bytes(f.flat(20, 10, mode="L")), ("jpeg", 20, 10, 1, "L", False), id="jpeg-grey"),
    pytest.param(lambda: f.jpeg_bytes(f.flat(20, 10, mode="CMYK")), ("jpeg", 20, 10, 1, "CMYK", False), id="jpeg-cmyk"),
    pytest.param(lambda: f.png_bytes(f.photo(64, 48)), ("png", 64, 48, 1, "RGB", False), id="png-rgb"),
    pytest.param(lambda: f.png_bytes(alpha(20, 10)), ("png", 20, 10, 1, "RGBA", True), id="png-rgba"),
    pytest.param(lambda: f.png_bytes(f.flat(20, 10, mode="P")), ("png", 20, 10, 1, "P", False), id="png-p"),
    pytest.param(p_with_trns, ("png", 20, 10, 1, "P", True), id="png-p-trns"),
    pytest.param(lambda: f.png_bytes(f.flat(20, 10, mode="L")), ("png", 20, 10, 1, "L", False), id="png-l"),
    pytest.param(lambda: f.png_bytes(f.flat(20, 10, mode="LA")), ("png", 20, 10, 1, "LA", True), id="png-la"),
    pytest.param(lambda: f.png_bytes(f.flat(20, 10, mode="1")), ("png", 20, 10, 1, "1", False), id="png-1bit"),
    pytest.param(lambda: f.png_bytes(f.flat(20, 10, mode="I;16")), ("png", 20, 10, 1, "I;16", False), id="png-16"),
    pytest.param(lambda: f.apng_bytes(distinct(3)), ("png", 40, 30, 3, "RGB", False), id="apng"),
    pytest.param(lambda: f.gif_bytes(distinct(1, "P")), ("gif", 40, 30, 1, "P", False), id="gif"),
    pytest.param(
        lambda: f.gif_bytes(distinct(3, "P"), transparency=0), ("gif", 40, 30, 3, "P", True), id="gif-anim-alpha"
    ),
    pytest.param(lambda: f.webp_bytes(f.photo(50, 40)), ("webp", 50, 40, 1, "RGB", False), id="webp-lossy"),
    pytest.param(lambda: f.webp_bytes(alpha(50, 40)), ("webp", 50, 40, 1, "RGBA", True), id="webp-lossy-alpha"),
    pytest.param(
        lambda: f.webp_bytes(f.photo(50, 40), lossless=True), ("webp", 50, 40, 1, "RGB", False), id="webp-lossless"
    ),
    pytest.param(
        lambda: f.webp_bytes(alpha(50, 40), lossless=True), ("webp", 50, 40, 1, "RGBA", True), id="webp-ll-alpha"
    ),
    pytest.param(lambda: f.webp_bytes(distinct(3)), ("webp", 40, 30, 3, "RGB", False), id="webp-anim"),
    pytest.param(lambda: f.avif_bytes(f.photo(50, 40)), ("avif", 50, 40, 1, "RGB", False), id="avif"),
    pytest.param(lambda: f.avif_bytes(alpha(50, 40)), ("avif", 50, 40, 1, "RGBA", True), id="avif-alpha"),
    pytest.param(lambda: f.heif_bytes(4032, 3024), ("heif", 4032, 3024, 1, None, False), id="heif"),
    pytest.param(lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", ("svg", None, None, 1, None, False), id="svg"),
    pytest.param(lambda: f.ico_bytes(), ("ico", 48, 48, 1, "RGB", False), id="ico"),
    pytest.param(lambda: f.ico_bytes(((16, 16), (256, 256))), ("ico", 256, 256, 1, "RGB", False), id="ico-256"),
    pytest.param(lambda: f.ico_bytes(image=alpha(32, 32)), ("ico", 32, 32, 1, "RGBA", True), id="ico-alpha"),
    pytest.param(lambda: f.bmp_bytes(f.photo(30, 20)), ("bmp", 30, 20, 1, "RGB", False), id="bmp"),
    pytest.param(lambda: f.bmp_bytes(f.flat(30, 20, mode="P")), ("bmp", 30, 20, 1, None, False), id="bmp-palette"),
    pytest.param(lambda: f.tiff_bytes(f.photo(30, 20)), ("tiff", 30, 20, 1, "RGB", False), id="tiff"),
    pytest.param(lambda: f.tiff_bytes(alpha(30, 20)), ("tiff", 30, 20, 1, "RGBA", True), id="tiff-rgba"),
    pytest.param(lambda: f.tiff_bytes(f.flat(30, 20, mode="1")), ("tiff", 30, 20, 1, "1", False), id="tiff-1bit"),
    pytest.param(lambda: f.tiff_bytes(f.flat(30, 20, mode="L")), ("tiff", 30, 20, 1, "L", False), id="tiff-grey"),
    pytest.param(lambda: f.tiff_bytes(f.flat(30, 20, mode="CMYK")), ("tiff", 30, 20, 1, "CMYK", False), id="tiff-cmyk"),
    pytest.param(lambda: f.psd_bytes(30, 20), ("psd", 30, 20, 1, "RGB", False), id="psd"),
    pytest.param(lambda: f.psd_bytes(30, 20, channels=4), ("psd", 30, 20, 1, "RGBA", True), id="psd-alpha"),
    pytest.param(lambda: f.psd_bytes(30, 20, 1, colour_mode=1), ("psd", 30, 20, 1, "L", False), id="psd-grey"),
]


@pytest.mark.parametrize(("make", "expected"), SHAPES)
def test_probe_shape(make: Make, expected: tuple[object, ...]) -> None:
    info = probe_bytes(make())
    assert (info.format, info.width, info.height, info.frames, info.mode, info.has_alpha) == expected


@pytest.mark.parametrize(("make", "expected"), SHAPES)
def test_probe_agrees_with_pillow(make: Make, expected: tuple[object, ...]) -> None:
    data = make()
    info = probe_bytes(data)
    if info.format in ("svg", "heif"):
        pytest.skip("Pillow cannot open this format")
    with Image.open(io.BytesIO(data)) as image:
        assert (info.width, info.height) == image.size
        # Pillow counts a PSD's layers as its frames.
        assert info.frames == getattr(image, "n_frames", 1) or info.format == "psd"
        assert info.mode in (None, image.mode)


def test_png_bit_depth() -> None:
    assert probe_bytes(f.png_bytes(f.flat(4, 4, mode="I;16"))).bit_depth == 16
    assert probe_bytes(f.png_bytes(f.flat(4, 4))).bit_depth == 8
    assert probe_bytes(f.jpeg_bytes(f.flat(4, 4))).bit_depth is None


_ICC = f.srgb_icc()
_BIG_ICC = _ICC + b"\x00" * 150_000
_XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 40 + b" " * 400
_GPS = f.exif_bytes(gps=True)


def meta(**kinds: int) -> dict[str, int]:
    return {kind.replace("_", "-"): size for kind, size in kinds.items()}


METADATA: list[object] = [
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8)), {}, 0, False, False, id="jpeg-plain"),
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8), gps=True), meta(exif=len(_GPS)), 0, True, False, id="jpeg-gps"),
    pytest.param(
        lambda: f.jpeg_bytes(f.flat(8, 8), exif=gps_exif_little_endian()),
        meta(exif=len(gps_exif_little_endian())),
        0,
        True,
        False,
        id="jpeg-gps-little-endian",
    ),
    pytest.param(
        lambda: f.jpeg_bytes(f.flat(8, 8), orientation=6), meta(exif=40), 0, False, False, id="jpeg-orientation"
    ),
    pytest.param(
        lambda: f.jpeg_bytes(f.flat(8, 8), exif_size=30_000), meta(exif=30_000), 0, False, False, id="jpeg-big-exif"
    ),
    pytest.param(
        lambda: f.jpeg_bytes(f.flat(8, 8), exif=f.exif_bytes(thumbnail=True)),
        meta(exif=len(f.exif_bytes(thumbnail=True))),
        0,
        False,
        True,
        id="jpeg-exif-thumbnail",
    ),
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8), xmp_size=5000), meta(xmp=5000), 0, False, False, id="jpeg-xmp"),
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8), icc=_ICC), {}, len(_ICC), False, False, id="jpeg-icc"),
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8), icc=_BIG_ICC), {}, len(_BIG_ICC), False, False, id="jpeg-icc-3"),
    pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8), comment=b"hello"), meta(comment=5), 0, False, False, id="jpeg-com"),
    pytest.param(
        lambda: after_soi(
            f.jpeg_bytes(f.flat(8, 8)),
            segment(0xED, b"Photoshop 3.0\x00" + b"8BIM" * 50),
            segment(0xE0, b"JFXX\x00\x10" + b"\x00" * 300),
            segment(0xE3, b"Meta\x00" + b"\x00" * 95),
            segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x01"),
            segment(0xE1, _XMP_EXTENSION),
            segment(0xE2, b"MPF\x00" + b"\x00" * 46),
        ),
        meta(iptc=214, thumbnail=306, other_app=150, xmp=len(_XMP_EXTENSION)),
        0,
        False,
        False,
        id="jpeg-app-segments",
    ),
    pytest.param(lambda: f.png_bytes(f.flat(8, 8)), {}, 0, False, False, id="png-plain"),
    pytest.param(
        lambda: f.png_bytes(f.flat(8, 8), text={"Comment": "x" * 100, "Author": "me"}),
        meta(text=108 + 9),
        0,
        False,
        False,
        id="png-text",
    ),
    pytest.param(
        lambda: f.png_bytes(f.flat(8, 8), text={"XML:com.adobe.xmp": "<x:xmpmeta/>" * 100}),
        meta(xmp=1200 + 22),
        0,
        False,
        False,
        id="png-xmp",
    ),
    pytest.param(lambda: f.png_bytes(f.flat(8, 8), icc=_ICC), {}, 400, False, False, id="png-iccp"),
    pytest.param(lambda: f.png_bytes(f.flat(8, 8), exif=_GPS), meta(exif=len(_GPS) - 6), 0, True, False, id="png-gps"),
    pytest.param(lambda: f.gif_bytes(distinct(2, "P")), {}, 0, False, False, id="gif-netscape-loop"),
    pytest.param(lambda: f.gif_bytes(distinct(1, "P"), comment=b"hi"), meta(comment=6), 0, False, False, id="gif-com"),
    pytest.param(lambda: f.gif_bytes(distinct(1, "P"), xmp_size=2000), meta(xmp=2000), 0, False, False, id="gif-xmp"),
    pytest.param(lambda: f.webp_bytes(f.flat(8, 8)), {}, 0, False, False, id="webp-plain"),
    pytest.param(lambda: f.webp_bytes(f.flat(8, 8), exif=_GPS), meta(exif=len(_GPS)), 0, True, False, id="webp-gps"),
    pytest.param(lambda: f.webp_bytes(f.flat(8, 8), icc=_ICC), {}, len(_ICC), False, False, id="webp-icc"),
    pytest.param(lambda: f.webp_bytes(f.flat(8, 8), xmp=b"<x/>" * 25), meta(xmp=100), 0, False, False, id="webp-xmp"),
    pytest.param(lambda: f.heif_bytes(64, 64, icc=_ICC), {}, len(_ICC), False, False, id="heif-icc"),
    pytest.param(lambda: f.tiff_bytes(f.flat(8, 8), icc=_ICC), {}, len(_ICC), False, False, id="tiff-icc"),
    pytest.param(lambda: f.tiff_bytes(f.flat(8, 8), exif=_GPS), {}, 0, True, False, id="tiff-gps"),
    pytest.param(lambda: b"<svg/>", {}, 0, False, False, id="svg"),
]


@pytest.mark.parametrize(("make", "metadata", "icc", "gps", "thumbnail"), METADATA)
def test_probe_metadata(make: Make, metadata: dict[str, int], icc: int, gps: bool, thumbnail: bool) -> None:
    info = probe_bytes(make())
    assert dict(info.metadata).keys() == metadata.keys()
    for kind, size in metadata.items():
        assert info.metadata[kind] == pytest.approx(size, rel=0.05, abs=16), kind
    assert info.icc_bytes == pytest.approx(icc, rel=0.4)
    assert (info.gps, info.exif_thumbnail) == (gps, thumbnail)


def test_tiff_big_endian_with_short_and_long_sizes() -> None:
    ifd = tiff_ifd(">", [(256, 3, 1, 30 << 16), (257, 4, 1, 20), (262, 3, 1, 2 << 16), (277, 3, 1, 3 << 16)], 0)
    info = probe_bytes(b"MM\x00*\x00\x00\x00\x08" + ifd)
    assert (info.width, info.height, info.mode) == (30, 20, "RGB")


def test_webp_exif_without_prefix() -> None:
    lossless = b"\x2f" + struct.pack("<I", 7 | 7 << 14) + b"\x00" * 5
    info = probe_bytes(webp_chunks((b"VP8L", lossless), (b"EXIF", _GPS[6:])))
    assert (info.width, info.height, info.gps, info.metadata["exif"]) == (8, 8, True, len(_GPS) - 6)


def test_pixel_bytes_png_is_idat_payload() -> None:
    info = probe_bytes(f.png_header_only(10, 10))
    assert info.pixel_bytes == len(zlib.compress(b"\x00" * 64))


def test_pixel_bytes_apng_counts_fdat() -> None:
    still, animated = probe_bytes(f.png_bytes(distinct(1)[0])), probe_bytes(f.apng_bytes(distinct(3)))
    assert animated.pixel_bytes > 2 * still.pixel_bytes


@pytest.mark.parametrize(
    "make",
    [
        lambda: f.jpeg_bytes(f.photo(64, 48), gps=True, icc=_ICC, xmp_size=1000),
        lambda: f.webp_bytes(f.photo(64, 48), exif=_GPS, icc=_ICC),
        lambda: f.gif_bytes(distinct(2, "P"), comment=b"hi"),
    ],
)
def test_pixel_bytes_is_the_rest(make: Make) -> None:
    data = make()
    info = probe_bytes(data)
    assert info.pixel_bytes == len(data) - sum(info.metadata.values()) - info.icc_bytes


def test_photo_compresses_like_a_photo() -> None:
    image = f.photo(1000, 700)
    jpeg, png = f.jpeg_bytes(image), f.png_bytes(image)
    assert 80_000 <= len(jpeg) <= 250_000
    assert len(png) > 3 * len(jpeg)
    assert len(f.png_bytes(f.flat(1000, 700))) < 10_000


def _gif(body: bytes, width: int = 8, height: int = 8) -> bytes:
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + body


def test_noise_png_is_incompressible() -> None:
    data = f.noise_png(200, 200)
    assert 120_000 <= len(data) <= 125_000
    assert data == f.noise_png(200, 200)


def _bomb_gif() -> bytes:
    return _gif(b";", 65535, 65535)


def _bomb_psd() -> bytes:
    data = f.psd_bytes(1, 1)
    return data[:14] + struct.pack(">II", 30_000, 30_000) + data[22:]


def _bomb_jpeg() -> bytes:
    data = bytearray(f.jpeg_bytes(f.flat(8, 8)))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 60_000, 60_000)
    return bytes(data)


def _bomb_webp() -> bytes:
    canvas = b"\x10\x00\x00\x00" + (40_000 - 1).to_bytes(3, "little") * 2
    return webp_chunks((b"VP8X", canvas), (b"VP8L", b"\x2f" + b"\x00" * 10))


def _cut_before_iend() -> bytes:
    data = f.png_bytes(f.flat(8, 8))
    return data[: data.rindex(b"IEND") - 4]


def _png_chunk_length(length: int) -> bytes:
    data = bytearray(f.png_bytes(f.photo(16, 16)))
    struct.pack_into(">I", data, data.index(b"IDAT") - 4, length)
    return bytes(data)


def _png_chunk_type(kind: bytes) -> bytes:
    data = bytearray(f.png_bytes(f.photo(16, 16)))
    at = data.index(b"IDAT")
    data[at : at + 4] = kind
    return bytes(data)


def _webp_chunk_past_end() -> bytes:
    data = bytearray(f.webp_bytes(f.photo(16, 16)))
    struct.pack_into("<I", data, 16, 10_000_000)
    return bytes(data)


def _webp_bad_vp8() -> bytes:
    data = bytearray(f.webp_bytes(f.photo(16, 16)))
    data[23:26] = b"\x00\x00\x00"
    return bytes(data)


def _jpeg_sos_first() -> bytes:
    data = f.jpeg_bytes(f.flat(8, 8))
    return data[:2] + data[data.index(b"\xff\xda") :]


UNREADABLE: list[object] = [
    pytest.param(lambda: b"", "png", "the file is empty", id="empty"),
    pytest.param(lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "png", "before its header is complete", id="png-short"),
    pytest.param(lambda: b"\xff\xd8\xff", "jpeg", "before its header is complete", id="jpeg-short"),
    pytest.param(lambda: b"GIF89a", "gif", "before its header is complete", id="gif-short"),
    pytest.param(
        lambda: f.truncate(f.jpeg_bytes(f.photo(200, 150)), 0.6), None, "ends before the JPEG end marker", id="jpeg-60%"
    ),
    pytest.param(
        lambda: f.truncate(f.jpeg_bytes(f.photo(200, 150), progressive=True), 0.6),
        None,
        "JPEG end marker",
        id="jpeg-progressive-60%",
    ),
    pytest.param(lambda: f.truncate(f.jpeg_bytes(f.flat(8, 8), exif_size=5000), 2000), None, "cut off", id="jpeg-hdr"),
    pytest.param(
        lambda: f.truncate(f.png_bytes(f.photo(200, 150)), 0.5), None, "ends before the PNG end marker", id="png-idat"
    ),
    pytest.param(_cut_before_iend, None, "PNG end marker", id="png-no-iend"),
    pytest.param(lambda: f.truncate(f.gif_bytes(distinct(3, "P")), 0.5), None, "GIF end marker", id="gif-half"),
    pytest.param(lambda: f.gif_bytes(distinct(1, "P"))[:-1], None, "GIF end marker", id="gif-no-trailer"),
    pytest.param(lambda: f.truncate(f.webp_bytes(f.photo(64, 64)), 0.7), None, "cut off", id="webp-riff-size"),
    pytest.param(_webp_chunk_past_end, None, "cut off", id="webp-chunk-past-end"),
    pytest.param(lambda: f.truncate(f.heif_bytes(64, 64), -10), None, "cut off", id="heif-cut"),
    pytest.param(lambda: f.truncate(f.avif_bytes(f.photo(64, 64)), 0.8), None, "cut off", id="avif-cut"),
    pytest.param(lambda: f.truncate(f.ico_bytes(), 0.5), None, "cut off", id="ico-cut"),
    pytest.param(lambda: f.png_header_only(100_000, 100_000), None, "100,000 x 100,000 pixels", id="png-bomb"),
    pytest.param(_bomb_jpeg, None, "60,000 x 60,000 pixels (3,600 megapixels)", id="jpeg-bomb"),
    pytest.param(_bomb_gif, None, "65,535 x 65,535 pixels", id="gif-bomb"),
    pytest.param(_bomb_webp, None, "40,000 x 40,000 pixels", id="webp-bomb"),
    pytest.param(lambda: f.heif_bytes(20_000, 10_000), None, "200 megapixels", id="heif-bomb"),
    pytest.param(_bomb_psd, None, "900 megapixels", id="psd-bomb"),
    pytest.param(lambda: f.png_header_only(0, 10), None, "0 x 10 pixels", id="png-zero-width"),
    pytest.param(lambda: f.png_header_only(10, 10, 5), None, "colour type 5", id="png-colour-type"),
    pytest.param(lambda: f.png_header_only(10, 10, 2, 4), None, "at 4 bits", id="png-bit-depth"),
    pytest.param(lambda: f.png_bytes(f.flat(8, 8))[:8] + b"\x00" * 40, None, "header chunk is missing", id="png-ihdr"),
    pytest.param(lambda: _png_chunk_length(0xFFFF_FFF0), None, "invalid type or length", id="png-chunk-length"),
    pytest.param(lambda: _png_chunk_length(10_000_000), None, "PNG end marker", id="png-chunk-past-end"),
    pytest.param(lambda: _png_chunk_type(b"ID\x00T"), None, "invalid type or length", id="png-chunk-type"),
    pytest.param(
        lambda: after_soi(f.jpeg_bytes(f.flat(8, 8)), b"\xff\xe5\x00\x01"), None, "length of 1", id="jpeg-seg-length"
    ),
    pytest.param(_jpeg_sos_first, None, "before any frame header", id="jpeg-no-sof"),
    pytest.param(lambda: b"\xff\xd8\xff\xd9" + b"\x00" * 10, None, "before any image data", id="jpeg-eoi-first"),
    pytest.param(lambda: b"\xff\xd8" + b"\x00" * 5000, "jpeg", "no JPEG marker", id="jpeg-junk"),
    pytest.param(lambda: b"\xff\xd8" + b"\xff\x00" * 4, "jpeg", "invalid JPEG marker", id="jpeg-ff00"),
    pytest.param(lambda: _gif(b"\x21\xf9\x04\x01\x00\x00\x00\x00;"), None, "no image", id="gif-no-image"),
    pytest.param(lambda: _gif(b"\x99;"), None, "unknown GIF block", id="gif-block"),
    pytest.param(lambda: webp_chunks((b"EXIF", _GPS)), None, "holds no image", id="webp-no-image"),
    pytest.param(_webp_bad_vp8, None, "lossy frame header", id="webp-vp8"),
    pytest.param(lambda: webp_chunks((b"VP8L", b"\x00" * 8)), None, "lossless header", id="webp-vp8l"),
    pytest.param(lambda: webp_chunks((b"VP8X", b"\x00" * 4)), None, "extended header", id="webp-vp8x"),
    pytest.param(lambda: f.heif_bytes(8, 8)[:-72] + b"\x00\x00\x00\x04mdat" + bytes(64), None, "impossible", id="box"),
    pytest.param(lambda: f.heif_bytes(0, 8), None, "0 x 8 pixels", id="heif-zero"),
    pytest.param(lambda: b"\x00\x00\x01\x00\x00\x00", "ico", "holds no image", id="ico-empty"),
    pytest.param(lambda: f.bmp_bytes(f.flat(4, 4))[:14] + b"\x05" + b"\x00" * 30, "bmp", "header size", id="bmp-dib"),
    pytest.param(lambda: b"II*\x00\x00\x00\x01\x00" + b"\x00" * 20, "tiff", "cut off", id="tiff-ifd-past-end"),
    pytest.param(lambda: b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00", "tiff", "no image size", id="tiff-size"),
]


@pytest.mark.parametrize(("make", "fmt", "expected"), UNREADABLE)
def test_probe_unreadable(make: Make, fmt: str | None, expected: str) -> None:
    assert expected in reason(make(), fmt)


def test_bomb_reason_is_plain_english() -> None:
    assert reason(f.png_header_only(100_000, 100_000)) == (
        "it declares 100,000 x 100,000 pixels (10,000 megapixels); perflint refuses images over "
        "179 megapixels, which is a decompression bomb or a mistake"
    )


def test_max_pixels_matches_pillow() -> None:
    assert Image.MAX_IMAGE_PIXELS is not None
    assert MAX_PIXELS == 2 * Image.MAX_IMAGE_PIXELS == 178_956_970


def test_largest_allowed_image_is_fine() -> None:
    assert probe_bytes(f.png_header_only(MAX_PIXELS, 1)).width == MAX_PIXELS


def test_truncation_reason_tells_what_to_do() -> None:
    assert reason(f.truncate(f.png_bytes(f.photo(64, 64)), 0.5)) == (
        "the file is cut off: it ends before the PNG end marker — re-export or re-download it"
    )


def test_gif_over_64_mib_is_refused_before_reading() -> None:
    data = f.gif_bytes(distinct(1, "P"))
    with pytest.raises(UnreadableImage, match="64 MiB"):
        probe(io.BytesIO(data), 65 << 20, "gif")


@pytest.mark.parametrize("tail", [b"", b"\x00" * 100_000, b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40])
def test_jpeg_trailing_data_after_eoi_is_fine(tail: bytes) -> None:
    info = probe_bytes(f.jpeg_bytes(f.photo(64, 48)) + tail)
    assert (info.width, info.height) == (64, 48)


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize(
    "wrap",
    [
        lambda exif: f.jpeg_bytes(f.flat(8, 8), exif=exif),
        lambda exif: f.png_bytes(f.flat(8, 8), exif=exif),
        lambda exif: f.webp_bytes(f.flat(8, 8), exif=exif),
    ],
    ids=["jpeg", "png", "webp"],
)
def test_exif_ifd_offset_loop_terminates(order: str, wrap: Callable[[bytes], bytes]) -> None:
    info = probe_bytes(wrap(looping_exif(order)))
    assert (info.gps, info.exif_thumbnail) == (False, False)
    assert "exif" in info.metadata


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"Exif\x00\x00",
        b"Exif\x00\x00II*\x00",
        b"Exif\x00\x00II*\x00\xff\xff\xff\xff",
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + b"\x88\x25\x00\x04\x00\x00\x00\x01\x7f\xff\xff\xff",
        b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x01\x00\x25\x88\x04\x00\x01\x00\x00\x00\x00\x00\x00\x00",
        b"not exif at all",
    ],
)
def test_exif_parser_tolerates_damage(payload: bytes) -> None:
    assert exif_facts(payload) == (False, False)


def test_exif_thumbnail_needs_a_length() -> None:
    ifd0 = tiff_ifd("<", [], 26)
    ifd1 = tiff_ifd("<", [(0x0201, 4, 1, 100), (0x0202, 4, 1, 0)], 0)
    assert exif_facts(b"II*\x00" + struct.pack("<I", 8) + ifd0 + b"\x00" * 8 + ifd1) == (False, False)


class CountingReader(io.BytesIO):
    """A BytesIO that counts the bytes handed out, to prove probing skips pixel data."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data


@pytest.mark.parametrize(
    ("make", "limit"),
    [
        (lambda: f.png_bytes(f.photo(1000, 700), text={"a": "b"}), 512),
        (lambda: f.jpeg_bytes(f.photo(1000, 700), gps=True), 4096),
        (lambda: f.webp_bytes(f.photo(1000, 700)), 512),
        (lambda: f.avif_bytes(f.photo(300, 200)), 4096),
        (lambda: f.tiff_bytes(f.photo(300, 200)), 512),
        (lambda: f.bmp_bytes(f.photo(300, 200)), 512),
    ],
)
def test_probe_reads_headers_only(make: Make, limit: int) -> None:
    data = make()
    reader = CountingReader(data)
    reader.seek(len(data) // 2)
    probe(reader, len(data), sniff(data[:512]) or "")
    assert reader.bytes_read <= limit


def test_probe_rejects_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown image format"):
        probe(io.BytesIO(b"x"), 1, "jxl")


def test_image_info_is_immutable() -> None:
    info = probe_bytes(f.jpeg_bytes(f.flat(8, 8), comment=b"x"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.width = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        info.metadata["comment"] = 0  # type: ignore[index]


def test_probing_never_imports_pillow() -> None:
    code = "import sys, perflint.images.probe, perflint.images.sniff; sys.exit('PIL' in sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


@cache
def fuzz_seeds() -> dict[str, bytes]:
    """Return small valid files, rich in metadata so mutations reach every parser."""
    return {
        "jpeg": f.jpeg_bytes(f.photo(24, 16), gps=True, icc=_ICC, comment=b"c", xmp_size=200),
        "png": f.png_bytes(f.photo(24, 16), text={"a": "b"}, icc=_ICC, exif=_GPS),
        "gif": f.gif_bytes(distinct(2, "P"), comment=b"c", transparency=0, xmp_size=400),
        "webp": f.webp_bytes(alpha(24, 16), exif=_GPS, icc=_ICC, xmp=b"<x/>"),
        "avif": f.avif_bytes(alpha(24, 16)),
        "heif": f.heif_bytes(24, 16, icc=_ICC),
        "ico": f.ico_bytes(((16, 16),)),
        "bmp": f.bmp_bytes(f.photo(8, 8)),
        "tiff": f.tiff_bytes(f.photo(8, 8), exif=_GPS),
        "psd": f.psd_bytes(4, 4),
    }


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """Flip a few bytes, mostly in the headers, and maybe cut the file short."""
    data = bytearray(fuzz_seeds()[fmt])
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.one_of(st.integers(0, min(len(data), 400) - 1), st.integers(0, len(data) - 1)))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@pytest.mark.parametrize("fmt", ["jpeg", "png", "gif", "webp", "avif", "heif", "ico", "bmp", "tiff", "psd"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_mutations_only_raise_unreadable(fmt: str, data: st.DataObject) -> None:
    damaged = data.draw(mutated(fmt))
    for guess in {fmt, sniff(damaged[:512])} - {None}:
        try:
            probe(io.BytesIO(damaged), len(damaged), str(guess))
        except UnreadableImage as exc:
            assert str(exc)


@settings(max_examples=200, deadline=None)
@given(payload=st.binary(max_size=300), order=st.sampled_from([b"II*\x00", b"MM\x00*"]))
def test_exif_parser_never_raises(payload: bytes, order: bytes) -> None:
    exif_facts(b"Exif\x00\x00" + order + payload)
