from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from perflint.config import CommandLine, build_settings
from perflint.engine import run_check
from perflint.findings import Finding, Severity
from perflint.htmlreport.gather import ImageEntry, PageEntry, ReportData, Saving, gather
from perflint.htmlreport.render import render
from perflint.htmlreport.thumbnails import MAX_SIDE
from perflint.pages.resources import DOCUMENT, TYPES
from perflint.rules.page_weight import TOTAL
from tests.imagefactory import flat, png_bytes

WEBP = "data:image/webp;base64,"
HOSTILE = "<img onerror=x>.png"  # as the site fixture names an image


class Page(HTMLParser):
    """The tags of a rendered report, with their attributes, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def report(root: Path) -> tuple[ReportData, str]:
    data = gather((".",), build_settings(root, CommandLine()), use_cache=False, jobs=None)
    return data, render(data)


def test_previews_are_small_inline_webp_images(site: Path) -> None:
    _, html = report(site)
    sources = [attrs["src"] for attrs in Page(html).named("img")]
    assert len(sources) == 2  # the photo and the hostile-named PNG; the damaged JPEG has none
    for source in sources:
        assert source.startswith(WEBP)
        with Image.open(io.BytesIO(base64.b64decode(source.removeprefix(WEBP)))) as preview:
            assert preview.format == "WEBP"
            assert 0 < max(preview.size) <= MAX_SIDE


def test_the_page_loads_nothing_from_elsewhere(site: Path) -> None:
    _, html = report(site)
    page = Page(html)
    for tag, attrs in page.tags:
        for name in ("src", "href", "srcset", "poster", "action"):
            value = attrs.get(name, "")
            assert not re.match(r"\s*(https?:|//)", value, re.IGNORECASE), (tag, name, value)
        assert tag != "link" and not (tag == "script" and "src" in attrs)
    assert all(attrs["href"].startswith("#") for attrs in page.named("a"))
    assert not re.search(r"""(src|href)=["']?\s*(https?:|//)""", html, re.IGNORECASE)
    assert "url(" not in html  # no stylesheet fetches either


def test_file_names_are_escaped(site: Path) -> None:
    _, html = report(site)
    page = Page(html)
    assert HOSTILE not in html
    assert "&lt;img onerror=x&gt;.png" in html
    assert any(HOSTILE in text for text in page.text)  # shown as text, not made a tag
    assert not any("onerror" in attrs for _, attrs in page.tags)


def test_hostile_text_from_files_is_escaped_everywhere() -> None:
    evil = '"><script>alert(1)</script>'
    finding = Finding("IMG101", "image-bytes", Severity.ERROR, evil, None, None, evil, True)
    totals = {**dict.fromkeys(TYPES, 0), DOCUMENT: 10, TOTAL: 10}
    page = PageEntry(evil, totals, {TOTAL: 5}, ((evil, 3),), evil)
    image = ImageEntry(evil, 10, 1, 1, "png", 5, None)
    data = ReportData((finding,), 1, (image,), (page,), {evil: Saving(10, 5, (evil,))})
    html = render(data)
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 7
    assert Page(html).named("script") == [{}]  # the report's own script only


def test_header_shows_the_totals(site: Path) -> None:
    data, html = report(site)
    page = Page(html)
    text = [t.strip() for t in page.text if t.strip()]
    totals = {text[i]: text[i + 1] for i in range(len(text) - 1)}
    assert totals["Errors"] == str(data.count(Severity.ERROR)) != "0"
    assert totals["Warnings"] == str(data.count(Severity.WARNING))
    assert totals["Files checked"] == "6"
    assert totals["Pages over budget"] == "1 of 2"
    assert totals["perflint fix would save"] == "not measured"


def test_every_page_is_weighed_and_the_one_over_budget_shows_it(site: Path) -> None:
    data, html = report(site)
    pages = {page.path: page for page in data.pages}
    assert set(pages) == {"index.html", "about.html"}
    assert pages["index.html"].over and not pages["about.html"].over
    assert pages["about.html"].totals[TOTAL] > 0 and pages["about.html"].budgets == {TOTAL: 150 * 1024}
    assert re.search(r'<div class="page over"><div class="page-head"><span class="name">index.html<', html)
    assert re.search(r'<div class="page"><div class="page-head"><span class="name">about.html<', html)
    assert html.count('class="excess"') == 1  # red stripes past the budget: index.html only
    assert html.count('class="limit"') == 2  # a budget line on each bar


def test_image_cards_show_size_pixels_and_budget(site: Path) -> None:
    data, html = report(site)
    images = {image.path: image for image in data.images}
    assert set(images) == {"img/hero.jpg", f"img/{HOSTILE}", "img/broken.jpg"}  # logo.png has no finding
    hero = images["img/hero.jpg"]
    assert (hero.width, hero.height, hero.format, hero.budget) == (800, 600, "jpeg", 60 * 1024)
    assert "800 &times; 600 px" in html
    assert "budget 60 KiB" in html


def test_a_damaged_image_gets_a_placeholder(site: Path) -> None:
    data, html = report(site)
    broken = next(image for image in data.images if image.path == "img/broken.jpg")
    assert broken.thumbnail is None and broken.width is None
    card = html[html.index("<h3>broken.jpg</h3>") - 200 :]
    assert 'class="preview missing"' in card[:300]


def test_findings_appear_grouped_by_file_and_by_rule(site: Path) -> None:
    data, html = report(site)
    rows = [attrs for attrs in Page(html).named("tr") if "data-severity" in attrs]
    assert len(rows) == 2 * len(data.findings)
    assert {row["data-rule"] for row in rows} == {finding.rule for finding in data.findings}
    assert '<div data-view="rule" hidden>' in html


def test_savings_are_listed_when_measured(site: Path) -> None:
    (site / "img" / "logo.png").write_bytes(png_bytes(flat(200, 100), text={"Comment": "x" * 20_000}))
    settings = build_settings(site, CommandLine(select=("image-metadata",)))
    data = gather(("img/logo.png",), settings, use_cache=False, jobs=1)
    assert data.savings is not None and data.saved
    assert "img/logo.png" in data.savings
    assert "What perflint fix would save" in render(data)


def test_a_report_saved_among_the_files_is_neither_checked_nor_weighed(site: Path) -> None:
    _, html = report(site)
    (site / "report.html").write_text(html)
    settings = build_settings(site, CommandLine())
    assert [f for f in run_check(["report.html"], settings).findings] == []
    data = gather((".",), settings, use_cache=False, jobs=None, skip=Path("report.html"))
    assert "report.html" not in {page.path for page in data.pages}
