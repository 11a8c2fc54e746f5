"""The README's commands and snippets do what it says, as written.

The pre-commit configuration snippet runs in tests/test_precommit.py, beside the other tests
that share its hook environment.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.imagefactory import flat, gif_bytes, jpeg_bytes, noise_png, photo, png_bytes

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
BIN = Path(sys.executable).parent  # where the test environment's `perflint` command is
PLACEHOLDER = "/path/to/perflint"  # how the README names a clone of perflint
INSTALL_LINES = ("pip install perflint-web", "pipx install perflint-web", "uv tool install perflint-web")


def section(title: str) -> str:
    """Return the README's `## title` section, up to the next heading of the same level."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def fenced(text: str, language: str) -> list[str]:
    """Return the bodies of the fenced code blocks in `text` marked with `language`."""
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def one_block(title: str, language: str, containing: str) -> str:
    blocks = [block for block in fenced(section(title), language) if containing in block]
    assert len(blocks) == 1, f"expected one {language} block with {containing!r} in '## {title}', found {len(blocks)}"
    return blocks[0]


def quick_start_commands() -> list[str]:
    return [block.strip() for block in fenced(section("Quick start"), "sh") if block.startswith("python3 -m venv")]


def environment(**extra: str) -> dict[str, str]:
    """The environment a person's shell would have: the test environment's commands first, no CI settings."""
    env = {key: value for key, value in os.environ.items() if key not in {"GITHUB_ACTIONS", "PYTHONPATH"}}
    # A user's own git configuration (a global core.hooksPath, say) must not change what the hooks do.
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1")
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    env.update(extra)
    return env


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=environment()
    )


def git_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "marketing@example.com")
    git(path, "config", "user.name", "Marketing")
    return path


def test_every_hook_is_in_the_readme() -> None:
    """Every hook the manifest offers is shown in the pre-commit configuration snippet."""
    manifest = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    snippet = one_block("Use it with pre-commit", "yaml", "repos:")
    for hook in manifest:
        assert re.search(rf"^\s*(# )?- id: {re.escape(hook['id'])}\b", snippet, re.MULTILINE), hook["id"]


def test_install_lines_name_the_distribution_on_the_package_index() -> None:
    """`pip install perflint` installs someone else's project: every install line says perflint-web."""
    for path in (README, PROJECT / "hooks" / "pre-commit", PROJECT / "action.yml", *PROJECT.glob("docs/**/*.md")):
        assert not re.search(r"(pip|pipx|uv tool) install perflint(?![-\w])", path.read_text(encoding="utf-8")), path
    for line in INSTALL_LINES:
        assert line in section("Quick start"), line


