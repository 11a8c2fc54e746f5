"""perflint's own files in the repository (its cache folder, the lossy manifest) as hostile input.

A pull request can commit `.perflint_cache` or `.perflint-lossy` like any other path: as a symbolic
link out of the repository, or holding records crafted to break the reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.expect import BUG, assert_clean_exit, escapes
from tests.hostile.generate import HostileTree, build_repository, fixable_files
from tests.hostile.runner import Run, base_environment, read_audit, run_perflint
from tests.hostile.snapshots import snapshot

CACHE, MANIFEST = ".perflint_cache", ".perflint-lossy"
KEPT = "keep me\n"  # the .gitignore of the folder a cache link points at


def run_in(tree: HostileTree, *args: str, audit_log: Path | None = None) -> Run:
    return run_perflint(list(args), tree.repo, env=base_environment(tree.fake_bin), audit_log=audit_log)


@pytest.fixture
def tree(tmp_path: Path) -> HostileTree:
    return build_repository(tmp_path / "tree", fixable_files)  # the audit logs go beside it, not in it


def test_cache_folder_linked_out_of_the_repository_is_not_written(tree: HostileTree) -> None:
    (tree.outside / ".gitignore").write_text(KEPT)
    before = snapshot(tree.outside)
    (tree.repo / CACHE).symlink_to(tree.outside)
    run = run_in(tree, "check", ".")
    assert_clean_exit(run)
    assert (tree.outside / ".gitignore").read_text() == KEPT
    assert snapshot(tree.outside) == before


def test_poisoned_cache_record_is_ignored(tree: HostileTree) -> None:
    assert_clean_exit(run_in(tree, "check", "."))
    records = list((tree.repo / CACHE).rglob("*.json"))
    assert records, "the first run cached nothing to poison"
    for record in records:
        record.write_text("[" * 100_000 + "]" * 100_000)
    run = run_in(tree, "check", "--format", "json", ".")
    assert_clean_exit(run)
    assert BUG not in run.text()


def test_lossy_manifest_linked_out_of_the_repository_is_not_read(tree: HostileTree, tmp_path: Path) -> None:
    (tree.outside / "secret.txt").write_text("outside the repository\n")
    (tree.repo / MANIFEST).symlink_to(tree.outside / "secret.txt")
    log = tmp_path / "audit" / "fix.jsonl"
    log.parent.mkdir()
    run = run_in(tree, "fix", "--format", "json", ".", audit_log=log)
    assert_clean_exit(run)
    assert escapes(read_audit(log), tree) == []
