from __future__ import annotations

import pytest

from perflint.sizes import format_size, parse_size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2048", 2048),
        ("300 KiB", 300 * 1024),
        ("300KiB", 300 * 1024),
        ("1.5 MB", 1_500_000),
        ("1 MiB", 1024 * 1024),
        ("12 kb", 12_000),
        ("7 B", 7),
    ],
)
def test_parse_size(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "12 parsecs", "-5 KiB", "1,5 MB"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_size(text)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0 B"),
        (1023, "1023 B"),
        (1024, "1 KiB"),
        (16 * 1024, "16 KiB"),
        (300 * 1024, "300 KiB"),
        (int(4.8 * 1024 * 1024), "4.8 MiB"),
        (150 * 1024 * 1024, "150 MiB"),
    ],
)
def test_format_size(size: int, expected: str) -> None:
    assert format_size(size) == expected


@pytest.mark.parametrize("size", [1024, 16 * 1024, 300 * 1024, 5 * 1024 * 1024])
def test_round_trip(size: int) -> None:
    assert parse_size(format_size(size)) == size
