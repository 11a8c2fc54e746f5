from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.engine import PARALLEL_MIN_FILES
from tests.imagefactory import flat, noise_png, png_bytes


def test_many_files_in_two_processes_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "big.png").write_bytes(noise_png(400, 300))
    (tmp_path / "img" / "small.png").write_bytes(png_bytes(flat(30, 20)))
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for index in range(PARALLEL_MIN_FILES):
        image = "big" if index % 3 else "small"
        (tmp_path / f"page{index}.html").write_text(f'<html lang="en"><body><img src="img/{image}.png"></body></html>')
    reports = []
    for jobs in ("1", "2"):
        assert main(["check", "--no-config", "--no-cache", "--format", "json", "--jobs", jobs, "."]) == 1
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1]
    assert reports[0]["summary"]["files"] == PARALLEL_MIN_FILES + 3


def test_a_batch_of_images_is_measured_in_workers_and_a_commit_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Measuring an image takes a tenth of a second or more: from PARALLEL_MIN_IMAGES, workers pay for themselves."""
    from perflint import engine

    processes: list[int] = []
    real_mapper = engine.mapper
    monkeypatch.setattr(engine, "mapper", lambda jobs, *rest: processes.append(jobs) or real_mapper(jobs, *rest))
    monkeypatch.chdir(tmp_path)
    for index in range(engine.PARALLEL_MIN_IMAGES):
        (tmp_path / f"photo{index}.png").write_bytes(noise_png(64, 48, seed=index))
    assert main(
        ["check", "--no-config", "--no-cache", "--format", "json", "--jobs", "2", "photo1.png", "photo2.png"]
    ) in (0, 1)
    assert main(["check", "--no-config", "--no-cache", "--format", "json", "--jobs", "2", "."]) in (0, 1)
    capsys.readouterr()
    assert processes == [1, 2]
