"""The real pre-commit runs perflint's hooks on throwaway repositories.

pre-commit builds a hook's environment (a virtualenv with perflint and its dependencies) once
per repository and rev in its PRE_COMMIT_HOME. Every test here points at the same local
repository and rev, a tagged snapshot of this checkout, and shares one PRE_COMMIT_HOME, so
the environment is built once per run, also across pytest-xdist workers.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.imagefactory import flat, noise_png, png_bytes
from tests.test_readme import environment, git, git_repo, one_block

PROJECT = Path(__file__).resolve().parent.parent
README_REPO = "https://github.com/OWNER/perflint"  # the placeholder in the README's snippet
CONSTRAINTS = PROJECT / "requirements" / "test-constraints.txt"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed: pip install -e '.[test]'"
)


def readme_config() -> str:
    """The README's `.pre-commit-config.yaml`, as written."""
    return one_block("Use it with pre-commit", "yaml", "repos:")


def readme_rev() -> str:
    rev = yaml.safe_load(readme_config())["repos"][0]["rev"]
    assert isinstance(rev, str)
    return rev


def _shared_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run; under pytest-xdist, the one that holds every worker's folder."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _snapshot(clone: Path, tag: str) -> None:
    """Clone this repository, commit its uncommitted changes in the clone (as try-repo does), and tag that."""
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True, capture_output=True)
    listed = subprocess.run(
        ["git", "-C", str(PROJECT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source, target = PROJECT / name, clone / name
        if target.is_symlink() or target.exists():
            target.unlink()
        if source.is_symlink() or source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    git(clone, "add", "-A")
    if git(clone, "status", "--porcelain").stdout:
        git(clone, "-c", "user.name=perflint tests", "-c", "user.email=tests@example.com", "commit", "-q", "-m", "wip")
    git(clone, "tag", tag)


@pytest.fixture(scope="session")
def perflint_repo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A local copy of perflint, as it is on disk, tagged with the README's rev: where the hooks come from."""
    from filelock import FileLock  # pre-commit's own dependencies bring it

    shared = _shared_folder(tmp_path_factory)
    clone = shared / "perflint-repo"
    with FileLock(str(shared / "perflint-repo.lock")):
        if not (shared / "perflint-repo.done").exists():
            shutil.rmtree(clone, ignore_errors=True)
            _snapshot(clone, readme_rev())
            (shared / "perflint-repo.done").touch()
    return str(clone)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for every test; pre-commit locks it while it builds an environment."""
    return _shared_folder(tmp_path_factory) / "pre-commit-home"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    yield git_repo(tmp_path / "site")


def pre_commit_env(home: Path) -> dict[str, str]:
    # The hook environment gets the dependencies at the versions the tests are pinned to.
    return environment(PRE_COMMIT_HOME=str(home), PIP_CONSTRAINT=str(CONSTRAINTS))


def use_hooks(site: Path, repo: str, *hook_ids: str) -> None:
    hooks = "".join(f"      - id: {hook_id}\n" for hook_id in hook_ids)
    config = f"repos:\n  - repo: {repo}\n    rev: {readme_rev()}\n    hooks:\n{hooks}"
    (site / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(site, "add", ".pre-commit-config.yaml")


def pre_commit(site: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=site,
        env=pre_commit_env(home),
        capture_output=True,
        text=True,
        timeout=900,
    )


def commit(site: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=site,
        env=pre_commit_env(home),
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_readme_config_refuses_an_oversized_image(site: Path, perflint_repo: str, pre_commit_home: Path) -> None:
    """The README's configuration, as written but for the repository's address, run on a whole site."""
    config = readme_config()
    assert README_REPO in config
    (site / ".pre-commit-config.yaml").write_text(config.replace(README_REPO, perflint_repo), encoding="utf-8")
    (site / "hero.png").write_bytes(noise_png(400, 300))
    (site / "index.html").write_text(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Home</title>\n</head>\n'
        '<body><img src="hero.png" alt="The team at work" width="400" height="300"></body>\n</html>\n',
        encoding="utf-8",
    )
    git(site, "add", "-A")
    result = pre_commit(site, pre_commit_home, "run", "--all-files")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "hero.png IMG101 image-bytes error:" in result.stdout
    assert "over the 300 KiB budget for raster images" in result.stdout


def test_commit_is_refused_for_an_oversized_image_and_passes_a_clean_one(
    site: Path, perflint_repo: str, pre_commit_home: Path
) -> None:
    use_hooks(site, perflint_repo, "perflint")
    installed = pre_commit(site, pre_commit_home, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (site / "hero.png").write_bytes(noise_png(400, 300))
    git(site, "add", "hero.png")
    refused = commit(site, pre_commit_home, "Add the hero image")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "hero.png IMG101 image-bytes error:" in refused.stdout + refused.stderr

    git(site, "rm", "-q", "--cached", "hero.png")
    (site / "hero.png").unlink()
    (site / "logo.png").write_bytes(png_bytes(flat(120, 60)))
    git(site, "add", "logo.png")
    passed = commit(site, pre_commit_home, "Add the logo")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def test_fix_hook_fixes_stops_the_commit_and_says_how_to_restage(
    site: Path, perflint_repo: str, pre_commit_home: Path
) -> None:
    use_hooks(site, perflint_repo, "perflint-fix")
    css = "".join(f".card-{i} {{\n  padding: {i}px;\n  color: #333333;\n}}\n\n" for i in range(200))
    (site / "site.css").write_text(css)
    (site / "styled.html").write_text('<link rel="stylesheet" href="site.css">\n')
    git(site, "add", "site.css", "styled.html")
    fixed = pre_commit(site, pre_commit_home, "run")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout  # the page, pointed at the minified copy
    assert "Restage the fixed files: git add -- site.min.css styled.html" in fixed.stdout  # the new file too
    assert (site / "site.css").read_text() == css
    assert len((site / "site.min.css").read_text()) < len(css)
