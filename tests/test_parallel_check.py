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
