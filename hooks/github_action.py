"""The work of perflint's GitHub Action (action.yml), kept in a script so it can be run and tested anywhere.

Reads the action's inputs from INPUT_* variables and GitHub's own variables, then runs
`perflint check` once, on the files as committed: its text goes to the log, its annotations
(the most severe first, as many as GitHub shows), JSON, Markdown and SARIF go to files from the
same run. The verdict comes from that check alone, so a fix can never hide an error.

Afterwards fixes are offered: with `fix: true` `perflint fix` runs and its result is committed
to a pull request from the same repository, or, from a fork (whose branch must never be pushed
to with a write token), left as a patch and the fixed files in a folder the action uploads. The
summary goes to $GITHUB_STEP_SUMMARY and, on a pull request the token may write to, to one
comment that later runs update. Outputs go to $GITHUB_OUTPUT.

Only the standard library and the `perflint` command are used.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIX_ARTIFACT = "perflint-fix"
REPORT_NAME = "perflint-report.html"
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")
FAIL_ON = ("error", "warning", "never")
LEVELS = ("error", "warning", "notice")
ANNOTATIONS_PER_LEVEL = 10  # GitHub shows at most 10 error and 10 warning annotations per step
COMMENT_LIMIT = 65_000  # GitHub refuses comment bodies over 65,536 characters
TIMEOUT = 30


class ActionError(Exception):
    """A mistake in the inputs or a perflint run that could not finish: the step fails with this message."""


@dataclass(frozen=True)
class Inputs:
    """The action's inputs, read and validated once."""

    paths: list[str]
    config: str
    changed_only: str
    fix: bool
    sarif: str
    fail_on: str
    args: list[str]
    report: bool
    comment: bool
    token: str


@dataclass(frozen=True)
class Checked:
    """What the single `perflint check` run found."""

    document: dict[str, Any]
    markdown: str
    annotations: list[str]
    hidden: int


@dataclass(frozen=True)
class Fixed:
    """What `perflint fix` did or would do, and the words that say so."""

    fixes: list[dict[str, Any]]
    note: str


def main() -> int:
    """Run the action; a mistake in its inputs or a broken perflint run fails the step with one clear line."""
    try:
        run(_inputs())
    except ActionError as error:
        print(f"::error title=perflint::{_escape(str(error))}")
        return 2
    return 0


def run(inputs: Inputs) -> None:
    """Check, then offer fixes, then tell: outputs, job summary, pull-request comment."""
    event = _event()
    selection = _selection(inputs, _base_ref(inputs.changed_only))
    checked = _check(inputs, selection)
    for line in checked.annotations:
        print(line)
    report_file = _report(inputs) if inputs.report else ""
    fixed = _fix(selection, event) if inputs.fix else _would_fix(selection, checked.document)
    sections = [checked.markdown, fixed.note]
    _append(os.environ.get("GITHUB_STEP_SUMMARY"), _join([*sections, _hidden_note(checked.hidden)]))
    if inputs.comment and _may_comment(event):
        _comment(event, inputs.token, _join(sections), clean=not checked.document["findings"] and not fixed.fixes)
    summary = checked.document["summary"]
    _write_outputs(
        errors=summary["errors"],
        warnings=summary["warnings"],
        fix_bytes=_saved(fixed.fixes),
        failed=str(_fails(summary, inputs.fail_on)).lower(),
        sarif_file=str(Path(inputs.sarif).resolve()) if inputs.sarif else "",
        report_file=report_file,
    )


def _inputs() -> Inputs:
    """Read the INPUT_* variables action.yml sets, and move to the working directory they are relative to."""
    folder = _input("WORKING_DIRECTORY") or "."
    if not Path(folder).is_dir():
        raise ActionError(f"working-directory {folder!r} is not a folder")
    os.chdir(folder)
    return Inputs(
        paths=_split("PATHS") or ["."],
        config=_input("CONFIG"),
        changed_only=_choice("CHANGED_ONLY", ("true", "false", "auto"), "auto"),
        fix=_flag("FIX", default=False),
        sarif=_input("SARIF"),
        fail_on=_fail_on(),
        args=_split("ARGS"),
        report=_flag("REPORT", default=False),
        comment=_flag("COMMENT", default=True),
        token=_input("GITHUB_TOKEN") or os.environ.get("GITHUB_TOKEN", ""),
    )


