from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from perflint.transforms import limits, lossy
from perflint.transforms.lossy import Extras, encode_lossy
from perflint.transforms.quality_search import QUALITIES, Sample
from perflint.transforms.ssimulacra2 import Reference
from tests.imagefactory import flat, gif_bytes, gradient, jpeg_bytes, photo, png_bytes, srgb_icc, webp_bytes


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


def with_alpha(image: Image.Image) -> Image.Image:
    """Give an image a soft transparent edge, so scaling must weigh colours by their opacity."""
    rgba = image.convert("RGBA")
    rgba.putalpha(Image.radial_gradient("L").resize(image.size))
    return rgba


@pytest.mark.parametrize(
    "image",
    [
        photo(613, 457, seed=3),
        with_alpha(photo(613, 457, seed=3)),
        photo(613, 457, seed=3).convert("L"),
        photo(613, 457, seed=3).quantize(32),
    ],
    ids=["rgb", "rgba", "grey", "palette"],
)
@pytest.mark.parametrize("size", [(200, 149), (97, 72)])
def test_scaling_band_by_band_matches_one_resize(
    image: Image.Image, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lossy, "_BAND_ROWS", 7)  # many bands, each cut with the rows the filter reaches
    whole = np.asarray(lossy._encodable(image).resize(size, Image.Resampling.LANCZOS), dtype=np.int16)
    banded = np.asarray(lossy._scaled(image.copy(), size), dtype=np.int16)
    assert banded.shape == whole.shape
    # Within rounding of the band's position in the source: 1, doubled where alpha divides it out again.
    assert np.abs(banded - whole).max() <= 2


def test_too_many_pixels_are_scaled_within_the_limit_or_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEASURED_PIXELS", 20_000)
    data = png_bytes(photo(300, 200))  # 60,000 pixels
    result = encode_lossy(data, "png", 80.0, 150, Extras())
    assert result is not None and result.resized == (150, 100)
    assert decoded(result.data).size == (150, 100)
    assert encode_lossy(data, "png", 80.0, None, Extras()) is None
    assert encode_lossy(data, "png", 80.0, 200, Extras()) is None  # 200 x 133 is still over the limit
    assert encode_lossy(data, "png", 80.0, None, Extras(), output_format="webp") is None


def test_large_jpeg_is_decoded_at_a_fraction_of_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = []
    real_band = lossy._scaled_band

    def band(image: Image.Image, size: tuple[int, int], top: int, transparent: bool) -> Image.Image:
        seen.append(image.size)
        return real_band(image, size, top, transparent)

    monkeypatch.setattr(lossy, "_scaled_band", band)
    result = encode_lossy(jpeg_bytes(photo(800, 600), quality=95), "jpeg", 80.0, 50, Extras())
    assert result is not None and decoded(result.data).size == (50, 38)
    assert set(seen) == {(200, 150)}  # a quarter of each side: still twice the size it is scaled to


def test_orientation_is_baked_in_after_scaling() -> None:
    image = flat(240, 120, (0, 0, 0))
    image.paste((255, 255, 255), (120, 0, 240, 120))  # dark left half, light right half
    data = jpeg_bytes(image, quality=95, orientation=6)  # shown turned 90 degrees clockwise: dark on top
    result = encode_lossy(data, "jpeg", 80.0, 60, Extras())
    assert result is not None and result.resized == (30, 60)
    out = decoded(result.data).convert("L")
    assert out.size == (30, 60)
    assert out.getpixel((15, 5)) < 64 and out.getpixel((15, 55)) > 192  # type: ignore[operator]


