"""Output that a file name or a page can forge: control characters are shown escaped, never obeyed.

A name can hold an escape sequence that retitles the terminal or recolours lines, a newline that
starts a line of its own (a GitHub Actions workflow command, which a workflow running perflint
obeys), or a bidirectional override. Every format for people shows them as `\\x1b`, `\\n`, `\\u202e`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.generate import build_repository
from tests.hostile.runner import base_environment, run_perflint
from tests.imagefactory import photo, png_bytes

TERMINAL = "b\x1b]0;TITLE\x07\x1b[31mred.png"
WORKFLOW = "x\n::error file=README.md,line=1::forged\n.png"
REORDERED = "invoice\u202egnp.exe.png"


def forged_names(repo: Path) -> dict[str, str]:
    """Images whose names try to act, each with metadata that makes a finding (and a fix) about them."""
    image = png_bytes(photo(160, 120), text={"Comment": "x" * 40_000})
    for name in (TERMINAL, WORKFLOW, REORDERED):
        (repo / name).write_bytes(image)
    return {TERMINAL: "terminal escapes", WORKFLOW: "a workflow command", REORDERED: "a bidirectional override"}


@pytest.mark.parametrize(
    "args",
    [["check"], ["check", "--format", "github"], ["check", "--format", "markdown"], ["fix"]],
    ids=["text", "github", "markdown", "fix"],
)
def test_names_cannot_steer_the_terminal_or_the_workflow(tmp_path: Path, args: list[str]) -> None:
    tree = build_repository(tmp_path, forged_names)
    run = run_perflint([*args, "."], tree.repo, env=base_environment(tree.fake_bin))
    assert run.returncode in (0, 1), run.describe()
    out = run.stdout.decode("utf-8")
    assert "\\x1b]0;TITLE\\x07" in out and "\\u202e" in out  # each name shown, escaped
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert not any(line.startswith("::error file=README.md") for line in out.splitlines())