def _input(name: str) -> str:
    """Return an input as action.yml passes it (an empty string when not given)."""
    return os.environ.get(f"INPUT_{name}", "").strip()


def _split(name: str) -> list[str]:
    """Split an input the way a shell would, so a file name with spaces can be quoted."""
    try:
        return shlex.split(_input(name))
    except ValueError as error:
        raise ActionError(f"{name.lower().replace('_', '-')}: {error}") from None


def _choice(name: str, allowed: Sequence[str], default: str) -> str:
    """Return an input that must be one of a few words: a typo stops the run instead of meaning `false`."""
    value = _input(name).lower() or default
    if value not in allowed:
        raise ActionError(f"{name.lower().replace('_', '-')} is {value!r}; use one of {', '.join(allowed)}")
    return value


def _flag(name: str, default: bool) -> bool:
    """Return a true/false input."""
    return _choice(name, ("true", "false"), str(default).lower()) == "true"


def _fail_on() -> str:
    """Return fail-on; the older fail-on-error still works when fail-on is left at its default."""
    fail_on = _choice("FAIL_ON", FAIL_ON, "error")
    if not _input("FAIL_ON_ERROR") or fail_on != "error":
        return fail_on
    return "error" if _flag("FAIL_ON_ERROR", default=True) else "never"


def _event() -> dict[str, Any]:
    """Return the webhook payload GitHub saved for this run (empty when there is none, as outside GitHub)."""
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path or not Path(path).is_file():
        return {}
    loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _is_pull_request() -> bool:
    """Tell pull requests, whose base and head decide what is checked and where fixes go, from other events."""
    return os.environ.get("GITHUB_EVENT_NAME", "") in ("pull_request", "pull_request_target")


def _base_ref(changed_only: str) -> str | None:
    """Return the commit to compare with when only changed files are checked, else None."""
    if changed_only == "false" or (changed_only == "auto" and not _is_pull_request()):
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


def _selection(inputs: Inputs, base: str | None) -> list[str]:
    """Return the options and paths that pick the files, the same for check and fix."""
    options = ["--config", inputs.config] if inputs.config else []
    if base:
        options += ["--changed-since", base]
    return [*options, "--", *inputs.paths]


def _check(inputs: Inputs, selection: list[str]) -> Checked:
    """Run `perflint check` once: text to the log, every other format to a file from the same run."""
    with tempfile.TemporaryDirectory(prefix="perflint-") as folder:
        files = {kind: Path(folder, f"check.{kind}") for kind in ("json", "markdown", "github")}
        outputs = [f"--output={kind}={path}" for kind, path in files.items()]
        if inputs.sarif:
            outputs.append(f"--output=sarif={inputs.sarif}")
        resume = secrets.token_hex(16)
        print(f"::stop-commands::{resume}", flush=True)  # a file named like a workflow command stays text
        try:
            _perflint(["check", *inputs.args, "--format=text", *outputs, *selection], capture=False)
        finally:
            print(f"::{resume}::", flush=True)
        annotations, hidden = _annotations(files["github"].read_text(encoding="utf-8"), _repository_prefix())
        return Checked(
            document=json.loads(files["json"].read_text(encoding="utf-8")),
            markdown=files["markdown"].read_text(encoding="utf-8").strip(),
            annotations=annotations,
            hidden=hidden,
        )


def _annotations(text: str, prefix: str) -> tuple[list[str], int]:
    """Return the annotations GitHub will show, errors first, and how many it would drop.

    Past its limit GitHub drops annotations silently, so printing them in the order found could
    hide every error behind ten warnings.
    """
    shown: list[str] = []
    hidden = 0
    for level in LEVELS:
        lines = [line for line in text.splitlines() if re.match(rf"::{level}[ :]", line)]
        shown += [_in_repository(line, level, prefix) for line in lines[:ANNOTATIONS_PER_LEVEL]]
        hidden += max(0, len(lines) - ANNOTATIONS_PER_LEVEL)
    return shown, hidden


