from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import check_tree
from tests.expectations import check_fixture, fixture_files
from tests.imagefactory import flat, png_bytes

TEAM = {"img/team.png": png_bytes(flat(120, 80))}


@pytest.mark.parametrize("name", fixture_files("img-size"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("img-size", name, tmp_path, TEAM)
    assert actual == expected


def test_message_gives_the_intrinsic_size(tmp_path: Path) -> None:
    files = {
        **TEAM,
        "index.html": b'<img src="img/team.png" alt="Team">',
        "blog/post.html": b'<img src="/img/team.png">',
    }
    report = check_tree(tmp_path, files, select="img-size")
    assert [f.path.split("/")[-1] for f in report.findings] == ["post.html", "index.html"]
    for finding in report.findings:
        assert 'add width="120" height="80" (the image\'s own size)' in finding.message


def test_unknown_image_gets_generic_advice(tmp_path: Path) -> None:
    [finding] = check_tree(tmp_path, {"index.html": b'<img src="missing.png">'}, select="img-size").findings
    assert finding.message.endswith("add its width and height in pixels")
