from __future__ import annotations

import io
from pathlib import Path

import pytest

from perflint.cli import main
from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.metadata import rule_docs_url
from perflint.reporters import markdown
from tests.imagefactory import noise_png, photo, png_bytes


def finding(path: str, message: str = "too big", code: str = "IMG101", rule: str = "image-bytes") -> Finding:
    return Finding(code, rule, Severity.ERROR, path, None, None, message, True)


def rendered(report: Report) -> str:
    out = io.StringIO()
    markdown.render(report, out)
    return out.getvalue()


def test_clean_run_is_one_green_line() -> None:
    text = rendered(Report((), 12))
    assert text.startswith("## :white_check_mark: perflint: within budget")
    assert "12 files checked: 0 errors, 0 warnings, 0 infos." in text


def test_a_table_per_rule_linked_to_its_docs() -> None:
    alt = finding("index.html", "no alt", "HTML101", "img-alt")
    report = Report((finding("img/a.png"), finding("img/b.png"), alt), 3)
    text = rendered(report)
    assert text.startswith("## :x: perflint: 3 errors to fix before merging")
    docs = rule_docs_url("image-bytes")
    assert docs is not None and docs.endswith("/docs/rules/image-bytes.md")
    assert f"### :x: IMG101 [image-bytes]({docs})" in text
    assert "| `img/a.png` |  | too big |" in text
    assert text.index("HTML101") < text.index("IMG101")


def test_file_names_and_messages_cannot_break_the_table_or_inject_html() -> None:
    text = rendered(Report((finding("img/<script>x|y</script>.png", "a | b\nc <b>"),), 1))
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;x\\|y&lt;/script&gt;.png" in text
    assert "a \\| b c &lt;b&gt;" in text


def test_long_tables_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "MAX_ROWS", 2)
    text = rendered(Report(tuple(finding(f"img/{index}.png") for index in range(5)), 5))
    assert text.count("| `img/") == 2
    assert "...and 3 more" in text


def test_pages_over_budget_are_listed_first() -> None:
    page = finding("index.html", "weighs 2 MiB, over the 1.5 MiB budget", "PAGE101", "page-weight")
    text = rendered(Report((page, finding("img/a.png")), 2))
    assert text.index("### Pages over their weight budget") < text.index("### :x: IMG101")
    assert "| `index.html` | weighs 2 MiB, over the 1.5 MiB budget |" in text


def test_fix_prints_a_before_after_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hero.png").write_bytes(png_bytes(photo(300, 200)))
    (tmp_path / "noise.png").write_bytes(noise_png(600, 400))
    main(["fix", "--no-config", "--jobs", "1", "--format", "markdown", "."])
    text = capsys.readouterr().out
    assert text.startswith("## perflint fix saved ")
    assert "| File | Before | After | Saved | What changed |" in text
    assert "| `hero.png` |" in text
    assert "## :x: perflint" in text  # what is left: noise.png stays over budget
