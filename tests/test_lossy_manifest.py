from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest

from perflint.lossy_manifest import NAME, LossyManifest, content_hash


def test_each_record_is_on_disk_at_once(tmp_path: Path) -> None:
    """An interrupted run must not lose the records of what it already wrote."""
    manifest = LossyManifest(tmp_path)
    manifest.record(b"first image")
    assert LossyManifest(tmp_path).hashes == {content_hash(b"first image")}
    manifest.record(b"second image")
    assert LossyManifest(tmp_path).hashes == {content_hash(b"first image"), content_hash(b"second image")}


def test_two_runs_at_once_keep_each_others_records(tmp_path: Path) -> None:
    first, second = LossyManifest(tmp_path), LossyManifest(tmp_path)  # both read the file before either writes
    for index in range(3):
        first.record(b"first %d" % index)
        second.record(b"second %d" % index)
    expected = {content_hash(b"%s %d" % (run, index)) for run in (b"first", b"second") for index in range(3)}
    assert LossyManifest(tmp_path).hashes == expected
    lines = (tmp_path / NAME).read_text().splitlines()
    assert lines[1:] == sorted(lines[1:])  # sorted, so that two branches' lists rarely conflict


def test_a_linked_manifest_is_neither_read_nor_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(content_hash(b"x") + "\n")
    (tmp_path / NAME).symlink_to(elsewhere)
    manifest = LossyManifest(tmp_path)
    assert manifest.hashes == frozenset()
    with pytest.raises(OSError, match="symbolic link"):
        manifest.record(b"y")
    assert elsewhere.read_text() == content_hash(b"x") + "\n"


def test_a_record_is_written_through_the_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed mid-write leaves its temporary file where git ignores it, not beside the manifest."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    folders = []
    make_temporary = tempfile.mkstemp

    def mkstemp(**options: Any) -> tuple[int, str]:
        folders.append(Path(options["dir"]))
        return make_temporary(**options)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    LossyManifest(tmp_path, scratch).record(b"image")
    assert folders == [scratch]
    assert LossyManifest(tmp_path).hashes == {content_hash(b"image")}
