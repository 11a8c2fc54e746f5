from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("css-import"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("css-import", name, tmp_path)
    assert actual == expected


def test_message_explains_the_chain_and_the_fix(tmp_path: Path) -> None:
    css = b'/* fonts */\n  @import url("/css/fonts.css");\nbody { margin: 0 }\n'
    [finding] = findings(tmp_path, "theme.css", css, "css-import")
    assert (finding.code, finding.severity.value, finding.line, finding.column) == ("CSS103", "warning", 2, 3)
    assert finding.message == (
        "imports `/css/fonts.css` with @import: browsers find that file only after downloading this "
        "stylesheet, so the page waits for one download after the other; load it with its own "
        '<link rel="stylesheet"> in the page\'s <head>, or bundle the two files into one'
    )


def test_ignored_imports_say_why(tmp_path: Path) -> None:
    css = b"body { margin: 0 }\n@import 'late.css';\n@media print { @import 'print.css'; }\n"
    late, nested = findings(tmp_path, "theme.css", css, "css-import")
    assert late.message.startswith(
        "browsers ignore this @import of `late.css` because it comes after other rules (an @import must come "
        "first), so that file is never loaded; if the page needs it, load it with its own"
    )
    assert late.message.endswith("otherwise delete the @import")
    assert "because it is inside a block such as @media or @supports" in nested.message
    assert (nested.line, nested.column) == (3, 16)


def test_positions_in_a_style_block_are_positions_in_the_page(tmp_path: Path) -> None:
    page = b"<!doctype html>\n<title>x</title>\n<style>@import 'a.css';\n@import 'b.css';</style>\n"
    first, second = findings(tmp_path, "index.html", page, "css-import")
    assert [(first.line, first.column), (second.line, second.column)] == [(3, 8), (4, 1)]


def test_an_import_without_a_url(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "theme.css", b"@import ;\n", "css-import")
    assert finding.message == "has an @import with no file to load: browsers ignore it; delete it"


def test_hostile_stylesheets_do_not_break_it(tmp_path: Path) -> None:
    hostile = ["@import 'a.css';" + "a{b:c}" * 170_000, '@import "never closed', "@import url(" + "(" * 50_000]
    for index, css in enumerate(hostile):
        findings(tmp_path / str(index), "x.css", css.encode(), "css-import")
