from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from perflint.cli import main
from tests.imagefactory import jpeg_bytes, photo, png_bytes

PAGE = """<!doctype html>
<html lang="en">
<head><title>Home</title>
<style>.hero { background: url('/static/img/hero.jpg?v=2'); }</style>
</head>
<body>
<img src="static/img/hero.jpg" alt="Hero" srcset="/static/img/hero.jpg 1x, static/img/hero.jpg 2x">
<img src="missing/hero.jpg" alt="Same name, no such file">
<img src="https://cdn.example.com/static/img/hero.jpg" alt="Remote">
</body>
</html>
"""
POST = """---
title: Spring
image: /static/img/hero.jpg
---
![Hero](../static/img/hero.jpg)
"""
CSS = ".banner { background-image: url(../img/hero.jpg); }\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for folder in ("static/img", "static/css", "content"):
        (tmp_path / folder).mkdir(parents=True)
    image = photo(400, 260, seed=4)
    ImageDraw.Draw(image).text((10, 10), "Spring sale", fill=(255, 255, 255))
    (tmp_path / "static/img/hero.jpg").write_bytes(jpeg_bytes(image, quality=95))
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "content/post.md").write_text(POST)
    (tmp_path / "static/css/site.css").write_text(CSS)
    # Only the conversion: the pages' other fixes are tested elsewhere.
    (tmp_path / "perflint.toml").write_text('ignore = ["img-size", "meta-viewport"]\n')
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["fix", "--jobs", "1", "--css", "off", *args])
    return capsys.readouterr().out


def test_conversion_needs_unsafe_fixes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--convert", "webp")
    assert not (site / "static/img/hero.webp").exists()
    assert (site / "index.html").read_text() == PAGE


def test_converts_and_points_every_reference_at_the_new_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--convert", "webp", "--unsafe-fixes")
    webp = site / "static/img/hero.webp"
    with Image.open(webp) as image:
        assert image.format == "WEBP" and image.size == (400, 260)
    assert (site / "static/img/hero.jpg").exists()  # the original stays
    assert "static/img/hero.jpg -> static/img/hero.webp:" in out and "converted to WebP quality" in out
    page = (site / "index.html").read_text()
    assert "url('/static/img/hero.webp?v=2')" in page
    assert 'src="static/img/hero.webp"' in page
    assert 'srcset="/static/img/hero.webp 1x, static/img/hero.webp 2x"' in page
    assert 'src="missing/hero.jpg"' in page  # the same name, but not that file
    assert "https://cdn.example.com/static/img/hero.jpg" in page  # not ours
    remote = "https://cdn.example.com/static/img/hero"
    assert page == PAGE.replace("static/img/hero.jpg", "static/img/hero.webp").replace(
        remote + ".webp", remote + ".jpg"
    )
    assert (site / "content/post.md").read_text() == POST.replace("hero.jpg", "hero.webp")
    assert (site / "static/css/site.css").read_text() == CSS.replace("hero.jpg", "hero.webp")
    assert "index.html: points at hero.webp instead of hero.jpg (4 references)" in out


def test_second_run_changes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--convert", "webp", "--unsafe-fixes")
    snapshot = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert "Nothing to fix." in run(capsys, "--convert", "webp", "--unsafe-fixes")
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == snapshot


def test_a_new_page_is_pointed_at_an_earlier_conversion(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--convert", "webp", "--unsafe-fixes")
    webp = (site / "static/img/hero.webp").read_bytes()
    (site / "about.html").write_text('<img src="static/img/hero.jpg" alt="Hero">\n')
    out = run(capsys, "--convert", "webp", "--unsafe-fixes")
    assert "about.html: points at hero.webp instead of hero.jpg" in out
    assert (site / "static/img/hero.webp").read_bytes() == webp


def test_avif(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--convert", "avif", "--unsafe-fixes")
    with Image.open(site / "static/img/hero.avif") as image:
        assert image.format == "AVIF"
    assert "hero.avif" in (site / "content/post.md").read_text()


def test_lossy_never_converts_only_without_loss(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logo = photo(300, 200, seed=9)  # full colour: lossless WebP beats PNG by about a quarter
    (site / "static/img/logo.png").write_bytes(png_bytes(logo))
    out = run(capsys, "--convert", "webp", "--unsafe-fixes", "--lossy", "never")
    assert not (site / "static/img/hero.webp").exists()  # a JPEG cannot become WebP without loss
    assert "converted to lossless WebP (every pixel kept)" in out
    with Image.open(site / "static/img/logo.webp") as image:
        assert image.convert("RGB").tobytes() == logo.tobytes()


def test_a_jpeg_compressed_lossily_is_not_converted_lossily(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A WebP of a JPEG the lossy fix wrote would lose detail a second time, below the target from the original."""
    config = 'ignore = ["img-size", "meta-viewport"]\n[rules.image-bytes]\nmax-raster = "20 KiB"\n'
    (site / "perflint.toml").write_text(config)
    out = run(capsys, "--convert", "webp", "--unsafe-fixes")
    assert "static/img/hero.jpg: " in out and "re-compressed to JPEG quality" in out  # written lossily first
    assert not (site / "static/img/hero.webp").exists() and "converted to" not in out
    assert (site / "index.html").read_text() == PAGE


def test_references_after_long_data_uris_are_found_in_one_pass(tmp_path: Path) -> None:
    from perflint.documents.source import SourceFile
    from perflint.references import mentions
    from perflint.site import Site

    (tmp_path / "img").mkdir()
    target = tmp_path / "img" / "hero.jpg"
    target.write_bytes(b"x")
    # A token pattern tried at every character of these runs takes minutes; one pass takes milliseconds.
    inline = '<img src="data:image/png;base64,' + "A" * 300_000 + '">'
    page = tmp_path / "index.html"
    text = inline * 3 + '<img src="img/hero.jpg">' + inline + "hero.jpg" * 2
    source = SourceFile(page, "index.html", "index.html", tmp_path)
    found = list(mentions(text, {target.resolve()}, source, Site()))
    assert [mention.end for mention in found] == [text.index("hero.jpg") + len("hero.jpg")]


def test_conversion_runs_in_worker_processes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "static/img/team.png").write_bytes(png_bytes(photo(300, 200, seed=9)))
    main(["fix", "--jobs", "2", "--css", "off", "--convert", "webp", "--unsafe-fixes"])
    out = capsys.readouterr().out
    assert "static/img/hero.jpg -> static/img/hero.webp:" in out
    assert "static/img/team.png -> static/img/team.webp:" in out
    assert 'src="static/img/hero.webp"' in (site / "index.html").read_text()
