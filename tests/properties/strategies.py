"""Hypothesis strategies and a small generated site shared by the property tests.

The soups mix arbitrary text with the pieces perflint's rules and fixes look for (tags, meta
tags, front matter keys, stylesheets, suppression comments), so generated files reach the
code behind a finding, not only the tokenizer's error paths.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

from perflint.documents.source import SourceFile
from perflint.findings import Violation
from perflint.rules import RULES
from perflint.rules.base import Context
from perflint.site import Site
from tests.imagefactory import flat, gif_bytes, jpeg_bytes, photo, png_bytes, png_header_only, webp_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
STYLESHEET = b"@import url(more.css);\n\nbody {\n  width: 960px;\n  font-size: 9px;\n}\n\n/* a comment */\n"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CSS_LINE_BREAK = re.compile(r"\r\n|\r|\n|\f")
# References a generated page may make: real images of each kind, a stylesheet, and ones that lead nowhere.
SOURCES = [
    "img/a.png",
    "/img/a.png",
    "./img/b.jpg",
    "img/c.webp",
    "img/d.svg",
    "img/wide.png",
    "img/big.jpg",
    "/e.gif",
    "img/missing.png",
    "https://example.com/x.jpg",
    "data:image/png;base64,iVBORw0KGgo=",
    "{{ .Params.image }}",
    "",
]


def build_site(root: Path) -> Path:
    """Write the images and stylesheet generated pages refer to; return `root`."""
    files = {
        "img/a.png": png_bytes(photo(40, 30)),
        "img/b.jpg": jpeg_bytes(photo(64, 48, seed=1)),
        "img/c.webp": webp_bytes(photo(32, 32, seed=2)),
        "img/d.svg": SVG,
        "img/wide.png": png_header_only(4000, 120),
        "img/big.jpg": jpeg_bytes(photo(800, 200, seed=3), quality=95),
        "static/e.gif": gif_bytes([flat(8, 8, mode="P")]),
        "style.css": STYLESHEET,
        "more.css": b"a { color: red }\n",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def source_in(site: Path, name: str) -> SourceFile:
    """Name a file of the generated site the way discovery would."""
    return SourceFile(site / name, name, name, site)


def run_rules(doc: object, kind: str, site: Site) -> list[Violation]:
    """Run every rule that checks documents of `kind` on `doc`, with its default options."""
    found: list[Violation] = []
    for rule in RULES.values():
        if rule.check is not None and kind in rule.kinds:
            found.extend(rule.check(doc, Context(rule.options(), None, None, site)))
    return found


def position_is_valid(text: str, line: int | None, column: int | None, form_feed: bool = True) -> bool:
    """Tell whether a finding's position lies within `text` (a line may end one past its last character).

    Tag positions count lines at "\\n" only, stylesheet positions at any line break, so a
    position counts as valid when it is valid by either count. Stylesheet findings also count
    a form feed as a line break, as CSS does (editors do not): `form_feed=False` refuses that.
    """
    if line is None:
        return column is None
    counts = [text.split("\n"), _LINE_BREAK.split(text)]
    if form_feed:
        counts.append(_CSS_LINE_BREAK.split(text))
    return any(
        1 <= line <= len(lines) and (column is None or 1 <= column <= len(lines[line - 1]) + 1) for lines in counts
    )


def char_at(text: str, line: int, column: int) -> set[str]:
    """Return the characters at a position, by either count of lines (see position_is_valid)."""
    found = set()
    for lines in (text.split("\n"), _LINE_BREAK.split(text)):
        if 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]):
            found.add(lines[line - 1][column - 1])
    return found


# Pieces of markup: the whitespace, quotes and brackets the tokenizer branches on, and the tags rules read.
_MARKUP = [
    *"<>\"'=/ \n\t",
    "\r\n",
    "\r",
    "é",
    "\x00",
    "<!DOCTYPE html>",
    "<html>",
    '<html lang="en">',
    '<html lang="en_US!">',
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "</html>",
    "<title>",
    "</title>",
    "A page title",
    "&amp;",
    '<meta charset="utf-8">',
    "<meta charset=windows-1252>",
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="viewport" content="width=1200, user-scalable=no, maximum-scale=1">',
    '<meta name="viewport">',
    '<meta name="description" content="Short.">',
    '<meta property="og:image" content="img/a.png">',
    '<meta name="twitter:image" content="/img/missing.png">',
    '<meta http-equiv="refresh" content="0; url=/">',
    '<link rel="stylesheet" href="style.css">',
    '<link rel=stylesheet href="/missing.css">',
    '<link rel="preload" as="image" href="img/b.jpg">',
    "<style>",
    "</style>",
    "a { width: 900px; font-size: 8px }",
    "@import 'x.css';",
    "<script>",
    "</script>",
    "<svg>",
    "</svg>",
    "<picture>",
    "</picture>",
    "<!--",
    "-->",
    "<!-- perflint-disable-next-line img-size -->",
    "<!-- perflint-disable -->",
    "<!-- perflint-enable -->",
    " data-perflint-ignore",
    "{{ x }}",
    "{% if y %}",
]
_ALTS = [None, "", "Our team at the office", "IMG_2041.jpg", "image", "x" * 200, "{{ alt }}"]
_EXTRA_ATTRIBUTES = [
    ' width="40"',
    ' width="100"',
    ' height="30"',
    " width=40 height=30",
    ' style="aspect-ratio: 4/3; width: 100%"',
    ' srcset="img/a.png 1x, img/b.jpg 2x"',
    ' srcset="img/wide.png 4000w" sizes="100vw"',
    ' loading="lazy"',
    " LOADING=lazy",
    ' width="1200" height="800"',  # large enough on a phone to be the likely LCP image
    ' fetchpriority="high"',
    " decoding=async",
    " eleventy:widths='300'",
    " data-perflint-ignore",
    " hidden",
]


@st.composite
def img_tags(draw: st.DrawFn) -> str:
    """Draw an <img> tag with any mix of the attributes the image rules and fixes read."""
    name = draw(st.sampled_from(["img", "IMG", "Img"]))
    quote = draw(st.sampled_from(['"', "'", ""]))
    src = draw(st.sampled_from(SOURCES))
    attributes = [f" src={quote}{src}{quote}" if quote or src else " src"]
    alt = draw(st.sampled_from(_ALTS))
    if alt is not None:
        attributes.append(f' alt="{alt}"')
    attributes += draw(st.lists(st.sampled_from(_EXTRA_ATTRIBUTES), max_size=3, unique=True))
    order = draw(st.permutations(attributes))
    close = draw(st.sampled_from([">", "/>", " />", "\n>"]))
    return f"<{name}{''.join(order)}{close}"


html_soup = st.lists(st.one_of(st.sampled_from(_MARKUP), img_tags(), st.text(max_size=6)), max_size=40).map("".join)


_HEAD = [
    "<title>Spring launch</title>",
    "<title>" + "A title far too long for a search result, cut off with an ellipsis" + "</title>",
    "<title></title>",
    "<title>{{ .Title }}</title>",
    '<meta charset="utf-8">',
    '<meta charset="shift_jis">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="viewport" content="width=1024">',
    '<meta name="viewport" content="width=device-width, user-scalable=no">',
    '<meta name="viewport" content="width=device-width, maximum-scale=3; initial-scale=1.0">',
    '<meta name="description" content="Short.">',
    '<meta name="description" content="' + "A description of a reasonable length for a search snippet. " * 2 + '">',
    '<meta name="description" content="' + "Far too long. " * 20 + '">',
    '<meta property="og:title" content="Spring">',
    '<meta property="og:description" content="Plans">',
    '<meta property="og:image" content="img/a.png">',
    '<meta property="og:image" content="/img/missing.png">',
    '<link rel="stylesheet" href="style.css">',
    '<link rel="stylesheet" href="missing.css">',
    '<script src="app.js"></script>',
]


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Draw a page with the usual skeleton: head elements, a <style> block and soup in the head, images in the body."""
    head = draw(st.lists(st.sampled_from(_HEAD), max_size=8, unique=True))
    if draw(st.booleans()):
        head.append(f"<style>{draw(stylesheets())}</style>")
    head.append(draw(html_soup))
    body = draw(st.lists(st.one_of(img_tags(), html_soup), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    html = draw(st.sampled_from(["<html>", '<html lang="en">', '<html lang="en_US!">', "<HTML LANG=fr>"]))
    parts = ["<!DOCTYPE html>", html, "<head>", *draw(st.permutations(head)), "</head>", "<body>", *body]
    return newline.join([*parts, "</body>", "</html>"])


_CSS = [
    *" \n\t{}:;,()>+~*./\"'\\",
    "\r\n",
    "a",
    "body",
    ".card",
    "#main",
    "a:hover",
    "a :hover",
    "color",
    "red",
    "width",
    "min-width",
    "font-size",
    "900px",
    "8px",
    "1.5em",
    "50%",
    "calc(100% - 2px)",
    "!important",
    "@media (max-width: 600px)",
    "@import url(more.css);",
    "@import 'missing.css';",
    "@font-face",
    '@charset "utf-8";',
    "url(img/a.png)",
    'url("data:image/png;base64,AAAA")',
    "/*",
    "*/",
    "/*! licence */",
    "/* perflint-disable-next-line css-fixed-width */",
    "/* perflint-disable */",
    "/* perflint-enable */",
    "/*# sourceMappingURL=x.map */",
    "U+0025-00FF",
    "\\31 0",
    "é",
]
css_soup = st.lists(st.one_of(st.sampled_from(_CSS), st.text(max_size=4)), max_size=60).map("".join)

_PROPERTIES = ["color", "width", "max-width", "font-size", "margin", "background", "--custom", "grid-template"]
_VALUES = [
    "red",
    "#fff",
    "0",
    "10px",
    "900px",
    "8px",
    "1.50em",
    "50%",
    "calc(100% - 2px)",
    "url(img/a.png)",
    "url( 'img/b.jpg' )",
    '"a  b"',
    "rgb(0 0 0 / 50%)",
    "1px solid red",
    "auto !important",
]
# Rules that break a page on phones, which css-fixed-width looks for.
_TOO_WIDE = [
    ".container { width: 960px }",
    "body{min-width:10in}",
    "p { font-size: 11px }",
    "main{width:calc(900px + 2em)}",
]
_SELECTORS = ["a", "body", ".card", "#main", "a:hover", "a :hover", "ul > li", "h1, h2", '[data-x="y"]', "*"]


@st.composite
def stylesheets(draw: st.DrawFn) -> str:
    """Draw a well-formed, loosely formatted stylesheet: rules, media blocks, comments."""
    space = st.sampled_from(["", " ", "  ", "\n", "\r\n", "\t", "\n\n  "])

    def declarations() -> str:
        items = draw(st.lists(st.tuples(st.sampled_from(_PROPERTIES), st.sampled_from(_VALUES)), max_size=4))
        return ";".join(f"{draw(space)}{name}{draw(space)}:{draw(space)}{value}" for name, value in items)

    def rule() -> str:
        selector = draw(st.sampled_from(_SELECTORS))
        return f"{selector}{draw(space)}{{{declarations()}{draw(space)}}}"

    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["rule", "media", "comment", "licence", "import", "phone"]))
        if kind == "phone":
            parts.append(draw(st.sampled_from(_TOO_WIDE)))
        elif kind == "rule":
            parts.append(rule())
        elif kind == "media":
            parts.append(f"@media (max-width:{draw(space)}600px){draw(space)}{{{draw(space)}{rule()}{draw(space)}}}")
        elif kind == "comment":
            parts.append(f"/* {draw(st.text(st.characters(exclude_characters='*'), max_size=20))} */")
        elif kind == "licence":
            parts.append("/*! keep me */")
        else:
            parts.append("@import url(more.css);")
    return "".join(f"{part}{draw(space)}" for part in parts)


