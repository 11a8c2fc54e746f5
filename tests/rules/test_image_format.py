from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.imagefactory import bmp_bytes, flat, gif_bytes, noise_png, photo, png_bytes, tiff_bytes


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
    assert findings(tmp_path, "cutout.png", png_bytes(cutout), "image-format") == []