def test_palette_that_shows_every_pixel_scores_100_unmeasured(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_measure(image: Image.Image) -> None:
        raise AssertionError("measured a palette that shows the image exactly")

    monkeypatch.setattr(lossy, "Reference", must_not_measure)
    badge = flat(200, 100, (0, 0, 0, 0), mode="RGBA")  # a transparent ground, whose colour no palette keeps
    ImageDraw.Draw(badge).rectangle((20, 20, 180, 80), fill=(20, 90, 200, 255))
    result = encode_lossy(png_bytes(badge), "png", 80.0, None, Extras())
    assert result is not None and result.score == 100.0
    out = decoded(result.data).convert("RGBA")
    assert out.getchannel("A").tobytes() == badge.getchannel("A").tobytes()


def test_a_large_image_meets_the_target_on_every_pixel_even_when_its_tiles_look_better(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search scores a large image's tiles; the result is scored again on the whole image."""
    flattering = lossy.tiles_of

    def tiles_of(image: Image.Image) -> Sample:  # tiles that flatter every probe
        sample = flattering(image)
        monkeypatch.setattr(sample.reference, "score", lambda candidate: 100.0)
        return sample

    monkeypatch.setattr(lossy, "tiles_of", tiles_of)
    data = jpeg_bytes(banner().resize((1600, 1000)), quality=98)
    result = encode_lossy(data, "jpeg", 80.0, None, Extras())
    assert result is not None
    assert Reference(decoded(data)).score(decoded(result.data)) >= 80.0
    assert result.setting != f"JPEG quality {QUALITIES[0]}"  # raised from where the tiles pointed


def test_a_large_png_gets_the_palette_that_meets_the_target_on_every_pixel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Palettes are searched on a large image's tiles, then confirmed on the whole, fewest colours first."""
    flattering = lossy.tiles_of

    def tiles_of(image: Image.Image) -> Sample:  # tiles on which every palette looks perfect
        sample = flattering(image)
        monkeypatch.setattr(sample.reference, "score", lambda candidate: 100.0)
        return sample

    monkeypatch.setattr(lossy, "tiles_of", tiles_of)
    screen = flat(1600, 1000, (250, 250, 250))  # a dashboard: text around a photo, 256 colours in all
    screen.paste(photo(800, 500, seed=3), (400, 250))
    for row in range(40):
        ImageDraw.Draw(screen).text((20, 20 + 24 * row), f"Metric {row}: 1,234 ms", fill=(30, 30, 30))
    screen = screen.quantize(256).convert("RGB")
    result = encode_lossy(png_bytes(screen), "png", 80.0, None, Extras())
    assert result is not None
    assert Reference(screen).score(decoded(result.data)) >= 80.0
    assert result.setting != f"a {lossy.FEWER_COLOURS[-1]}-colour palette"  # the tiles' first choice, refused


def test_a_gradient_gets_a_dithered_palette_that_does_not_band(monkeypatch: pytest.MonkeyPatch) -> None:
    """The metric scores a banded gradient within the target: without the guard, the bands would ship."""
    data = png_bytes(gradient(600, 300))
    result = encode_lossy(data, "png", 80.0, None, Extras())
    assert result is not None and "palette" in result.setting and "without dithering" not in result.setting
    monkeypatch.setattr(lossy, "mostly_gradients", lambda image, parts: False)
    unguarded = encode_lossy(data, "png", 80.0, None, Extras())
    assert unguarded is not None and "without dithering" in unguarded.setting and unguarded.score >= 80.0


def test_a_long_thin_image_is_scored_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_tiles(image: Image.Image) -> None:
        raise AssertionError("cut tiles from an image narrower than a tile")

    monkeypatch.setattr(lossy, "tiles_of", no_tiles)
    data = jpeg_bytes(photo(8000, 200), quality=95)  # 1.6 MP, but narrower than a tile
    result = encode_lossy(data, "jpeg", 80.0, None, Extras())
    assert result is not None
    assert Reference(decoded(data)).score(decoded(result.data)) >= 80.0


def test_opaque_alpha_channel_is_dropped() -> None:
    """A screenshot saved with an alpha channel it never uses: WebP's alpha pass and a second score cost
    seconds for nothing, and the page shows the same either way."""
    image = photo(320, 240).convert("RGBA")
    result = encode_lossy(png_bytes(image), "png", 80.0, None, Extras(), output_format="webp")
    assert result is not None and decoded(result.data).mode == "RGB"


def test_scaled_palette_keeps_transparency_that_only_some_rows_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lossy, "_BAND_ROWS", 8)  # many bands, most of them without a transparent pixel
    image = photo(400, 300).quantize(32)  # entries 0 to 31
    image.putpalette((image.getpalette() or [])[:96] + [0] * (3 * 224))
    image.paste(40, (0, 280, 400, 300))
    image.info["transparency"] = 40  # only the bottom rows are transparent
    scaled = lossy._scaled(image, (200, 150))
    assert scaled.mode == "RGBA" and "transparency" not in scaled.info
    alpha = np.asarray(scaled.getchannel("A"))
    assert alpha[:130].min() == 255 and alpha[-5:].max() == 0
