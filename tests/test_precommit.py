"""The real pre-commit runs perflint's hook on a throwaway repository."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.imagefactory import flat, noise_png, png_bytes

PROJECT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed: pip install -e '.[test]'"
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def try_repo(repo: Path, home: Path, hook: str = "perflint") -> subprocess.CompletedProcess[str]:
    """Run one of perflint's hooks on the staged files, as `git commit` would."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(PROJECT), hook, "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "marketing@example.com")
    git(repo, "config", "user.name", "Marketing")
    return repo


def test_hook_refuses_an_oversized_image_and_passes_a_clean_one(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    (repo / "hero.png").write_bytes(noise_png(400, 300))
    git(repo, "add", "hero.png")
    refused = try_repo(repo, home)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "hero.png IMG101 image-bytes error:" in refused.stdout
    assert "over the 300 KiB budget for raster images" in refused.stdout

    git(repo, "rm", "-q", "--cached", "hero.png")
    (repo / "hero.png").unlink()
    (repo / "logo.png").write_bytes(png_bytes(flat(120, 60)))
    git(repo, "add", "logo.png")
    passed = try_repo(repo, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_fix_hook_fixes_stops_the_commit_and_says_how_to_restage(repo: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    css = "".join(f".card-{i} {{\n  padding: {i}px;\n  color: #333333;\n}}\n\n" for i in range(200))
    (repo / "site.css").write_text(css)
    git(repo, "add", "site.css")
    fixed = try_repo(repo, home, "perflint-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    assert "Restage the fixed files: git add -- site.css" in fixed.stdout
    assert len((repo / "site.css").read_text()) < len(css)
