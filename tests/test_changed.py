from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from perflint.cli import main
from tests.imagefactory import flat, noise_png, photo, png_bytes

HOME = '<!doctype html><html lang="en"><head><title>Home</title></head><body><img src="static/img/hero.png" alt="Hero"></body></html>\n'  # noqa: E501
ABOUT = '<!doctype html><html lang="en"><head><title>About</title></head><body><p>Who we are.</p></body></html>\n'
PRICING = '<!doctype html><html lang="en"><head><title>Pricing</title><link rel="stylesheet" href="static/css/site.css"></head><body></body></html>\n'  # noqa: E501


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site whose branch swapped the hero image and a stylesheet background, and deleted an image."""
    repo = tmp_path / "site"
    (repo / "static/img").mkdir(parents=True)
    (repo / "static/css").mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "marketing@example.com")
    git(repo, "config", "user.name", "Marketing")
    (repo / "index.html").write_text(HOME)
    (repo / "about.html").write_text(ABOUT)
    (repo / "pricing.html").write_text(PRICING)
    (repo / "static/css/site.css").write_text(".hero{background:url(../img/bg.png)}\n")
    for name in ("hero.png", "bg.png", "old.png"):
        (repo / "static/img" / name).write_bytes(png_bytes(flat(20, 20)))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "spring")
    (repo / "static/img/hero.png").write_bytes(noise_png(400, 300))
    (repo / "static/img/bg.png").write_bytes(noise_png(420, 300))
    git(repo, "rm", "-q", "static/img/old.png")
    git(repo, "commit", "-qam", "spring campaign")
    monkeypatch.chdir(repo)
    return repo


def checked(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    code = main(["check", "--no-config", "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_changed_files_and_the_pages_that_show_them(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = checked(capsys, "--changed-since", "main")
    paths = {finding["path"] for finding in report["findings"]}  # type: ignore[attr-defined]
    assert code == 1
    assert {"static/img/hero.png", "static/img/bg.png"} <= paths
    # index.html shows hero.png; pricing.html loads site.css, which shows bg.png; about.html neither.
    assert report["summary"]["files"] == 5  # type: ignore[index]


def test_paths_narrow_the_changed_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = checked(capsys, "--changed-since", "main", "static/img")
    assert report["summary"]["files"] == 2  # type: ignore[index]


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = checked(capsys, "--changed-since", "HEAD")
    assert code == 0 and report["summary"]["files"] == 0  # type: ignore[index]


@pytest.mark.parametrize("ref", ["no-such-branch", "--output=/tmp/perflint-injected"])
def test_bad_reference_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str], ref: str) -> None:
    assert main(["check", "--no-config", f"--changed-since={ref}"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("perflint: error:") and error.count("\n") == 1
    assert not Path("/tmp/perflint-injected").exists()


def test_fix_takes_the_same_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "static/img/unchanged.png").write_bytes(png_bytes(photo(300, 200)))  # fixable, but not in the branch
    git(repo, "add", "static/img/unchanged.png")
    git(repo, "commit", "-qm", "logo", "--date", "2026-01-01T00:00:00")
    git(repo, "branch", "-f", "main", "HEAD")  # the base now holds it
    (repo / "static/img/hero.png").write_bytes(png_bytes(photo(300, 200, seed=1)))
    git(repo, "commit", "-qam", "new hero")
    main(["fix", "--no-config", "--dry-run", "--format", "json", "--changed-since", "main"])
    fixed = {fix["path"] for fix in json.loads(capsys.readouterr().out)["fixes"]}
    assert fixed == {"static/img/hero.png", "index.html"}  # the page that shows it gets its size
