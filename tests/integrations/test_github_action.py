"""Drive the GitHub Action's script locally: the same script action.yml runs, on a real pull request layout."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.imagefactory import flat, png_bytes
from tests.integrations.actionrun import ABOUT, SCRIPT, Clone, make_clone, run_action


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("github_action", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_pull_request_gets_annotations_summary_and_outputs(pull_request: Clone) -> None:
    run = run_action(pull_request, sarif="perflint.sarif")
    assert run.returncode == 0, run.stdout
    assert "::error file=img/hero.png,title=IMG101 image-bytes::" in run.stdout
    assert "about.html" not in run.stdout  # unchanged, and it does not show the changed image
    assert run.outputs["failed"] == "true" and int(run.outputs["errors"]) >= 1
    assert run.outputs["fix-bytes"].isdigit()
    assert run.summary.startswith("## :x: perflint")
    assert "IMG101 [image-bytes]" in run.summary
    assert Path(run.outputs["sarif-file"]) == (pull_request.work / "perflint.sarif").resolve()
    assert json.loads(Path(run.outputs["sarif-file"]).read_text())["version"] == "2.1.0"
    assert len(run.calls("check")) == 1


def test_every_file_when_changed_only_is_off(pull_request: Clone) -> None:
    run = run_action(pull_request, changed_only="false")
    assert "::error file=about.html," in run.stdout


@pytest.mark.parametrize(
    ("inputs", "failed"),
    [
        ({"fail_on": "never"}, "false"),
        ({"fail_on_error": "false"}, "false"),  # the deprecated spelling still works
        ({"fail_on": "error", "args": "--select HTML103"}, "false"),  # img-size: warnings only
        ({"fail_on": "warning", "args": "--select HTML103"}, "true"),
    ],
)
def test_fail_on(pull_request: Clone, inputs: dict[str, str], failed: str) -> None:
    run = run_action(pull_request, **inputs)
    assert run.outputs["failed"] == failed
    if "args" in inputs:
        assert run.outputs["errors"] == "0" and int(run.outputs["warnings"]) >= 1
        assert "--select" in run.calls("check")[0]


def test_a_wrong_input_fails_the_step_with_a_message(pull_request: Clone) -> None:
    run = run_action(pull_request, fail_on="sometimes")
    assert run.returncode == 2
    assert "::error title=perflint::fail-on is 'sometimes'; use one of error, warning, never" in run.stdout
    assert run.perflint_calls == []


def test_push_runs_check_once_and_fills_the_cache(main_branch: Clone) -> None:
    run = run_action(main_branch, event="push")
    assert run.returncode == 0, run.stdout
    (check,) = run.calls("check")
    assert "--changed-since" not in check
    assert all("--dry-run" in args for args in run.calls("fix"))  # fix-bytes is only estimated
    assert len(run.perflint_calls) == 1 + len(run.calls("fix")) <= 2
    assert "::error file=about.html," in run.stdout
    assert any((main_branch.work / ".perflint_cache").rglob("*.json"))  # the folder action.yml caches


def test_working_directory_keeps_annotations_relative_to_the_repository(tmp_path: Path) -> None:
    site = {"README.md": b"# Site\n", "site/about.html": ABOUT.encode(), "site/logo.png": png_bytes(flat(8, 8))}
    clone = make_clone(tmp_path, site, None)
    run = run_action(clone, event="push", working_directory="site", sarif="perflint.sarif")
    assert "::error file=site/about.html," in run.stdout
    assert Path(run.outputs["sarif-file"]) == (clone.work / "site" / "perflint.sarif").resolve()
    assert (clone.work / "site" / ".perflint_cache").is_dir()


def test_report_is_written_outside_the_checkout(main_branch: Clone) -> None:
    run = run_action(main_branch, event="push", report="true")
    report = Path(run.outputs["report-file"])
    assert report.read_text().lstrip().lower().startswith("<!doctype html>")
    assert not report.is_relative_to(main_branch.work)
    assert len(run.calls("report")) == 1 and len(run.calls("check")) == 1


def test_file_names_cannot_issue_workflow_commands(tmp_path: Path) -> None:
    clone = make_clone(tmp_path, {"::warning::fake.html": ABOUT.encode()}, None)
    run = run_action(clone, event="push")
    stopped = re.search(r"^::stop-commands::(\w+)$", run.stdout, re.MULTILINE)
    assert stopped is not None
    end = run.stdout.index(f"\n::{stopped[1]}::\n")
    assert "::warning::fake.html" in run.stdout[stopped.end() : end]  # text in the log, not a command
    assert "::warning::fake" not in run.stdout[end:]
    assert "file=%3A%3Awarning%3A%3Afake.html," in run.stdout[end:]  # its annotations escape the name


def test_annotations_put_errors_first_and_stop_where_github_does() -> None:
    script = load_script()
    text = "\n".join(
        [f"::warning file=w{i}.png,title=IMG105 image-compressible::w" for i in range(12)]
        + [f"::error file=e{i}.png,title=IMG101 image-bytes::e" for i in range(11)]
        + ["::notice file=n.png,title=FILE102 lfs-pointer::n", "Checked 24 files: 11 errors, 12 warnings, 1 info."]
    )
    shown, hidden = script._annotations(text, "site/")
    assert [line.split(" ", 1)[0] for line in shown] == ["::error"] * 10 + ["::warning"] * 10 + ["::notice"]
    assert shown[0] == "::error file=site/e0.png,title=IMG101 image-bytes::e"
    assert hidden == 3


def test_the_summary_counts_the_findings_not_annotated(tmp_path: Path) -> None:
    pages = {f"page{i}.html": ABOUT.encode() for i in range(3)}  # five errors each: fifteen in all
    run = run_action(make_clone(tmp_path, pages, None), event="push")
    assert run.stdout.count("::error file=") == 10
    assert "5 more findings are not annotated" in run.summary
