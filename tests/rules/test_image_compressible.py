from __future__ import annotations

import io
from pathlib import Path

import pytest

from perflint.lossy_manifest import NAME, content_hash
from perflint.sizes import format_size
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
    photo(800, 600).save(stream, "JPEG", quality=85)  # standard Huffman tables, baseline
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


def high_quality_jpeg() -> bytes:
    stream = io.BytesIO()
    photo(800, 600).save(stream, "JPEG", quality=98)  # as a camera or an export at "maximum" writes it
    return stream.getvalue()


def test_jpeg_saved_at_a_high_quality_is_reported_with_what_the_fix_would_write(tmp_path: Path) -> None:
    from perflint.transforms.lossy import Extras, encode_lossy

    data = high_quality_jpeg()
    [finding] = findings(tmp_path, "team.jpg", data, "image-compressible")
    expected = encode_lossy(data, "jpeg", 80.0, None, Extras())
    assert expected is not None
    saving = len(data) - len(expected.data)
    assert finding.message.startswith(
        f"saved at quality 98, it would be {format_size(saving)} ({100 * saving / len(data):.0f} %) smaller "
        f"re-encoded at {expected.setting} ({format_size(len(data))} -> {format_size(len(expected.data))}, measured)"
    )
    assert "would still look the same (similarity at least 80/100" in finding.message
    assert finding.message.endswith("run `perflint fix --lossy always` on it to re-compress it")


def test_a_jpeg_under_quality_90_is_not_re_encoded_lossily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []  # recorded, not raised: the rule turns any error of the encoder into "no result"
    monkeypatch.setattr("perflint.transforms.lossy.encode_lossy", lambda *args: calls.append(args))
    [finding] = findings(tmp_path, "team.jpg", baseline_jpeg(), "image-compressible")
    assert "smaller with lossless optimisation" in finding.message
    assert calls == []


def test_the_lossy_measurement_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"team.jpg": high_quality_jpeg()}
    first = check_tree(tmp_path, files, select="image-compressible").findings

    calls: list[object] = []
    monkeypatch.setattr("perflint.transforms.lossy.encode_lossy", lambda *args: calls.append(args))
    assert check_tree(tmp_path, files, select="image-compressible").findings == first
    assert calls == []


def test_a_jpeg_the_lossy_fix_wrote_is_not_measured_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fix re-encoded it at the lowest quality that keeps the original's look: advising another fix would loop."""
    data = high_quality_jpeg()
    calls: list[object] = []
    monkeypatch.setattr("perflint.transforms.lossy.encode_lossy", lambda *args: calls.append(args))
    files = {"team.jpg": data, NAME: f"{content_hash(data)}\n".encode()}
    report = check_tree(tmp_path, files, select="image-compressible")
    assert calls == []
    assert all("saved at quality" not in finding.message for finding in report.findings)
