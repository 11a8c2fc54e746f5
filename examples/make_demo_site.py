"""Generate the demo site's images and stylesheets (from the repository root: python examples/make_demo_site.py).

The images are made with Pillow so that anyone can rebuild them; each one is built to show
one budget breaking, the way real marketing uploads break it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.imagefactory import (  # noqa: E402  (the factory lives with the tests)
    flat,
    gif_bytes,
    ico_bytes,
    jpeg_bytes,
    photo,
    png_bytes,
    tiff_bytes,
    truncate,
)

SITE = ROOT / "examples" / "demo-site"
LFS_POINTER = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:9f2c4b1a7e0d3c5f8a6b2e4d1c7f0a3b5e8d2c6f9a1b4e7d0c3f6a9b2e5d8c1f\n"
    b"size 2411724\n"
)


def loosely_saved_png() -> bytes:
    """A chart saved with the weakest PNG compression, as quick exporters do."""
    stream = io.BytesIO()
    photo(640, 360, seed=7).quantize(48).convert("RGB").save(stream, "PNG", compress_level=1)
    return stream.getvalue()


IMAGES = {
    # A camera photo: 3000 px wide, over the byte budget, GPS position and heavy EXIF.
    "static/img/hero.jpg": lambda: jpeg_bytes(photo(3000, 2000, seed=1), quality=92, gps=True, exif_size=30_000),
    # A small photo exported well: within every budget.
    "static/img/team.jpg": lambda: jpeg_bytes(photo(800, 533, seed=2), quality=78, progressive=True),
    # A photograph saved as PNG.
    "static/img/office.png": lambda: png_bytes(photo(520, 340, seed=3)),
    # A chart from a quick exporter: lossless optimisation would shrink it.
    "static/img/chart.png": loosely_saved_png,
    # An animated GIF banner.
    "static/img/banner.gif": lambda: gif_bytes([photo(320, 180, seed=10 + i) for i in range(6)], duration=200),
    # A print file that a browser cannot show.
    "static/downloads/brochure-cover.tif": lambda: tiff_bytes(flat(300, 420, colour=(20, 60, 120))),
    # An upload that was cut off.
    "static/img/event.jpg": lambda: truncate(jpeg_bytes(photo(600, 400, seed=4), quality=80), 0.55),
    # A file kept in Git LFS.
    "static/video/intro-poster.jpg": lambda: LFS_POINTER,
    "static/img/logo.png": lambda: png_bytes(flat(240, 80, colour=(20, 60, 120)), optimize=True),
    "favicon.ico": lambda: ico_bytes(((16, 16), (32, 32)), image=flat(32, 32, colour=(20, 60, 120))),
}


SITE_CSS = """/* Acme site styles: readable and unminified, as designers hand them over. */
@import url("fonts.css");

html {
  box-sizing: border-box;
}

body {
  margin: 0;
  font-family: "Helvetica Neue", Arial, sans-serif;
  font-size: 11px;
  line-height: 1.5;
  color: #222222;
}

.container {
  width: 960px;
  margin: 0 auto;
}
"""
CARD_CSS = """
.card-{i} {{
  display: flex;
  flex-direction: column;
  padding: {padding}rem;
  border: 1px solid #dddddd;
  border-radius: 4px;
  background-color: #ffffff;
}}
"""
FONTS_CSS = '@font-face {\n  font-family: "Acme Sans";\n  src: url("fonts/acme-sans.woff2") format("woff2");\n}\n'


def utility_classes() -> str:
    """A vendor bundle: minified already, but far over the stylesheet budget."""
    rule = ".m-{i}{{margin:{i}px}}.p-{i}{{padding:{i}px}}.w-{i}{{width:{i}%}}.text-{i}{{font-size:{size}px}}\n"
    return "/*! Acme theme v2 */\n" + "".join(rule.format(i=i, size=12 + i % 20) for i in range(1500))


STYLESHEETS = {
    "static/css/site.css": lambda: SITE_CSS + "".join(CARD_CSS.format(i=i, padding=i % 4 + 1) for i in range(100)),
    "static/css/fonts.css": lambda: FONTS_CSS,
    "static/css/theme.css": utility_classes,
}


def main() -> None:
    for name, write in STYLESHEETS.items():
        (SITE / name).parent.mkdir(parents=True, exist_ok=True)
        (SITE / name).write_text(write(), encoding="utf-8")
        print(f"{name}: {(SITE / name).stat().st_size:,} bytes")
    for name, make in IMAGES.items():
        path = SITE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
        print(f"{name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
