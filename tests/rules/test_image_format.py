from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from perflint.lossy_manifest import NAME, content_hash
from perflint.sizes import format_size
from perflint.transforms import limits
from perflint.transforms.ssimulacra2 import Reference
from perflint.transforms.webp import to_webp
from tests.checking import check_tree, findings
from tests.imagefactory import (
    apng_bytes,
    bmp_bytes,
    flat,
    gif_bytes,
    jpeg_bytes,
    noise_png,
    photo,
    png_bytes,
    tiff_bytes,
    webp_bytes,
)


@pytest.mark.parametrize(
    ("name", "factory", "words"),
    [
        ("scan.tif", tiff_bytes, "a TIFF file"),
        ("logo.bmp", bmp_bytes, "an uncompressed BMP"),
    ],
)
def test_formats_not_for_the_web_are_errors(tmp_path: Path, name: str, factory, words: str) -> None:  # type: ignore[no-untyped-def]
    [finding] = findings(tmp_path, name, factory(flat(40, 30)), "image-format")
    assert finding.code == "IMG104"
    assert finding.severity.value == "error"
    assert words in finding.message
    assert "save it as JPEG or WebP" in finding.message


def test_heavy_animated_gif(tmp_path: Path) -> None:
    frames = [photo(120, 90, seed=i) for i in range(4)]
    config = '[rules.image-format]\nmax-animated-gif = "1 KiB"\n'
    [finding] = findings(tmp_path, "banner.gif", gif_bytes(frames), "image-format", config)
    assert finding.severity.value == "warning"
    assert "animated GIF" in finding.message
    assert "(4 frames)" in finding.message
    assert "video" in finding.message


def test_light_or_still_gif_passes(tmp_path: Path) -> None:
    frames = [flat(20, 20, colour=(i * 40, 0, 0)) for i in range(3)]
    assert findings(tmp_path, "spinner.gif", gif_bytes(frames), "image-format") == []
    config = '[rules.image-format]\nmax-animated-gif = "1 B"\n'
    assert findings(tmp_path, "still.gif", gif_bytes([photo(60, 40)]), "image-format", config) == []


def test_photograph_stored_as_png(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "team.png", noise_png(400, 300), "image-format")
    assert finding.severity.value == "warning"
    assert "photograph stored as PNG" in finding.message
    assert "bytes per pixel" in finding.message


def test_png_drawing_or_transparent_png_passes(tmp_path: Path) -> None:
    assert findings(tmp_path, "chart.png", png_bytes(flat(800, 600)), "image-format") == []
    cutout = photo(400, 300).convert("RGBA")
    # Not a photograph stored as PNG; its only finding is the measured WebP saving (an info).
    [finding] = findings(tmp_path, "cutout.png", png_bytes(cutout), "image-format")
    assert finding.severity.value == "info"
    assert "smaller as WebP that looks the same" in finding.message


def test_photo_jpeg_that_would_be_smaller_as_webp_is_an_info(tmp_path: Path) -> None:
    data = jpeg_bytes(photo(800, 600), quality=95)
    encoded = to_webp(data, "jpeg", 80.0)
    assert encoded is not None
    saving = len(data) - len(encoded)
    [finding] = findings(tmp_path, "team.jpg", data, "image-format")
    assert finding.code == "IMG104"
    assert finding.severity.value == "info"
    assert finding.message == (
        f"would be {format_size(saving)} ({100 * saving / len(data):.0f} %) smaller as WebP that looks the same "
        f"({format_size(len(data))} -> {format_size(len(encoded))}, measured at similarity 80/100 to it, "
        f"as `perflint fix` keeps); publish it as WebP, which every current browser shows"
    )


def test_a_jpeg_the_lossy_fix_wrote_gets_no_webp_promise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It lies at the target from its original already: a WebP that looks like it would be a second lossy step."""
    data = jpeg_bytes(photo(800, 600), quality=95)
    assert findings(tmp_path / "first", "team.jpg", data, "image-format") != []  # measured, unless listed

    calls: list[object] = []
    monkeypatch.setattr("perflint.rules.image_format.to_webp", lambda *args: calls.append(args))
    files = {"team.jpg": data, NAME: f"{content_hash(data)}\n".encode()}
    assert check_tree(tmp_path / "listed", files, select="image-format").findings == ()
    assert calls == []


@pytest.mark.parametrize("target", [70.0, 75.0, 80.0])
def test_jpeg_as_webp_is_measured_at_the_fix_target(target: float) -> None:
    """The WebP the advice measures looks like the JPEG, at the target: not a fixed quality's guess."""
    data = jpeg_bytes(photo(640, 480, seed=3), quality=95)
    encoded = to_webp(data, "jpeg", target)
    assert encoded is not None
    score = Reference(decoded(data)).score(decoded(encoded))
    assert target <= score <= target + 3  # the lowest quality that keeps it: just over the target


