"""`perflint fix`, twice, on the whole hostile corpus: no data lost, nothing outside touched, a fixed point.

Files the first run does not report as written must be byte-identical afterwards (symbolic links
still links to the same target, modes unchanged); the second run must change nothing. Pages that
get width and height must come back in their own encoding, byte order mark and line endings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image

from tests.hostile.expect import PROGRAMS, assert_clean_exit, escapes, network, programs
from tests.hostile.generate import HostileTree, build_hostile_tree
from tests.hostile.pages import ENCODED_PAGES, EncodedPage
from tests.hostile.runner import AuditEvent, Run, base_environment, read_audit, run_perflint
from tests.hostile.snapshots import Snapshot, snapshot

pytestmark = pytest.mark.slow  # two fix runs over the whole corpus, the 20 MB page included
FIX_TIMEOUT = 120.0


@dataclass(frozen=True)
class FixedTwice:
    """The corpus before, between and after two `fix` runs."""

    tree: HostileTree
    before: Snapshot
    outside_before: Snapshot
    first: Run
    between: Snapshot
    second: Run
    after: Snapshot
    audit: list[AuditEvent]

    def written(self, run: Run) -> set[str]:
        return {fix["path"] for fix in run.json()["fixes"] if fix["written"]}

    def fix_of(self, name: str) -> dict[str, Any]:
        (entry,) = [fix for fix in self.first.json()["fixes"] if fix["path"] == name]
        return dict(entry)


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> FixedTwice:
    """Fix a fresh corpus twice; the first run is audited, its worker processes included."""
    tree = build_hostile_tree(tmp_path_factory.mktemp("fix"))
    env = base_environment(tree.fake_bin)
    log = tmp_path_factory.mktemp("audit") / "fix.jsonl"  # not beside the repository: that is watched
    before, outside_before = snapshot(tree.repo), snapshot(tree.outside)
    args = ["fix", "--css", "in-place", "--format", "json", "."]  # every fix rewrites its own file
    first = run_perflint(args, tree.repo, env=env, timeout=FIX_TIMEOUT, audit_log=log)
    between = snapshot(tree.repo)
    second = run_perflint(args, tree.repo, env=env, timeout=FIX_TIMEOUT)
    after = snapshot(tree.repo)
    return FixedTwice(tree, before, outside_before, first, between, second, after, read_audit(log))


def test_both_runs_exit_cleanly(fixed: FixedTwice) -> None:
    assert_clean_exit(fixed.first)
    assert_clean_exit(fixed.second)


def test_files_not_written_are_byte_identical(fixed: FixedTwice) -> None:
    written = fixed.written(fixed.first)
    changed = {name for name in fixed.before if name not in written and fixed.between.get(name) != fixed.before[name]}
    assert changed == set()


def test_no_file_appears_or_disappears(fixed: FixedTwice) -> None:
    """Temporary files are cleaned up; nothing is created beside the corpus but perflint's own state."""
    assert set(fixed.between) == set(fixed.before)
    assert set(fixed.after) == set(fixed.before)


def test_first_run_fixed_something(fixed: FixedTwice) -> None:
    """Without writes the other assertions would prove nothing."""
    assert {"fixable/loose.png", "fixable/gps.jpg", "fixable/unminified.css"} <= fixed.written(fixed.first)


def test_second_run_changes_nothing(fixed: FixedTwice) -> None:
    assert fixed.written(fixed.second) == set()
    assert fixed.after == fixed.between


def test_written_images_still_decode(fixed: FixedTwice) -> None:
    for name in fixed.written(fixed.first):
        if name.endswith((".png", ".jpg")):
            data = (fixed.tree.repo / name).read_bytes()
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG"]) as image:
                image.load()


def test_nothing_outside_the_repository_changes(fixed: FixedTwice) -> None:
    assert snapshot(fixed.tree.outside) == fixed.outside_before


def test_hard_link_is_replaced_not_written_through(fixed: FixedTwice) -> None:
    """The fix renames a new file over the name in the repository; the file outside keeps its bytes."""
    assert "links/hardlink.png" in fixed.written(fixed.first)
    assert snapshot(fixed.tree.outside)["hard-target.png"] == fixed.outside_before["hard-target.png"]


def test_read_only_file_is_left_alone(fixed: FixedTwice) -> None:
    entry = fixed.fix_of("fixable/readonly.png")
    assert not entry["written"]
    assert "read-only" in entry["problem"]
    assert fixed.between["fixable/readonly.png"] == fixed.before["fixable/readonly.png"]


@pytest.mark.parametrize("page", ENCODED_PAGES, ids=lambda page: page.name)
def test_page_is_fixed_in_its_own_encoding_and_line_endings(fixed: FixedTwice, page: EncodedPage) -> None:
    assert (fixed.tree.repo / "encodings" / page.name).read_bytes() == page.fixed()


def test_fix_opens_nothing_outside_the_repository(fixed: FixedTwice) -> None:
    assert any(event.event == "open" for event in fixed.audit), "the audit hook logged nothing"
    assert escapes(fixed.audit, fixed.tree) == []


def test_fix_starts_only_git_and_python(fixed: FixedTwice) -> None:
    assert programs(fixed.audit) <= PROGRAMS


def test_fix_uses_no_network(fixed: FixedTwice) -> None:
    assert network(fixed.audit) == []


def test_fix_runs_no_command_from_the_corpus(fixed: FixedTwice) -> None:
    assert fixed.tree.code_ran() == []
