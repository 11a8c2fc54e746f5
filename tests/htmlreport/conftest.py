"""A small site for the report tests: an oversized photo, a damaged and a hostile-named image, two pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.imagefactory import flat, jpeg_bytes, noise_png, photo, png_bytes, truncate

# Budgets small enough for small test images: the photo breaks its own, index.html its page's.
CONFIG = """
[rules.image-bytes]
max-raster = "60 KiB"
[rules.page-weight]
max-total = "150 KiB"
"""
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="A page of the test site, long enough to be a proper description.">
</head>
<body>
{images}
</body>
</html>
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Write the site and make it the working directory."""
    root = tmp_path / "site"
    (root / "img").mkdir(parents=True)
    (root / "img" / "hero.jpg").write_bytes(jpeg_bytes(photo(800, 600), quality=95))  # about 190 KiB
    (root / "img" / "logo.png").write_bytes(png_bytes(flat(200, 100)))
    (root / "img" / "<img onerror=x>.png").write_bytes(noise_png(160, 140))  # about 67 KiB
    (root / "img" / "broken.jpg").write_bytes(truncate(jpeg_bytes(photo(300, 200)), 0.5))
    hero = '<img src="img/hero.jpg" alt="The team at work" width="800" height="600">'
    logo = '<img src="img/logo.png" alt="Company logo" width="200" height="100">'
    (root / "index.html").write_text(PAGE.format(title="Home", images=hero + "\n" + logo))
    (root / "about.html").write_text(PAGE.format(title="About us", images=logo))
    (root / "perflint.toml").write_text(CONFIG)
    monkeypatch.chdir(root)
    return root
