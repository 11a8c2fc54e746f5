"""Nothing outside the repository is read, no program but git and Python is started, nothing runs code.

The checks rely on an audit hook (see runner.py) that logs every file perflint opens, folder it
lists, program it starts and socket it touches; paths are resolved through symbolic links, so a
link inside the repository that leads out counts as outside. A hard link cannot be told apart
from the file itself: reading it is allowed, and `fix` must leave the other name's content alone
(test_hostile_fix).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.expect import (
    BUG,
    PROGRAMS,
    UNREADABLE,
    assert_clean_exit,
    escapes,
    findings_by_path,
    network,
    programs,
)
from tests.hostile.generate import HostileTree, build_repository, git_fsmonitor, symlink_loops, write_fake_ghostscript
from tests.hostile.runner import Run, base_environment, read_audit, run_perflint


def test_check_opens_nothing_outside_the_repository(
    json_check: Run, check_audit_log: Path, hostile: HostileTree
) -> None:
    events = read_audit(check_audit_log)
    assert any(event.event == "open" for event in events), "the audit hook logged nothing"
    assert escapes(events, hostile) == []


def test_check_starts_only_git_and_python(json_check: Run, check_audit_log: Path) -> None:
    assert programs(read_audit(check_audit_log)) <= PROGRAMS


def test_check_uses_no_network(json_check: Run, check_audit_log: Path) -> None:
    assert network(read_audit(check_audit_log)) == []


def test_nothing_in_the_corpus_ran_a_command(json_check: Run, hostile: HostileTree) -> None:
    """YAML tags, PostScript, and names with shell syntax: no marker may exist."""
    assert hostile.code_ran() == []


@pytest.mark.parametrize("number", range(5))
def test_yaml_python_tag_is_refused(json_check: Run, number: int) -> None:
    (finding,) = findings_by_path(json_check)[f"exec/yaml-tag-{number}.md"]
    assert finding["code"] == UNREADABLE
    assert "YAML" in finding["message"]


def test_the_ghostscript_trap_works(hostile: HostileTree, tmp_path: Path) -> None:
    """Pillow left to guess the format does call `gs` on the corpus's PostScript: the trap catches that."""
    marker = tmp_path / "called"
    fake = write_fake_ghostscript(tmp_path / "bin", marker)
    env = base_environment(fake.parent)
    script = "from PIL import Image\ntry:\n    Image.open('exec/eps-named.jpg').load()\nexcept Exception:\n    pass\n"
    subprocess.run([sys.executable, "-c", script], cwd=hostile.repo, env=env, check=True, capture_output=True)
    assert marker.exists()


def test_eps_named_as_image_never_reaches_ghostscript(json_check: Run, hostile: HostileTree) -> None:
    assert shutil.which("gs", path=base_environment(hostile.fake_bin)["PATH"]) == str(hostile.fake_bin / "gs")
    assert hostile.code_ran() == []


def messages(run: Run, name: str) -> list[str]:
    return [finding["message"] for finding in findings_by_path(run).get(name, [])]


def test_page_references_out_of_the_repository_are_not_measured(json_check: Run) -> None:
    """The secret image is 64 x 48: a message that knows its size has read it."""
    for name in ("refs/traversal.html", "refs/traversal.css", "refs/traversal.md"):
        for message in messages(json_check, name):
            assert 'width="64" height="48"' not in message, message
            assert "64 x 48" not in message, message


def test_front_matter_image_outside_is_called_missing(json_check: Run) -> None:
    assert any("not in the repository" in message for message in messages(json_check, "refs/traversal.md"))


def test_file_named_through_a_symlinked_folder_is_not_read(
    hostile: HostileTree, env: dict[str, str], tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    names = ["links/outside-folder/image.png", "links/outside-folder/page.html"]
    run = run_perflint(["check", "--format", "json", "--", *names], hostile.repo, env=env, audit_log=log)
    assert_clean_exit(run)
    assert escapes(read_audit(log), hostile) == []


@pytest.fixture(scope="module")
def loops(tmp_path_factory: pytest.TempPathFactory) -> HostileTree:
    return build_repository(tmp_path_factory.mktemp("loops"), symlink_loops)


@pytest.mark.parametrize("command", ["check", "fix"])
def test_folder_with_a_symlink_loop_is_checked(loops: HostileTree, command: str) -> None:
    run = run_perflint([command, "--format", "json", "."], loops.repo, env=base_environment(loops.fake_bin))
    assert_clean_exit(run)
    assert "loops/self.png" in findings_by_path(run)


def test_symlink_loop_named_is_reported(loops: HostileTree) -> None:
    run = run_perflint(["check", "--format", "json", "--", "loops/self.png"], loops.repo)
    assert_clean_exit(run)
    (finding,) = findings_by_path(run)["loops/self.png"]
    assert finding["code"] == UNREADABLE


@pytest.mark.parametrize("command", ["check", "fix"])
def test_page_whose_image_is_a_symlink_loop_is_checked(loops: HostileTree, command: str) -> None:
    run = run_perflint([command, "--format", "json", "--", "loop-page/page.html"], loops.repo)
    assert_clean_exit(run)
    document: dict[str, Any] = run.json()
    assert BUG not in run.text(), [f["message"] for f in document["findings"] if BUG in f["message"]]


@pytest.fixture(scope="module")
def git_archive(tmp_path_factory: pytest.TempPathFactory) -> HostileTree:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return build_repository(tmp_path_factory.mktemp("fsmonitor"), git_fsmonitor)


def test_git_config_of_a_checked_folder_runs_nothing(git_archive: HostileTree) -> None:
    run = run_perflint(["check", "archive"], git_archive.repo, env=base_environment(git_archive.fake_bin))
    assert_clean_exit(run)
    assert git_archive.code_ran() == []
