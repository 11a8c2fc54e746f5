"""`fix: true` in the GitHub Action: fixes are offered after the check, and never change its verdict."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.imagefactory import jpeg_bytes, photo
from tests.integrations.actionrun import Clone, git, run_action

TEAM_PHOTO = {"img/team.jpg": jpeg_bytes(photo(120, 80), gps=True)}  # the GPS position: an error fix removes


def errors_in(clone: Clone) -> int:
    """Count the errors `perflint check` finds in what the pull request changes, as committed."""
    done = subprocess.run(
        [str(Path(sys.executable).parent / "perflint"), "check", "--format=json", "--changed-since=origin/main"],
        cwd=clone.work,
        capture_output=True,
        text=True,
    )
    return int(json.loads(done.stdout)["summary"]["errors"])


def test_same_repository_fix_is_pushed_and_the_errors_still_reported(pull_request: Clone) -> None:
    pull_request.commit(TEAM_PHOTO, "team photo")
    run = run_action(pull_request, fix="true", comment="false")
    assert run.returncode == 0, run.stdout
    assert pull_request.pushed() == "github-actions[bot] perflint fix"
    assert "::error file=img/team.jpg,title=IMG103 image-metadata::" in run.stdout  # the commit checked has it
    assert run.outputs["failed"] == "true"
    assert re.search(r"perflint fix committed \d+ files? to `spring`", run.summary)
    assert "| `img/team.jpg` |" in run.summary
    assert "fix-artifact" not in run.outputs
    assert int(run.outputs["fix-bytes"]) > 0
    assert len(run.calls("check")) == 1 and len(run.calls("fix")) == 1
    assert "--dry-run" not in run.calls("fix")[0]


def test_fork_fix_reports_every_error_and_offers_an_artifact(pull_request: Clone) -> None:
    pull_request.commit(TEAM_PHOTO, "team photo")
    head = git(pull_request.origin, "rev-parse", "spring")
    committed = errors_in(pull_request)
    fixed = run_action(pull_request, head_repo="someone/site-fork", fix="true")
    assert fixed.outputs["errors"] == str(committed) != "0"
    assert fixed.outputs["failed"] == "true"
    assert "::error file=img/team.jpg,title=IMG103 image-metadata::" in fixed.stdout
    assert git(pull_request.origin, "rev-parse", "spring") == head
    artifact = Path(fixed.outputs["fix-artifact"])
    assert not artifact.is_relative_to(pull_request.work)  # never committed or checked by a later step
    assert "diff --git a/img/team.jpg b/img/team.jpg" in (artifact / "perflint-fix.patch").read_text()
    assert (artifact / "files" / "img" / "team.jpg").is_file()
    assert "This pull request comes from a fork" in fixed.summary


def test_fix_is_not_pushed_from_a_checkout_of_another_commit(pull_request: Clone) -> None:
    """The default checkout of a pull request is a merge commit, which must not land on the branch."""
    pull_request.commit(TEAM_PHOTO, "team photo")
    head = git(pull_request.origin, "rev-parse", "spring")
    git(pull_request.work, "checkout", "-q", "--detach", "HEAD~1")
    git(pull_request.work, "checkout", "-q", head, "--", ".")  # same files, another commit
    run = run_action(pull_request, fix="true", comment="false")
    assert git(pull_request.origin, "rev-parse", "spring") == head
    assert "::warning title=perflint::the fixes were not pushed: the checkout is not the head" in run.stdout
    assert Path(run.outputs["fix-artifact"], "perflint-fix.patch").is_file()
