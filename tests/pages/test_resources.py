from __future__ import annotations

import io
from pathlib import Path

import pytest

from perflint.documents.html import HtmlDoc, load_html
from perflint.documents.markdown import MarkdownDoc, load_markdown
from perflint.documents.source import SourceFile
from perflint.html.tokenizer import Tag
from perflint.pages.resources import (
    MAX_CANDIDATES,
    Candidate,
    SheetRefs,
    collect,
    css_type,
    image_candidates,
    largest,
    parse_srcset,
    sheet_refs,
)
from perflint.site import Reference
from perflint.site.pipeline import Pipeline

SITE = Path("/site")
PAGE = SITE / "index.html"


def html_doc(html: str) -> HtmlDoc:
    data = html.encode()
    source = SourceFile(PAGE, "index.html", "index.html", SITE)
    return load_html(source, io.BytesIO(data), len(data))


def markdown_doc(text: str, name: str = "post.md") -> MarkdownDoc:
    data = text.encode()
    source = SourceFile(SITE / name, name, name, SITE)
    return load_markdown(source, io.BytesIO(data), len(data))


def weigh(
    html: str | MarkdownDoc,
    sizes: dict[str, int],
    sheets: dict[str, str] | None = None,
    pipeline: Pipeline | None = None,
) -> list[tuple[str, str, int]]:
    """Return (type, file or name, size) for each resource of a page, the page first.

    Files are the keys of `sizes` (paths from the site root); `http` references are remote,
    other names missing; `sheets` holds the text of the stylesheets.
    """

    def resolve(reference: str, holder: Path) -> Reference:
        if reference.startswith("data:"):
            return Reference("data", size=len(reference))
        if reference.startswith("http"):
            return Reference("remote")
        path = SITE / reference[1:] if reference.startswith("/") else (holder.parent / reference).resolve()
        name = path.relative_to(SITE).as_posix()
        return Reference("file", path, sizes[name]) if name in sizes else Reference("missing")

    def read_sheet(path: Path) -> SheetRefs | None:
        text = (sheets or {}).get(path.relative_to(SITE).as_posix())
        return None if text is None else sheet_refs(text)

    found = collect(html_doc(html) if isinstance(html, str) else html, resolve, read_sheet, pipeline)
    return [(r.type, r.path.relative_to(SITE).as_posix() if r.path else r.name, r.size) for r in found]


DOC = "<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_each_type_is_collected() -> None:
    body = (
        '<img src="a.jpg"><script src="app.js"></script><video poster="poster.jpg"></video>'
        '<div style="background: url(bg.png)"></div>'
    )
    head = '<link rel="stylesheet" href="site.css"><link rel="preload" as="font" href="f.woff2">'
    sizes = {"a.jpg": 100, "app.js": 200, "poster.jpg": 300, "bg.png": 400, "site.css": 50, "f.woff2": 600}
    found = weigh(DOC.format(head=head, body=body), sizes)
    assert found[1:] == [
        ("stylesheet", "site.css", 50),
        ("font", "f.woff2", 600),
        ("image", "a.jpg", 100),
        ("script", "app.js", 200),
        ("image", "poster.jpg", 300),
        ("image", "bg.png", 400),
    ]
    assert found[0][:2] == ("document", "index.html")


def test_linked_stylesheets_are_followed_through_imports_once() -> None:
    sheets = {
        "css/a.css": '@import "b.css"; @font-face { src: url(../fonts/x.woff2) } .a { background: url(../img/1.png) }',
        "css/b.css": '@import url("a.css"); .b { background-image: url(/img/2.png) }',
    }
    sizes = {"css/a.css": 10, "css/b.css": 20, "fonts/x.woff2": 30, "img/1.png": 40, "img/2.png": 50}
    found = weigh(DOC.format(head='<link rel="stylesheet" href="css/a.css">', body=""), sizes, sheets)
    assert sorted(found[1:]) == [
        ("font", "fonts/x.woff2", 30),
        ("image", "img/1.png", 40),
        ("image", "img/2.png", 50),
        ("stylesheet", "css/a.css", 10),
        ("stylesheet", "css/b.css", 20),
    ]


