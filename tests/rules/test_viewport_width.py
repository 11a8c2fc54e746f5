from __future__ import annotations

from pathlib import Path

import pytest

from perflint.findings import Severity
from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("viewport-width"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("viewport-width", name, tmp_path)
    assert actual == expected


def _findings(tmp_path: Path, content: str) -> list[tuple[Severity, str]]:
    page = f'<!doctype html>\n<html lang="en">\n<head>\n  <meta name="viewport" content="{content}">\n</head>\n'
    found = findings(tmp_path, "index.html", page.encode(), "viewport-width")
    assert all(finding.code == "HTML107" and (finding.line, finding.column) == (4, 3) for finding in found)
    return [(finding.severity, finding.message) for finding in found]


@pytest.mark.parametrize(
    ("content", "problem", "fixed"),
    [
        ("width=1024", "sets a fixed width of 1024 pixels", "width=device-width, initial-scale=1"),
        ("width=660px, initial-scale=1", "sets a fixed width of 660 pixels", "width=device-width, initial-scale=1"),
        ("width=device-height", "sets width=device-height", "width=device-width, initial-scale=1"),
        (
            "width=device-width;",
            "writes width=device-width with a ';' after it, which Chrome and Safari do not understand",
            "width=device-width, initial-scale=1",
        ),
        (
            "width=device-width;initial-scale=1;viewport-fit=cover",
            "writes width=device-width with a ';' after it",
            "width=device-width, initial-scale=1, viewport-fit=cover",
        ),
        (
            "shrink-to-fit=no",
            "does not set width=device-width",
            "width=device-width, shrink-to-fit=no, initial-scale=1",
        ),
        ("width=auto", "sets width=auto, which browsers do not understand", "width=device-width, initial-scale=1"),
    ],
)
def test_width_message_gives_the_corrected_tag(tmp_path: Path, content: str, problem: str, fixed: str) -> None:
    [(severity, message)] = _findings(tmp_path, content)
    assert severity is Severity.ERROR
    assert message.startswith(f'<meta name="viewport" content="{content}"> {problem}')
    assert ": phones show the page as a shrunken desktop page instead of fitting it to the screen; " in message
    assert message.endswith(f'write <meta name="viewport" content="{fixed}">')


def test_initial_scale_other_than_1_is_a_warning(tmp_path: Path) -> None:
    [(severity, message)] = _findings(tmp_path, "width=device-width, initial-scale=0.5")
    assert severity is Severity.WARNING
    assert "sets initial-scale=0.5: phones open the page zoomed out" in message
    assert message.endswith('write <meta name="viewport" content="width=device-width, initial-scale=1">')


def test_fixed_width_and_scale_are_two_findings(tmp_path: Path) -> None:
    found = _findings(tmp_path, "width=600, initial-scale=2")
    assert [severity for severity, _ in found] == [Severity.ERROR, Severity.WARNING]
    assert "zoomed in" in found[1][1]


def test_missing_content(tmp_path: Path) -> None:
    page = b'<!doctype html>\n<html lang="en">\n<head>\n<meta name="viewport">\n</head>\n</html>\n'
    [finding] = findings(tmp_path, "index.html", page, "viewport-width")
    assert finding.message.startswith('<meta name="viewport"> does not set width=device-width')