_FRONT_KEYS = ["title", "description", "image", "images", "cover", "draft", "headless", "seo", "heroImage"]
_FRONT_VALUES = [
    '""',
    '"A title"',
    "x" * 90,
    "A description of a reasonable length for a search snippet, at last.",
    "img/a.png",
    "/img/missing.png",
    '["img/a.png", "img/b.jpg"]',
    "{image: img/a.png, alt: Cover}",
    "true",
    "2024-01-01",
    "&a",
    "*a",
    "[",
]


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Draw YAML, TOML or JSON front matter (sometimes broken) using keys page rules read."""
    items = draw(st.lists(st.tuples(st.sampled_from(_FRONT_KEYS), st.sampled_from(_FRONT_VALUES)), max_size=5))
    syntax = draw(st.sampled_from(["yaml", "yaml", "yaml", "toml", "json", "none", "soup"]))
    if syntax == "yaml":
        return "---\n" + "".join(f"{key}: {value}\n" for key, value in items) + "---\n"
    if syntax == "toml":
        return "+++\n" + "".join(f"{key} = {value}\n" for key, value in items) + "+++\n"
    if syntax == "json":
        return "{" + ", ".join(f'"{key}": {value}' for key, value in items) + "}\n"
    if syntax == "soup":
        return draw(st.sampled_from(["---\n", "+++\n", "{"])) + draw(st.text(max_size=30))
    return ""


_MARKDOWN = [
    "\n",
    "\r\n",
    "\n\n",
    "# Heading\n",
    "    indented code\n",
    "```\n",
    "> quote ",
    "- item ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "![](img/a.png)",
    "![Our team](./img/b.jpg)",
    "![IMG_0001.jpg](img/missing.png)",
    '![alt](img/wide.png "title")',
    "[link](img/a.png)",
    "`code`",
    "*",
    "_",
    "![",
    "](",
    "<!-- perflint-disable-next-line img-alt -->",
    '{{< figure src="img/a.png" >}}',
]
markdown_body = st.lists(
    st.one_of(st.sampled_from(_MARKDOWN), img_tags(), st.sampled_from(_MARKUP), st.text(max_size=6)), max_size=30
).map("".join)


# How sites store text: UTF-8 with or without a byte order mark, UTF-16 with one, Windows-1252.
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])


# Repeated, so some are large enough for the minification and byte-budget rules to speak.
large_stylesheets = st.tuples(stylesheets(), st.integers(1, 200)).map(lambda pair: pair[0] * pair[1])