def test_ci_runs_the_readme_test_command() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    test_command = commands[1]
    assert "-c requirements/test-constraints.txt" in test_command
    assert (PROJECT / "requirements" / "test-constraints.txt").is_file()
    ci_lines = (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines, "`.ci/run` must run the README's test command as written"
    development = fenced(section("Development"), "sh")[0].splitlines()[0]
    assert test_command == f"{development} && pytest"


def test_quick_start_prints_what_the_readme_shows(tmp_path: Path) -> None:
    """The first quick-start command's check, run on a copy of the demo site, prints the README's lines."""
    command = quick_start_commands()[0]
    assert command.endswith("&& perflint check examples/demo-site")
    shown = re.search(r"The first command prints:\n\n```text\n(.*?)^```$", section("Quick start"), re.M | re.S)
    assert shown, "the quick start shows no output"
    shutil.copytree(PROJECT / "examples" / "demo-site", tmp_path / "examples" / "demo-site")
    result = subprocess.run(
        [str(BIN / "perflint"), "check", "examples/demo-site"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == shown.group(1), "the README's quick start shows other output: paste the new output in"


def test_plain_git_hook_snippet_blocks_an_oversized_image(tmp_path: Path) -> None:
    snippet = one_block("Use it as a plain git hook", "sh", "hooks/pre-commit")
    install, *commands = [line.split("  #")[0].strip() for line in snippet.strip().splitlines()]
    assert install in INSTALL_LINES  # perflint is already installed in the test environment
    site = git_repo(tmp_path / "site")
    for command in commands:
        subprocess.run(
            ["sh", "-ec", command.replace(PLACEHOLDER, shlex.quote(str(PROJECT)))],
            cwd=site,
            env=environment(),
            check=True,
        )
    assert os.access(site / ".git" / "hooks" / "pre-commit", os.X_OK)

    (site / "hero.png").write_bytes(noise_png(400, 300))
    git(site, "add", "hero.png")
    refused = subprocess.run(
        ["git", "commit", "-m", "Add the hero image"], cwd=site, env=environment(), capture_output=True, text=True
    )
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "hero.png IMG101 image-bytes error:" in refused.stderr  # git shows a hook's output on stderr
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=site, capture_output=True).returncode

    git(site, "rm", "-q", "--cached", "hero.png")
    (site / "logo.png").write_bytes(png_bytes(flat(120, 60)))
    git(site, "add", "logo.png")
    committed = subprocess.run(
        ["git", "commit", "-m", "Add the logo"], cwd=site, env=environment(), capture_output=True, text=True
    )
    assert committed.returncode == 0, committed.stdout + committed.stderr


def _github_run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a workflow's `run:` step the way GitHub Actions runs it on Linux."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_shard_workflow_runs_as_written(tmp_path: Path) -> None:
    """The matrix example: every shard's check step passes with findings, the report job fails on errors."""
    workflow = yaml.safe_load(one_block("Use it in CI", "yaml", "--shard"))
    check, report = workflow["jobs"]["check"], workflow["jobs"]["report"]
    check_runs = [step["run"] for step in check["steps"] if "run" in step]
    report_runs = [step["run"] for step in report["steps"] if "run" in step]
    assert check_runs[0] in INSTALL_LINES and report_runs[0] in INSTALL_LINES  # already installed here

    site = git_repo(tmp_path / "site")
    shutil.copytree(PROJECT / "examples" / "demo-site", site, dirs_exist_ok=True)
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The demo site")
    summary = tmp_path / "summary.md"
    env = environment(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))

    # The whole site, checked before the shards write their reports into it (a report names the stylesheets,
    # and a file that names a stylesheet may load it, so unused-css-rules would no longer judge it).
    whole = subprocess.run(
        [str(BIN / "perflint"), "check", "--format", "json"], cwd=site, env=env, capture_output=True, text=True
    )
    assert whole.returncode == 1, whole.stderr
    shards = check["strategy"]["matrix"]["shard"]
    for shard in shards:
        for script in check_runs[1:]:
            result = _github_run(script.replace("${{ matrix.shard }}", str(shard)), site, env)
            assert result.returncode == 0, f"shard {shard}: {result.stderr}"
    reports = sorted(site.glob("perflint-*.json"))
    assert len(reports) == len(shards)
    shard_findings = [json.loads(path.read_text(encoding="utf-8"))["findings"] for path in reports]
    assert sum(len(findings) for findings in shard_findings) == len(json.loads(whole.stdout)["findings"])

    summary_step, annotations_step = (_github_run(script, site, env) for script in report_runs[1:])
    assert summary_step.returncode == 0, summary_step.stderr
    assert "IMG101" in summary.read_text(encoding="utf-8")
    assert annotations_step.returncode == 1, annotations_step.stderr  # the demo site has errors: the job fails
    assert "::error " in annotations_step.stdout

    # Without perflint installed, the check step fails instead of uploading an empty report.
    bare = {**env, "PATH": os.pathsep.join(folder for folder in ("/usr/bin", "/bin") if Path(folder).is_dir())}
    missing = _github_run(check_runs[1].replace("${{ matrix.shard }}", "1"), site, bare)
    assert missing.returncode != 0 and "perflint" in missing.stderr, missing.stderr


def shell_lines(block: str) -> list[str]:
    """Return the commands of a shell block, without their trailing comments."""
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


def demo_copy(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(PROJECT / "examples" / "demo-site", site, ignore=shutil.ignore_patterns(".perflint_cache"))
    return site


def test_fix_commands_run_as_written(tmp_path: Path) -> None:
    site = tmp_path / "content"
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "img" / "hero.jpg").write_bytes(jpeg_bytes(photo(320, 200), quality=98))
    (site / "index.html").write_text('<html><body><img src="static/img/hero.jpg"></body></html>\n')
    (site / "site").mkdir()
    (site / "site" / "extra.css").write_text(".card {\n  color: #333333;\n}\n" * 300)
    (site / "site" / "index.html").write_text('<html><head><link rel="stylesheet" href="extra.css"></head></html>\n')
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    fix, dry_run, diff = shell_lines(one_block("Fix what a machine can fix", "sh", "perflint fix --dry-run"))
    assert (fix, dry_run.split()[:3], diff.split()[:3]) == (
        "perflint fix",
        ["perflint", "fix", "--dry-run"],
        ["perflint", "fix", "--diff"],
    )

    def run(command: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(shlex.split(command), cwd=site, env=environment(), capture_output=True, text=True)
        assert done.returncode in (0, 1), done.stderr
        return done

    assert "would" in run(dry_run).stdout
    assert {path: path.read_bytes() for path in before} == before  # a dry run writes nothing
    assert '+<html><head><link rel="stylesheet" href="extra.min.css">' in run(diff).stdout  # the page, pointed
    assert (site / "site" / "extra.min.css").is_file()  # at the minified copy written beside the stylesheet
    assert (site / "static" / "img" / "hero.jpg").read_bytes() == before[site / "static" / "img" / "hero.jpg"]
    assert "Still to do by hand:" in run(fix).stdout
    assert (site / "static" / "img" / "hero.jpg").read_bytes() != before[site / "static" / "img" / "hero.jpg"]


def test_report_step_writes_the_file_the_upload_step_names(tmp_path: Path) -> None:
    site = demo_copy(tmp_path)
    steps = yaml.safe_load(one_block("Commands", "yaml", "perflint report"))
    uploaded = steps[1]["with"]["path"]
    done = subprocess.run(["bash", "-c", steps[0]["run"] + " --no-savings"], cwd=site, env=environment())
    assert done.returncode == 1  # the demo site has errors: hence `if: always()` on the upload
    assert steps[1]["if"].startswith("always()")
    assert (site / uploaded).read_text(encoding="utf-8").lower().startswith("<!doctype html>")


def test_json_output_example_has_the_keys_perflint_writes(tmp_path: Path) -> None:
    example = json.loads(one_block("Commands", "json", '"version"'))
    done = subprocess.run(
        ["perflint", "check", "--format", "json", "static/img/hero.jpg"],
        cwd=demo_copy(tmp_path),
        env=environment(),
        capture_output=True,
        text=True,
    )
    document = json.loads(done.stdout)
    assert list(document) == list(example)
    assert list(document["findings"][0]) == list(example["findings"][0])
    assert list(document["summary"]) == list(example["summary"])


def test_suppression_example_silences_what_it_says(tmp_path: Path) -> None:
    example = one_block("Configuration", "html", "perflint-disable-next-line")
    (tmp_path / "spacer.gif").write_bytes(gif_bytes([flat(1, 1)]))
    page = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page</title></head><body>\n{example}'
    page = page.replace("...\n", '<img src="spacer.gif">\n') + '<img src="spacer.gif">\n</body></html>\n'
    (tmp_path / "page.html").write_text(page)
    done = subprocess.run(
        ["perflint", "check", "--format", "json", "--select", "img-alt,img-size", "page.html"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
    )
    lines = page.splitlines()
    found = {(f["rule"], lines[f["line"] - 1]) for f in json.loads(done.stdout)["findings"]}
    last = len(lines) - 1  # only the image after the example is reported
    assert {line for _, line in found} == {lines[last - 1]}, found
