from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from perflint.css.minify import minify
from perflint.sizes import format_size
from tests.checking import findings
from tests.expectations import FIXTURES, check_fixture, fixture_files

# One readable stylesheet serves three cases: a file, a suppressed file, an inline <style>.
THEME_BODY = (FIXTURES / "css-unminified" / "theme.css").read_text().split("\n", 1)[1]
GENERATED = {
    "suppressed.css": "/* perflint-disable css-unminified -- kept readable on purpose */\n" + THEME_BODY,
    "page.html": (
        '<!doctype html>\n<html lang="en">\n<head>\n<title>Inline styles</title>\n<style>\n  p { margin: 0; }\n'
        "</style>\n<style> /* expect: css-unminified */\n"
        + THEME_BODY
        + "</style>\n</head>\n<body><p>Hi</p></body>\n</html>\n"
    ),
}


def readable_css(sections: int) -> str:
    """A hand-written-looking stylesheet: comments, indentation, one declaration a line."""
    return "\n".join(
        f"/* Section {i}: the block's layout */\n.section-{i} {{\n    margin: 0 auto;\n"
        f"    padding: 2rem 1rem;\n    color: #212529;\n}}\n"
        for i in range(sections)
    )


@pytest.mark.parametrize("name", [*fixture_files("css-unminified"), *GENERATED])
def test_fixtures(name: str, tmp_path: Path) -> None:
    assets = {generated: text.encode() for generated, text in GENERATED.items()}
    expected, actual = check_fixture("css-unminified", name, tmp_path, assets)
    assert actual == expected


def test_message_gives_the_measured_saving(tmp_path: Path) -> None:
    css = readable_css(60)
    [finding] = findings(tmp_path, "css/theme.css", css.encode(), "css-unminified")
    assert (finding.code, finding.severity.value, finding.line, finding.column) == ("CSS101", "warning", 1, 1)
    size, minified = len(css), len(minify(css))
    percent = 100 * (size - minified) / size
    numbers = f"({percent:.0f} %, {format_size(size)} -> {format_size(minified)})"
    assert finding.message == (
        f"minifying it would save {format_size(size - minified)} {numbers}; no file of the site names it, so no "
        'page can be pointed at a minified copy: minify it in the build, or set `css = "in-place"` under [fix] '
        "to let `perflint fix` minify it"
    )


def test_each_style_block_counts_on_its_own(tmp_path: Path) -> None:
    small = "<style>\n" + readable_css(10) + "</style>\n"
    page = "<!doctype html>\n<title>x</title>\n" + small * 3 + "<style>\n" + readable_css(60) + "</style>\n"
    [finding] = findings(tmp_path, "index.html", page.encode(), "css-unminified")
    assert finding.line == 3 + 3 * small.count("\n")
    assert finding.message.startswith("minifying this <style> block would save")


def test_thresholds_are_options(tmp_path: Path) -> None:
    css = readable_css(60).encode()
    assert (
        findings(tmp_path / "a", "a.css", css, "css-unminified", '[rules.css-unminified]\nmin-saving = "64 KiB"\n')
        == []
    )
    assert findings(tmp_path / "b", "b.css", css, "css-unminified", "[rules.css-unminified]\nmin-percent = 90\n") == []
    assert findings(tmp_path / "c", "c.css", css, "css-unminified", "[rules.css-unminified]\nmin-percent = 10\n")


def test_hostile_stylesheets_do_not_break_it(tmp_path: Path) -> None:
    for index, css in enumerate(["a{b:c}" * 170_000, "a{b:c}/* never closed" + "x" * 5000, "{" * 50_000]):
        findings(tmp_path / str(index), "x.css", css.encode(), "css-unminified")


def test_rule_modules_do_not_import_the_css_libraries() -> None:
    """A pre-commit run on images alone must not pay for tinycss2 and rcssmin."""
    code = "import sys, perflint.engine; print(sorted({'tinycss2', 'rcssmin'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
