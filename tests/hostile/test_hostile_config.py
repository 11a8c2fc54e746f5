"""A hostile config file: a pull request can change perflint.toml as easily as any page.

A config that cannot be used is a usage error: exit 2 and one `perflint: error:` line, never an
internal error. A config that can be used must not take perflint out of the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.expect import escapes
from tests.hostile.generate import CONFIG, HostileTree, build_repository, fixable_files
from tests.hostile.runner import Run, base_environment, read_audit, run_perflint

BROKEN = {
    "not-toml": b"select = [\n",
    "not-utf8": b"\xff\xfe = 1\n",
    "nul-bytes": b"select = ['\x00']\n",
    "wrong-type": b"select = 5\n",
    "unknown-key": b"no-such-key = 1\n",
    "huge-size": b'[rules.image-bytes]\nmax-raster = "1e400 KiB"\n',
    "huge-integer": b"[rules.image-bytes]\nmax-raster = " + b"9" * 5000 + b"\n",
    "deep-nesting": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
}


def tree_with_config(root: Path, config: bytes) -> HostileTree:
    tree = build_repository(root / "tree", fixable_files)  # audit logs go in `root`, beside the tree
    (tree.repo / CONFIG).write_bytes(config)
    return tree


def run_in(tree: HostileTree, *args: str, audit_log: Path | None = None) -> Run:
    return run_perflint(list(args), tree.repo, env=base_environment(tree.fake_bin), audit_log=audit_log)


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_config_is_a_one_line_usage_error(tmp_path: Path, name: str) -> None:
    run = run_in(tree_with_config(tmp_path, BROKEN[name]), "check", ".")
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, run.describe()
    assert stderr.startswith("perflint: error:"), run.describe()
    assert "Traceback" not in stderr and "internal error" not in stderr, run.describe()


def test_cache_dir_cannot_leave_the_repository(tmp_path: Path) -> None:
    tree = tree_with_config(tmp_path, b'cache-dir = "../outside/cache"\n')
    run = run_in(tree, "check", ".")
    assert run.returncode in (0, 1, 2), run.describe()
    assert list(tree.outside.iterdir()) == []


def test_static_dirs_cannot_reach_outside(tmp_path: Path) -> None:
    """Folders published at the site root, set to /etc and to a folder beside the repository."""
    tree = tree_with_config(tmp_path, b'static-dirs = ["/etc", "../outside"]\n')
    (tree.outside / "secret.png").write_bytes((tree.repo / "fixable/loose.png").read_bytes())
    (tree.repo / "page.html").write_text('<img src="/passwd"><img src="/secret.png"><link href="/shadow">\n')
    log = tmp_path / "audit" / "check.jsonl"
    log.parent.mkdir()
    run = run_in(tree, "check", "--format", "json", "page.html", audit_log=log)
    assert run.returncode in (0, 1), run.describe()
    assert escapes(read_audit(log), tree) == []
    assert "320 x 240" not in run.text() and 'width="320"' not in run.text()


EVERY_GLOB_KIND = b"""exclude = ["*.[jJ][pP][gG]", "drafts/**", "?ld-*.html", "!keep.jpg"]
[[overrides]]
files = ["pages/[ab]*.html", "pages/[!c]?-*.html", "pages/\\\\[x].html"]
ignore = ["page-description"]
[overrides.rules.image-bytes]
max-raster = "500 KiB"
"""


@pytest.mark.parametrize("command", ["check", "fix"])
def test_every_kind_of_glob_goes_to_worker_processes(tmp_path: Path, command: str) -> None:
    """Character classes, negations and escapes in exclude and overrides, on a run large enough for workers."""
    tree = tree_with_config(tmp_path, EVERY_GLOB_KIND)
    for number in range(220):
        page = tree.repo / "pages" / f"{'abcd'[number % 4]}{number}-page.html"
        page.parent.mkdir(exist_ok=True)
        page.write_text(f"<!doctype html><html lang=en><title>Page {number}</title><p>Text {number}</p></html>\n")
    run = run_in(tree, command, "--jobs", "2", ".")
    assert run.returncode in (0, 1), run.describe()
    assert "internal error" not in run.text(), run.describe()
    if command == "check":
        assert "description" in run.text()  # the c- and d- pages, outside the override
        assert "a0-page.html" not in run.text() and "c2-page.html" in run.text()