def test_a_lean_jpeg_gets_no_webp_promise(tmp_path: Path) -> None:
    """A WebP at quality 82 is 8 KiB smaller than this quality-70 JPEG, but it does not look as good:
    the WebP that does is larger, so there is nothing to promise."""
    data = jpeg_bytes(photo(800, 600, seed=3), quality=70)
    fixed_quality = io.BytesIO()
    decoded(data).save(fixed_quality, "WEBP", quality=82)
    assert len(data) - len(fixed_quality.getvalue()) >= 8 * 1024
    lookalike = to_webp(data, "jpeg", 80.0)
    assert lookalike is not None and len(lookalike) > len(data)
    assert [f for f in findings(tmp_path, "lean.jpg", data, "image-format") if f.severity.value == "info"] == []


def test_the_target_comes_from_the_fix_settings(tmp_path: Path) -> None:
    config = "[fix]\nlossy-target = 75\n"
    [finding] = findings(tmp_path, "team.jpg", jpeg_bytes(photo(800, 600), quality=95), "image-format", config)
    assert "measured at similarity 75/100 to it" in finding.message


def test_photo_png_gets_the_photo_warning_and_the_lookalike_webp_info(tmp_path: Path) -> None:
    """A photo's lossy WebP at the target is far smaller than its lossless one: that is the one to publish."""
    data = png_bytes(photo(400, 300))
    lookalike, lossless = to_webp(data, "png", 80.0, lookalike=True), to_webp(data, "png", 80.0)
    assert lookalike is not None and lossless is not None and len(lookalike) < len(lossless)
    found = findings(tmp_path, "office.png", data, "image-format")
    assert [f.severity.value for f in found] == ["warning", "info"]
    assert (
        f"({format_size(len(data))} -> {format_size(len(lookalike))}, measured at similarity 80/100" in found[1].message
    )
    assert "smaller as WebP that looks the same" in found[1].message
    assert Reference(decoded(data).convert("RGB")).score(decoded(lookalike)) >= 80


def chart() -> bytes:
    """A bar chart with text: flat colours and sharp edges, which lossless WebP keeps in fewer bytes than lossy."""
    image = Image.new("RGB", (900, 600), "white")
    draw = ImageDraw.Draw(image)
    for bar in range(12):
        draw.rectangle((40 + 70 * bar, 500 - 30 * bar, 90 + 70 * bar, 560), fill=(30, 90, 200))
        draw.text((40 + 70 * bar, 570), f"Q{bar}", fill="black")
    for y in range(40, 480, 40):
        draw.line((20, y, 880, y), fill=(200, 200, 200))
    return png_bytes(image.resize((1800, 1200)))


def test_a_drawing_gets_the_lossless_webp_info_when_that_is_smaller(tmp_path: Path) -> None:
    data = chart()
    lookalike, lossless = to_webp(data, "png", 80.0, lookalike=True), to_webp(data, "png", 80.0)
    assert lookalike is not None and lossless is not None and len(lossless) < len(lookalike)
    [finding] = findings(tmp_path, "chart.png", data, "image-format")
    assert f"smaller as lossless WebP, every pixel kept ({format_size(len(data))} -> " in finding.message
    assert format_size(len(lossless)) in finding.message


def test_a_png_the_lossy_fix_wrote_gets_only_the_lossless_webp_info(tmp_path: Path) -> None:
    data = png_bytes(photo(400, 300))
    files = {"office.png": data, NAME: f"{content_hash(data)}\n".encode()}
    info = [f for f in check_tree(tmp_path, files, select="image-format").findings if f.severity.value == "info"]
    assert len(info) == 1
    assert "smaller as lossless WebP, every pixel kept" in info[0].message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("small.jpg", jpeg_bytes(photo(200, 150))),  # under 8 KiB: cannot save 8 KiB
        ("flat.jpg", jpeg_bytes(flat(800, 600))),
        ("flat.png", png_bytes(flat(800, 600))),
        ("noise.png", noise_png(300, 200)),  # incompressible: WebP is no smaller
    ],
)
def test_small_flat_or_incompressible_images_get_no_webp_info(tmp_path: Path, name: str, data: bytes) -> None:
    assert [f for f in findings(tmp_path, name, data, "image-format") if f.severity.value == "info"] == []


