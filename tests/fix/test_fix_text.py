from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.cli import main
from tests.imagefactory import flat, png_bytes

READABLE_CSS = "/*! license kept */\n" + "".join(
    f".card-{i} {{\n  display: flex;\n  padding: {i}px;\n  color: #333333;\n}}\n\n" for i in range(150)
)
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Home</title>
</head>
<body>
<img src="img/chart.png" alt="Chart">
<img src="img/chart.png" alt="Chart again" width="10" height="5">
<img src="remote.png" alt="Unknown size">
</body>
</html>
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "chart.png").write_bytes(png_bytes(flat(64, 32)))
    (tmp_path / "site.css").write_text(READABLE_CSS)
    (tmp_path / "index.html").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["fix", "--no-config", *args])
    return code, capsys.readouterr().out


def test_css_is_minified_in_place_with_license_kept(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--css", "in-place", "site.css")
    css = (site / "site.css").read_text()
    assert css.startswith("/*! license kept */")
    assert "\n\n" not in css and len(css) < len(READABLE_CSS)
    assert "site.css: " in out and "minified" in out
    assert "Restage the fixed files: git add -- site.css" in out
    assert code == 0


def test_by_default_pages_load_a_minified_copy_kept_in_sync(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGE.replace("</head>", '<link rel="stylesheet" href="site.css">\n</head>')
    (site / "index.html").write_text(page)
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    assert "run `perflint fix` to write site.min.css, its minified copy, and point the pages at it" in (
        capsys.readouterr().out
    )
    out = run(capsys, "--select", "css-unminified")[1]
    assert (site / "site.css").read_text() == READABLE_CSS  # the readable source stays as it is
    assert len((site / "site.min.css").read_text()) < len(READABLE_CSS)
    assert (site / "index.html").read_text() == page.replace('href="site.css"', 'href="site.min.css"')
    assert "index.html: points at site.min.css instead of site.css" in out
    assert "To put the originals back: perflint fix --undo" in out  # the page was replaced
    assert "Restage the fixed files: git add -- site.min.css index.html" in out  # the new file too
    assert "Fixed 2 files, saving 0 B" not in out and "Fixed 2 files, saving " in out  # what the pages now load
    assert "Nothing to fix." in run(capsys, "--select", "css-unminified")[1]  # in sync
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    assert "CSS101" not in capsys.readouterr().out  # the pages load the copy, which is minified
    (site / "site.css").write_text(READABLE_CSS.replace("#333333", "#444444"))  # the designer edits the source
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    assert "its minified copy site.min.css is out of date: run `perflint fix`" in capsys.readouterr().out
    run(capsys, "--select", "css-unminified")  # no page names site.css now; its copy is kept in sync still
    assert "#444" in (site / "site.min.css").read_text()
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    assert "CSS101" not in capsys.readouterr().out


def test_a_stylesheet_no_page_names_is_not_copied(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing to point at a copy: fix leaves the readable file alone and says why; the check says the same."""
    out = run(capsys, "--select", "css-unminified")[1]
    assert (site / "site.css").read_text() == READABLE_CSS and not (site / "site.min.css").exists()
    assert "left alone: no file of the site names it" in out
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    message = capsys.readouterr().out
    assert "no file of the site names it" in message and "run `perflint fix`" not in message.split("set `css")[0]


def test_a_template_perflint_does_not_rewrite_keeps_the_readable_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page points at the copy only if every file that loads the stylesheet can be pointed there too."""
    page = PAGE.replace("</head>", '<link rel="stylesheet" href="site.css">\n</head>')
    (site / "index.html").write_text(page)
    (site / "_includes").mkdir()
    (site / "_includes" / "head.njk").write_text('<link rel="stylesheet" href="{{ \'/site.css\' | url }}">\n')
    out = run(capsys, "--select", "css-unminified")[1]
    assert not (site / "site.min.css").exists() and (site / "index.html").read_text() == page
    assert "left alone: _includes/head.njk names it in a way perflint does not rewrite" in out
    main(["check", "--no-config", "--select", "css-unminified", "site.css"])
    assert "_includes/head.njk names it in a way perflint does not rewrite: minify it in the build" in (
        capsys.readouterr().out
    )


def test_css_off(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "--css", "off", "site.css")
    assert (site / "site.css").read_text() == READABLE_CSS
    assert "Nothing to fix." in out


def test_html_gets_image_sizes_and_nothing_else(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "index.html")
    fixed = (site / "index.html").read_text()
    assert fixed == PAGE.replace('alt="Chart">', 'alt="Chart" width="64" height="32">')


def test_viewport_needs_unsafe_fixes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "index.html")
    assert "viewport" not in (site / "index.html").read_text()
    run(capsys, "--unsafe-fixes", "index.html")
    assert (
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        in (site / "index.html").read_text()
    )


def test_lazy_loading_after_the_first_image(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--lazy-loading", "index.html")
    fixed = (site / "index.html").read_text()
    assert fixed.count('loading="lazy" decoding="async"') == 2
    assert '<img src="img/chart.png" alt="Chart" width="64"' in fixed


def test_dry_run_and_diff_write_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "--dry-run", "--diff", "index.html", "site.css")
    assert (site / "index.html").read_text() == PAGE
    assert (site / "site.css").read_text() == READABLE_CSS
    assert "would apply: " in out
    assert '+<img src="img/chart.png" alt="Chart" width="64" height="32">' in out
    assert "Restage" not in out


def test_second_run_changes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, ".")
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and ".perflint_cache" not in p.parts}
    _, out = run(capsys, ".")
    assert "Nothing to fix." in out
    assert before == {p: p.read_bytes() for p in before}


