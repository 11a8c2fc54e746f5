"""`perflint fix --unsafe-fixes` writes phone-sized copies of images pages show too wide on phones, and a srcset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from perflint.cli import main
from tests.browser import Browser
from tests.checking import check_tree
from tests.imagefactory import jpeg_bytes, photo

# Once loaded, write each image's chosen file and rendered size into the page's title, for --dump-dom, and tell
# the page framing it, if any.
PROBE = """<script>
addEventListener("load", function () {
  document.title = JSON.stringify([].map.call(document.images, function (image) {
    var box = image.getBoundingClientRect();
    return [image.currentSrc.split("/").pop(), box.width, box.height];
  }));
  if (parent !== window) parent.postMessage(document.title, "*");
});
</script>"""
# Headless Chromium's window is at least 500 px wide: a phone's 412 px viewport is a frame that wide.
PHONE_FRAME = """<!doctype html><html><head><title>x</title></head><body style="margin: 0">
<iframe src="index.html" width="412" height="823" style="border: 0"></iframe>
<script>addEventListener("message", function (event) { document.title = event.data; });</script>
</body></html>
"""


def page(img: str, css: str = "img { max-width: 100%; height: auto }") -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>x</title>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>{css}</style>\n</head>\n<body>\n{img}\n{PROBE}\n</body>\n</html>\n"
    )


IMG = '<img src="img/wide.jpg" alt="Team" width="1600" height="1000">'
SRCSET = (
    ' srcset="img/wide-728.jpg 728w, img/wide-1240.jpg 1240w, img/wide.jpg 1600w"'
    ' sizes="(max-width: 412px) 412px, 1600px"'
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    (tmp_path / "img/wide.jpg").write_bytes(jpeg_bytes(photo(1600, 1000, seed=3), quality=80))
    (tmp_path / "index.html").write_text(page(IMG))
    # Only the copies: the other fixes are tested elsewhere.
    (tmp_path / "perflint.toml").write_text('select = ["image-responsive"]\n')
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["fix", "--jobs", "1", *args])
    return capsys.readouterr().out


def test_writes_copies_for_phones_and_offers_them_with_srcset(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--unsafe-fixes")
    assert "img/wide.jpg -> img/wide-728.jpg: wrote a copy 728 px wide" in out
    assert "img/wide.jpg -> img/wide-1240.jpg: wrote a copy 1240 px wide" in out
    assert "index.html: gave img/wide.jpg a srcset of copies for phones" in out
    for width, height in ((728, 455), (1240, 775)):
        with Image.open(site / f"img/wide-{width}.jpg") as copy:
            assert copy.size == (width, height)
    assert (site / "index.html").read_text() == page(IMG[:-1] + SRCSET + ">")
    assert ".perflint-lossy: recorded 2 lossily compressed image(s)" in out  # never compressed lossily again
    assert check_tree(site, {}, select="image-responsive").findings == ()


def test_a_second_run_changes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--unsafe-fixes")
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file() and ".perflint" not in path.parts}
    assert "Nothing to fix." in run(capsys, "--unsafe-fixes")
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file() and ".perflint" not in path.parts}
    assert after == before


def test_needs_unsafe_fixes_and_a_lossy_encode(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    run(capsys, "--unsafe-fixes", "--lossy", "never")
    assert sorted(path.name for path in (site / "img").iterdir()) == ["wide.jpg"]
    assert (site / "index.html").read_text() == page(IMG)


def test_dry_run_says_what_it_would_write(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--unsafe-fixes", "--dry-run")
    assert "img/wide.jpg -> img/wide-728.jpg: would apply: wrote a copy 728 px wide" in out
    assert "index.html: would apply: gave img/wide.jpg a srcset" in out
    assert sorted(path.name for path in (site / "img").iterdir()) == ["wide.jpg"]
    assert (site / "index.html").read_text() == page(IMG)


def test_an_earlier_copy_is_used_and_another_file_never_overwritten(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = jpeg_bytes(photo(728, 455, seed=5), quality=70)
    unrelated = jpeg_bytes(photo(300, 300, seed=6), quality=70)
    (site / "img/wide-728.jpg").write_bytes(earlier)
    (site / "img/wide-1240.jpg").write_bytes(unrelated)
    out = run(capsys, "--unsafe-fixes")
    assert "wide-728.jpg" not in out.split("index.html")[0]  # not written again
    assert (site / "img/wide-728.jpg").read_bytes() == earlier
    assert (site / "img/wide-1240.jpg").read_bytes() == unrelated
    expected = ' srcset="img/wide-728.jpg 728w, img/wide.jpg 1600w" sizes="(max-width: 412px) 412px, 1600px"'
    assert (site / "index.html").read_text() == page(IMG[:-1] + expected + ">")


@pytest.mark.parametrize(
    "img",
    [
        '<img src="img/wide.jpg?v=2" alt="Team">',  # a query: the copies' names cannot follow it
        '<img src="img/wide.jpg" alt="Team" srcset="img/wide.jpg 1600w" sizes="100vw">',  # a srcset already
        '<picture><source srcset="img/wide.jpg"><img src="img/wide.jpg" alt="Team"></picture>',
    ],
)
def test_images_it_cannot_or_need_not_offer_copies_for(
    site: Path, capsys: pytest.CaptureFixture[str], img: str
) -> None:
    (site / "index.html").write_text(page(img))
    run(capsys, "--unsafe-fixes")
    assert sorted(path.name for path in (site / "img").iterdir()) == ["wide.jpg"]
    assert (site / "index.html").read_text() == page(img)


def test_a_half_width_image_gets_copies_for_half_the_phone(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "index.html").write_text(page('<img src="img/wide.jpg" alt="Team">', "img { max-width: 50% }"))
    run(capsys, "--unsafe-fixes")
    assert (
        'srcset="img/wide-368.jpg 368w, img/wide-624.jpg 624w, img/wide.jpg 1600w"' in (site / "index.html").read_text()
    )
    assert 'sizes="(max-width: 412px) 206px, 1600px"' in (site / "index.html").read_text()


def rendered(browser: Browser, path: Path, width: int, density: float) -> list[tuple[str, float, float]]:
    dom = browser(
        f"--window-size={width},900",
        f"--force-device-scale-factor={density}",
        "--virtual-time-budget=5000",
        "--dump-dom",
        path.as_uri(),
    )
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    return [(name, w, h) for name, w, h in json.loads(title.replace("&quot;", '"'))]


def test_phones_download_the_copy_and_every_screen_shows_the_same(
    browser: Browser, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "phone.html").write_text(PHONE_FRAME)
    screens = {
        "phone": ("phone.html", 600, 1.75),
        "desktop": ("index.html", 1280, 1.0),
        "retina": ("index.html", 1280, 2.0),
    }
    before = {name: rendered(browser, site / page, width, density) for name, (page, width, density) in screens.items()}
    run(capsys, "--unsafe-fixes")
    after = {name: rendered(browser, site / page, width, density) for name, (page, width, density) in screens.items()}
    assert [name for name, _, _ in before["phone"]] == ["wide.jpg"]
    assert [name for name, _, _ in after["phone"]] == ["wide-728.jpg"]
    assert [name for name, _, _ in after["desktop"]] == ["wide.jpg"]
    assert [name for name, _, _ in after["retina"]] == ["wide.jpg"]
    for screen in screens:
        assert [(w, h) for _, w, h in after[screen]] == [(w, h) for _, w, h in before[screen]], screen
    assert before["phone"][0][1:] == pytest.approx((396, 247.5))  # the phone's width, less the body's margins


def test_a_copy_that_takes_too_long_is_left_out_with_the_reason(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("perflint.fix.srcset.FIX_SECONDS", 0.001)
    out = run(capsys, "--unsafe-fixes")
    assert "img/wide.jpg: not fixed: left alone: no copy 728 px wide for phones: perflint gave up after" in out
    assert sorted(path.name for path in (site / "img").iterdir()) == ["wide.jpg"]
    assert (site / "index.html").read_text() == page(IMG)
