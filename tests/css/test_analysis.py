from __future__ import annotations

import pytest

from perflint.css.analysis import Import, imports, in_file, parse, urls
from perflint.documents.css import Stylesheet

HOSTILE = {
    "1mb-line": ".a{background:url(a.png)} " * 37_000,
    "open-comment": "@import 'a.css'; a{b:c}/* never closed" + "x" * 10_000,
    "open-string": '@import "never closed' + "x" * 10_000,
    "open-url": "a{background:url(never-closed.png",
    "deep-braces": "{" * 50_000,
    "deep-functions": "a{b:" + "f(" * 5_000 + "url(x.png)" + ")" * 5_000 + "}",
    "deep-media": "@media screen{" * 5_000 + "@import 'x.css';",
    "junk": "\x00}{;:@\\@import;url(",
}


def test_effective_imports() -> None:
    css = (
        '@charset "utf-8";\n@import url("a.css");\n@IMPORT \'b.css\' print;\n@layer x;\n@import url(c.css) layer(x);\n'
    )
    assert imports(css) == [
        Import("a.css", 2, 1, None),
        Import("b.css", 3, 1, None),
        Import("c.css", 5, 1, None),
    ]


def test_imports_that_browsers_ignore() -> None:
    css = "a { b: c }\n@import 'late.css';\n@supports (display: grid) {\n  @import \"nested.css\";\n}\n"
    late, nested = imports(css)
    assert (late.url, late.line, late.column) == ("late.css", 2, 1)
    assert late.ignored_because == "it comes after other rules (an @import must come first)"
    assert (nested.url, nested.line, nested.column) == ("nested.css", 4, 3)
    assert nested.ignored_because == "it is inside a block such as @media or @supports"


def test_a_layer_block_or_font_face_before_an_import_makes_it_ignored() -> None:
    assert imports("@layer a { }\n@import 'x.css';")[0].ignored_because is not None
    assert imports("@font-face { font-family: x }\n@import 'x.css';")[0].ignored_because is not None


def test_comments_strings_and_functions_are_not_imports() -> None:
    css = '/* @import "a.css"; */\na::before { content: "@import \'b.css\'" }\na { b: f(@import) }\n'
    assert imports(css) == []


def test_an_import_without_a_url() -> None:
    assert imports("@import ;") == [Import(None, 1, 1, None)]


def test_imports_accept_parsed_rules() -> None:
    css = "@import 'a.css';"
    assert imports(parse(css)) == imports(css)


def test_urls() -> None:
    css = (
        "@import 'a.css';\n"
        "@import url(b.css) screen;\n"
        "@namespace svg url(http://www.w3.org/2000/svg);\n"
        ".hero { background: url( 'img/hero.jpg' ) , url(data:image/png;base64,iVBO) }\n"
        ".logo { background-image: image-set('logo.png' 1x, url(logo@2x.png) 2x) }\n"
        '@font-face { src: url("f.woff2") format("woff2"), src("f.woff") }\n'
        '/* url(commented.png) */ a::after { content: "url(string.png)" }\n'
    )
    assert urls(css) == [
        ("a.css", 1, 9),
        ("b.css", 2, 9),
        ("img/hero.jpg", 4, 21),
        ("data:image/png;base64,iVBO", 4, 45),
        ("logo.png", 5, 37),
        ("logo@2x.png", 5, 52),
        ("f.woff2", 6, 19),
        ("f.woff", 6, 51),
    ]


def test_urls_accept_parsed_rules() -> None:
    css = "a { background: url(x.png) }"
    assert urls(parse(css)) == urls(css) == [("x.png", 1, 17)]


def test_in_file_offsets_only_the_first_line_by_the_column() -> None:
    sheet = Stylesheet("a{}\nb{}", 5, 8, True)
    assert in_file(sheet, 1, 3) == (5, 10)
    assert in_file(sheet, 2, 3) == (6, 3)


@pytest.mark.parametrize("css", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_input_does_not_raise(css: str) -> None:
    imports(css)
    urls(css)
