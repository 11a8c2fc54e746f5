"""`perflint fix --undo` puts back what the last fix replaced, whether git holds the original or not."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from perflint.cli import main
from tests.imagefactory import jpeg_bytes, photo

PAGE = b'<!doctype html><html lang="en"><head><title>T</title></head><body><img src="img/photo.jpg" alt="A"></body>'
BUDGET = b'[rules.image-bytes]\nmax-raster = "10 KiB"\n'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["fix", "--jobs", "1", *args])
    return code, capsys.readouterr().out


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    (tmp_path / "perflint.toml").write_bytes(BUDGET)
    (tmp_path / "index.html").write_bytes(PAGE)
    (tmp_path / "img" / "photo.jpg").write_bytes(jpeg_bytes(photo(640, 420), quality=97))
    return tmp_path


@pytest.mark.parametrize("in_git", [True, False], ids=["git holds the page, not the photo", "no git"])
def test_undo_puts_back_every_original(site: Path, capsys: pytest.CaptureFixture[str], in_git: bool) -> None:
    if in_git:
        git(site, "init", "-q")
        git(site, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", "index.html", "perflint.toml")
        git(site, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "page")
    before = {name: (site / name).read_bytes() for name in ("index.html", "img/photo.jpg")}
    _, out = run(capsys, ".")
    assert "To put the originals back: perflint fix --undo" in out
    assert all((site / name).read_bytes() != data for name, data in before.items())  # both were fixed
    copies = [path.name for path in (site / ".perflint_cache" / "originals").iterdir() if path.suffix != ".jsonl"]
    assert len(copies) == (1 if in_git else 2)  # the committed page is not copied: git gives it back
    code, out = run(capsys, "--undo")
    assert code == 0 and "index.html: restored" in out and "img/photo.jpg: restored" in out
    assert {name: (site / name).read_bytes() for name in before} == before


def test_undo_leaves_a_file_changed_since(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, ".")
    (site / "index.html").write_text("edited by hand after the fix")
    out = run(capsys, "--undo")[1]
    assert "index.html: left as it is (changed since the fix)" in out and "img/photo.jpg: restored" in out
    assert (site / "index.html").read_text() == "edited by hand after the fix"
    assert "nothing to undo" in run(capsys, "--undo")[1]  # the list is used once
