from __future__ import annotations

from pathlib import Path

import pytest

from perflint.documents.html import load_html
from perflint.documents.source import SourceFile
from perflint.html.fold import SCREENFUL, Fold, fold_of
from perflint.site import Site
from tests.imagefactory import flat, png_bytes

SCREEN_OF_TEXT = "<p>" + "word " * (SCREENFUL // 5 + 1) + "</p>"


def fold(tmp_path: Path, body: str, head: str = "", files: dict[str, str] | None = None) -> Fold | None:
    (tmp_path / "hero.png").write_bytes(png_bytes(flat(1200, 600)))
    (tmp_path / "logo.png").write_bytes(png_bytes(flat(120, 40)))
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    page = tmp_path / "index.html"
    page.write_text(f"<!doctype html><html><head><title>t</title>{head}</head><body>{body}</body></html>")
    source = SourceFile(page, "index.html", "index.html", tmp_path)
    with page.open("rb") as stream:
        return fold_of(load_html(source, stream, page.stat().st_size), Site())


def below(tmp_path: Path, body: str, head: str = "", files: dict[str, str] | None = None) -> list[str]:
    placed = fold(tmp_path, body, head, files)
    assert placed is not None
    return [tag.attrs["src"] for tag in placed.below_first_screen()]


def test_an_image_after_a_screenful_of_text_is_below_the_first_screen(tmp_path: Path) -> None:
    assert below(tmp_path, f'<img src="a.png">{SCREEN_OF_TEXT}<img src="b.png">') == ["b.png"]


def test_a_little_less_text_is_not_enough(tmp_path: Path) -> None:
    text = "<p>" + "x" * (SCREENFUL - 10) + "</p>"
    assert below(tmp_path, f'{text}<img src="b.png">') == []


@pytest.mark.parametrize(
    "wrapper",
    [
        "<nav>{}</nav>",
        "<aside>{}</aside>",
        "<table><tr><td>{}</td></tr></table>",
        "<pre>{}</pre>",
        "<details>{}</details>",
        "<div hidden>{}</div>",
        '<div aria-hidden="true">{}</div>',
        '<div style="display: none">{}</div>',
        '<div style="position:absolute">{}</div>',
        '<div style="font-size: 10px">{}</div>',
        '<div style="white-space: nowrap">{}</div>',
        '<div style="max-height: 3em; overflow: hidden">{}</div>',
        '<div class="menu">{}</div>',
        '<div id="drawer">{}</div>',
        "<ul><li>{}</li></ul>",
    ],
)
def test_text_that_may_take_no_room_does_not_count(tmp_path: Path, wrapper: str) -> None:
    head = "<style>.menu { display: none } #drawer { position: fixed } li { font-size: 11px }</style>"
    assert below(tmp_path, wrapper.format(SCREEN_OF_TEXT) + '<img src="b.png">', head) == []


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="row"><div class="col">{}</div></div>',  # only arranged: each character keeps its room
        "<details open>{}</details>",
        '<div style="font-size: 1rem; line-height: 1.5">{}</div>',
        "<article><section>{}</section></article>",
    ],
)
def test_text_that_keeps_its_room_counts(tmp_path: Path, wrapper: str) -> None:
    head = "<style>.row { display: flex } .col { flex: 1 0 0; padding: 12px } p { font-size: 1.1rem }</style>"
    assert below(tmp_path, wrapper.format(SCREEN_OF_TEXT) + '<img src="b.png">', head) == ["b.png"]


def test_a_stylesheet_perflint_cannot_read_leaves_out_every_named_element(tmp_path: Path) -> None:
    head = '<link rel="stylesheet" href="https://cdn.example.com/theme.css">'
    assert below(tmp_path, f'<div class="intro">{SCREEN_OF_TEXT}</div><img src="b.png">', head) == []
    assert below(tmp_path, f'<div>{SCREEN_OF_TEXT}</div><img src="b.png">', head) == ["b.png"]


def test_a_font_service_stylesheet_hides_nothing(tmp_path: Path) -> None:
    head = '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'
    assert below(tmp_path, f'<div class="intro">{SCREEN_OF_TEXT}</div><img src="b.png">', head) == ["b.png"]


def test_a_linked_stylesheet_is_read(tmp_path: Path) -> None:
    head = '<link rel="stylesheet" href="site.css">'
    files = {"site.css": ".collapse:not(.show) { display: none }"}
    assert below(tmp_path, f'<div class="collapse">{SCREEN_OF_TEXT}</div><img src="b.png">', head, files) == []
    assert below(tmp_path, f'<div class="intro">{SCREEN_OF_TEXT}</div><img src="b.png">', head, files) == ["b.png"]


