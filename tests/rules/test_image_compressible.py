from __future__ import annotations

import io
from pathlib import Path

import pytest

from perflint.transforms import limits, lossless
from tests.checking import check_tree, findings
from tests.imagefactory import jpeg_that_makes_mozjpeg_exit, photo


def loosely_saved_png() -> bytes:
    """A PNG written with the fastest, weakest compression, as many exporters do."""
    stream = io.BytesIO()
    photo(300, 200).quantize(64).convert("RGB").save(stream, "PNG", compress_level=1)
    return stream.getvalue()


def baseline_jpeg() -> bytes:
    stream = io.BytesIO()
    photo(800, 600).save(stream, "JPEG", quality=90)  # standard Huffman tables, baseline
    return stream.getvalue()


def test_loose_png_is_reported_with_measured_numbers(tmp_path: Path) -> None:
    data = loosely_saved_png()
    [finding] = findings(tmp_path, "chart.png", data, "image-compressible")
    assert finding.code == "IMG105"
    optimized = lossless.optimize_losslessly(data, "png")
    assert optimized is not None
    percent = 100 * (len(data) - len(optimized)) / len(data)
    assert f"({percent:.0f} %)" in finding.message
    assert "smaller with lossless optimisation" in finding.message
    assert "every pixel unchanged" in finding.message


def test_baseline_jpeg_is_reported(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "team.jpg", baseline_jpeg(), "image-compressible")
    assert "smaller with lossless optimisation" in finding.message


def test_optimized_image_passes(tmp_path: Path) -> None:
    optimized = lossless.optimize_losslessly(loosely_saved_png(), "png")
    assert optimized is not None
    assert findings(tmp_path, "chart.png", optimized, "image-compressible") == []


def test_thresholds_are_options(tmp_path: Path) -> None:
    config = "[rules.image-compressible]\nmin-percent = 99.0\n"
    assert findings(tmp_path, "chart.png", loosely_saved_png(), "image-compressible", config) == []


def test_second_run_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"chart.png": loosely_saved_png()}
    first = check_tree(tmp_path, files, select="image-compressible").findings
    assert len(first) == 1

    def must_not_run(data: bytes, image_format: str, *_: object) -> bytes:
        raise AssertionError("measured again despite the cache")

    monkeypatch.setattr("perflint.rules.image_compressible.optimize_losslessly", must_not_run)
    assert check_tree(tmp_path, files, select="image-compressible").findings == first


def test_jpeg_that_makes_the_encoder_exit_does_not_end_the_check(tmp_path: Path) -> None:
    assert findings(tmp_path, "grey.jpg", jpeg_that_makes_mozjpeg_exit(), "image-compressible") == []


def test_image_with_too_many_pixels_is_not_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_MEASURED_PIXELS", 100_000)  # the 800 x 600 JPEG stands for a huge one

    def must_not_run(data: bytes, image_format: str, *_: object) -> bytes:
        raise AssertionError("decoded an image with too many pixels")

    monkeypatch.setattr("perflint.rules.image_compressible.optimize_losslessly", must_not_run)
    monkeypatch.setattr("perflint.rules.image_format.to_webp", must_not_run)
    config = "[rules.image-dimensions]\nmax-side = 500\n"
    report = check_tree(tmp_path, {"team.jpg": baseline_jpeg()}, config)
    assert [finding.rule for finding in report.findings] == ["image-dimensions"]  # read from the header alone
