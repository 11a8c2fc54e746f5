"""Files and folders perflint cannot read: each is a finding on its path, and every other file is checked.

Run as a user whom permissions stop (root is made to obey them too): a folder that cannot be
listed and a file that cannot be read, in a whole-tree run and named by pre-commit.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.generate import build_repository, fixable_files
from tests.hostile.runner import Run, base_environment, run_perflint
from tests.imagefactory import photo, png_bytes

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plans</title></head><img src="x.png"></html>\n'
)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A repository with a folder no one may list and a file no one may read, beside ordinary files."""
    tree = build_repository(tmp_path, fixable_files)
    (tree.repo / "page.html").write_text(PAGE)
    for folder in ("private", "sealed"):
        (tree.repo / folder).mkdir()
        (tree.repo / folder / "inside.png").write_bytes(png_bytes(photo(64, 48)))
    (tree.repo / "private/inside.png").chmod(0)
    (tree.repo / "sealed").chmod(0)
    yield tree.repo
    (tree.repo / "sealed").chmod(stat.S_IRWXU)  # so that pytest can remove it
    (tree.repo / "private/inside.png").chmod(stat.S_IRUSR | stat.S_IWUSR)


def run(repo: Path, *args: str) -> Run:
    return run_perflint(list(args), repo, env=base_environment(), obey_permissions=True)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_unreadable_files_and_folders_are_findings_and_the_rest_is_checked(locked: Path, command: str) -> None:
    done = run(locked, command, ".")
    assert done.returncode == 1, done.describe()
    lines = done.text().splitlines()
    assert any(line.startswith("private/inside.png ") and "unreadable-file" in line for line in lines), done.describe()
    assert any(line.startswith("sealed ") and "cannot be listed" in line for line in lines), done.describe()
    assert any(line.startswith("page.html:") and "img-alt" in line for line in lines), done.describe()


def test_an_unreadable_file_named_by_pre_commit_is_a_finding(locked: Path) -> None:
    done = run(locked, "check", "private/inside.png", "page.html")
    assert done.returncode == 1, done.describe()
    assert "private/inside.png FILE101 unreadable-file error: cannot be opened" in done.text(), done.describe()
    assert "page.html:" in done.text()
