from __future__ import annotations

from pathlib import Path

import pytest

from perflint.findings import Severity
from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("viewport-zoom"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("viewport-zoom", name, tmp_path)
    assert actual == expected


def _finding(tmp_path: Path, content: str) -> tuple[Severity, str]:
    page = f'<!doctype html>\n<html lang="en">\n<head>\n<meta name="viewport" content="{content}">\n</head>\n</html>\n'
    [finding] = findings(tmp_path, "index.html", page.encode(), "viewport-zoom")
    assert finding.code == "HTML108"
    assert (finding.line, finding.column) == (4, 1)
    return finding.severity, finding.message


@pytest.mark.parametrize(
    ("content", "causes", "fixed"),
    [
        (
            "width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no",
            "user-scalable=no and maximum-scale=1",
            "width=device-width, initial-scale=1",
        ),
        ("width=device-width, user-scalable=0.5", "user-scalable=0.5", "width=device-width"),
        ("width=device-width, maximum-scale=yes", "maximum-scale=yes", "width=device-width"),
        (
            "width=device-width, user-scalable=true",
            "user-scalable=true (browsers read any value but yes, no or a number as no)",
            "width=device-width",
        ),
        (
            "width=device-width; initial-scale=1.0; maximum-scale=1.0; user-scalable=0;",
            "maximum-scale=1.0;",
            "width=device-width, initial-scale=1.0",
        ),
        ("user-scalable=no", "user-scalable=no", "width=device-width, initial-scale=1"),
    ],
)
def test_blocked_zoom_is_an_error_with_the_corrected_tag(tmp_path: Path, content: str, causes: str, fixed: str) -> None:
    severity, message = _finding(tmp_path, content)
    assert severity is Severity.ERROR
    assert message.startswith(f'<meta name="viewport" content="{content}"> stops visitors from zooming (')
    assert causes in message
    assert "people with low vision cannot enlarge the text, which WCAG 1.4.4 requires" in message
    assert message.endswith(f'write <meta name="viewport" content="{fixed}">')


def test_limited_zoom_is_a_warning(tmp_path: Path) -> None:
    severity, message = _finding(tmp_path, "width=device-width, initial-scale=1, maximum-scale=3")
    assert severity is Severity.WARNING
    assert "limits zooming to 3x (maximum-scale=3): some visitors with low vision need up to 5x" in message
    assert message.endswith('write <meta name="viewport" content="width=device-width, initial-scale=1">')