def test_min_webp_saving_is_an_option(tmp_path: Path) -> None:
    config = '[rules.image-format]\nmin-webp-saving = "1 MiB"\n'
    assert findings(tmp_path, "team.jpg", jpeg_bytes(photo(800, 600)), "image-format", config) == []


def test_webp_size_is_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"team.jpg": jpeg_bytes(photo(800, 600))}
    first = check_tree(tmp_path, files, select="image-format").findings
    assert len(first) == 1

    def must_not_run(data: bytes, source_format: str, target: float) -> bytes:
        raise AssertionError("encoded again despite the cache")

    monkeypatch.setattr("perflint.rules.image_format.to_webp", must_not_run)
    assert check_tree(tmp_path, files, select="image-format").findings == first
    (tmp_path / "copy.jpg").write_bytes(files["team.jpg"])  # same content, other name: still cached
    assert len(check_tree(tmp_path, {}, select="image-format").findings) == 2


def test_other_formats_and_small_files_are_never_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(data: bytes, source_format: str, target: float) -> bytes:
        raise AssertionError("decoded pixels")

    monkeypatch.setattr("perflint.rules.image_format.to_webp", must_not_run)
    frames = [photo(120, 90, seed=i) for i in range(3)]
    files = {
        "a.gif": gif_bytes(frames),
        "b.webp": webp_bytes(photo(400, 300)),
        "c.tif": tiff_bytes(photo(200, 100)),
        "d.png": apng_bytes(frames),
        "e.jpg": jpeg_bytes(photo(100, 80)),
        "f.jpg": jpeg_bytes(photo(800, 600).convert("CMYK")),
    }
    check_tree(tmp_path, files, select="image-format")


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_to_webp_keeps_png_pixels_and_alpha() -> None:
    cutout = photo(64, 48).convert("RGBA")
    cutout.putpixel((0, 0), (1, 2, 3, 0))
    encoded = to_webp(png_bytes(cutout), "png", 80.0)
    assert encoded is not None
    image = decoded(encoded)
    assert image.format == "WEBP"
    assert image.mode == "RGBA"
    assert image.getchannel("A").tobytes() == cutout.getchannel("A").tobytes()
    assert visible_pixels(image) == visible_pixels(cutout)


def visible_pixels(image: Image.Image) -> list[bytes]:
    """Return the RGBA values of the pixels that are not fully transparent."""
    data = image.tobytes()
    return [data[i : i + 4] for i in range(0, len(data), 4) if data[i + 3]]


def test_to_webp_encodes_jpeg_lossy() -> None:
    encoded = to_webp(jpeg_bytes(photo(320, 240)), "jpeg", 80.0)
    assert encoded is not None
    assert decoded(encoded).size == (320, 240)


@pytest.mark.parametrize(
    ("data", "source_format"),
    [
        (jpeg_bytes(photo(64, 48).convert("CMYK")), "jpeg"),
        (png_bytes(Image.new("I;16", (64, 48), 1000)), "png"),
        (apng_bytes([flat(16, 16, colour=(i * 60, 0, 0)) for i in range(3)]), "png"),
        (jpeg_bytes(photo(64, 48)), "png"),  # decoded only as the format the header said
        (png_bytes(photo(64, 48))[:200], "png"),  # cut off
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "png"),
        (b"", "jpeg"),
        (gif_bytes([flat(16, 16)]), "gif"),
    ],
)
def test_to_webp_skips_what_it_cannot_convert_faithfully(data: bytes, source_format: str) -> None:
    assert to_webp(data, source_format, 80.0) is None


def test_image_with_too_many_pixels_gets_no_webp_info(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEASURED_PIXELS", 100_000)
    data = jpeg_bytes(photo(800, 600), quality=90)  # would be an info finding, as above, under the limit
    assert findings(tmp_path, "team.jpg", data, "image-format") == []
    assert to_webp(data, "jpeg", 80.0) is None


@pytest.mark.parametrize("name", ["apple-touch-icon.png", "static/mstile-310x310.png", "icons/app-512.png"])
def test_icons_get_no_webp_advice(tmp_path: Path, name: str) -> None:
    """Home screens and tiles take PNG icons: WebP advice for them would be a false alarm."""
    data = png_bytes(photo(400, 300).convert("RGBA"))
    assert findings(tmp_path, "cutout.png", data, "image-format") != []  # the same file elsewhere gets it
    assert findings(tmp_path, name, data, "image-format") == []
