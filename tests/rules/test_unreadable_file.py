from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import check_tree, findings
from tests.imagefactory import jpeg_bytes, photo, png_bytes, png_header_only, truncate


def only_finding(tmp_path: Path, name: str, data: bytes) -> str:
    [finding] = findings(tmp_path, name, data, "unreadable-file")
    assert finding.code == "FILE101"
    assert finding.severity.value == "error"
    assert finding.path.endswith(name)
    return finding.message


def test_truncated_jpeg(tmp_path: Path) -> None:
    message = only_finding(tmp_path, "hero.jpg", truncate(jpeg_bytes(photo(200, 150)), 0.6))
    assert message.startswith("cannot be read: ")
    assert "cut off" in message


def test_zero_byte_png(tmp_path: Path) -> None:
    assert "empty" in only_finding(tmp_path, "empty.png", b"")


def test_text_named_png(tmp_path: Path) -> None:
    assert "not an image" in only_finding(tmp_path, "notes.png", b"Remember to buy milk.\n")


def test_jpeg_named_png(tmp_path: Path) -> None:
    message = only_finding(tmp_path, "photo.png", jpeg_bytes(photo(20, 20)))
    assert "holds JPEG data" in message
    assert "rename it" in message


def test_decompression_bomb(tmp_path: Path) -> None:
    message = only_finding(tmp_path, "bomb.png", png_header_only(100_000, 100_000))
    assert "100,000 x 100,000" in message


def test_intact_image_is_not_reported(tmp_path: Path) -> None:
    assert findings(tmp_path, "fine.png", png_bytes(photo(20, 20)), "unreadable-file") == []


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("perflint.engine.open", denied, raising=False)
    message = only_finding(tmp_path, "locked.png", png_bytes(photo(20, 20)))
    assert message == "cannot be opened: Permission denied"


def test_link_out_of_the_tree_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes(photo(20, 20)))
    site = tmp_path / "site"
    site.mkdir()
    (site / "link.png").symlink_to(outside)
    [finding] = check_tree(site, {}, select="unreadable-file").findings
    assert finding.path.endswith("link.png")
    assert "outside the repository" in finding.message
