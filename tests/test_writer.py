from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from perflint.writer import WriteRefused, replace_file, scratch_folder, write_generated

ORIGINAL = b"original content"


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "a.png"
    path.parent.mkdir()
    path.write_bytes(ORIGINAL)
    path.chmod(0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_replace_keeps_the_mode(target: Path) -> None:
    replace_file(target, ORIGINAL, b"new", target.parent)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(target.parent) == []


def test_read_only_file_is_reported_not_touched(target: Path) -> None:
    target.chmod(0o444)
    with pytest.raises(WriteRefused, match="read-only"):
        replace_file(target, ORIGINAL, b"new", target.parent)
    assert target.read_bytes() == ORIGINAL


def test_file_changed_during_the_run_is_left_alone(target: Path) -> None:
    target.write_bytes(b"edited meanwhile")
    with pytest.raises(WriteRefused, match="changed while"):
        replace_file(target, ORIGINAL, b"new", target.parent)
    assert target.read_bytes() == b"edited meanwhile"


def test_deleted_file_is_not_recreated(target: Path) -> None:
    target.unlink()
    with pytest.raises(WriteRefused, match="cannot be read"):
        replace_file(target, ORIGINAL, b"new", target.parent)
    assert not target.exists()


def test_symlink_and_outside_paths_are_refused(target: Path, tmp_path: Path) -> None:
    link = target.parent / "link.png"
    link.symlink_to(target)
    with pytest.raises(WriteRefused, match="symbolic link"):
        replace_file(link, ORIGINAL, b"new", target.parent)
    with pytest.raises(WriteRefused, match="outside the repository"):
        replace_file(target, ORIGINAL, b"new", tmp_path / "elsewhere")
    assert target.read_bytes() == ORIGINAL


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_crash_during_write_leaves_the_original_intact(
    target: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(failing, crash)
    with pytest.raises(WriteRefused, match="No space left on device"):
        replace_file(target, ORIGINAL, b"new content", target.parent)
    assert target.read_bytes() == ORIGINAL
    assert leftovers(target.parent) == []


def test_interrupt_during_write_leaves_the_original_intact(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_file(target, ORIGINAL, b"new content", target.parent)
    assert target.read_bytes() == ORIGINAL
    assert leftovers(target.parent) == []


def test_generated_sibling(target: Path) -> None:
    sibling = target.with_name("site.min.css")
    write_generated(sibling, b"a{b:c}", target.parent, 0o644)
    write_generated(sibling, b"a{b:d}", target.parent, 0o644)
    assert sibling.read_bytes() == b"a{b:d}"


def test_temporary_file_lives_in_the_scratch_folder(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed between writing the temporary file and renaming it leaves nothing in the site."""
    scratch = scratch_folder(target.parent.parent / ".perflint_cache")
    assert scratch is not None
    renamed = []
    real_replace = os.replace

    def replace(source: str, destination: Path) -> None:
        renamed.append(Path(source).parent)
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    replace_file(target, ORIGINAL, b"new", target.parent, scratch)
    assert renamed == [scratch] and target.read_bytes() == b"new"
    assert sorted(path.name for path in target.parent.iterdir()) == ["a.png"]


def test_scratch_folder_drops_what_killed_runs_left(tmp_path: Path) -> None:
    scratch = scratch_folder(tmp_path / "cache")
    assert scratch is not None
    stale, fresh = scratch / ".perflint-old.tmp", scratch / ".perflint-new.tmp"
    stale.write_bytes(b"half an image")
    fresh.write_bytes(b"another run's write, under way")
    os.utime(stale, (0, 0))
    assert scratch_folder(tmp_path / "cache") == scratch
    assert sorted(path.name for path in scratch.iterdir()) == [fresh.name]


def test_no_scratch_folder_in_a_folder_of_the_users(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"png")
    assert scratch_folder(tmp_path) is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["logo.png"]


def test_longest_file_names_can_be_replaced(tmp_path: Path) -> None:
    """The temporary name does not grow with the file's: a 255-byte name is written like any other."""
    path = tmp_path / ("p" * 251 + ".png")
    path.write_bytes(ORIGINAL)
    replace_file(path, ORIGINAL, b"new", tmp_path)
    assert path.read_bytes() == b"new" and leftovers(tmp_path) == []
