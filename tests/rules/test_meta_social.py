from __future__ import annotations

from pathlib import Path

import pytest

from tests.expectations import check_fixture, fixture_files
from tests.imagefactory import flat, png_bytes

ASSETS = {"img/share.png": png_bytes(flat(120, 63))}


@pytest.mark.parametrize("name", fixture_files("meta-social"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("meta-social", name, tmp_path, ASSETS)
    assert actual == expected
