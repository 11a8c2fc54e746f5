"""Run the GitHub Action's script the way action.yml does, on a real clone with a bare origin.

GitHub's side is played by files and variables: the event JSON, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY,
$RUNNER_TEMP and the GITHUB_* names. `perflint` on PATH is a wrapper that logs each invocation's
arguments before running the real command, so a test can count the runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "hooks" / "github_action.py"
REPOSITORY = "acme/site"
PULL_NUMBER = 7
UNREACHABLE_API = "http://127.0.0.1:9"  # the discard port: nothing listens, so a stray call fails at once
HOME = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home</title></head>'
    '<body><img src="img/hero.png" alt="Hero"></body></html>\n'
)
ABOUT = "<html><body><p>No lang, no title.</p></body></html>\n"
_WRAPPER = """#!{python}
import json, os, sys
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
os.execv({real!r}, [{real!r}, *sys.argv[1:]])
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


@dataclass(frozen=True)
class Clone:
    """A working copy of a site and the bare repository it pushes to, as actions/checkout leaves them."""

    work: Path
    origin: Path

    def commit(self, files: dict[str, bytes], message: str, branch: str = "spring") -> None:
        """Commit files on the current branch and push it, as the pull request's author would."""
        for name, data in files.items():
            (self.work / name).parent.mkdir(parents=True, exist_ok=True)
            (self.work / name).write_bytes(data)
        git(self.work, "add", "-A")
        git(self.work, "commit", "-qm", message)
        git(self.work, "push", "-q", "origin", branch)

    def pushed(self, branch: str = "spring") -> str:
        """Return the author and subject of the branch's newest commit on the origin."""
        return git(self.origin, "log", "-1", "--format=%an %s", branch)


def make_clone(root: Path, base: dict[str, bytes], head: dict[str, bytes] | None) -> Clone:
    """Make `main` holding `base`; with `head`, check out a `spring` branch that changes those files."""
    origin, work = root / "origin.git", root / "work"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(origin)], check=True)
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, capture_output=True)
    git(work, "config", "user.email", "marketing@example.com")
    git(work, "config", "user.name", "Marketing")
    clone = Clone(work, origin)
    clone.commit(base, "site", branch="main")
    if head is not None:
        git(work, "checkout", "-qb", "spring")
        clone.commit(head, "spring")
    return clone


@dataclass(frozen=True)
class ActionRun:
    """What one run of the script left behind."""

    returncode: int
    stdout: str
    outputs: dict[str, str]
    summary: str
    perflint_calls: list[list[str]]

    def calls(self, command: str) -> list[list[str]]:
        """Return the arguments of each `perflint COMMAND` the run made."""
        return [args for args in self.perflint_calls if args[:1] == [command]]


def run_action(
    clone: Clone,
    event: str = "pull_request",
    head_repo: str = REPOSITORY,
    api: str = UNREACHABLE_API,
    **inputs: str,
) -> ActionRun:
    """Run the action's perflint step as GitHub would for `event`; inputs are named as in Python (fix_on)."""
    root = clone.work.parent
    outputs, summary, log = root / "outputs.txt", root / "summary.md", root / "perflint-calls.jsonl"
    for path in (outputs, summary, log):
        path.write_text("")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "INPUT_", "RUNNER_"))},
        "PATH": os.pathsep.join((str(_wrapper(root, log)), str(Path(sys.executable).parent), os.environ["PATH"])),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_EVENT_PATH": str(_event_file(clone, event, head_repo)),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": api,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        "RUNNER_TEMP": str(root / "runner-temp"),
        "INPUT_GITHUB_TOKEN": "token-for-tests",
        **({"GITHUB_BASE_REF": "main", "GITHUB_HEAD_REF": "spring"} if event == "pull_request" else {}),
        **{f"INPUT_{key.upper()}": value for key, value in inputs.items()},
    }
    done = subprocess.run([sys.executable, str(SCRIPT)], cwd=clone.work, env=env, capture_output=True, text=True)
    return ActionRun(
        returncode=done.returncode,
        stdout=done.stdout + done.stderr,
        outputs=dict(line.split("=", 1) for line in outputs.read_text().splitlines() if "=" in line),
        summary=summary.read_text(),
        perflint_calls=[json.loads(line) for line in log.read_text().splitlines()],
    )


def _event_file(clone: Clone, event: str, head_repo: str) -> Path:
    """Write the parts of GitHub's event payload the script reads."""
    path = clone.work.parent / "event.json"
    if event == "pull_request":
        head = {"ref": "spring", "sha": git(clone.origin, "rev-parse", "spring"), "repo": {"full_name": head_repo}}
        payload: dict[str, object] = {"number": PULL_NUMBER, "pull_request": {"number": PULL_NUMBER, "head": head}}
    else:
        payload = {"ref": "refs/heads/main", "after": git(clone.origin, "rev-parse", "main")}
    path.write_text(json.dumps(payload))
    return path


def _wrapper(root: Path, log: Path) -> Path:
    """Put a `perflint` first on PATH that logs its arguments, then runs the real one."""
    folder = root / "bin"
    folder.mkdir(exist_ok=True)
    script = folder / "perflint"
    real = str(Path(sys.executable).parent / "perflint")
    script.write_text(_WRAPPER.format(python=sys.executable, log=str(log), real=real))
    script.chmod(0o755)
    return folder
