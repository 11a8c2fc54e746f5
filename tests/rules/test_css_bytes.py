from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings
from tests.expectations import check_fixture, fixture_files


def stylesheet(size: int) -> bytes:
    rule = b".card { padding: 1rem; color: #333; }\n"
    return (rule * (size // len(rule) + 1))[:size]


@pytest.mark.parametrize("name", fixture_files("css-bytes"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("css-bytes", name, tmp_path)
    assert actual == expected


def test_over_the_default_budget(tmp_path: Path) -> None:
    assert findings(tmp_path / "a", "ok.css", stylesheet(100 * 1024), "css-bytes") == []
    [finding] = findings(tmp_path / "b", "main.css", stylesheet(120 * 1024), "css-bytes")
    assert (finding.code, finding.severity.value, finding.line, finding.column) == ("CSS102", "error", 1, 1)
    assert finding.message == (
        "120 KiB is over the 100 KiB budget for stylesheets by 20 KiB; remove the rules no page uses "
        "(a tool such as PurgeCSS finds them), split it into smaller files for the pages that need them, "
        "and minify it"
    )


def test_a_file_counts_its_bytes_on_disk(tmp_path: Path) -> None:
    data = ".quote::before { content: '" + "é" * 30_000 + "'; }"  # 30 000 characters, 60 000 bytes
    [finding] = findings(tmp_path, "quotes.css", data.encode(), "css-bytes", '[rules.css-bytes]\nmax-bytes = "50 KB"\n')
    assert finding.message.startswith("58.6 KiB is over the 48.8 KiB budget for stylesheets")


def test_a_style_block_counts_its_own_text(tmp_path: Path) -> None:
    page = b"<!doctype html>\n<title>x</title>\n<style>" + stylesheet(3000) + b"</style>\n<style>p{margin:0}</style>"
    config = '[rules.css-bytes]\nmax-bytes = "2 KiB"\n'
    [finding] = findings(tmp_path, "index.html", page, "css-bytes", config)
    assert (finding.line, finding.column) == (3, 8)
    assert finding.message.startswith("this <style> block is 2.9 KiB, over the 2 KiB budget for stylesheets by")
    assert "move the rest to a .css file that browsers can cache" in finding.message


def test_folder_override_names_its_globs(tmp_path: Path) -> None:
    config = '[[overrides]]\nfiles = ["static/landing/**"]\n[overrides.rules.css-bytes]\nmax-bytes = "20 KiB"\n'
    data = stylesheet(30 * 1024)
    [finding] = findings(tmp_path / "a", "static/landing/promo.css", data, "css-bytes", config)
    assert "over the 20 KiB budget for static/landing/** by 10 KiB" in finding.message
    assert findings(tmp_path / "b", "static/css/promo.css", data, "css-bytes", config) == []
