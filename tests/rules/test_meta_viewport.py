from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("meta-viewport"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("meta-viewport", name, tmp_path)
    assert actual == expected


def test_message_gives_the_tag_to_add(tmp_path: Path) -> None:
    page = b'<!doctype html>\n<html lang="en">\n  <head>\n<title>x</title>\n</head>\n</html>\n'
    [finding] = findings(tmp_path, "index.html", page, "meta-viewport")
    assert finding.code == "HTML106"
    assert (finding.line, finding.column) == (3, 3)
    assert finding.message == (
        "the page has no viewport tag: phones show it as a shrunken desktop page with tiny text; "
        'add <meta name="viewport" content="width=device-width, initial-scale=1"> inside <head>'
    )
