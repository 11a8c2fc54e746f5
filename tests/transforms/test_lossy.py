from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from perflint.transforms.lossy import Extras, encode_lossy
from perflint.transforms.ssimulacra2 import Reference
from tests.imagefactory import flat, gif_bytes, jpeg_bytes, photo, png_bytes, srgb_icc, webp_bytes


def decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return image.copy()


def banner() -> Image.Image:
    """A marketing banner: a photo with a headline on it."""
    image = photo(320, 200, seed=5)
    draw = ImageDraw.Draw(image)
    for row in range(5):
        draw.text((12, 20 + 30 * row), "Spring sale: 30 % off all plans", fill=(255, 255, 255))
    return image


@pytest.mark.parametrize("image_format", ["jpeg", "webp"])
def test_result_meets_the_target_and_is_smaller(image_format: str) -> None:
    original = banner()
    data = jpeg_bytes(original, quality=98) if image_format == "jpeg" else webp_bytes(original, quality=98)
    result = encode_lossy(data, image_format, 80.0, None, Extras())
    assert result is not None
    assert len(result.data) < len(data)
    out = decoded(result.data)
    assert out.size == original.size
    assert Image.open(io.BytesIO(result.data)).format == image_format.upper()
    assert Reference(decoded(data)).score(out) >= 80.0  # measured again, not taken from the result
    assert result.score >= 80.0


def test_a_higher_target_keeps_more_bytes() -> None:
    data = jpeg_bytes(banner(), quality=98)
    sizes = [len(encode_lossy(data, "jpeg", target, None, Extras()).data) for target in (70.0, 80.0, 90.0)]  # type: ignore[union-attr]
    assert sizes[0] < sizes[1] < sizes[2]


def test_unreachable_target_gives_nothing() -> None:
    assert encode_lossy(jpeg_bytes(banner(), quality=98), "jpeg", 100.0, None, Extras()) is None


def test_over_the_side_budget_is_scaled_with_the_aspect_kept() -> None:
    data = jpeg_bytes(photo(600, 300), quality=95)
    result = encode_lossy(data, "jpeg", 80.0, 200, Extras())
    assert result is not None and result.resized == (200, 100)
    assert decoded(result.data).size == (200, 100)


def test_scaled_image_is_written_even_when_no_quality_meets_the_target() -> None:
    result = encode_lossy(jpeg_bytes(photo(600, 300), quality=95), "jpeg", 100.0, 300, Extras())
    assert result is not None and decoded(result.data).size == (300, 150)


def test_orientation_is_baked_into_the_pixels() -> None:
    data = jpeg_bytes(photo(240, 120), quality=95, orientation=6)  # shown rotated 90 degrees
    result = encode_lossy(data, "jpeg", 80.0, None, Extras())
    assert result is not None
    out = decoded(result.data)
    assert out.size == (120, 240)
    assert out.getexif().get(0x0112) is None


def test_icc_profile_and_kept_exif_are_written() -> None:
    icc = srgb_icc()
    copyright_only = Image.Exif()
    copyright_only[0x8298] = "Example Corp"
    result = encode_lossy(jpeg_bytes(banner(), quality=98), "jpeg", 80.0, None, Extras(icc, copyright_only.tobytes()))
    assert result is not None
    out = decoded(result.data)
    assert out.info["icc_profile"] == icc
    assert out.getexif()[0x8298] == "Example Corp"


def test_png_with_few_colours_is_an_exact_palette() -> None:
    image = flat(200, 100, (20, 90, 200))
    ImageDraw.Draw(image).rectangle((20, 20, 120, 60), fill=(250, 250, 250))
    result = encode_lossy(png_bytes(image), "png", 80.0, None, Extras())
    assert result is not None and result.exact
    assert decoded(result.data).convert("RGB").tobytes() == image.tobytes()


def test_photo_png_gets_a_palette_only_within_the_target() -> None:
    data = png_bytes(photo(256, 160, seed=2))
    for target in (60.0, 99.0):
        result = encode_lossy(data, "png", target, None, Extras())
        if result is None:
            continue
        assert result.score >= target
        assert Reference(decoded(data)).score(decoded(result.data)) >= target


def test_transparency_survives_the_palette() -> None:
    image = photo(160, 120).convert("RGBA")
    alpha = Image.new("L", image.size, 0)
    ImageDraw.Draw(alpha).ellipse((10, 10, 150, 110), fill=255)  # a round cut-out on a transparent ground
    image.putalpha(alpha)
    result = encode_lossy(png_bytes(image), "png", 60.0, None, Extras())
    assert result is not None and not result.exact
    out = decoded(result.data).convert("RGBA")
    assert out.getchannel("A").tobytes() == alpha.tobytes()


def test_16_bit_grey_png_keeps_its_tones() -> None:
    ramp = np.linspace(0, 65535, 256 * 96).reshape(96, 256).astype(np.uint16)
    result = encode_lossy(png_bytes(Image.fromarray(ramp)), "png", 80.0, None, Extras())
    assert result is not None and not result.exact  # 8 bits of each sample are gone
    tones = np.asarray(decoded(result.data).convert("L"), dtype=np.float64)
    assert abs(tones.mean() - 127.5) < 2  # not clipped to white
    assert Reference(Image.fromarray((ramp >> 8).astype(np.uint8))).score(decoded(result.data)) >= 80


@pytest.mark.parametrize(
    ("data", "image_format"),
    [
        (gif_bytes([flat(32, 32), flat(32, 32, (0, 0, 255))]), "gif"),
        (webp_bytes([photo(32, 32, seed) for seed in range(3)]), "webp"),
        (jpeg_bytes(photo(64, 64).convert("CMYK")), "jpeg"),
    ],
    ids=["animated-gif", "animated-webp", "cmyk-jpeg"],
)
def test_left_alone(data: bytes, image_format: str) -> None:
    assert encode_lossy(data, image_format, 80.0, None, Extras()) is None
