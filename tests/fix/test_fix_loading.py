"""perflint fix loads the likely LCP image at once and lazy-loads images far down the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.cli import main
from perflint.html.fold import SCREENFUL
from tests.imagefactory import flat, noise_png, png_bytes

TEXT = "<p>" + "word " * (SCREENFUL // 5 + 1) + "</p>"
PAGE = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Home</title></head>
<body>
<img src="img/logo.png" alt="Logo" width="160" height="40">
<img src="img/hero.png" alt="Hero" loading='lazy' width="1600" height="900">
{TEXT}
<img src="img/team.png" alt="Team" width="64" height="64">
<img src="img/team.png" alt="Team again" width="64" height="64" loading="eager">
</body>
</html>
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(png_bytes(flat(160, 40)))
    (tmp_path / "img" / "hero.png").write_bytes(png_bytes(flat(1600, 900)))
    (tmp_path / "img" / "team.png").write_bytes(noise_png(64, 64))
    (tmp_path / "index.html").write_text(PAGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def perflint(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main([*args, "--no-config", "--select", "offscreen-images,lcp-lazy-loaded", "index.html"])
    return capsys.readouterr().out


def test_fix_loads_the_lcp_image_at_once_and_the_far_one_lazily(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "HTML112" in perflint(capsys, "check") and "HTML111" in perflint(capsys, "check")
    perflint(capsys, "fix")
    fixed = (site / "index.html").read_text()
    expected = PAGE.replace(
        """ loading='lazy' width="1600" height="900">""", ' width="1600" height="900" fetchpriority="high">'
    ).replace('alt="Team" width="64" height="64">', 'alt="Team" width="64" height="64" loading="lazy">')
    assert fixed == expected  # every other byte kept; the eager choice and the logo left alone
    assert "0 warnings, 0 infos" in perflint(capsys, "check")


def test_the_lazy_loading_option_never_delays_the_lcp_image(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "index.html").write_text(PAGE.replace(" loading='lazy'", ""))
    main(["fix", "--no-config", "--lazy-loading", "--select", "img-size", "index.html"])
    fixed = (site / "index.html").read_text()
    assert '<img src="img/hero.png" alt="Hero" width="1600" height="900">' in fixed
    assert 'alt="Team" width="64" height="64" loading="lazy" decoding="async">' in fixed


def test_the_lazy_attribute_is_found_outside_quoted_values(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hero = """<img src="img/hero.png" alt="no loading=lazy here" loading=lazy width="1600" height="900">"""
    (site / "index.html").write_text(
        PAGE.replace("""<img src="img/hero.png" alt="Hero" loading='lazy' width="1600" height="900">""", hero)
    )
    perflint(capsys, "fix")
    assert (
        '<img src="img/hero.png" alt="no loading=lazy here" width="1600" height="900" fetchpriority="high">'
        in (site / "index.html").read_text()
    )
