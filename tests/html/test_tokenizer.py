from __future__ import annotations

import dataclasses
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perflint.html.tokenizer import Comment, EndTag, Tag, Text, Token, tokenize


def summary(html: str) -> list[tuple[str, ...]]:
    """Reduce tokens to what a table row can state: kind and name or text."""
    return [_summarize(token) for token in tokenize(html)]


def _summarize(token: Token) -> tuple[str, ...]:
    """Name one token by kind and content."""
    if isinstance(token, Tag):
        return ("tag", token.name)
    if isinstance(token, EndTag):
        return ("end", token.name)
    if isinstance(token, Comment):
        return ("comment", token.text)
    return ("text", token.parent, token.text)


def only_tag(html: str) -> Tag:
    """Return the single start tag of a snippet."""
    [tag] = [token for token in tokenize(html) if isinstance(token, Tag)]
    return tag


@pytest.mark.parametrize(
    ("html", "attrs"),
    [
        ('<a href="x">', {"href": "x"}),
        ("<a href='x'>", {"href": "x"}),
        ("<a href=x>", {"href": "x"}),
        ("<a hidden>", {"hidden": ""}),
        ('<a href="">', {"href": ""}),
        ('<a b = "x" >', {"b": "x"}),
        ("<a b= >", {"b": ""}),
        ("<a b=>", {"b": ""}),
        ("<a\tb\nc\fd\re>", {"b": "", "c": "", "d": "", "e": ""}),
        ("<a b=\"x\"c='y'd=z>", {"b": "x", "c": "y", "d": "z"}),
        ('<a title="x > y" alt=\'"\'>', {"title": "x > y", "alt": '"'}),
        ("<a b=x\"y'z>", {"b": "x\"y'z"}),  # quotes inside an unquoted value are kept
        ('<a b"c=d>', {'b"c': "d"}),  # and inside a name
        ('<a ="x">', {'="x"': ""}),  # a name may start with '='
        ('<a b="x"="y">', {"b": "x", '="y"': ""}),
        ("<a/b/c>", {"b": "", "c": ""}),
        ("<a b=/c/>", {"b": "/c/"}),
        ('<A HREF="X" Data-Id=Y>', {"href": "X", "data-id": "Y"}),  # names lower-cased, values kept
        ('<a id="1" ID="2" id=3>', {"id": "1"}),  # the first of duplicates wins
        ('<img src="{{ .Params.image }}" alt="{% t \'x\' %}">', {"src": "{{ .Params.image }}", "alt": "{% t 'x' %}"}),
        ('<img src="<%= url %>" data-x="${ y }">', {"src": "<%= url %>", "data-x": "${ y }"}),
        ("<img src={{url}} alt=x>", {"src": "{{url}}", "alt": "x"}),
        ('<a x="&lt;b&gt; &amp; &quot;c&quot;">', {"x": '<b> & "c"'}),
        ('<a x="&#169;&#xA9;&#x41;&#65">', {"x": "©©AA"}),
        ('<a x="&copy 2024 &notin; &notit;">', {"x": "© 2024 ∉ &notit;"}),
        ('<a href="?a=1&copy=2&region=eu&amp;b">', {"href": "?a=1&copy=2&region=eu&b"}),  # the spec keeps URLs
        ('<a x="&copy">', {"x": "©"}),
        ('<a x="&bogus; &">', {"x": "&bogus; &"}),
    ],
)
def test_attributes(html: str, attrs: dict[str, str]) -> None:
    assert dict(only_tag(html).attrs) == attrs


@pytest.mark.parametrize(
    ("html", "self_closing"),
    [
        ("<br>", False),
        ("<br/>", True),
        ("<br />", True),
        ("<img src=x />", True),
        ('<img src="x"/>', True),
        ("<img src/>", True),
        ("<img src=x/>", False),  # the '/' belongs to the unquoted value
        ("<img src=/ />", True),
        ("<img src=/>", False),
        ("<a b/ >", False),
    ],
)
def test_self_closing(html: str, self_closing: bool) -> None:
    assert only_tag(html).self_closing is self_closing


