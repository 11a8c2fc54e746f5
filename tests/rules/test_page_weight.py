from __future__ import annotations

import base64
import os
import shutil
import time
from pathlib import Path

import pytest

from perflint.config import CommandLine, build_settings
from perflint.engine import run_check
from perflint.findings import Finding
from perflint.pages import resources
from perflint.sizes import format_size
from tests.checking import check_tree
from tests.expectations import FIXTURES, check_fixture, fixture_files

KIB = 1024
# page-weight reads sizes from the file system only, never pixels: filler bytes stand in for images.
ASSETS = {
    "img/hero-30k.jpg": b"\xff" * 30 * KIB,
    "img/photo-10k.jpg": b"\xff" * 10 * KIB,
    "img/small-4k.jpg": b"\xff" * 4 * KIB,
    "img/large-25k.jpg": b"\xff" * 25 * KIB,
    "img/bg-15k.jpg": b"\xff" * 15 * KIB,
    "img/deep-25k.jpg": b"\xff" * 25 * KIB,
    "fonts/brand-12k.woff2": b"\x00" * 12 * KIB,
    "js/app-25k.js": b";" * 25 * KIB,
    "css/big-2k.css": b"/* padding */" + b" " * 2 * KIB,
}


@pytest.mark.parametrize("name", fixture_files("page-weight"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("page-weight", name, tmp_path, ASSETS)
    assert actual == expected


def fixture_finding(tmp_path: Path, name: str) -> Finding:
    """Check one page of the page-weight fixture and return its one finding."""
    site = tmp_path / "page-weight"
    shutil.copytree(FIXTURES / "page-weight", site)
    for asset, data in ASSETS.items():
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        (site / asset).write_bytes(data)
    [finding] = run_check([str(site / name)], build_settings(site, CommandLine(select=("page-weight",)))).findings
    return finding


def page(body: str, head: str = "") -> bytes:
    return f"<!doctype html>\n<html>\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n".encode()


def test_message_names_total_breakdown_budget_heaviest_and_advice(tmp_path: Path) -> None:
    files = {
        **ASSETS,
        "index.html": page(
            '<img src="img/hero-30k.jpg"><img src="img/photo-10k.jpg"><script src="js/app-25k.js"></script>',
            '<link rel="stylesheet" href="css/font.css">',
        ),
        "css/font.css": b"@font-face { src: url(../fonts/brand-12k.woff2) }",
    }
    [finding] = check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "50 KiB"\n', "page-weight").findings
    assert finding.code == "PAGE101"
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (3, 1)  # the <head>
    size = len(files["index.html"])
    css = len(files["css/font.css"])
    total = size + css + 77 * KIB
    assert finding.message.startswith(f"weighs {format_size(total)} with the local files it loads (page {size} B, ")
    assert f"images 40 KiB, stylesheets {css} B, scripts 25 KiB, fonts 12 KiB)" in finding.message
    assert f"{format_size(total - 50 * KIB)} over the 50 KiB budget for page weight;" in finding.message
    assert "heaviest: img/hero-30k.jpg (30 KiB), js/app-25k.js (25 KiB), fonts/brand-12k.woff2 (12 KiB)" in (
        finding.message
    )
    assert finding.message.endswith("; compress or resize the heaviest images")


def test_per_type_budgets_name_their_globs(tmp_path: Path) -> None:
    finding = fixture_finding(tmp_path, "types/script.html")
    assert "its scripts (25 KiB) are 5 KiB over the 20 KiB budget for types/**" in finding.message
    assert finding.message.endswith("remove scripts the page does not need")


def test_lighthouse_budget_last_match_wins_and_is_named(tmp_path: Path) -> None:
    finding = fixture_finding(tmp_path, "lighthouse/blog/index.html")
    where = 'in budget.json, budget #2 (path "/lighthouse/blog")'
    assert f"over the 20 KiB budget for page weight {where}" in finding.message
    assert f"its images (30 KiB) are 5 KiB over the 25 KiB budget for images on a page {where}" in finding.message


def test_broken_budget_file_gives_one_clear_finding(tmp_path: Path) -> None:
    finding = fixture_finding(tmp_path, "broken/page.html")
    assert finding.severity.value == "error"
    assert finding.message.startswith(
        "cannot use the Lighthouse budget file broken-budget.json: it is not valid JSON (Expecting ',' delimiter "
        "at line 3, column 3)"
    )


@pytest.mark.parametrize(
    ("budget", "problem"),
    [
        ('{"path": "/*"}', "it must be a list of budgets"),
        ('[{"path": "blog/*"}]', 'budget #1: path "blog/*" must start with /'),
        ('[{"resourceSizes": [{"resourceType": "images", "budget": 1}]}]', 'resourceType "images" is not one of'),
        ('[{"resourceSizes": [{"resourceType": "image", "budget": "300"}]}]', 'budget for "image" must be a number'),
        ('[{"resourceSize": []}]', "budget #1 has unknown keys 'resourceSize'"),
    ],
)
def test_invalid_budget_shapes(tmp_path: Path, budget: str, problem: str) -> None:
    files = {"index.html": page(""), "budget.json": budget.encode()}
    config = '[rules.page-weight]\nlighthouse-budget = "budget.json"\n'
    [finding] = check_tree(tmp_path, files, config, "page-weight").findings
    assert finding.message.startswith("cannot use the Lighthouse budget file budget.json: ")
    assert problem in finding.message


def test_missing_or_outside_budget_file(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text("[]")
    site = tmp_path / "site"
    for name, problem in [("nope.json", "it cannot be read: No such file"), ("../secret.json", "outside the project")]:
        config = f'[rules.page-weight]\nlighthouse-budget = "{name}"\n'
        [finding] = check_tree(site, {"index.html": page("")}, config, "page-weight").findings
        assert problem in finding.message


def test_budget_file_without_matching_entry_keeps_config_budgets(tmp_path: Path) -> None:
    files = {**ASSETS, "index.html": page('<img src="img/hero-30k.jpg">'), "b.json": b'[{"path": "/blog"}]'}
    config = '[rules.page-weight]\nmax-total = "20 KiB"\nlighthouse-budget = "b.json"\n'
    [finding] = check_tree(tmp_path, files, config, "page-weight").findings
    assert "over the 20 KiB budget for page weight;" in finding.message


def test_data_uris_count_in_their_element_type_not_twice(tmp_path: Path) -> None:
    uri = "data:image/png;base64," + base64.b64encode(b"\x89PNG" + b"\x00" * 3000).decode()
    font = "data:font/woff2;base64," + base64.b64encode(b"\x00" * 1500).decode()
    html = page(f'<img src="{uri}">', f"<style>@font-face {{ src: url({font}) }}</style>")
    config = '[rules.page-weight]\nmax-total = "1 KiB"\n'
    [finding] = check_tree(tmp_path, {"index.html": html}, config, "page-weight").findings
    own = len(html) - len(uri) - len(font)
    assert f"(page {own} B, images {format_size(len(uri))}, fonts {format_size(len(font))})" in finding.message
    assert "heaviest: a data: URI in <img>" in finding.message
    assert f"weighs {format_size(len(html))} " in finding.message  # the page's bytes, each counted once


def test_page_within_budget_and_zero_budgets_are_silent(tmp_path: Path) -> None:
    files = {**ASSETS, "index.html": page('<img src="img/hero-30k.jpg">')}
    assert check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "31 KiB"\n', "page-weight").findings == ()
    assert check_tree(tmp_path, files, "[rules.page-weight]\nmax-total = 0\n", "page-weight").findings == ()


def test_linked_stylesheets_are_read_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = resources.sheet_refs

    def counting(text: str) -> resources.SheetRefs:
        calls.append(text)
        return real(text)

    monkeypatch.setattr("perflint.rules.page_weight.sheet_refs", counting)
    files = {f"p{i}.html": page("", '<link rel="stylesheet" href="css/site.css">') for i in range(5)}
    files["css/site.css"] = b".x { background: url(../img/a.png) }"
    check_tree(tmp_path, files, select="page-weight")
    assert calls == [".x { background: url(../img/a.png) }"]


def test_nothing_outside_the_repository_is_counted(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "huge.jpg").write_bytes(b"\xff" * 64 * KIB)
    (outside / "evil.css").write_text(".x { background: url(huge.jpg) }")
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    os.symlink(outside / "huge.jpg", site / "img" / "linked.jpg")
    body = '<img src="../outside/huge.jpg"><img src="img/linked.jpg"><img src="/../outside/huge.jpg">'
    body += f'<img src="{outside / "huge.jpg"}"><link rel="stylesheet" href="../outside/evil.css">'
    files = {"index.html": page(body)}
    assert check_tree(site, files, '[rules.page-weight]\nmax-total = "1 KiB"\n', "page-weight").findings == ()


def test_import_cycles_and_self_imports_end(tmp_path: Path) -> None:
    files = {
        **ASSETS,
        "index.html": page("", '<link rel="stylesheet" href="a.css"><style>@import "a.css";</style>'),
        "a.css": b'@import "a.css"; @import "b.css"; .a { background: url(img/photo-10k.jpg) }',
        "b.css": b'@import "a.css"; .b { background: url(img/photo-10k.jpg) }',
    }
    [finding] = check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "10 KiB"\n', "page-weight").findings
    assert "images 10 KiB" in finding.message


def test_hostile_pages_stay_fast(tmp_path: Path) -> None:
    images = "".join(f'<img src="img/{i}.jpg" srcset="{"x.jpg 1x, " * 50}y.jpg 2x">\n' for i in range(10_000))
    huge_srcset = "a.jpg " + "9" * 200_000 + "w, " + ", ".join(f"b{i}.jpg {i + 1}w" for i in range(20_000))
    files = {**ASSETS, "index.html": page(images + f'<img srcset="{huge_srcset}">')}
    start = time.perf_counter()
    report = check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "1 B"\n', "page-weight")
    assert time.perf_counter() - start < 20
    assert len(report.findings) == 1


def gallery(front: str = "title: Gallery\ncover:\n  image: p01.jpg\n") -> dict[str, bytes]:
    """A Hugo page bundle: a cover, ten Markdown photos and one <img>, 200 KiB each (2.1 MiB)."""
    body = "".join(f"![Photo {i}](p{i:02}.jpg)\n" for i in range(2, 12)) + '<img src="p12.jpg" alt="Last">\n'
    page = (f"---\n{front}---\n\n# Gallery\n\n" if front else "# Gallery\n\n") + body
    photos = {f"content/gallery/p{i:02}.jpg": b"\xff" * 200 * KIB for i in range(1, 13)}
    return {"hugo.toml": b'title = "Site"\n', "content/gallery/index.md": page.encode(), **photos}


def test_markdown_page_is_weighed_with_its_images(tmp_path: Path) -> None:
    files = gallery()
    [finding] = check_tree(tmp_path, files, select="page-weight").findings
    assert (finding.code, finding.severity.value, finding.line, finding.column) == ("PAGE101", "error", 1, 1)
    body = files["content/gallery/index.md"].split(b"---\n", 2)[2]  # the front matter is never published
    total = len(body) + 12 * 200 * KIB
    assert finding.message == (
        f"weighs {format_size(total)} with the page's own images and the files it names (page {len(body)} B, "
        f"images 2.3 MiB; the layout's stylesheets and scripts come on top): {format_size(total - 1600 * KIB)} "
        f"over the 1.6 MiB budget for page weight; heaviest: content/gallery/p01.jpg (200 KiB), "
        f"content/gallery/p02.jpg (200 KiB), content/gallery/p03.jpg (200 KiB); compress or resize the heaviest images"
    )


@pytest.mark.parametrize("front", ["", "title: Gallery\nheadless: true\n"])
def test_markdown_that_is_no_page_is_not_weighed(tmp_path: Path, front: str) -> None:
    assert check_tree(tmp_path, gallery(front), select="page-weight").findings == ()


def test_markdown_page_leaves_out_files_the_build_processes(tmp_path: Path) -> None:
    files = {
        "hugo.toml": b"",
        "assets/img/big.jpg": b"\xff" * 40 * KIB,  # Hugo serves assets/ only as templates process them
        "static/img/small.jpg": b"\xff" * 15 * KIB,
        "content/post.md": b"---\ntitle: Post\n---\n![Big](/img/big.jpg) ![Small](/img/small.jpg)\n",
    }
    [finding] = check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "10 KiB"\n', "page-weight").findings
    assert "images 15 KiB;" in finding.message
    assert "heaviest: static/img/small.jpg (15 KiB), the page itself" in finding.message


def test_lighthouse_budget_for_markdown_is_the_loosest_that_may_apply(tmp_path: Path) -> None:
    budget = b'[{"path": "/*", "resourceSizes": [{"resourceType": "total", "budget": 20}]},'
    budget += b' {"path": "/gallery/*", "resourceSizes": [{"resourceType": "total", "budget": 100}]}]'
    config = '[rules.page-weight]\nlighthouse-budget = "budget.json"\n'
    page = b"---\ntitle: T\n---\n" + b"".join(b"![x](img/%d.jpg)\n" % i for i in range(4))
    files = {"post.md": page, "budget.json": budget, **{f"img/{i}.jpg": b"\xff" * 20 * KIB for i in range(6)}}
    assert check_tree(tmp_path, files, config, "page-weight").findings == ()  # 80 KiB: a gallery page may
    files["post.md"] = page + b"![x](img/4.jpg)\n![x](img/5.jpg)\n"
    [finding] = check_tree(tmp_path, files, config, "page-weight").findings
    assert (
        'over the 100 KiB budget for page weight in budget.json, budget #2 (path "/gallery/*"), the loosest '
        "that may apply to this page;"
    ) in finding.message
    files["budget.json"] = budget.replace(b'"/gallery/*"', b'"/*"')  # the last entry for every page applies
    [finding] = check_tree(tmp_path, files, config, "page-weight").findings
    assert 'over the 100 KiB budget for page weight in budget.json, budget #2 (path "/*");' in finding.message


FONT_FACE = (
    "@font-face { src: url(f{n}.eot); src: url(f{n}.eot?#iefix) format('embedded-opentype'), "
    "url(f{n}.woff2) format('woff2'), url(f{n}.woff) format('woff'), url(f{n}.ttf) format('truetype'), "
    "url(f{n}.svg#f) format('svg') }"
)


def test_only_the_font_format_browsers_download_counts(tmp_path: Path) -> None:
    fonts = {f"f0.{suffix}": b"\x00" * 30 * KIB for suffix in ("eot", "woff2", "woff", "ttf", "svg")}
    files = {
        **fonts,
        "s.css": FONT_FACE.replace("{n}", "0").encode(),
        "index.html": page("", '<link rel="stylesheet" href="s.css">'),
    }
    config = '[rules.page-weight]\nmax-total = "40 KiB"\n'
    assert check_tree(tmp_path, files, config, "page-weight").findings == ()  # 30 KiB of WOFF2, not 150 KiB
    config = '[rules.page-weight]\nmax-total = "20 KiB"\n'
    [finding] = check_tree(tmp_path, files, config, "page-weight").findings
    assert "fonts 30 KiB)" in finding.message
    assert "heaviest: f0.woff2 (30 KiB)" in finding.message
    assert finding.message.endswith("; load fewer font files (only the weights the page uses, as WOFF2)")


def test_advice_names_the_kind_of_the_heaviest_files(tmp_path: Path) -> None:
    faces = "".join(FONT_FACE.replace("{n}", str(n)) for n in range(3))
    fonts = {f"f{n}.woff2": b"\x00" * 30 * KIB for n in range(3)}
    images = {f"img/{i}.jpg": b"\xff" * 4 * KIB for i in range(25)}
    body = "".join(f'<img src="img/{i}.jpg">' for i in range(25))
    files = {**fonts, **images, "index.html": page(body, f"<style>{faces}</style>")}
    [finding] = check_tree(tmp_path, files, '[rules.page-weight]\nmax-total = "100 KiB"\n', "page-weight").findings
    assert "heaviest: f0.woff2 (30 KiB), f1.woff2 (30 KiB), f2.woff2 (30 KiB);" in finding.message
    # The images weigh most together, but none is among the heaviest files named.
    assert finding.message.endswith(
        "; compress or resize the images; load fewer font files (only the weights the page uses, as WOFF2)"
    )


def test_markdown_page_is_a_warning_where_the_build_may_resize_its_images(tmp_path: Path) -> None:
    files = {**gallery(), "hugo.toml": b'theme = "outside"\n'}  # a theme from a Hugo module
    [finding] = check_tree(tmp_path, files, select="page-weight").findings
    assert finding.severity.value == "warning"
    assert finding.message.endswith(
        "compress or resize the heaviest images (a warning, not an error: the site's theme is not in the "
        "repository, and its render hook may serve the images resized)"
    )


def test_markdown_images_a_render_hook_resizes_are_left_out(tmp_path: Path) -> None:
    hook = b'{{ $image := .Page.Resources.Get .Destination }}<img src="{{ ($image.Resize "800x").RelPermalink }}">'
    files = {**gallery(), "layouts/_markup/render-image.html": hook}
    assert check_tree(tmp_path, files, select="page-weight").findings == ()  # the cover and one <img>: 400 KiB


def test_markdown_page_over_its_budget_without_its_images_stays_an_error(tmp_path: Path) -> None:
    files = {**gallery(), "hugo.toml": b'theme = "outside"\n', "content/gallery/app.js": b";" * 1700 * KIB}
    files["content/gallery/index.md"] += b'<script src="app.js"></script>\n'
    [finding] = check_tree(tmp_path, files, select="page-weight").findings
    assert finding.severity.value == "error"  # the script alone breaks the budget: no "a warning, not an error"
    assert finding.message.endswith("; compress or resize the heaviest images; remove scripts the page does not need")


@pytest.mark.parametrize(("images_kib", "scripts_kib", "flagged"), [(2700, 0, True), (2000, 1000, False)])
def test_says_when_lighthouse_flags_the_page_too(
    tmp_path: Path, images_kib: int, scripts_kib: int, flagged: bool
) -> None:
    """Lighthouse's total-byte-weight flags a page from 2,667 KiB sent; servers compress scripts, not images."""
    files = {
        "img/big.jpg": bytes(images_kib * KIB),
        "js/app.js": bytes(scripts_kib * KIB),
        "index.html": page('<img src="img/big.jpg"><script src="js/app.js"></script>'),
    }
    [finding] = check_tree(tmp_path, files, select="page-weight").findings
    note = "(its images and fonts alone are over the 2,667 KiB at which Lighthouse flags a page)"
    assert (note in finding.message) is flagged
