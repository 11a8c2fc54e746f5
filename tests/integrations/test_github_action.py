"""Drive the GitHub Action's steps locally: the same script action.yml runs, on a real pull request layout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.imagefactory import flat, noise_png, photo, png_bytes

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "hooks" / "github_action.py"
HOME = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home</title></head><body><img src="img/hero.png" alt="Hero"></body></html>\n'  # noqa: E501
ABOUT = "<html><body><p>No lang, no title.</p></body></html>\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone on the head of a pull request `spring` -> `main` whose branch swapped the hero image."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, capture_output=True)
    git(work, "config", "user.email", "marketing@example.com")
    git(work, "config", "user.name", "Marketing")
    (work / "img").mkdir()
    (work / "index.html").write_text(HOME)
    (work / "about.html").write_text(ABOUT)
    (work / "img" / "hero.png").write_bytes(png_bytes(flat(40, 20)))
    git(work, "add", "-A")
    git(work, "commit", "-qm", "site")
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-qb", "spring")
    (work / "img" / "hero.png").write_bytes(noise_png(420, 300))
    git(work, "commit", "-qam", "spring hero")
    git(work, "push", "-q", "origin", "spring")
    return work


def run_action(
    work: Path, head_repo: str = "acme/site", **inputs: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    """Run the action's perflint step as GitHub would for a pull_request event; return outputs and summary."""
    event = work.parent / "event.json"
    event.write_text(json.dumps({"pull_request": {"head": {"repo": {"full_name": head_repo}}}}))
    outputs, summary = work.parent / "outputs.txt", work.parent / "summary.md"
    for path in (outputs, summary):
        path.write_text("")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "INPUT_"))},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "acme/site",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "spring",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        **{f"INPUT_{key.upper()}": value for key, value in inputs.items()},
    }
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=work, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line)
    return done, values, summary.read_text()


def test_action_yml_runs_this_script_with_every_input() -> None:
    action = yaml.safe_load((PROJECT / "action.yml").read_text())
    step = next(step for step in action["runs"]["steps"] if step.get("id") == "perflint")
    assert step["run"] == 'python "$ACTION_PATH/hooks/github_action.py"'
    given = {key.removeprefix("INPUT_").lower().replace("_", "-") for key in step["env"] if key.startswith("INPUT_")}
    assert given == set(action["inputs"]) - {"python-version"}
    for name in action["outputs"]:
        assert f"steps.perflint.outputs.{name}" in action["outputs"][name]["value"]


def test_pull_request_gets_annotations_summary_and_outputs(pull_request: Path) -> None:
    done, outputs, summary = run_action(pull_request, sarif="perflint.sarif")
    assert "::error file=img/hero.png,title=IMG101 image-bytes::" in done.stdout
    assert "about.html" not in done.stdout  # unchanged, and it does not show the changed image
    assert outputs["failed"] == "true" and int(outputs["errors"]) >= 1
    assert outputs["fix-bytes"].isdigit()
    assert summary.startswith("## :x: perflint")
    assert "IMG101 [image-bytes]" in summary
    assert json.loads((pull_request / "perflint.sarif").read_text())["version"] == "2.1.0"


def test_every_file_when_changed_only_is_off(pull_request: Path) -> None:
    done, _, _ = run_action(pull_request, **{"changed_only": "false"})
    assert "file=about.html" in done.stdout


def test_fail_on_error_off(pull_request: Path) -> None:
    _, outputs, _ = run_action(pull_request, fail_on_error="false")
    assert outputs["failed"] == "false"


def test_fix_is_committed_to_a_same_repository_branch(pull_request: Path) -> None:
    (pull_request / "img" / "hero.png").write_bytes(png_bytes(photo(300, 200)))  # fixable: badly compressed
    git(pull_request, "commit", "-qam", "new hero")
    git(pull_request, "push", "-q", "origin", "spring")
    _, outputs, summary = run_action(pull_request, fix="true")
    pushed = git(pull_request.parent / "origin.git", "log", "-1", "--format=%an %s", "spring")
    assert pushed == "github-actions[bot] perflint fix"
    assert "perflint fix committed" in summary
    assert "fix-artifact" not in outputs
    assert int(outputs["fix-bytes"]) > 1024


def test_fork_gets_an_artifact_and_no_push(pull_request: Path) -> None:
    (pull_request / "img" / "hero.png").write_bytes(png_bytes(photo(300, 200)))
    git(pull_request, "commit", "-qam", "new hero")
    git(pull_request, "push", "-q", "origin", "spring")
    head = git(pull_request.parent / "origin.git", "rev-parse", "spring")
    _, outputs, summary = run_action(pull_request, head_repo="someone/site-fork", fix="true")
    assert git(pull_request.parent / "origin.git", "rev-parse", "spring") == head
    artifact = pull_request / outputs["fix-artifact"]
    assert "diff --git a/img/hero.png b/img/hero.png" in (artifact / "perflint-fix.patch").read_text()
    assert (artifact / "files" / "img" / "hero.png").is_file()
    assert "comes from a fork" in summary
