from __future__ import annotations

from pathlib import Path

from tests.checking import findings
from tests.imagefactory import flat, jpeg_bytes, png_bytes, srgb_icc

SMALL = flat(64, 48)


def test_gps_position_is_always_an_error(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "team.jpg", jpeg_bytes(SMALL, gps=True), "image-metadata")
    assert finding.code == "IMG103"
    assert finding.severity.value == "error"
    assert "GPS position" in finding.message


def test_heavy_exif_is_a_warning(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "team.jpg", jpeg_bytes(SMALL, exif_size=40_000), "image-metadata")
    assert finding.severity.value == "warning"
    assert "of metadata (EXIF" in finding.message
    assert "over the 16 KiB budget for image metadata by" in finding.message


def test_xmp_and_png_text_count(tmp_path: Path) -> None:
    [jpeg] = findings(tmp_path, "a.jpg", jpeg_bytes(SMALL, xmp_size=20_000), "image-metadata")
    assert "XMP" in jpeg.message
    png = png_bytes(SMALL, text={"Comment": "x" * 20_000})
    [text] = findings(tmp_path, "b.png", png, "image-metadata")
    assert "text chunks" in text.message


def test_light_metadata_and_colour_profiles_pass(tmp_path: Path) -> None:
    assert findings(tmp_path, "a.jpg", jpeg_bytes(SMALL, exif_size=2_000), "image-metadata") == []
    config = '[rules.image-metadata]\nmax-bytes = "16 B"\n'
    assert findings(tmp_path, "b.jpg", jpeg_bytes(SMALL, icc=srgb_icc()), "image-metadata", config) == []


def test_severity_from_config_applies_to_every_finding(tmp_path: Path) -> None:
    config = '[rules.image-metadata]\nseverity = "warning"\n'
    [finding] = findings(tmp_path, "team.jpg", jpeg_bytes(SMALL, gps=True), "image-metadata", config)
    assert finding.severity.value == "warning"
