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
    "negative-target": b"[fix]\nlossy-target = -100\n",
    "target-over-100": b"[fix]\nlossy-target = 101\n",
    "negative-side": b"[rules.image-dimensions]\nmax-side = -1\n",
    "zero-budget": b"[rules.image-bytes]\nmax-raster = 0\n",
    "percent-over-100": b"[fix]\nmin-percent = 150\n",
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
ignore = ["meta-description"]
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
    if command == "check":  # the override ignores meta-description on the a- and b- pages and on d0- to d9-
        undescribed = {line.split(":")[0] for line in run.text().splitlines() if "meta-description" in line}
        assert {"pages/c2-page.html", "pages/d103-page.html"} <= undescribed
        assert not {"pages/a0-page.html", "pages/b1-page.html", "pages/d3-page.html"} & undescribed


@pytest.mark.parametrize("folder", [".", "static"])
def test_cache_dir_holding_the_users_files_is_refused(tmp_path: Path, folder: str) -> None:
    """A `.gitignore` of `*` written there would hide every new file in it from git."""
    tree = tree_with_config(tmp_path, f'cache-dir = "{folder}"\n'.encode())
    (tree.repo / "static").mkdir()
    (tree.repo / "static/logo.png").write_bytes((tree.repo / "fixable/loose.png").read_bytes())
    ignore = tree.repo / folder / ".gitignore"
    ignore.write_text("node_modules/\n")
    for command in ("check", "fix"):
        run = run_in(tree, command, ".")
        assert run.returncode == 2 and "holds files that are not perflint's" in run.stderr.decode(), run.describe()
    assert ignore.read_text() == "node_modules/\n"
    assert not (tree.repo / folder / "CACHEDIR.TAG").exists()


def test_config_linked_to_a_file_outside_is_not_read(tmp_path: Path) -> None:
    tree = tree_with_config(tmp_path, b"")
    secret = tree.outside / "secret.toml"
    secret.write_text('token = "s3cr3t-value"\n')
    (tree.repo / CONFIG).unlink()
    (tree.repo / CONFIG).symlink_to(secret)
    run = run_in(tree, "check", ".")
    assert run.returncode == 2 and "symbolic link to a file outside" in run.stderr.decode(), run.describe()
    assert "s3cr3t" not in run.stderr.decode() + run.text()


def test_endless_config_file_is_refused(tmp_path: Path) -> None:
    tree = tree_with_config(tmp_path, b"")
    run = run_in(tree, "check", "--config", "/dev/zero", ".")
    assert run.returncode == 2 and "a config file is a few lines" in run.stderr.decode(), run.describe()