def test_encoding_and_line_endings_are_kept(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGE.replace("Home", "Caf\u00e9").replace("utf-8", "windows-1252").replace("\n", "\r\n").encode("cp1252")
    (site / "index.html").write_bytes(page)
    run(capsys, "index.html")
    assert (site / "index.html").read_bytes() == page.replace(b'alt="Chart">', b'alt="Chart" width="64" height="32">')


def test_json_adds_fixes_to_the_check_contract(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--css", "in-place", "--format", "json", "index.html", "site.css")
    document = json.loads(out)
    assert list(document) == ["version", "findings", "summary", "fixes"]
    assert {fix["path"] for fix in document["fixes"]} == {"index.html", "site.css"}
    assert all(fix["written"] for fix in document["fixes"])
    assert document["summary"]["errors"] > 0  # the page still lacks a description: a job for a person
    assert code == 1


def test_undecodable_text_is_left_alone(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGE.replace("Home", "Caf\u00e9").encode("cp1252")  # declares UTF-8, holds Windows-1252
    (site / "index.html").write_bytes(page)
    run(capsys, "index.html")
    assert (site / "index.html").read_bytes() == page


def test_bad_option_value_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fix", "--min-saving", "lots", "."]) == 2


def test_suppressed_findings_are_not_fixed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGE.replace(
        '<img src="img/chart.png" alt="Chart">',
        '<!-- perflint-disable-next-line HTML103 -->\n<img src="img/chart.png" alt="Chart">',
    )
    (site / "index.html").write_text(page)
    run(capsys, "index.html")
    assert (site / "index.html").read_text() == page


def test_parallel_and_serial_runs_agree(
    site: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    import shutil

    copy = tmp_path_factory.mktemp("serial")
    shutil.copytree(site, copy, dirs_exist_ok=True)
    run(capsys, "--jobs", "2", ".")
    main(["fix", "--no-config", "--jobs", "1", str(copy)])
    for path in site.rglob("*"):
        if path.is_file() and ".perflint_cache" not in path.parts:
            assert path.read_bytes() == (copy / path.relative_to(site)).read_bytes(), path.name


def test_bytes_the_encoding_cannot_hold_leave_the_page_alone(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = PAGE.replace("utf-8", "windows-1252").encode("ascii").replace(b"Home", b"\x81\x8d")  # undefined in cp1252
    (site / "index.html").write_bytes(page)
    run(capsys, "index.html")
    assert (site / "index.html").read_bytes() == page


def test_select_and_ignore_choose_the_fixes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    css, page = (site / "site.css").read_text(), (site / "index.html").read_text()
    assert run(capsys, "--ignore", "css-unminified")[0] in (0, 1)
    assert (site / "site.css").read_text() == css
    assert (site / "index.html").read_text() != page
    (site / "index.html").write_text(page)
    run(capsys, "--css", "in-place", "--select", "css-unminified")
    assert (site / "index.html").read_text() == page
    assert len((site / "site.css").read_text()) < len(css)


def test_a_fix_that_would_push_the_charset_out_of_sight_is_not_written(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    images = '<img src="img/chart.png">' * 35  # each gets width and height: the charset moves past 1024 bytes
    page = f'<!doctype html><html lang="ja"><head><title>価格</title>{images}<meta charset="shift_jis"></head></html>\n'
    (site / "index.html").write_bytes(page.encode("shift_jis"))
    assert len(page.partition("<meta charset")[0]) < 1024
    run(capsys, "--select", "img-size")
    assert (site / "index.html").read_bytes() == page.encode("shift_jis")


def test_a_build_input_stylesheet_keeps_its_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = "/* the designer's source */\n.banner {\n  color: #ff0000;\n}\n" * 80
    for name in ("hugo.toml", "assets/css/main.css", "static/css/site.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("" if name == "hugo.toml" else source)
    main(["fix", "--jobs", "1", "--css", "in-place", "."])
    assert (tmp_path / "assets/css/main.css").read_text() == source  # Hugo processes assets/: never served as is
    assert (tmp_path / "static/css/site.css").read_text() != source  # served as it is: minified


def test_a_jekyll_layout_is_pointed_at_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a real Jekyll blog: the layout builds the address with Liquid around the file's own path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "_config.yml").write_text("title: Blog\n")
    (tmp_path / "_includes").mkdir()
    head = '<link rel="stylesheet" href="{{ "/css/main.css" | prepend: site.baseurl }}">\n'
    (tmp_path / "_includes" / "head.html").write_text(head)
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "main.css").write_text(READABLE_CSS)
    main(["fix", "--jobs", "1", "--select", "css-unminified", "."])
    assert (tmp_path / "_includes" / "head.html").read_text() == head.replace("main.css", "main.min.css")
    assert (tmp_path / "css" / "main.css").read_text() == READABLE_CSS
    assert len((tmp_path / "css" / "main.min.css").read_text()) < len(READABLE_CSS)