def test_imports_stop_five_deep() -> None:
    sheets = {f"{i}.css": f'@import "{i + 1}.css"; .x {{ background: url({i}.png) }}' for i in range(8)}
    sizes = {**{f"{i}.css": 1 for i in range(8)}, **{f"{i}.png": 1 for i in range(8)}}
    found = weigh(DOC.format(head='<link rel="stylesheet" href="0.css">', body=""), sizes, sheets)
    assert [name for kind, name, _ in found if kind == "stylesheet"] == [f"{i}.css" for i in range(6)]


def test_each_file_counts_once_and_unknowns_are_skipped() -> None:
    body = '<img src="a.jpg"><img src="./a.jpg"><img src="/a.jpg"><img src="https://cdn/x.jpg"><img src="gone.jpg">'
    found = weigh(DOC.format(head="<style>.x { background: url(a.jpg) }</style>", body=body), {"a.jpg": 7})
    assert found[1:] == [("image", "a.jpg", 7)]


def test_data_uris_move_from_their_holder_to_their_type() -> None:
    uri = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    css_uri = "data:font/woff2;base64,AAAA"
    sheets = {"s.css": f".x {{ background: url({uri}) }} @font-face {{ src: url({css_uri}) }}"}
    html = DOC.format(head='<link rel="stylesheet" href="s.css">', body=f'<img src="{uri}">')
    found = weigh(html, {"s.css": 200}, sheets)
    assert found == [
        ("document", "index.html", len(html) - len(uri)),
        ("stylesheet", "s.css", 200 - len(uri) - len(css_uri)),
        ("image", "a data: URI in s.css", len(uri)),
        ("font", "a data: URI in s.css", len(css_uri)),
        ("image", "a data: URI in <img>", len(uri)),
    ]


@pytest.mark.parametrize(
    ("img", "chosen"),
    [
        ('src="s.jpg" srcset="s.jpg 400w, l.jpg 1600w, m.jpg 800w"', "l.jpg"),
        ('src="s.jpg" srcset="l.jpg 2x"', "l.jpg"),
        ('src="l.jpg" srcset="s.jpg 0.5x"', "l.jpg"),
        ('srcset="s.jpg, l.jpg"', "l.jpg"),  # no descriptors: the larger file
        ('src="s.jpg" srcset="m.jpg 1x, s.jpg 1.5x"', "s.jpg"),  # descriptors beat file size
        ('src="s.jpg" srcset="https://cdn/l.jpg 1600w, m.jpg 800w"', None),  # the largest is remote
    ],
)
def test_img_counts_its_largest_candidate_only(img: str, chosen: str | None) -> None:
    sizes = {"s.jpg": 1, "m.jpg": 10, "l.jpg": 100}
    found = weigh(DOC.format(head="", body=f"<img {img}>"), sizes)
    assert [name for _, name, _ in found[1:]] == ([chosen] if chosen else [])


def test_picture_sources_add_nothing_and_alternate_or_nomodule_are_not_loaded() -> None:
    body = (
        '<picture><source srcset="l.jpg 1600w"><img src="s.jpg"></picture>'
        '<script nomodule src="legacy.js"></script><link rel="alternate stylesheet" href="alt.css">'
    )
    found = weigh(DOC.format(head="", body=body), {"s.jpg": 1, "l.jpg": 100, "legacy.js": 5, "alt.css": 5})
    assert found[1:] == [("image", "s.jpg", 1)]


@pytest.mark.parametrize(
    ("srcset", "candidates"),
    [
        ("a.jpg 800w, b.jpg 1600w", [Candidate("a.jpg", width=800), Candidate("b.jpg", width=1600)]),
        ("a.jpg, b.jpg 2x", [Candidate("a.jpg"), Candidate("b.jpg", density=2.0)]),
        ("a.jpg 800w 600h", [Candidate("a.jpg", width=800)]),
        ("data:image/png;base64,iVB= 1x", [Candidate("data:image/png;base64,iVB=", density=1.0)]),
        ("a.jpg,, b.jpg 1.5x", [Candidate("a.jpg"), Candidate("b.jpg", density=1.5)]),
        ("a.jpg,b.jpg 2x", [Candidate("a.jpg,b.jpg", density=2.0)]),  # a comma inside a URL is part of it
        ("a.jpg 0w, b.jpg -1x, c.jpg nanx, d.jpg 2x 3x, e.jpg 10q, f.jpg 99999999999w", []),
        ("a.jpg (x, y) 2x, b.jpg 1x", [Candidate("b.jpg", density=1.0)]),
        ("", []),
        (" , , ", []),
    ],
)
def test_parse_srcset(srcset: str, candidates: list[Candidate]) -> None:
    assert parse_srcset(srcset) == candidates