def _in_repository(line: str, level: str, prefix: str) -> str:
    """Make an annotation's file relative to the repository, as GitHub needs, not to the working directory."""
    start = f"::{level} file="
    return line.replace(start, start + _escape(prefix, is_property=True), 1) if prefix else line


def _repository_prefix() -> str:
    """Return where the working directory lies in the repository (`site/` or empty)."""
    found = _git(["rev-parse", "--show-prefix"])
    return found.stdout.strip() if found.returncode == 0 else ""


def _hidden_note(hidden: int) -> str:
    """Say how many findings GitHub will not annotate, so nobody takes the annotations for all of them."""
    if not hidden:
        return ""
    return (
        f"GitHub shows at most {ANNOTATIONS_PER_LEVEL} annotations of each severity per step: "
        f"{hidden} more {'finding is' if hidden == 1 else 'findings are'} not annotated on the files. "
        "The log of the perflint step lists every finding."
    )


def _report(inputs: Inputs) -> str:
    """Write the HTML report outside the checkout, for the action to upload; return its path."""
    path = _scratch() / REPORT_NAME
    options = ["--config", inputs.config] if inputs.config else []
    _perflint(["report", "-o", str(path), *options, "--", *inputs.paths])
    return str(path)


def _fix(selection: list[str], event: dict[str, Any]) -> Fixed:
    """Run `perflint fix` after the check; push the result to a same-repository pull request, else offer it."""
    fixes = json.loads(_perflint(["fix", "--format=json", "--quiet", *selection]))["fixes"]
    written = sorted({str(f["target"] or f["path"]) for f in fixes if f["written"]})
    if not written:
        return Fixed(fixes, "perflint fix found nothing to change.")
    head = os.environ.get("GITHUB_HEAD_REF", "")
    if _same_repository(event) and head:
        problem = _not_at_head(event) or _commit_and_push(written, head)
        if not problem:
            note = (
                f"perflint fix committed {_files(len(written))} to `{head}`. The findings above are those of "
                f"the commit this run checked, {_head_sha(event)[:12]}."
            )
            return Fixed(fixes, f"{note}\n\n{_fixed_table(fixes)}")
        print(
            f"::warning title=perflint::the fixes were not pushed: {_escape(problem)}; see the {FIX_ARTIFACT} artifact"
        )
    _write_outputs(fix_artifact=str(_fix_artifact(written)))
    note = (
        f"{_why_not_pushed(event)}, so its fixes to {_files(len(written))} are in the `{FIX_ARTIFACT}` artifact "
        "of this run: download it and run `git apply perflint-fix.patch`."
    )
    return Fixed(fixes, f"{note}\n\n{_fixed_table(fixes)}")


def _why_not_pushed(event: dict[str, Any]) -> str:
    """Say why the fixes come as an artifact, so nobody waits for a commit that will not come."""
    if not _pull_request(event):
        return "perflint pushes fixes only to the branch of a pull request"
    if not _same_repository(event):
        return "This pull request comes from a fork, which perflint must not push to"
    return "perflint could not push to this branch"


def _not_at_head(event: dict[str, Any]) -> str:
    """Refuse to push anything but a commit on the pull request's head (the default checkout is a merge commit)."""
    if _git(["rev-parse", "HEAD"]).stdout.strip() == _head_sha(event):
        return ""
    return (
        "the checkout is not the head of the pull request "
        "(give actions/checkout ref: ${{ github.event.pull_request.head.sha }})"
    )


def _would_fix(selection: list[str], document: dict[str, Any]) -> Fixed:
    """Say what `perflint fix` would save, with a dry run only when the check found something it can fix."""
    if not any(finding["fixable"] for finding in document["findings"]):
        return Fixed([], "")
    fixes = json.loads(_perflint(["fix", "--dry-run", "--format=json", "--quiet", *selection]))["fixes"]
    if not _changed(fixes):
        return Fixed(fixes, "")
    note = (
        f"`perflint fix` would save {_size(_saved(fixes))} in {_files(len(_changed(fixes)))}: run it and commit "
        "the result, or set `fix: true` on the action."
    )
    return Fixed(fixes, f"{note}\n\n{_fixed_table(fixes)}")


