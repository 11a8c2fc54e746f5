from __future__ import annotations

from pathlib import Path

from tests.checking import check_tree

POINTER = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    b"size 2097152\n"
)


def test_pointer_is_reported_once_and_skipped(tmp_path: Path) -> None:
    report = check_tree(tmp_path, {"static/hero.jpg": POINTER})
    [finding] = report.findings
    assert (finding.code, finding.rule, finding.severity.value) == ("FILE102", "lfs-pointer", "info")
    assert finding.path.endswith("static/hero.jpg")
    assert "Git LFS pointer" in finding.message
    assert report.files == 1
