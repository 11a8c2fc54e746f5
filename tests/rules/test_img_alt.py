from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("img-alt"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("img-alt", name, tmp_path)
    assert actual == expected


def test_message_says_what_to_do(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "index.html", b'<img src="team.jpg">', "img-alt")
    assert finding.code == "HTML101"
    assert (finding.line, finding.column) == (1, 1)
    assert finding.message.startswith('<img src="team.jpg"> has no alt attribute: screen readers')
    assert 'alt=""' in finding.message
