"""The work of perflint's GitHub Action (action.yml), kept in a script so it can be run and tested anywhere.

Reads the action's inputs from INPUT_* variables and GitHub's own variables, then:
annotations in the log (`--format github`), the Markdown summary appended to
$GITHUB_STEP_SUMMARY, an optional SARIF file, and the outputs `errors`, `warnings`,
`fix-bytes` and `failed` in $GITHUB_OUTPUT. With `fix: true` it runs `perflint fix` and commits
the result to the pull request's branch, but only for a pull request from the same repository:
a fork's branch cannot be pushed to (and must never be, with a write token), so there the fixed
files and a patch go into a folder the action uploads as an artifact.

Only the standard library and the `perflint` command are used.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ARTIFACT = "perflint-fix"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def main() -> int:
    event = _event()
    base = _base_ref(event)
    common = _common_args(base)
    fixes: list[dict[str, Any]] = []
    summary: list[str] = []
    if _flag("INPUT_FIX"):
        fixes, note = _fix(common, event)
        summary.append(note)
    _perflint(["check", "--format", "github", *common], capture=False)
    report = json.loads(_perflint(["check", "--format", "json", "--quiet", *common]))
    summary.insert(0, _perflint(["check", "--format", "markdown", *common]))
    sarif = os.environ.get("INPUT_SARIF", "")
    if sarif:
        Path(sarif).write_text(_perflint(["check", "--format", "sarif", *common]), encoding="utf-8")
    if not fixes:
        fixes = json.loads(_perflint(["fix", "--dry-run", "--format", "json", "--quiet", *common]))["fixes"]
    errors, warnings = report["summary"]["errors"], report["summary"]["warnings"]
    failed = bool(errors) and _flag("INPUT_FAIL_ON_ERROR", default=True)
    _write_outputs(
        errors=errors, warnings=warnings, fix_bytes=_saved(fixes), failed=str(failed).lower(), sarif_file=sarif
    )
    _append(os.environ.get("GITHUB_STEP_SUMMARY"), "\n\n".join(part for part in summary if part))
    return 0


def _saved(fixes: list[dict[str, Any]]) -> int:
    """Bytes saved by the fixes that shrink a file (page fixes add a few bytes of attributes; converted copies
    save on the site, not in the repository)."""
    return sum(max(0, int(f["before"]) - int(f["after"])) for f in fixes if not f["problem"] and not f["target"])


def _event() -> dict[str, object]:
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _is_pull_request() -> bool:
    return os.environ.get("GITHUB_EVENT_NAME", "") in ("pull_request", "pull_request_target")


def _base_ref(event: dict[str, object]) -> str | None:
    """Return the commit to compare with when only changed files are checked, else None."""
    wanted = os.environ.get("INPUT_CHANGED_ONLY", "auto").lower()
    if wanted == "false" or (wanted == "auto" and not _is_pull_request()):
        return None
    branch = os.environ.get("GITHUB_BASE_REF", "")
    if not branch:
        print("::warning title=perflint::changed-only needs a pull request; checking every file")
        return None
    fetched = _git(["fetch", "--no-tags", "--quiet", "origin", branch])
    if fetched.returncode != 0 or _git(["merge-base", f"origin/{branch}", "HEAD"]).returncode != 0:
        print(
            f"::warning title=perflint::cannot find where this branch left {branch} "
            "(use actions/checkout with fetch-depth: 0); checking every file"
        )
        return None
    return f"origin/{branch}"


def _common_args(base: str | None) -> list[str]:
    args = []
    if os.environ.get("INPUT_CONFIG"):
        args += ["--config", os.environ["INPUT_CONFIG"]]
    if base:
        args += ["--changed-since", base]
    return [*args, "--", *shlex.split(os.environ.get("INPUT_PATHS", "."))]


def _fix(common: list[str], event: dict[str, object]) -> tuple[list[dict[str, Any]], str]:
    """Run `perflint fix`; push the result to a same-repository pull request, else leave it as an artifact."""
    options = common[: common.index("--")]
    paths = common[common.index("--") :]
    fixes = json.loads(_perflint(["fix", "--format", "json", "--quiet", *options, *paths]))["fixes"]
    written = sorted({str(f["target"] or f["path"]) for f in fixes if f["written"]})
    if not written:
        return fixes, "perflint fix found nothing to change."
    head = os.environ.get("GITHUB_HEAD_REF", "")
    if _is_pull_request() and head and _same_repository(event):
        _commit_and_push(written, head)
        return fixes, f"perflint fix committed {len(written)} fixed files to `{head}`.\n\n{_fixed_table(fixes)}"
    folder = Path(ARTIFACT)
    folder.mkdir(exist_ok=True)
    (folder / "perflint-fix.patch").write_text(_git(["diff", "--binary", "--", *written]).stdout, encoding="utf-8")
    for name in written:
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(name, target)
    _write_outputs(fix_artifact=str(folder))
    note = (
        "This pull request comes from a fork, so perflint cannot push its fixes to it. Download the "
        f"`{ARTIFACT}` artifact of this run and apply them with `git apply perflint-fix.patch`."
    )
    return fixes, f"{note}\n\n{_fixed_table(fixes)}"


def _fixed_table(fixes: list[dict[str, Any]]) -> str:
    rows = ["| File | Before | After |", "| --- | ---: | ---: |"]
    rows += [f"| `{f['target'] or f['path']}` | {f['before']:,} B | {f['after']:,} B |" for f in fixes if f["written"]]
    return "\n".join(rows)


def _same_repository(event: dict[str, object]) -> bool:
    pull = event.get("pull_request")
    head = pull.get("head") if isinstance(pull, dict) else None
    repo = head.get("repo") if isinstance(head, dict) else None
    name = repo.get("full_name") if isinstance(repo, dict) else None
    return bool(name) and name == os.environ.get("GITHUB_REPOSITORY")


def _commit_and_push(paths: list[str], branch: str) -> None:
    identity = ["-c", f"user.name={BOT[0]}", "-c", f"user.email={BOT[1]}"]
    for command in (["add", "--", *paths], [*identity, "commit", "--quiet", "-m", "perflint fix"]):
        _git(command, check=True)
    _git(["push", "--quiet", "origin", f"HEAD:refs/heads/{branch}"], check=True)


def _perflint(args: list[str], capture: bool = True) -> str:
    """Run perflint; exit 1 (finding errors) is a result, exit 2 is a usage or config error and stops the action."""
    done = subprocess.run(["perflint", *args], capture_output=capture, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr or "")
        raise SystemExit(f"perflint {args[0]} failed with exit status {done.returncode}")
    return done.stdout if capture else ""


def _git(args: list[str], check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=check)


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value == "true"


def _write_outputs(**values: object) -> None:
    lines = [f"{key.replace('_', '-')}={value}" for key, value in values.items()]
    _append(os.environ.get("GITHUB_OUTPUT"), "\n".join(lines))


def _append(path: str | None, text: str) -> None:
    if path and text:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
