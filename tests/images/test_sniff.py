from __future__ import annotations

import struct
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.images.sniff import is_lfs_pointer, sniff
from tests import imagefactory as f


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    return f.box(b"ftyp", major + b"\x00\x00\x00\x00" + b"".join(compatible)) + f.box(b"mdat", b"\x00" * 16)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(lambda: f.jpeg_bytes(f.flat(8, 8)), "jpeg", id="jpeg"),
        pytest.param(lambda: f.png_bytes(f.flat(8, 8)), "png", id="png"),
        pytest.param(lambda: f.apng_bytes([f.flat(8, 8), f.flat(8, 8, (0, 0, 255))]), "png", id="apng"),
        pytest.param(lambda: f.gif_bytes([f.flat(8, 8)]), "gif", id="gif"),
        pytest.param(lambda: f.webp_bytes(f.flat(8, 8)), "webp", id="webp"),
        pytest.param(lambda: f.avif_bytes(f.flat(8, 8)), "avif", id="avif"),
        pytest.param(lambda: f.heif_bytes(8, 8), "heif", id="heif"),
        pytest.param(lambda: f.ico_bytes(), "ico", id="ico"),
        pytest.param(lambda: f.bmp_bytes(f.flat(8, 8)), "bmp", id="bmp"),
        pytest.param(lambda: f.tiff_bytes(f.flat(8, 8)), "tiff", id="tiff-le"),
        pytest.param(lambda: b"MM\x00*\x00\x00\x00\x08", "tiff", id="tiff-be"),
        pytest.param(lambda: f.psd_bytes(8, 8), "psd", id="psd"),
    ],
)
def test_sniff_factory_images(make: Callable[[], bytes], expected: str) -> None:
    assert sniff(make()[:512]) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param(_ftyp(b"avif", b"mif1", b"miaf"), "avif", id="avif-major"),
        pytest.param(_ftyp(b"mif1", b"avif", b"miaf"), "avif", id="avif-compatible"),
        pytest.param(_ftyp(b"avis", b"msf1"), "avif", id="avif-sequence"),
        pytest.param(_ftyp(b"heic", b"mif1", b"heic"), "heif", id="heic"),
        pytest.param(_ftyp(b"mif1", b"heic"), "heif", id="mif1"),
        pytest.param(_ftyp(b"msf1", b"hevc"), "heif", id="heif-sequence"),
        pytest.param(_ftyp(b"heic", b"avif"), "avif", id="avif-brand-wins"),
        pytest.param(_ftyp(b"isom", b"iso2", b"mp41"), None, id="mp4-video"),
        pytest.param(b"\x00\x00\x01\x00\x01\x00" + b"\x10\x10\x00\x00", "ico", id="ico-one-entry"),
        pytest.param(b"\x00\x00\x01\x00\x00\x00" + b"\x10\x10\x00\x00", None, id="ico-zero-entries"),
        pytest.param(b"\x00\x00\x01\x00\x00\x01" + b"\x10\x10\x00\x00", None, id="ico-256-entries"),
        pytest.param(b"BM is my initials, not a bitmap", None, id="bm-text"),
        pytest.param(b"8BPS\x00\x02" + b"\x00" * 20, "psd", id="psb"),
        pytest.param(b"RIFF\x00\x00\x00\x00WAVEfmt ", None, id="wav"),
        pytest.param(b"", None, id="empty"),
        pytest.param(b"hello, world\n", None, id="text"),
        pytest.param(b"\x00" * 512, None, id="zeros"),
    ],
)
def test_sniff_heads(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


FORMATS = {None, "jpeg", "png", "gif", "webp", "avif", "heif", "svg", "ico", "bmp", "tiff", "psd"}
_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param(_SVG, "svg", id="bare"),
        pytest.param(b"\xef\xbb\xbf" + _SVG, "svg", id="bom"),
        pytest.param(b'<?xml version="1.0" encoding="UTF-8"?>\n' + _SVG, "svg", id="xml-declaration"),
        pytest.param(b"\n\t  <!-- made by hand -->\n<!-- twice -->" + _SVG, "svg", id="comments"),
        pytest.param(
            b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + _SVG,
            "svg",
            id="doctype",
        ),
        pytest.param(b'<!DOCTYPE svg [ <!ENTITY ns "http://x"> ]>\n' + _SVG, "svg", id="doctype-subset"),
        pytest.param(b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>', "svg", id="prefixed"),
        pytest.param(b"<svg>", "svg", id="minimal"),
        pytest.param(b"<svg\n  viewBox='0 0 1 1'>", "svg", id="newline-after-name"),
        pytest.param(b"<!-- " + b"licence text " * 60 + b"-->" + _SVG, "svg", id="long-comment"),
        pytest.param(b"<html><body>" + _SVG, None, id="svg-inside-html"),
        pytest.param(b"<svgfoo/>", None, id="other-element"),
        pytest.param(b"<!-- never closed " + _SVG, None, id="unclosed-comment"),
        pytest.param(b"# <svg> in Markdown", None, id="markdown"),
        pytest.param(b"<?xml version='1.0'?><rss/>", None, id="other-xml"),
    ],
)
def test_sniff_svg(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


def test_sniff_is_linear_on_hostile_prolog() -> None:
    head = b"<?xml?>" + b" " * 100_000 + b"<!-- " * 10_000
    assert sniff(head) is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n", True),
        (b"\x89PNG\r\n\x1a\n", False),
        (b"version 2", False),
        (b"", False),
    ],
)
def test_is_lfs_pointer(head: bytes, expected: bool) -> None:
    assert is_lfs_pointer(head) is expected
    if expected:
        assert sniff(head) is None


def test_ico_count_is_little_endian() -> None:
    head = b"\x00\x00\x01\x00" + struct.pack("<H", 3) + b"\x10\x10\x00\x00"
    assert sniff(head) == "ico"


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"\x00\x00\x00\x18ftyp", b"\x00\x00\x01\x00", b"BM", b"<?xml", b"<!DOCTYPE", b"RIFF"]),
    rest=st.binary(max_size=600),
)
def test_sniff_never_raises(prefix: bytes, rest: bytes) -> None:
    assert sniff(prefix + rest) in FORMATS