def test_the_likely_lcp_image_is_the_first_large_one_near_the_top(tmp_path: Path) -> None:
    placed = fold(tmp_path, '<img src="logo.png"><h1>Welcome</h1><img src="hero.png"><img src="hero.png">')
    assert placed is not None and placed.likely_lcp is not None
    assert placed.likely_lcp.attrs["src"] == "hero.png"
    assert placed.likely_lcp is placed.images[1].tag


def test_attributes_give_the_size_before_the_file(tmp_path: Path) -> None:
    placed = fold(tmp_path, '<img src="hero.png" width="100" height="50">')
    assert placed is not None and placed.likely_lcp is None


def test_no_likely_lcp_image_after_much_text(tmp_path: Path) -> None:
    placed = fold(tmp_path, f'<p>{"word " * 200}</p><img src="hero.png">')
    assert placed is not None and placed.likely_lcp is None


def test_a_layout_fragment_gets_no_estimate(tmp_path: Path) -> None:
    (tmp_path / "part.html").write_text('<div><img src="hero.png"></div>')
    source = SourceFile(tmp_path / "part.html", "part.html", "part.html", tmp_path)
    with (tmp_path / "part.html").open("rb") as stream:
        assert fold_of(load_html(source, stream, 40), Site()) is None


def test_an_image_in_a_positioned_element_is_not_placed(tmp_path: Path) -> None:
    head = "<style>.overlay { position: absolute; top: 0 }</style>"
    assert below(tmp_path, f'{SCREEN_OF_TEXT}<div class="overlay"><img src="b.png"></div>', head) == []


def test_an_image_in_an_element_whose_text_is_not_counted_is_still_placed(tmp_path: Path) -> None:
    head = "<style>.pane { display: none }</style>"
    assert below(tmp_path, f'{SCREEN_OF_TEXT}<div class="pane"><p>x</p><img src="b.png"></div>', head) == ["b.png"]


def test_text_in_a_box_of_fixed_height_counts_only_inside_it(tmp_path: Path) -> None:
    head = "<style>.hero { height: 100vh }</style>"
    inside = f'<div class="hero">{SCREEN_OF_TEXT}<img src="in.png"></div><img src="after.png">'
    assert below(tmp_path, inside, head) == ["in.png"]


def test_an_element_name_counts_only_where_it_is_the_whole_selector(tmp_path: Path) -> None:
    head = "<style>.slider .nav > div { position: absolute } li { display: none }</style>"
    assert below(tmp_path, f"<div>{SCREEN_OF_TEXT}</div><div><img src='b.png'></div>", head) == ["b.png"]
    assert below(tmp_path, f"<ul><li>{SCREEN_OF_TEXT}</li></ul><img src='b.png'>", head) == []


def test_a_font_service_imported_by_a_local_stylesheet_hides_nothing(tmp_path: Path) -> None:
    head = '<link rel="stylesheet" href="site.css">'
    files = {"site.css": "@import url('https://fonts.googleapis.com/css?family=Lato');\n.x { color: red }"}
    assert below(tmp_path, f'<div class="intro">{SCREEN_OF_TEXT}</div><img src="b.png">', head, files) == ["b.png"]


@pytest.mark.parametrize(
    "before",
    [
        '<section style="background-image: url(banner.jpg)"><h1>Hi</h1></section>',
        '<section data-background="banner.jpg"></section>',
        "<p>" + "word " * 100 + "</p>",  # more than a little text, even where it may take less room
        '<nav><a href="/">' + "Home " * 100 + "</a></nav>",
        '<img src="https://cdn.example.com/banner.jpg">',  # it may be the large one
    ],
)
def test_no_likely_lcp_image_after_what_may_fill_the_screen(tmp_path: Path, before: str) -> None:
    placed = fold(tmp_path, f'{before}<img src="hero.png">')
    assert placed is not None and placed.likely_lcp is None


def test_a_rule_marks_the_element_it_styles_not_its_ancestors(tmp_path: Path) -> None:
    head = "<style>body.home #drawer { position: fixed } .menu.open li { display: none }</style>"
    page = f'<main class="home">{SCREEN_OF_TEXT}<img src="b.png"></main>'
    assert below(tmp_path, page, head) == ["b.png"]
    assert below(tmp_path, f'<ul class="menu"><li>{SCREEN_OF_TEXT}</li></ul><img src="b.png">', head) == []
