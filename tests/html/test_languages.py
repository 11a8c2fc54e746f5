from __future__ import annotations

import pytest

from perflint.html.languages import LANGUAGES, is_language_code, is_valid_tag, name, suggest


def test_embeds_every_iso_639_1_code() -> None:
    assert len(LANGUAGES) == 184
    assert all(len(code) == 2 and code.isalpha() and code.islower() for code in LANGUAGES)
    assert name("de") == "German"
    assert name("es") == "Spanish"
    assert name("qq") is None


@pytest.mark.parametrize("subtag", ["en", "EN", "zu", "iw", "fil", "yue", "und", "Eng"])
def test_language_codes(subtag: str) -> None:
    assert is_language_code(subtag)


@pytest.mark.parametrize("subtag", ["xx", "e", "12", "english", "x", "i", "e1", "éng", ""])
def test_not_language_codes(subtag: str) -> None:
    assert not is_language_code(subtag)


@pytest.mark.parametrize("tag", ["en", "en-US", "EN-us", "zh-Hant-TW", "de-CH-1901", "es-419", " fr ", "sr-Latn"])
def test_valid_tags(tag: str) -> None:
    assert is_valid_tag(tag)


@pytest.mark.parametrize(
    "tag", ["", "english", "en_US", "e", "12", "x-klingon", "i-navajo", "en-", "en-US, fr", "en US", "en-toolongsubtag"]
)
def test_invalid_tags(tag: str) -> None:
    assert not is_valid_tag(tag)


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("en_US", "en-US"),
        ("en_us", "en-US"),
        ("English", "en"),
        ("english-gb", "en-GB"),
        ("Spanish", "es"),
        ("Castilian", "es"),
        ("français", "fr"),
        ("zh_hans_cn", "zh-Hans-CN"),
        ("en US", "en-US"),
        ("e", None),
        ("12", None),
        ("klingon", None),
        ("", None),
    ],
)
def test_suggest(value: str, suggestion: str | None) -> None:
    assert suggest(value) == suggestion
