from __future__ import annotations

from pathlib import Path

import pytest

from perflint.rules.alt_quality import problem
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("alt-quality"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("alt-quality", name, tmp_path)
    assert actual == expected


@pytest.mark.parametrize(
    ("alt", "words"),
    [
        ("IMG_1234.JPG", "is a file name"),
        ("screenshot 2024-05-01", "is a file name"),
        ("Image of the team", 'starts with "Image of"'),
        ("x" * 151, "151 characters, over the 150-character limit"),
    ],
)
def test_problems_are_explained(alt: str, words: str) -> None:
    found = problem(alt, 150)
    assert found is not None and words in found


@pytest.mark.parametrize("alt", ["Our office", "x" * 150, "Imagine the possibilities", "{{ .Alt }}", "   "])
def test_good_alt_passes(alt: str) -> None:
    assert problem(alt, 150) is None
