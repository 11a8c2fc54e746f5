"""Generate the demo site's images (run from the repository root: python examples/make_demo_site.py).

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


def main() -> None:
    for name, make in IMAGES.items():
        path = SITE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
        print(f"{name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
