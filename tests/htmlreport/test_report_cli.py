from __future__ import annotations

import re
from pathlib import Path

import pytest

from perflint.cli import main
from tests.imagefactory import flat, png_bytes


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_the_report_and_fails_on_errors(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "out").mkdir()
    code, out, _ = run(capsys, "--no-savings", "-o", "out/report.html")
    assert code == 1
    assert out.startswith("Wrote out/report.html: 6 files, ")
    html = (site / "out" / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "hero.jpg" in html


def test_passes_without_errors(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--no-savings", "--select", "image-format,img-alt")
    assert code == 0
    assert "0 errors" in out
    assert (site / "perflint-report.html").is_file()


def test_select_ignore_and_config_work_as_in_check(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--no-savings", "--select", "IMG", "--ignore", "IMG104")
    html = (site / "perflint-report.html").read_text(encoding="utf-8")
    assert "image-bytes" in html and "image-format" not in html and "page-weight" not in html
    code, _, _ = run(capsys, "--no-savings", "--no-config", "--select", "image-bytes")
    assert code == 0  # the built-in 300 KiB budget: the photo is within it


def test_counts_what_fix_would_save(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "img" / "logo.png").write_bytes(png_bytes(flat(200, 100), text={"Comment": "x" * 20_000}))
    _, out, _ = run(capsys, "--select", "image-metadata", "-j", "1", "img/logo.png")
    assert re.search(r"; perflint fix would save 19\.\d KiB\.$", out.rstrip())
    assert "saves 19." in (site / "perflint-report.html").read_text(encoding="utf-8")  # on the image's card


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--select", "nonsense"), "nonsense names no rule"),
        (("-o", "missing/report.html"), "cannot write missing/report.html"),
    ],
)
def test_usage_and_config_errors_exit_2(
    site: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, "--no-savings", *args)
    assert code == 2
    assert message in err
