"""Open the report in headless Chromium: previews decode, bars show, the filters work."""

from __future__ import annotations

from pathlib import Path

from perflint.cli import main
from tests.browser import Browser, Dom

# Added to a copy of the report: once the page has loaded, write each image's decoded size into the DOM.
PROBE = """<script>
window.addEventListener("load", function () {
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-natural", img.naturalWidth + "x" + img.naturalHeight);
  });
  document.body.setAttribute("data-probed", "yes");
});
</script>
"""


def make_report(tmp_path: Path, *args: str) -> Path:
    output = tmp_path / "report.html"
    assert main(["report", "-o", str(output), *args]) == 1
    return output


def test_previews_decode_and_bars_show(browser: Browser, site: Path, tmp_path: Path) -> None:
    report = make_report(tmp_path, "-j", "2")
    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = Dom(browser("--dump-dom", probed.as_uri()))
    assert dom.named("body")[0].get("data-probed") == "yes"
    images = dom.named("img")
    assert len(images) == 2
    for image in images:
        assert image["src"].startswith("data:image/webp;base64,")
        width, height = map(int, image["data-natural"].split("x"))
        assert 0 < width <= 160 and 0 < height <= 160
    assert len(dom.named("div", "bar")) == 2
    assert len(dom.named("div", "excess")) == 1  # index.html goes over its budget
    assert dom.named("div", "over") and dom.named("div", "over")[0]["class"] == "page over"

    screenshot = tmp_path / "report-screenshot.png"
    browser(f"--screenshot={screenshot}", "--window-size=1280,2000", report.as_uri())
    assert screenshot.stat().st_size > 10_000
    print(f"report screenshot: {screenshot}")


def rows(dom: Dom) -> list[dict[str, str]]:
    return [attrs for attrs in dom.named("tr") if "data-severity" in attrs]


def test_the_fragment_filters_by_severity(browser: Browser, site: Path, tmp_path: Path) -> None:
    report = make_report(tmp_path, "--no-savings")
    dom = Dom(browser("--dump-dom", report.as_uri() + "#severity=error"))
    shown = [row for row in rows(dom) if "hidden" not in row]
    assert shown and all(row["data-severity"] == "error" for row in shown)
    assert any(row["data-severity"] == "warning" and "hidden" in row for row in rows(dom))
    groups = dom.named("details", "group")
    assert any("hidden" in group for group in groups)  # about.html has warnings only
    assert any("hidden" not in group for group in groups)


def test_the_fragment_filters_by_rule_and_groups_by_rule(browser: Browser, site: Path, tmp_path: Path) -> None:
    report = make_report(tmp_path, "--no-savings")
    dom = Dom(browser("--dump-dom", report.as_uri() + "#severity=error,warning,info&rule=image-bytes&group=rule"))
    shown = [row for row in rows(dom) if "hidden" not in row]
    assert {row["data-rule"] for row in shown} == {"image-bytes"}
    assert len(shown) == 2 * 2  # the photo and the hostile-named PNG, in both groupings
    views = {view["data-view"]: "hidden" in view for view in dom.named("div") if "data-view" in view}
    assert views == {"file": True, "rule": False}
