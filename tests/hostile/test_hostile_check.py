"""`perflint check` on the hostile corpus: no traceback, the right exit code, a finding for every hostile file.

The guarantee under test: whatever a file holds or is called, a run ends with findings (or an
`unreadable-file` finding that names the file and says why), exit code 0 or 1, and no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

from tests.hostile.expect import BUG, UNREADABLE, assert_clean_exit, findings_by_path
from tests.hostile.generate import BOMBS, HostileTree, build_repository, encoded_pages, escapes, named_files
from tests.hostile.pages import ENCODED_PAGES, FINDING_LINE, HOSTILE_NAMES, EncodedPage
from tests.hostile.runner import Run, base_environment, run_perflint

# Bombs that declare more pixels than perflint decodes: refused from their header alone.
DECLARED_BOMBS = sorted(name for name in BOMBS if "dimensions" in name or "huge" in name)
OUTSIDE_LINKS = ("links/outside-file.png", "links/outside-relative.css", "links/etc-passwd.html")
FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")
REPORTED_GROUPS = ("names", "encodings", "exec", "links", "refs", "bombs")
OPTION_LIKE = ("-rf.html", "--help.html", "-.html", "-dash-folder/-page.html")


def corpus_files(hostile: HostileTree) -> list[str]:
    """Return every name in the corpus that is a file or a link (not a folder link)."""
    return sorted(name for name in hostile.corpus if not (hostile.repo / name).is_dir())


@pytest.fixture(scope="module")
def named_check(hostile: HostileTree, env: dict[str, str]) -> Run:
    """Every file of the corpus passed by name after `--`, as pre-commit-style callers do."""
    return run_perflint(["check", "--format", "json", "--", *corpus_files(hostile)], hostile.repo, env=env)


def test_check_of_the_folder_exits_cleanly(json_check: Run) -> None:
    assert_clean_exit(json_check)
    assert json_check.returncode == 1  # the corpus is full of errors
    assert json_check.json()["summary"]["errors"] > 0


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_report_format_survives_hostile_names_and_text(
    hostile: HostileTree, env: dict[str, str], output_format: str
) -> None:
    """Reporters only see findings: the groups with hostile names, paths and messages exercise them all."""
    run = run_perflint(["check", "--format", output_format, *REPORTED_GROUPS], hostile.repo, env=env)
    assert_clean_exit(run)
    assert run.returncode == 1


def test_check_of_every_file_by_name_exits_cleanly(named_check: Run) -> None:
    assert_clean_exit(named_check)


def test_no_finding_reports_a_bug_in_perflint(json_check: Run, named_check: Run) -> None:
    for run in (json_check, named_check):
        bugs = [f"{f['path']}: {f['message']}" for f in run.json()["findings"] if BUG in f["message"]]
        assert not bugs, "\n".join(bugs)


def test_every_finding_is_on_a_corpus_file_and_unreadable_ones_say_why(hostile: HostileTree, json_check: Run) -> None:
    names = set(hostile.corpus)
    for finding in json_check.json()["findings"]:
        assert finding["path"] in names, finding
        if finding["code"] == UNREADABLE:
            assert len(finding["message"]) > len("cannot be read: "), finding


def test_named_files_get_at_least_the_findings_the_folder_run_gives(json_check: Run, named_check: Run) -> None:
    """Naming a file must not hide a finding that checking its folder shows."""

    def keys(run: Run) -> set[tuple[Any, ...]]:
        return {(f["path"], f["code"], f["line"], f["column"]) for f in run.json()["findings"]}

    assert keys(json_check) <= keys(named_check)


@pytest.mark.parametrize("name", DECLARED_BOMBS)
def test_declared_bomb_is_refused_from_its_header(json_check: Run, name: str) -> None:
    (finding,) = findings_by_path(json_check)[name]
    assert finding["code"] == UNREADABLE
    assert "megapixels" in finding["message"]


@pytest.mark.parametrize("name", [f"exec/eps-named.{ext}" for ext in ("jpg", "png", "gif", "webp", "svg")])
def test_postscript_named_as_image_is_unreadable(json_check: Run, name: str) -> None:
    (finding,) = findings_by_path(json_check)[name]
    assert finding["code"] == UNREADABLE
    assert "not an image" in finding["message"]


@pytest.mark.parametrize("name", OUTSIDE_LINKS)
def test_symlink_out_of_the_repository_is_reported_not_followed(json_check: Run, name: str) -> None:
    (finding,) = findings_by_path(json_check)[name]
    assert finding["code"] == UNREADABLE
    assert "outside the repository" in finding["message"]


def test_named_pipe_named_is_reported(named_check: Run) -> None:
    grouped = findings_by_path(named_check)
    assert {"special/pipe.html", "special/pipe.png"} <= set(grouped)


def test_dangling_symlink_named_is_reported(named_check: Run) -> None:
    (finding,) = findings_by_path(named_check)["links/dangling.png"]
    assert finding["code"] == UNREADABLE
    assert "does not exist" in finding["message"]


@pytest.mark.parametrize("name", sorted(os.fsdecode(name) for name in HOSTILE_NAMES))
def test_hostile_name_is_reported_under_its_own_name(json_check: Run, named_check: Run, name: str) -> None:
    for run in (json_check, named_check):
        codes = {(f["code"], f["line"]) for f in findings_by_path(run).get(name, [])}
        assert ("HTML101", 1) in codes, f"{name!r} not reported as itself"


def test_option_like_names_without_double_dash_are_files(hostile: HostileTree, env: dict[str, str]) -> None:
    """pre-commit passes staged names after the options, with no `--`."""
    run = run_perflint(["check", "--format", "json", *OPTION_LIKE], hostile.repo / "names", env=env)
    assert_clean_exit(run)
    assert set(findings_by_path(run)) == set(OPTION_LIKE)


def test_name_that_is_an_option_with_a_value_is_a_file(hostile: HostileTree, env: dict[str, str]) -> None:
    run = run_perflint(["check", "--format", "json", "--format=json.html"], hostile.repo / "names", env=env)
    assert_clean_exit(run)
    assert set(findings_by_path(run)) == {"--format=json.html"}


def test_json_report_is_utf8_whatever_the_file_names(json_check: Run) -> None:
    json_check.stdout.decode("utf-8")


def test_names_that_are_not_utf8_print_with_a_strict_stdout(hostile: HostileTree, env: dict[str, str]) -> None:
    strict = {**env, "PYTHONIOENCODING": "utf-8"}
    run = run_perflint(["check", "names"], hostile.repo, env=strict)
    assert_clean_exit(run)


@pytest.mark.parametrize("page", ENCODED_PAGES, ids=lambda page: page.name)
def test_finding_points_at_the_right_line(json_check: Run, page: EncodedPage) -> None:
    findings = findings_by_path(json_check)[f"encodings/{page.name}"]
    places = {(f["line"], f["column"]) for f in findings if f["code"] == page.code}
    assert places == {(FINDING_LINE, page.column)}


@pytest.fixture(scope="module")
def git_tree(tmp_path_factory: pytest.TempPathFactory) -> HostileTree:
    """Names, links and encodings in a git work tree, where discovery asks git for the files."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    tree = build_repository(tmp_path_factory.mktemp("git"), named_files, encoded_pages, escapes)
    subprocess.run(["git", "init", "-q", str(tree.repo)], check=True)
    return tree


def test_check_in_a_git_work_tree_exits_cleanly(git_tree: HostileTree) -> None:
    run = run_perflint(["check", "--format", "json", "."], git_tree.repo, env=base_environment(git_tree.fake_bin))
    assert_clean_exit(run)
    reported = set(findings_by_path(run))
    assert reported >= {os.fsdecode(name) for name in HOSTILE_NAMES}
    assert reported >= set(OUTSIDE_LINKS)
