from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from perflint.transforms.pixels import decodes, same_pixels
from tests import imagefactory as f

_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def png16(width: int, height: int, colour_type: int, samples: Sequence[int]) -> bytes:
    """Build a 16-bit PNG by hand (Pillow writes 16 bits only for grey), rows filtered with Sub."""
    per_row = width * _CHANNELS[colour_type]
    rows = b""
    for y in range(height):
        row = struct.pack(f">{per_row}H", *samples[y * per_row : (y + 1) * per_row])
        step = 2 * _CHANNELS[colour_type]
        rows += b"\x01" + bytes((row[i] - (row[i - step] if i >= step else 0)) % 256 for i in range(len(row)))
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    idat = f.png_chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + f.png_chunk(b"IHDR", header) + idat + f.png_chunk(b"IEND", b"")


def gradient16(width: int, height: int, colour_type: int) -> list[int]:
    """Samples whose high and low bytes both vary, so dropping either shows."""
    count = width * height * _CHANNELS[colour_type]
    return [(i * 7919 + 12345) % 65536 for i in range(count)]


def changed(samples: list[int], index: int, delta: int) -> list[int]:
    return [*samples[:index], (samples[index] + delta) % 65536, *samples[index + 1 :]]


def with_pixel(image: Image.Image, xy: tuple[int, int], value: tuple[int, ...] | int) -> Image.Image:
    copy = image.copy()
    copy.putpixel(xy, value)
    return copy


def with_alpha(image: Image.Image, alpha: int) -> Image.Image:
    """Change only the alpha of the top-left pixel."""
    red, green, blue, _ = image.getpixel((0, 0))  # type: ignore[misc]
    return with_pixel(image, (0, 0), (red, green, blue, alpha))


def rgba_with_alpha() -> Image.Image:
    image = f.photo(40, 30).convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize((40, 30)))
    return image


PHOTO = f.photo(40, 30)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(f.png_bytes(PHOTO), f.png_bytes(PHOTO, optimize=True), id="png re-encoded"),
        pytest.param(f.png_bytes(PHOTO.quantize(16)), f.png_bytes(PHOTO.quantize(16).convert("RGB")), id="palette-rgb"),
        pytest.param(f.png_bytes(PHOTO.convert("L")), f.png_bytes(PHOTO.convert("L").convert("RGB")), id="grey-rgb"),
        pytest.param(f.png_bytes(PHOTO.convert("RGBA")), f.png_bytes(PHOTO), id="opaque alpha dropped"),
        pytest.param(f.png_bytes(PHOTO), f.webp_bytes(PHOTO, lossless=True), id="png-webp lossless"),
        pytest.param(f.jpeg_bytes(PHOTO), f.jpeg_bytes(PHOTO, orientation=6, gps=True), id="exif ignored"),
        pytest.param(f.jpeg_bytes(PHOTO.convert("CMYK")), f.jpeg_bytes(PHOTO.convert("CMYK")), id="cmyk"),
    ],
)
def test_same(before: bytes, after: bytes) -> None:
    assert same_pixels(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(f.png_bytes(PHOTO), f.png_bytes(with_pixel(PHOTO, (7, 5), (1, 2, 3))), id="one pixel"),
        pytest.param(f.png_bytes(PHOTO), f.png_bytes(PHOTO.crop((0, 0, 40, 29))), id="size"),
        pytest.param(f.png_bytes(rgba_with_alpha()), f.png_bytes(rgba_with_alpha().convert("RGB")), id="alpha dropped"),
        pytest.param(f.png_bytes(rgba_with_alpha()), f.png_bytes(with_alpha(rgba_with_alpha(), 77)), id="one alpha"),
        pytest.param(
            f.gif_bytes([f.flat(8, 8, (255, 0, 0)), f.flat(8, 8, (0, 255, 0)), f.flat(8, 8, (0, 0, 255))]),
            f.gif_bytes([f.flat(8, 8, (255, 0, 0)), f.flat(8, 8, (0, 255, 0))]),
            id="frame count",
        ),
        pytest.param(
            f.apng_bytes([f.flat(8, 8, (255, 0, 0)), f.flat(8, 8, (0, 255, 0))]),
            f.apng_bytes([f.flat(8, 8, (255, 0, 0)), f.flat(8, 8, (0, 254, 0))]),
            id="second frame",
        ),
        pytest.param(
            f.jpeg_bytes(PHOTO.convert("CMYK")), f.jpeg_bytes(PHOTO.convert("CMYK").convert("RGB")), id="cmyk-rgb"
        ),
        pytest.param(f.png_bytes(PHOTO), b"not an image", id="garbage"),
        pytest.param(f.png_bytes(PHOTO), f.truncate(f.png_bytes(PHOTO), 0.6), id="truncated"),
    ],
)
def test_different(before: bytes, after: bytes) -> None:
    assert not same_pixels(before, after)
    assert not same_pixels(after, before)


