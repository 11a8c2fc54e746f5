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


def test_svg_named_png(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    message = only_finding(tmp_path, "logo.png", svg)
    assert "holds SVG data" in message
    assert "rename it" in message


def test_png_named_svg(tmp_path: Path) -> None:
    assert "holds PNG data" in only_finding(tmp_path, "logo.svg", png_bytes(photo(20, 20)))


@pytest.mark.parametrize(
    ("name", "data", "held", "rename"),
    [
        ("photo.png", jpeg_bytes(photo(20, 20)), "JPEG", ".jpg"),
        ("team.jpg", png_bytes(photo(20, 20)), "PNG", ".png"),
        ("favicon.ico", jpeg_bytes(photo(16, 16)), "JPEG", ".jpg"),
    ],
)
def test_misnamed_raster_image_is_a_warning(tmp_path: Path, name: str, data: bytes, held: str, rename: str) -> None:
    [finding] = findings(tmp_path, name, data, "unreadable-file")
    assert finding.severity.value == "warning"
    assert finding.message.startswith(f"the name ends in {name[name.rindex('.') :]} but the file holds {held} data:")
    assert "browsers show it anyway" in finding.message
    assert f"rename it to {rename}" in finding.message


def test_misnamed_image_is_checked_as_what_it_holds(tmp_path: Path) -> None:
    report = check_tree(tmp_path, {"hero.jpg": png_bytes(photo(3000, 200))})
    found = [(f.rule, f.severity.value) for f in report.findings if f.rule in ("unreadable-file", "image-dimensions")]
    assert found == [("image-dimensions", "error"), ("unreadable-file", "warning")]


def test_misnamed_image_is_fixed_as_what_it_holds(tmp_path: Path) -> None:
    from perflint.config import CommandLine, build_settings
    from perflint.fix.engine import fix_files
    from perflint.fix_options import FixOptions
    from perflint.images.probe import probe
    from perflint.images.sniff import sniff

    (tmp_path / "perflint.toml").write_text("")
    hero = tmp_path / "hero.jpg"
    hero.write_bytes(png_bytes(photo(3000, 200)))
    list(fix_files([str(tmp_path)], build_settings(tmp_path, CommandLine()), FixOptions(), dry_run=False))
    assert sniff(hero.read_bytes()[:16]) == "png"  # scaled down, and still the PNG it was
    with hero.open("rb") as stream:
        assert probe(stream, hero.stat().st_size, "png").width == 2560


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