def test_parse_srcset_reads_a_bounded_number_of_candidates() -> None:
    huge = ", ".join(f"i{n}.jpg {n + 1}w" for n in range(50_000)) + ", a.jpg " + "9" * 100_000 + "w"
    assert len(parse_srcset(huge)) == MAX_CANDIDATES


def test_image_candidates_follow_the_html_rules_for_src() -> None:
    def tag(**attrs: str) -> Tag:
        return Tag("img", attrs, 1, 1, 0, 0, False)

    assert image_candidates(tag(src="a.jpg")) == [Candidate("a.jpg", density=1.0)]
    assert image_candidates(tag(src="a.jpg", srcset="b.jpg 800w")) == [Candidate("b.jpg", width=800)]
    assert image_candidates(tag(src="a.jpg", srcset="b.jpg 1x")) == [Candidate("b.jpg", density=1.0)]
    assert largest([Candidate("a", density=2.0), Candidate("b"), Candidate("c", density=2.0)]) == [
        Candidate("a", density=2.0),
        Candidate("c", density=2.0),
    ]


def test_sheet_refs_split_imports_from_urls() -> None:
    refs = sheet_refs('@import "a.css"; @import url(b.css) print; .x { background: url(c.png) } @import "late.css";')
    assert refs == SheetRefs(("a.css", "b.css"), ("c.png",))


@pytest.mark.parametrize(
    ("reference", "kind"),
    [
        ("fonts/a.woff2", "font"),
        ("A.TTF?v=3#x", "font"),
        ("data:font/woff2;base64,AA", "font"),
        ("data:application/font-woff,AA", "font"),
        ("img/bg.png", "image"),
        ("data:image/svg+xml,<svg/>", "image"),
    ],
)
def test_css_type(reference: str, kind: str) -> None:
    assert css_type(reference) == kind


BULLETPROOF = (
    "src: url(f.eot); src: url(f.eot?#iefix) format('embedded-opentype'), url(f.woff2) format('woff2'), "
    "url(f.woff) format('woff'), url(f.ttf) format('truetype'), url(f.svg#f) format('svg')"
)


@pytest.mark.parametrize(
    ("face", "chosen"),
    [
        (BULLETPROOF, ["f.woff2"]),  # the last src wins; in it, the first supported format
        ("src: local('F'), url(f.woff) format('woff'), url(f.ttf)", ["f.woff"]),
        ("src: url(f.eot), url(f.svg#f), url(f.ttf)", ["f.ttf"]),  # no hints: by name
        ("src: url('f.svg') format(svg), url(f.otf) format(opentype)", ["f.otf"]),  # a bare format name
        ("src: url(v.ttf) format('truetype-variations') tech(variations), url(f.ttf)", ["v.ttf"]),
        ("src: url(f.eot) format('embedded-opentype')", []),  # nothing a browser reads
        ("src: url(https://cdn/f.woff2) format('woff2'), url(f.woff) format('woff')", []),  # the remote one
        ("font-family: F", []),
    ],
)
def test_font_face_counts_the_one_file_browsers_download(face: str, chosen: list[str]) -> None:
    sheets = {"s.css": f"@font-face {{ {face} }}"}
    sizes = {name: 10 for name in ("s.css", "f.eot", "f.woff2", "f.woff", "f.ttf", "f.svg", "f.otf", "v.ttf")}
    found = weigh(DOC.format(head='<link rel="stylesheet" href="s.css">', body=""), sizes, sheets)
    assert [name for kind, name, _ in found if kind == "font"] == chosen
    assert [name for kind, name, _ in found if kind == "image"] == []  # an SVG font is no image


