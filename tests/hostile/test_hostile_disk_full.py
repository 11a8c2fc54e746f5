"""`perflint fix` on a full disk: every write past 8 KiB fails, the originals survive, the report says so.

A full disk is simulated with RLIMIT_FSIZE on the perflint process (no root needed): a write past
the limit fails with EFBIG, which Python turns into OSError since it ignores SIGXFSZ.
"""

from __future__ import annotations

import pytest

from tests.hostile.expect import assert_clean_exit
from tests.hostile.generate import HostileTree, build_repository, encoded_pages, fixable_files
from tests.hostile.runner import Run, base_environment, run_perflint
from tests.hostile.snapshots import Snapshot, snapshot

DISK_LIMIT = 8 * 1024  # bytes a process may write to one file


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory: pytest.TempPathFactory) -> tuple[HostileTree, Snapshot, Run]:
    """Fix with writes over 8 KiB failing (EFBIG), as on a full disk."""
    tree = build_repository(tmp_path_factory.mktemp("disk-full"), fixable_files, encoded_pages)
    before = snapshot(tree.repo)
    args = ["fix", "--css", "in-place", "--format", "json", "."]  # every fix rewrites a file in place
    run = run_perflint(args, tree.repo, env=base_environment(tree.fake_bin), file_size_limit=DISK_LIMIT)
    return tree, before, run


def test_full_disk_reports_files_as_not_fixed_and_keeps_them(disk_full: tuple[HostileTree, Snapshot, Run]) -> None:
    tree, before, run = disk_full
    assert_clean_exit(run)
    fixes = run.json()["fixes"]
    refused = {fix["path"] for fix in fixes if not fix["written"] and "could not be written" in (fix["problem"] or "")}
    assert {"fixable/loose.png", "fixable/gps.jpg", "fixable/unminified.css"} <= refused
    after = snapshot(tree.repo)
    assert set(after) == set(before)  # no temporary file left behind
    assert all(after[name] == before[name] for name in refused)