def _fix_artifact(written: list[str]) -> Path:
    """Put a patch and the fixed files where the action uploads them from, outside the checkout."""
    folder = _scratch() / FIX_ARTIFACT
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    _git(["add", "--intent-to-add", "--", *written])  # new files (converted images) belong in the patch too
    (folder / "perflint-fix.patch").write_text(_git(["diff", "--binary", "--", *written]).stdout, encoding="utf-8")
    for name in written:
        target = folder / "files" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(name, target)
    return folder


def _changed(fixes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the fixes that change a file (the rest say why a file was left alone)."""
    return [f for f in fixes if not f["problem"]]


def _saved(fixes: list[dict[str, Any]]) -> int:
    """Bytes saved by the fixes that shrink a file (page fixes add a few bytes of attributes; converted copies
    save on the site, not in the repository)."""
    return sum(max(0, int(f["before"]) - int(f["after"])) for f in _changed(fixes) if not f["target"])


def _fixed_table(fixes: list[dict[str, Any]]) -> str:
    """Return the before/after table of the fixed files."""
    rows = ["| File | Before | After | Saved |", "| --- | ---: | ---: | ---: |"]
    for fix in _changed(fixes):
        name = _code(fix["path"]) + (f" -> {_code(fix['target'])}" if fix["target"] else "")
        before, after = int(fix["before"]), int(fix["after"])
        saved = f"{100 * (before - after) / before:.0f} %" if before and after < before else ""
        rows.append(f"| {name} | {_size(before)} | {_size(after)} | {saved} |")
    return "\n".join(rows)


def _code(name: str) -> str:
    """Show a file name from the pull request as code in a table cell, unable to break out of either."""
    return "`" + html.escape(" ".join(name.split()), quote=False).replace("`", "'").replace("|", "\\|") + "`"


def _size(count: int) -> str:
    """Write a byte count the way people read it: 2.1 KiB, not 2150."""
    for unit, scale in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def _files(count: int) -> str:
    """Return "1 file" or "3 files"."""
    return f"{count} file{'' if count == 1 else 's'}"


def _fails(summary: dict[str, Any], fail_on: str) -> bool:
    """Decide the job's fate from the check of the committed files alone."""
    if fail_on == "never":
        return False
    return bool(summary["errors"] or (fail_on == "warning" and summary["warnings"]))


def _pull_request(event: dict[str, Any]) -> dict[str, Any]:
    """Return the pull request of a pull-request event, or an empty mapping on any other event."""
    pull = event.get("pull_request") if _is_pull_request() else None
    return pull if isinstance(pull, dict) else {}


def _same_repository(event: dict[str, Any]) -> bool:
    """A pull request whose branch lives in this repository: the only kind the token may push or comment to."""
    name = _pull_request(event).get("head", {}).get("repo", {}).get("full_name")
    return bool(name) and name == os.environ.get("GITHUB_REPOSITORY")


def _head_sha(event: dict[str, Any]) -> str:
    """Return the commit the pull request's branch points at, the only one fixes may be pushed on top of."""
    sha = _pull_request(event).get("head", {}).get("sha")
    return sha if isinstance(sha, str) else ""


def _commit_and_push(paths: list[str], branch: str) -> str:
    """Commit the fixed files and push them to the pull request's branch; return what went wrong, if anything."""
    identity = ["-c", f"user.name={BOT[0]}", "-c", f"user.email={BOT[1]}"]
    for command in (
        ["add", "--", *paths],
        [*identity, "commit", "--quiet", "-m", "perflint fix"],
        ["push", "--quiet", "origin", f"HEAD:refs/heads/{branch}"],
    ):
        done = _git(command)
        if done.returncode != 0:
            return " ".join(done.stderr.split()) or f"git exited with status {done.returncode}"
    return ""


def _may_comment(event: dict[str, Any]) -> bool:
    """Comment only on a same-repository pull request: a fork's run gets a read-only token."""
    return _same_repository(event) and isinstance(_pull_request(event).get("number"), int)


def _marker() -> str:
    """Return the hidden line that finds this action's comment again (one per working directory)."""
    folder = re.sub(r"[^\w./-]", "", _repository_prefix().rstrip("/"))
    return f"<!-- perflint {folder} -->" if folder else "<!-- perflint -->"


def _comment(event: dict[str, Any], token: str, text: str, clean: bool) -> None:
    """Update perflint's earlier comment on the pull request, or post one; a clean run posts nothing new."""
    marker = _marker()
    if len(text) > COMMENT_LIMIT:
        text = text[:COMMENT_LIMIT].rsplit("\n", 1)[0] + "\n\n...cut short; the job summary has the rest."
    body = f"{marker}\n{text}\n\n{_run_link()}"
    api = f"{os.environ.get('GITHUB_API_URL', 'https://api.github.com').rstrip('/')}/repos/"
    issue = f"{api}{os.environ.get('GITHUB_REPOSITORY', '')}/issues"
    try:
        earlier = _earlier_comment(f"{issue}/{_pull_request(event)['number']}/comments", token, marker)
        if earlier is not None:
            _api("PATCH", f"{issue}/comments/{earlier}", token, {"body": body})
        elif not clean:
            _api("POST", f"{issue}/{_pull_request(event)['number']}/comments", token, {"body": body})
    except (OSError, ValueError) as error:  # urllib's errors are OSErrors; a broken reply is a ValueError
        hint = " (the job needs permissions: pull-requests: write)" if getattr(error, "code", 0) == 403 else ""
        print(f"::warning title=perflint::could not comment on the pull request: {_escape(str(error))}{hint}")


def _earlier_comment(url: str, token: str, marker: str) -> int | None:
    """Return the id of the comment an earlier run posted, page by page."""
    page = 1
    while True:
        comments = _api("GET", f"{url}?per_page=100&page={page}", token)
        for comment in comments if isinstance(comments, list) else []:
            if str(comment.get("body", "")).startswith(marker) and isinstance(comment.get("id"), int):
                return int(comment["id"])
        if not isinstance(comments, list) or len(comments) < 100:
            return None
        page += 1


def _api(method: str, url: str, token: str, payload: dict[str, str] | None = None) -> Any:
    """Call GitHub's REST API and return the decoded reply."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"GITHUB_API_URL must be an http(s) address, not {url!r}")
    request = urllib.request.Request(
        url,
        data=None if payload is None else json.dumps(payload).encode(),
        method=method,
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "User-Agent": "perflint-action",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read() or b"null")


def _run_link() -> str:
    """Link the comment to the run, whose summary and log hold what a comment has no room for."""
    server, run_id = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_RUN_ID", "")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    return f"[Details in the job summary]({server}/{repository}/actions/runs/{run_id})" if server and run_id else ""


def _scratch() -> Path:
    """Return a folder outside the checkout for files the action uploads, so they are never checked or committed."""
    folder = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir(), "perflint")
    folder.mkdir(parents=True, exist_ok=True)
    return folder.resolve()


def _perflint(args: list[str], capture: bool = True) -> str:
    """Run perflint; exit 1 (findings) is a result, exit 2 is a usage or config error and stops the action."""
    done = subprocess.run(["perflint", *args], capture_output=capture, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr or "")
        raise ActionError(f"perflint {args[0]} failed with exit status {done.returncode}")
    return done.stdout if capture else ""


def _git(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run git, leaving the caller to judge the exit status (a failed fetch or push is not a crash)."""
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def _escape(value: str, is_property: bool = False) -> str:
    """Escape a value as GitHub's workflow commands require."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if is_property else value


def _join(parts: list[str]) -> str:
    """Join the parts of a summary that have something to say."""
    return "\n\n".join(part for part in parts if part)


def _write_outputs(**values: object) -> None:
    """Set step outputs (`fix_bytes` becomes `fix-bytes`) for action.yml's later steps and the workflow."""
    lines = [f"{key.replace('_', '-')}={value}" for key, value in values.items()]
    _append(os.environ.get("GITHUB_OUTPUT"), "\n".join(lines))


def _append(path: str | None, text: str) -> None:
    """Append to one of GitHub's files; outside GitHub (no path) there is nowhere to write."""
    if path and text:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
