from __future__ import annotations

from pathlib import Path

from tests.checking import findings
from tests.imagefactory import flat, gif_bytes, noise, noise_png, png_bytes

SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'


def svg_of(size: int) -> bytes:
    filler = b"<!-- " + b"x" * (size - len(SVG_HEAD) - 16) + b" -->"
    return SVG_HEAD + filler + b"</svg>"


def test_small_image_passes(tmp_path: Path) -> None:
    assert findings(tmp_path, "img/logo.png", png_bytes(flat(200, 100)), "image-bytes") == []


def test_raster_over_default_budget(tmp_path: Path) -> None:
    data = noise_png(380, 380)  # about 430 KiB of incompressible pixels
    [finding] = findings(tmp_path, "img/team.png", data, "image-bytes")
    assert finding.code == "IMG101"
    assert finding.severity.value == "error"
    assert finding.path.endswith("img/team.png")
    assert "(380 x 380 px)" in finding.message
    assert "over the 300 KiB budget for raster images by" in finding.message


def test_svg_budget(tmp_path: Path) -> None:
    assert findings(tmp_path / "a", "a.svg", svg_of(40 * 1024), "image-bytes") == []
    [finding] = findings(tmp_path / "b", "b.svg", svg_of(60 * 1024), "image-bytes")
    assert "60 KiB is over the 50 KiB budget for SVG images by 10 KiB" in finding.message


def test_icon_budget(tmp_path: Path) -> None:
    data = noise_png(200, 200)  # about 117 KiB: fine as a picture, too much for an icon
    assert findings(tmp_path / "a", "img/photo.png", data, "image-bytes") == []
    [finding] = findings(tmp_path / "b", "favicon.png", data, "image-bytes")
    assert "budget for icons" in finding.message


def test_folder_override_names_its_globs(tmp_path: Path) -> None:
    config = '[[overrides]]\nfiles = ["static/hero/**"]\n[overrides.rules.image-bytes]\nmax-raster = "100 KiB"\n'
    data = noise_png(200, 200)
    [finding] = findings(tmp_path / "a", "static/hero/banner.png", data, "image-bytes", config)
    assert "over the 100 KiB budget for static/hero/** by" in finding.message
    assert findings(tmp_path / "b", "static/img/banner.png", data, "image-bytes", config) == []


def test_advice_fits_a_drawing_and_an_animation(tmp_path: Path) -> None:
    [drawing] = findings(tmp_path / "a", "a.svg", svg_of(60 * 1024), "image-bytes")
    assert "SVG optimiser such as SVGO" in drawing.message and "JPEG" not in drawing.message
    assert drawing.fixable is False  # fix does not rewrite drawings
    frames = [noise(400, 400, seed).convert("P") for seed in range(3)]  # about 480 KiB in all
    [animation] = findings(tmp_path / "b", "intro.gif", gif_bytes(frames), "image-bytes")
    assert "MP4/WebM <video" in animation.message and animation.fixable is False
    [photo] = findings(tmp_path / "c", "team.png", noise_png(380, 380), "image-bytes")
    assert "run `perflint fix` to re-compress it" in photo.message and photo.fixable is True