@pytest.mark.parametrize(
    ("html", "name"),
    [
        ("<DIV>", "div"),
        ("<my-Element>", "my-element"),
        ("<svg:Rect>", "svg:rect"),
        ("<a=b>", "a=b"),
        ("<H1>", "h1"),
        ("<Xİ>", "xİ"),  # only ASCII letters are lower-cased
        ("<x{{y}}>", "x{{y}}"),
        ("<<a>>", "a"),
    ],
)
def test_tag_names(html: str, name: str) -> None:
    assert only_tag(html).name == name


@pytest.mark.parametrize(
    "html",
    ["a < b > c", "< a>", "<1>", "<>", "<{{ tag }}>", "<% if x %>", "<?php echo 1 ?>", "<!DOCTYPE html>", "</ a>"],
)
def test_not_markup(html: str) -> None:
    assert summary(html) == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("</A>", [("end", "a")]),
        ('</a title="x>">y', [("end", "a")]),
        ("</a/>", [("end", "a")]),
        ("</>x<b>", [("tag", "b")]),
        ("</1 <b>>x<i>", [("tag", "i")]),  # a bogus comment runs to the first '>'
        ('<p>x<img src="a', [("tag", "p")]),  # a tag cut off by EOF is dropped
        ("<p>x</p", [("tag", "p")]),
        ("<p><a", [("tag", "p")]),
    ],
)
def test_end_tags_and_unterminated(html: str, expected: list[tuple[str, ...]]) -> None:
    assert summary(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<!-- x -->", [("comment", " x ")]),
        ("<!---->", [("comment", "")]),
        ("<!-->x", [("comment", "")]),
        ("<!--->x", [("comment", "")]),
        ("<!-- a -- b --->", [("comment", " a -- b -")]),
        ("<!-- a --!><b>", [("comment", " a "), ("tag", "b")]),
        ("<!-- <img src=x> -->", [("comment", " <img src=x> ")]),
        ("<!-- never closed <img>", [("comment", " never closed <img>")]),
        ("<!-- perflint-disable-next-line img-alt -->", [("comment", " perflint-disable-next-line img-alt ")]),
        ("<![CDATA[ <img> ]]><b>", [("tag", "b")]),
        ("<![CDATA[ x > <img> ]]>", [("tag", "img")]),  # in HTML content CDATA is a bogus comment to '>'
        ('<?xml version="1.0"?><b>', [("tag", "b")]),
    ],
)
def test_comments(html: str, expected: list[tuple[str, ...]]) -> None:
    assert summary(html) == expected


def test_comment_positions() -> None:
    text = "ab\n  <!-- x -->"
    assert tokenize(text) == [Comment(" x ", 2, 3, 5, len(text))]
    assert tokenize("<!-- x") == [Comment(" x", 1, 1, 0, 6)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<script>if (a<b) document.write("<img src=x>")</script><img>',
            [("tag", "script"), ("end", "script"), ("tag", "img")],
        ),
        ("<SCRIPT>x</ScRiPt >", [("tag", "script"), ("end", "script")]),
        ("<script>a</scripts><img></script>", [("tag", "script"), ("end", "script")]),
        ("<script><img>", [("tag", "script")]),
        ("<script><!--<script></script><img>--></script>", [("tag", "script"), ("end", "script")]),
        ("<script><!-- </script><img>", [("tag", "script"), ("end", "script"), ("tag", "img")]),
        ("<script><!--><script></script><img>", [("tag", "script"), ("end", "script"), ("tag", "img")]),
        ("<style>a > b { }</style>", [("tag", "style"), ("text", "style", "a > b { }"), ("end", "style")]),
        ("<style>&amp;<img></style>", [("tag", "style"), ("text", "style", "&amp;<img>"), ("end", "style")]),
        ("<title>A &amp; B <img></title>", [("tag", "title"), ("text", "title", "A & B <img>"), ("end", "title")]),
        ("<title></title>", [("tag", "title"), ("text", "title", ""), ("end", "title")]),
        ("<title>never closed <b>", [("tag", "title"), ("text", "title", "never closed <b>")]),
        ("<textarea><img>&lt;</textarea>", [("tag", "textarea"), ("text", "textarea", "<img><"), ("end", "textarea")]),
        ("<xmp><img></xmp>", [("tag", "xmp"), ("end", "xmp")]),
        ("<iframe><img></iframe>", [("tag", "iframe"), ("end", "iframe")]),
        ("<noembed><img></noembed>", [("tag", "noembed"), ("end", "noembed")]),
        ("<noframes><img></noframes>", [("tag", "noframes"), ("end", "noframes")]),
        ("<plaintext><img></plaintext><b>", [("tag", "plaintext")]),
        ("<noscript><img></noscript>", [("tag", "noscript"), ("tag", "img"), ("end", "noscript")]),
        ("<script/><img></script>", [("tag", "script"), ("end", "script")]),  # '/>' does not void a script
    ],
)
def test_raw_text_elements(html: str, expected: list[tuple[str, ...]]) -> None:
    assert summary(html) == expected