def test_font_faces_in_groups_and_style_blocks_each_count() -> None:
    css = (
        "@media screen { @supports (display: grid) { @font-face { src: url(a.woff2) format('woff2'), url(a.ttf) } } }"
        "@font-face { src: url(b.woff) format('woff'), url(b.ttf) } .x { background: url(a.ttf) }"
    )
    found = weigh(
        DOC.format(head=f"<style>{css}</style>", body=""), {"a.woff2": 1, "a.ttf": 2, "b.woff": 3, "b.ttf": 4}
    )
    assert sorted(found[1:]) == [("font", "a.ttf", 2), ("font", "a.woff2", 1), ("font", "b.woff", 3)]


def test_sheet_refs_keep_fonts_apart() -> None:
    refs = sheet_refs(f".x {{ background: url(c.png) }} @font-face {{ {BULLETPROOF} }}")
    assert refs == SheetRefs((), ("c.png",), ("f.woff2",))


MARKDOWN = """---
title: Gallery
cover:
  image: cover.jpg
image: share.jpg
images: [share2.jpg]
---

# Gallery

![One](one.jpg) and ![Two](/img/two.jpg "Two") and ![Remote](https://cdn/x.jpg)

<img src="three.jpg" alt="Three"> ![Again](one.jpg)

<div style="background: url(bg.png)"></div>
"""


def test_markdown_page_counts_its_text_header_image_and_what_it_names() -> None:
    sizes = {name: 10 for name in ("cover.jpg", "share.jpg", "share2.jpg", "one.jpg", "img/two.jpg", "three.jpg")}
    found = weigh(markdown_doc(MARKDOWN), {**sizes, "bg.png": 5})
    body = MARKDOWN[MARKDOWN.index("\n# Gallery") :]
    assert found == [
        ("document", "post.md", len(body.encode())),  # the front matter is never published
        ("image", "cover.jpg", 10),
        ("image", "one.jpg", 10),
        ("image", "img/two.jpg", 10),
        ("image", "three.jpg", 10),
        ("image", "bg.png", 5),
    ]


@pytest.mark.parametrize(
    ("front", "counted"),
    [
        ("cover:\n  image: cover.jpg\n  hidden: true", []),  # PaperMod hides it
        ("cover:\n  image: cover.jpg\n  hiddenInSingle: true", []),
        ("heroImage: cover.jpg", ["cover.jpg"]),
        ("featured_image: img/c.jpg", ["img/c.jpg"]),
        ("header:\n  image: /img/c.jpg", ["img/c.jpg"]),
        ("thumbnail: cover.jpg\nog_image: cover.jpg\nsocial_image: cover.jpg", []),
    ],
)
def test_markdown_header_images(front: str, counted: list[str]) -> None:
    found = weigh(markdown_doc(f"---\ntitle: T\n{front}\n---\nText\n"), {"cover.jpg": 1, "img/c.jpg": 2})
    assert [name for _, name, _ in found[1:]] == counted


def test_markdown_header_image_not_beside_the_page_is_looked_up_from_the_site_root() -> None:
    sizes = {"img/c.jpg": 2, "blog/own.jpg": 3}
    found = weigh(markdown_doc("---\nbanner: img/c.jpg\n---\n![x](own.jpg)\n", "blog/post.md"), sizes)
    assert [name for _, name, _ in found[1:]] == ["img/c.jpg", "blog/own.jpg"]


@pytest.mark.parametrize(
    ("pipeline", "counted"),
    [
        (Pipeline(), ["cover.jpg", "one.jpg", "img/two.jpg", "three.jpg", "bg.png"]),
        (Pipeline(markdown_images=True), ["cover.jpg", "three.jpg", "bg.png"]),  # a Hugo render hook resizes them
        (Pipeline(relative_images=True), ["img/two.jpg", "three.jpg", "bg.png"]),  # Astro optimises those
        (Pipeline(every_image=True), ["bg.png"]),  # Eleventy's transform: every <img>
    ],
)
def test_images_the_build_processes_are_left_out(pipeline: Pipeline, counted: list[str]) -> None:
    sizes = {name: 10 for name in ("cover.jpg", "one.jpg", "img/two.jpg", "three.jpg", "bg.png")}
    found = weigh(markdown_doc(MARKDOWN), sizes, pipeline=pipeline)
    assert [name for _, name, _ in found[1:]] == counted
