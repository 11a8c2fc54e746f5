"""`perflint fix` adds image sizes only where the page keeps every image's shape: seen in headless Chromium.

Each page is rendered before and after the fix at a phone's and a desktop's width, and every
image's rendered proportions must stay its own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.config import CommandLine, build_settings
from perflint.fix.engine import fix_files
from tests.browser import Browser
from tests.imagefactory import jpeg_bytes, photo

IMAGES = {"wide.jpg": (500, 328), "tall.jpg": (200, 282), "banner.jpg": (900, 300)}
IMGS = "\n".join(f'<img src="img/{name}" alt="">' for name in IMAGES)
# The page's styles, and whether the fix may add the sizes under them.
PAGES = {
    "scaled.html": ("img { max-width: 100% }", False),
    "grid.html": (".grid { display: grid; grid-template-columns: repeat(3, 1fr) } .grid img { width: 100% }", False),
    "phones.html": ("@media (max-width: 600px) { img { width: 100% } }", False),
    "kept.html": ("img { max-width: 100%; height: auto }", True),
    "plain.html": ("body { margin: 2rem }", True),
}
# Once loaded, write each image's rendered size into the page's title, for --dump-dom.
PROBE = """<script>
addEventListener("load", function () {
  document.title = JSON.stringify([].map.call(document.images, function (image) {
    var box = image.getBoundingClientRect();
    return [box.width, box.height];
  }));
});
</script>"""
WIDTHS = (375, 1280)


def page(css: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>x</title>\n'
        f'<style>{css}</style>\n</head>\n<body>\n<div class="grid">\n{IMGS}\n</div>\n{PROBE}\n</body>\n</html>\n'
    )


def rendered(browser: Browser, path: Path, width: int) -> list[tuple[float, float]]:
    dom = browser(f"--window-size={width},900", "--virtual-time-budget=5000", "--dump-dom", path.as_uri())
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    return [(w, h) for w, h in json.loads(title)]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, (width, height) in IMAGES.items():
        (tmp_path / "img").mkdir(exist_ok=True)
        (tmp_path / "img" / name).write_bytes(jpeg_bytes(photo(width, height), quality=80))
    for name, (css, _) in PAGES.items():
        (tmp_path / name).write_text(page(css))
    (tmp_path / "perflint.toml").write_text("")
    return tmp_path


def test_fix_keeps_every_image_shape_at_phone_and_desktop_widths(browser: Browser, site: Path) -> None:
    before = {name: {w: rendered(browser, site / name, w) for w in WIDTHS} for name in PAGES}
    settings = build_settings(site, CommandLine(select=("img-size",)))
    list(fix_files([str(site)], settings, settings.fix, dry_run=False))
    for name, (_, sized) in PAGES.items():
        text = (site / name).read_text()
        assert ('width="500" height="328"' in text) is sized, name
        for width in WIDTHS:
            after = rendered(browser, site / name, width)
            assert len(after) == len(IMAGES)
            for (own_w, own_h), (w, h), (w0, h0) in zip(IMAGES.values(), after, before[name][width], strict=True):
                assert abs(w / h - own_w / own_h) < 0.02, (name, width, (w, h), (own_w, own_h))
                assert (round(w), round(h)) == (round(w0), round(h0)), (name, width)