@pytest.mark.parametrize(
    ("html", "texts"),
    [
        ("<svg><title>icon</title></svg><title>page</title>", [("title", "page")]),
        ("<svg><style>a{}</style></svg><style>b{}</style>", [("style", "b{}")]),
        ("<svg/><title>page</title>", [("title", "page")]),
        ("<svg><svg></svg><title>icon</title></svg><title>page</title>", [("title", "page")]),
        ("<math><mi>x</mi></math><title>page</title>", [("title", "page")]),
        ("<svg><p><title>page</title>", [("title", "page")]),  # <p> breaks out of SVG
        ("<svg></p><title>page</title>", [("title", "page")]),
        ('<svg><font color="red"><title>page</title>', [("title", "page")]),
        ("<svg><font><title>icon</title></svg>", []),
    ],
)
def test_svg_and_mathml_have_no_raw_text(html: str, texts: list[tuple[str, str]]) -> None:
    assert [(token.parent, token.text) for token in tokenize(html) if isinstance(token, Text)] == texts


def test_cdata_is_skipped_in_svg() -> None:
    assert summary("<svg><![CDATA[ a > <img> ]]></svg>") == [("tag", "svg"), ("end", "svg")]
    assert summary("<svg><![CDATA[ <img>") == [("tag", "svg")]


def test_positions() -> None:
    text = "<html>\n  <img src=x>\n\t<p>é€😀<b>\n</p>"
    tokens = tokenize(text)
    assert tokens == [
        Tag("html", {}, 1, 1, 0, 6, False),
        Tag("img", {"src": "x"}, 2, 3, 9, 20, False),
        Tag("p", {}, 3, 2, 22, 25, False),
        Tag("b", {}, 3, 8, 28, 31, False),  # columns count characters, not bytes or UTF-16 units
        EndTag("p", 4, 1, 32),
    ]


def test_positions_with_crlf_and_lone_cr() -> None:
    tokens = tokenize("x\r\n<b>\r\n  <i>\r\r\n<u>\r<s>")  # "\r\r\n" is two line breaks, as in an editor
    assert [(token.line, token.column) for token in tokens] == [(2, 1), (3, 3), (5, 1), (6, 1)]
    assert [token.offset for token in tokens] == [3, 10, 16, 20]


def test_start_position_of_embedded_html() -> None:
    tokens = tokenize('  <img src="a">\n<b>', line=10, column=5)
    assert [(token.line, token.column, token.offset) for token in tokens] == [(10, 7, 2), (11, 1, 16)]


def test_text_positions() -> None:
    [_, on_same_line, _, _, after_newline, _] = tokenize("<title>x</title><style\n media=print>y</style>")
    assert (on_same_line.line, on_same_line.column, on_same_line.offset) == (1, 8, 7)
    assert (after_newline.line, after_newline.column, after_newline.offset) == (2, 14, 36)


def test_tag_spans_its_source() -> None:
    text = 'x <img\nsrc="a>b" /> y'
    tag = only_tag(text)
    assert text[tag.offset : tag.end] == '<img\nsrc="a>b" />'


def test_tokens_are_plain_frozen_records() -> None:
    tokens = tokenize('<img src="a"><img src="a"><!-- c --><title>t</title>')
    first, second = tokens[:2]
    assert isinstance(first, Tag) and isinstance(second, Tag)
    with pytest.raises(AttributeError):
        first.name = "b"  # type: ignore[misc]
    assert first.attrs == second.attrs  # read-only (a Mapping) and shared by tags written alike
    assert pickle.loads(pickle.dumps(tokens)) == tokens
    assert [dataclasses.asdict(token) for token in tokens]  # every kind of token converts
    assert dataclasses.asdict(first) == {
        "name": "img",
        "attrs": {"src": "a"},
        "line": 1,
        "column": 1,
        "offset": 0,
        "end": 13,
        "self_closing": False,
    }


