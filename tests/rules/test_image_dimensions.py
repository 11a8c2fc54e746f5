from __future__ import annotations

from pathlib import Path

from tests.checking import findings
from tests.imagefactory import flat, png_bytes


def test_within_budget(tmp_path: Path) -> None:
    assert findings(tmp_path, "a.png", png_bytes(flat(2560, 100)), "image-dimensions") == []


def test_longest_side_over_budget(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "wide.png", png_bytes(flat(3000, 100)), "image-dimensions")
    assert finding.code == "IMG102"
    assert finding.message.startswith("3000 x 100 px: its longest side is 440 px over the 2560 px budget")
    assert "scale it down to 2560 x 85 px" in finding.message


def test_tall_image_and_custom_budget(tmp_path: Path) -> None:
    config = "[rules.image-dimensions]\nmax-side = 1000\n"
    [finding] = findings(tmp_path, "tall.png", png_bytes(flat(500, 2000)), "image-dimensions", config)
    assert "1000 px over the 1000 px budget" in finding.message
    assert "scale it down to 250 x 1000 px" in finding.message


def test_svg_has_no_pixel_budget(tmp_path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"></svg>'
    assert findings(tmp_path, "big.svg", svg, "image-dimensions") == []
