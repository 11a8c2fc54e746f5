from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import check_tree
from tests.expectations import check_fixture, fixture_files
from tests.imagefactory import flat, png_bytes

ASSETS = {"img/share.png": png_bytes(flat(120, 63))}


@pytest.mark.parametrize("name", fixture_files("meta-description"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("meta-description", name, tmp_path, ASSETS)
    assert actual == expected


def test_an_instant_redirect_page_is_not_judged(tmp_path: Path) -> None:
    alias = b'<!doctype html><html><head><title>x</title><meta http-equiv="refresh" content="0; url=/new/">'
    report = check_tree(tmp_path, {"old/index.html": alias})
    assert [f.rule for f in report.findings] == []