ADVERSARIAL = [
    "<a " + '"' * 100_000,
    '<a "' + '"' * 100_000,
    "<!--" * 100_000,
    "<" * 1_000_000,
    "<a b=" * 100_000,
    "<a b='" * 100_000,
    '<a b="' * 100_000,
    "<a" * 100_000,
    "</a" * 100_000,
    "<a/" * 100_000,
    "<a " + "=" * 100_000,
    "<a " + "b " * 100_000 + ">",
    "<a " + "b=c " * 100_000,
    '<a b="' + "&amp" * 100_000 + '">',
    "<!" * 100_000,
    "<![CDATA[" * 100_000,
    "<svg>" + "<![CDATA[" * 100_000,
    "<script>" + "<!--<script>" * 100_000,
    "<script><!--" + "</script" * 100_000,
    "<title>" * 100_000,
    "<a>\n" * 200_000,
    "-->" * 100_000,
    "<!--" + "-" * 100_000,
    "<!--" + "--!" * 100_000,
    "<p " + "/" * 100_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda text: f"{text[:12]!r}x{len(text)}")
def test_adversarial_input_finishes(text: str) -> None:
    # A quadratic scan or a backtracking regex would take minutes on each of these.
    tokens = tokenize(text)
    assert all(isinstance(token, Token) for token in tokens)


MARKUP_ALPHABET = st.sampled_from(
    [
        *"<>\"'=/!-?&;aBz \n\r\té\0",
        "<!--",
        "-->",
        "</",
        "script",
        "style",
        "title",
        "svg",
        "p",
        "img",
        "[CDATA[",
        "#x41;",
    ]
)


@given(st.lists(MARKUP_ALPHABET, max_size=60).map("".join), st.integers(1, 5), st.integers(1, 5))
def test_tokens_are_ordered_and_placed(text: str, line: int, column: int) -> None:
    tokens = tokenize(text, line, column)
    offsets = [token.offset for token in tokens]
    assert offsets == sorted(offsets)
    for token in tokens:
        assert (token.line, token.column) == expected_position(text, token.offset, line, column)
        if isinstance(token, Tag):
            assert text[token.offset] == "<" and text[token.offset + 1].isascii() and text[token.offset + 1].isalpha()
            assert text[token.end - 1] == ">"
            assert not any("A" <= char <= "Z" for char in token.name)
        elif isinstance(token, EndTag | Comment):
            assert text.startswith("</" if isinstance(token, EndTag) else "<!--", token.offset)


@given(st.text(max_size=200))
def test_any_text_tokenizes(text: str) -> None:
    tokenize(text)


@pytest.mark.parametrize(
    "text",
    [
        bytes(range(256)).decode("latin-1") * 3,
        b"\xff\xfe<\x00i\x00m\x00g\x00>\xc3<a b='\xed\xa0\x80'>".decode("utf-8", "surrogateescape"),
        '<div{% if x %} class="a"{% endif %}>{{ y }}</div{{ z }}>',
    ],
)
def test_junk_tokenizes(text: str) -> None:
    tokenize(text)


def expected_position(text: str, offset: int, line: int, column: int) -> tuple[int, int]:
    """Count a position the slow, obvious way: a line ends at CRLF, CR or LF."""
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:offset]))
    if not breaks:
        return line, column + offset
    return line + len(breaks), offset - breaks[-1].end() + 1


NAMES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
VALUES = st.text(st.characters(exclude_characters="&\"'", codec="utf-8"), max_size=10)


@given(NAMES, st.dictionaries(NAMES.map(lambda name: f"data-{name}"), VALUES, max_size=4), st.booleans())
def test_rendered_tags_round_trip(name: str, attrs: dict[str, str], double: bool) -> None:
    quote = '"' if double else "'"
    rendered = "".join(f" {key}={quote}{value}{quote}" for key, value in attrs.items())
    tag = only_tag(f"text <{name.upper()}{rendered}> text")
    assert (tag.name, dict(tag.attrs)) == (name, attrs)
