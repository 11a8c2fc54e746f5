from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("html-lang"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("html-lang", name, tmp_path)
    assert actual == expected


def _message(tmp_path: Path, html: str) -> str:
    page = f"<!doctype html>\n{html}\n<head><title>Case</title></head>\n<body></body>\n</html>\n"
    [finding] = findings(tmp_path, "index.html", page.encode(), "html-lang")
    assert finding.code == "HTML104"
    return finding.message


def test_missing_lang_says_what_to_write(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "index.html", b"<!doctype html>\n  <html>\n<head></head>\n</html>", "html-lang")
    assert (finding.line, finding.column) == (2, 3)
    assert finding.message.startswith("<html> has no lang attribute: screen readers may read the page aloud")
    assert 'write <html lang="en">' in finding.message


@pytest.mark.parametrize(
    ("html", "advice"),
    [
        ('<html lang="en_US">', 'write <html lang="en-US">'),
        ('<html lang="english">', 'write <html lang="en">'),
        ('<html lang="Deutsch">', 'write <html lang="de">'),
        ('<html lang="e">', 'write <html lang="en"> (or your page\'s language code'),
    ],
)
def test_invalid_code_gets_the_likely_fix(tmp_path: Path, html: str, advice: str) -> None:
    message = _message(tmp_path, html)
    assert message.startswith(f"{html} is not a valid language code: ")
    assert advice in message


def test_empty_lang(tmp_path: Path) -> None:
    assert _message(tmp_path, '<html lang="">').startswith('<html lang=""> is empty: ')


def test_xml_lang_alone_is_copied_to_lang(tmp_path: Path) -> None:
    message = _message(tmp_path, '<html xml:lang="fr">')
    assert "browsers and screen readers ignore xml:lang in HTML pages" in message
    assert message.endswith('add lang="fr" to it')


def test_head_without_html_points_at_the_head(tmp_path: Path) -> None:
    page = b"<!doctype html>\n<title>x</title>\n<head>\n</head>\n"
    [finding] = findings(tmp_path, "index.html", page, "html-lang")
    assert (finding.line, finding.column) == (3, 1)
    assert finding.message.startswith("the page has no <html> tag, so it does not say its language")
