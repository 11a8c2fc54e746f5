from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from perflint.config import CommandLine, build_settings
from perflint.discovery import Skipped, discover


def make_files(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")


def found(root: Path, config: str = "") -> list[str]:
    (root / "perflint.toml").write_text(config)
    settings = build_settings(root, CommandLine())
    return [item.relative for item in discover([str(root)], settings) if not isinstance(item, Skipped)]


FILES = [
    "index.html",
    "blog/post.md",
    "css/site.css",
    "img/a.png",
    "build/out.html",
    "node_modules/pkg/readme.md",
    "notes.txt",
    "drafts/wip.md",
]


def test_plain_folder_walk_honours_gitignore(tmp_path: Path) -> None:
    make_files(tmp_path, FILES)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "blog" / ".gitignore").write_text("*.md\n")
    assert sorted(found(tmp_path)) == ["css/site.css", "drafts/wip.md", "img/a.png", "index.html"]


def test_git_tree_lists_tracked_and_addable_files(tmp_path: Path) -> None:
    make_files(tmp_path, FILES)
    (tmp_path / ".gitignore").write_text("build/\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "index.html"], check=True)
    (tmp_path / "node_modules" / "x.css").write_text("x")
    assert sorted(found(tmp_path)) == ["blog/post.md", "css/site.css", "drafts/wip.md", "img/a.png", "index.html"]


def test_config_exclude(tmp_path: Path) -> None:
    make_files(tmp_path, FILES)
    assert "drafts/wip.md" not in found(tmp_path, 'exclude = ["drafts/"]\n')


def test_linked_folder_is_not_entered(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    make_files(outside, ["secret.png"])
    site = tmp_path / "site"
    make_files(site, ["index.html"])
    (site / "linked").symlink_to(outside, target_is_directory=True)
    assert found(site) == ["index.html"]


def test_named_file_is_checked_whatever_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_files(tmp_path, ["notes.txt"])
    monkeypatch.chdir(tmp_path)
    settings = build_settings(tmp_path, CommandLine(no_config=True))
    [item] = discover(["notes.txt", "notes.txt", "./notes.txt"], settings)
    assert not isinstance(item, Skipped)
    assert item.display == "notes.txt"


def test_missing_named_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = build_settings(tmp_path, CommandLine(no_config=True))
    [item] = discover(["gone.png"], settings)
    assert isinstance(item, Skipped)
    assert "does not exist" in item.reason
