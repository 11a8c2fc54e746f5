from __future__ import annotations

from pathlib import Path

import pytest

from perflint.rules.image_aspect_ratio import out_of_shape
from tests.checking import check_tree
from tests.imagefactory import flat, png_bytes

PHOTO = {"img/photo.png": png_bytes(flat(400, 300))}  # 4:3


# The image-aspect-ratio cases of Lighthouse's own audit tests (core/test/audits/image-aspect-ratio-test.js):
# the size shown, the file's size, and whether Lighthouse fails the image.
@pytest.mark.parametrize(
    ("shown", "natural", "fails"),
    [
        ((800, 500), (200, 200), True),  # much larger than the natural aspect ratio
        ((400, 300), (200, 200), True),  # larger
        ((200, 200), (800, 500), True),  # much smaller
        ((200, 200), (400, 300), True),  # smaller
        ((412, 36), (800, 69), False),  # almost the right height
        ((63, 256), (32, 128), False),  # a small ratio with a rounding error
        ((100, 100), (300, 300), False),  # ratios match
    ],
)
def test_out_of_shape_agrees_with_lighthouse(shown: tuple[int, int], natural: tuple[int, int], fails: bool) -> None:
    assert out_of_shape(shown, natural) is fails


def findings(tmp_path: Path, page: str, files: dict[str, bytes] | None = None) -> list[str]:
    report = check_tree(tmp_path, {**PHOTO, **(files or {}), "index.html": page.encode()}, select="image-aspect-ratio")
    return [finding.message for finding in report.findings]


def page(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang=en><head><title>t</title>{head}</head><body>{body}</body></html>"


def test_a_square_box_squashes_a_four_by_three_photo(tmp_path: Path) -> None:
    [message] = findings(tmp_path, page('<img src="img/photo.png" alt="" width="300" height="300">'))
    assert '<img src="img/photo.png"> is shown 300 x 300 px by its width and height attributes' in message
    assert "the file is 400 x 300 px: it looks squashed" in message
    assert 'set height="225" (or width="400")' in message


def test_a_wide_box_stretches_it(tmp_path: Path) -> None:
    [message] = findings(tmp_path, page('<img src="img/photo.png" alt="" width="400" height="200">'))
    assert "it looks stretched" in message


@pytest.mark.parametrize(
    ("body", "head"),
    [
        ('<img src="img/photo.png" width="200" height="150">', ""),  # the file's proportions
        ('<img src="img/photo.png" width="201" height="150">', ""),  # within Lighthouse's 2 px
        ('<img src="img/photo.png" width="300" height="300" style="object-fit: cover">', ""),
        ('<img src="img/photo.png" width="300" height="300" style="height: auto">', ""),
        ('<img src="img/photo.png" width="300" height="300" style="width: auto">', ""),
        ('<img src="img/photo.png" width="300" height="300" class="thumb">', "<style>.thumb{object-fit:cover}</style>"),
        ('<main><img src="img/photo.png" width="300" height="300"></main>', "<style>main img{height:auto}</style>"),
        ('<img src="img/photo.png" width="300" height="300">', '<link rel="stylesheet" href="missing.css">'),
        ('<picture><source srcset="img/square.png"><img src="img/photo.png" width="300" height="300"></picture>', ""),
        ('<img src="img/photo.png" width="100%" height="300">', ""),
        ('<img src="https://example.com/photo.png" width="300" height="300">', ""),
        ('<img src="img/dot.png" width="300" height="200">', ""),  # a 1 x 1 placeholder
    ],
)
def test_left_alone_where_the_page_keeps_or_may_keep_the_shape(tmp_path: Path, body: str, head: str) -> None:
    assert findings(tmp_path, page(body, head), {"img/dot.png": png_bytes(flat(1, 1))}) == []


def test_a_width_limit_does_not_keep_the_shape(tmp_path: Path) -> None:
    """max-width: 100% narrows the image on a phone while the height attribute stays: still out of shape."""
    head = "<style>img{max-width:100%}</style>"
    assert len(findings(tmp_path, page('<img src="img/photo.png" width="300" height="300">', head))) == 1


def test_html_inside_markdown_is_checked(tmp_path: Path) -> None:
    files = {**PHOTO, "post.md": b'# Post\n\n<img src="img/photo.png" alt="" width="300" height="300">\n'}
    report = check_tree(tmp_path, files, select="image-aspect-ratio")
    assert [finding.rule for finding in report.findings] == ["image-aspect-ratio"]


PHONE = '<meta name="viewport" content="width=device-width, initial-scale=1">'
WIDE = {"img/wide.png": png_bytes(flat(1600, 1000))}


def test_a_phone_squashes_an_image_its_css_narrows_while_the_height_attribute_stays(tmp_path: Path) -> None:
    head = PHONE + "<style>img{max-width:100%}</style>"
    [message] = findings(tmp_path, page('<img src="img/wide.png" width="1600" height="1000">', head), WIDE)
    assert '<img src="img/wide.png"> is shown 1600 x 1000 px by its width and height attributes' in message
    assert 'on a phone max-width: 100% in its CSS narrows it to 412 px wide while height="1000" keeps it' in message
    assert "add `height: auto` to that CSS" in message


@pytest.mark.parametrize(
    "head",
    [
        PHONE + "<style>img{max-width:100%;height:auto}</style>",  # the proportions kept
        "<style>img{max-width:100%}</style>",  # no viewport: laid out 980 px wide
        PHONE,  # nothing narrows it: the page scrolls sideways instead
        PHONE + "<style>.post img{max-width:100%}</style>",  # may not apply
    ],
)
def test_no_phone_finding_where_the_shape_holds_or_may(tmp_path: Path, head: str) -> None:
    body = '<div class="post"><img src="img/wide.png" width="1600" height="1000"></div>'
    assert findings(tmp_path, page(body, head), WIDE) == []