def grey16(values: Sequence[int], size: tuple[int, int] = (6, 4)) -> bytes:
    return f.png_bytes(Image.frombytes("I;16", size, struct.pack(f"<{len(values)}H", *values)))


def test_16_bit_grey_is_compared_whole() -> None:
    values = gradient16(6, 4, 0)
    assert same_pixels(grey16(values), grey16(values))
    assert not same_pixels(grey16(values), grey16(changed(values, 5, 1)))  # low byte only
    assert not same_pixels(grey16(values), grey16(changed(values, 5, 256)))  # high byte only


def test_16_bit_grey_equals_8_bit_only_when_every_sample_is_a_multiple_of_257() -> None:
    eight = [v * 37 % 256 for v in range(24)]
    grey8 = f.png_bytes(Image.frombytes("L", (6, 4), bytes(eight)))
    assert same_pixels(grey16([v * 257 for v in eight]), grey8)
    assert not same_pixels(grey16([v * 256 for v in eight]), grey8)


@pytest.mark.parametrize("colour_type", [2, 4, 6])
def test_16_bit_colour_is_compared_whole(colour_type: int) -> None:
    samples = gradient16(5, 3, colour_type)
    original = png16(5, 3, colour_type, samples)
    assert decodes(original)
    assert same_pixels(original, png16(5, 3, colour_type, samples))
    for index in (0, 4, len(samples) - 1):  # grey or red, alpha or blue, the last sample
        assert not same_pixels(original, png16(5, 3, colour_type, changed(samples, index, 1)))
        assert not same_pixels(original, png16(5, 3, colour_type, changed(samples, index, 256)))


def test_16_bit_colour_equals_8_bit_when_every_sample_is_a_multiple_of_257() -> None:
    rgb = bytes((i * 53) % 256 for i in range(5 * 3 * 3))
    eight = f.png_bytes(Image.frombytes("RGB", (5, 3), rgb))
    assert same_pixels(png16(5, 3, 2, [v * 257 for v in rgb]), eight)
    assert not same_pixels(png16(5, 3, 2, [v * 257 + 1 for v in rgb]), eight)


def test_decompression_bomb_is_refused_without_decoding() -> None:
    bomb = f.png_header_only(20_000, 20_000)
    assert not decodes(bomb)
    assert not same_pixels(bomb, bomb)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(f.png_bytes(PHOTO), True, id="png"),
        pytest.param(f.jpeg_bytes(PHOTO), True, id="jpeg"),
        pytest.param(f.gif_bytes([f.flat(8, 8), f.flat(8, 8, (0, 0, 9))]), True, id="gif"),
        pytest.param(f.webp_bytes(PHOTO), True, id="webp"),
        pytest.param(f.truncate(f.jpeg_bytes(PHOTO), 0.5), False, id="truncated jpeg"),
        pytest.param(f.truncate(f.png_bytes(PHOTO), 0.5), False, id="truncated png"),
        pytest.param(f.bmp_bytes(PHOTO), False, id="bmp is not a web format"),
        pytest.param(f.tiff_bytes(PHOTO), False, id="tiff is not a web format"),
        pytest.param(b"", False, id="empty"),
    ],
)
def test_decodes(data: bytes, expected: bool) -> None:
    assert decodes(data) is expected


@settings(max_examples=40, deadline=None)
@given(
    mode=st.sampled_from(["L", "RGB", "RGBA", "P"]),
    width=st.integers(1, 12),
    height=st.integers(1, 12),
    data=st.data(),
)
def test_any_single_pixel_change_is_seen(mode: str, width: int, height: int, data: st.DataObject) -> None:
    size = width * height * Image.getmodebands(mode)
    pixels = data.draw(st.binary(min_size=size, max_size=size))
    image = Image.frombytes(mode, (width, height), pixels)
    if mode == "P":
        image.putpalette(bytes(range(256)) * 3)  # distinct grey per index, so any index change shows
    x, y = data.draw(st.integers(0, width - 1)), data.draw(st.integers(0, height - 1))
    old = image.getpixel((x, y))
    assert isinstance(old, (int, tuple))
    new = (old + 1) % 256 if isinstance(old, int) else tuple((v + 1) % 256 for v in old)
    assert same_pixels(f.png_bytes(image), f.png_bytes(image.copy()))
    assert not same_pixels(f.png_bytes(image), f.png_bytes(with_pixel(image, (x, y), new)))
