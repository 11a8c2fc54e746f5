from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("css-fixed-width"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("css-fixed-width", name, tmp_path)
    assert actual == expected


def test_fixed_width_message(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "site.css", b".container {\n  width: 960px;\n}\n", "css-fixed-width")
    assert (finding.code, finding.severity.value, finding.line, finding.column) == ("CSS104", "warning", 2, 3)
    assert finding.message == (
        "`.container` is 960 px wide (`width: 960px`) on every screen, 480 px over the 480 px budget for "
        "fixed widths: on a phone (360-430 px wide) the page scrolls sideways; write `max-width: 960px` "
        "instead, or move the width into a `@media (min-width: ...)` query"
    )


def test_min_width_message(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "site.css", b"body { min-width: 72pc }", "css-fixed-width")
    assert finding.message.startswith("`body` is at least 1152 px wide (`min-width: 72pc`) on every screen, 672 px")
    assert finding.message.endswith("; remove the min-width, or move it into a `@media (min-width: ...)` query")


def test_small_body_text_message(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "site.css", b"body { font-size: 11px }", "css-fixed-width")
    assert finding.message == (
        "body text (`body`) is 11 px (`font-size: 11px`) on every screen, 1 px under the 12 px budget for "
        "body text: phones show it too small to read without zooming; use at least 12 px, and 16 px "
        "(`1rem`) reads best"
    )


def test_limits_are_options(tmp_path: Path) -> None:
    css = b".container { width: 960px } body { font-size: 13px }"
    config = "[rules.css-fixed-width]\nmax-fixed-width = 1000\nmin-font-size = 14\n"
    [finding] = findings(tmp_path, "site.css", css, "css-fixed-width", config)
    assert finding.message.startswith("body text (`body`) is 13 px (`font-size: 13px`) on every screen, 1 px under")


def test_folder_override_names_its_globs(tmp_path: Path) -> None:
    config = '[[overrides]]\nfiles = ["kiosk/**"]\n[overrides.rules.css-fixed-width]\nmax-fixed-width = 600\n'
    [finding] = findings(tmp_path, "kiosk/screen.css", b".panel { width: 700px }", "css-fixed-width", config)
    assert "100 px over the 600 px budget for kiosk/**:" in finding.message


def test_hostile_stylesheets_do_not_break_it(tmp_path: Path) -> None:
    hostile = [
        ".a{width:960px} " * 60_000,  # about 1 MB on one line
        "a" + ":is(" * 3000 + "b" + ")" * 3000 + "{width:960px}",
        ".a{" * 5000 + "width:960px" + "}" * 5000,
        ".a{width:" + "calc(" * 5000 + "1px",
        'body{font-size:11px;content:"never closed',
    ]
    for index, css in enumerate(hostile):
        findings(tmp_path / str(index), "x.css", css.encode(), "css-fixed-width")
