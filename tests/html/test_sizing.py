from __future__ import annotations

import pytest

from perflint.html import sizing
from perflint.html.sizing import HEIGHT, RATIO, WIDTH, Value
from perflint.html.tokenizer import Tag, tokenize


def img(markup: str) -> Tag:
    [tag] = [token for token in tokenize(markup) if isinstance(token, Tag)]
    return tag


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("width: 120px; height: 80px", {WIDTH: Value.SURE, HEIGHT: Value.SURE}),
        ("width: 100%; height: 100%", {WIDTH: Value.SURE, HEIGHT: Value.MAYBE}),
        ("width: calc(100% - 2rem); aspect-ratio: 16 / 9", {WIDTH: Value.SURE, RATIO: Value.SURE}),
        ("width: min(600px, 90vw); aspect-ratio: auto 3 / 2", {WIDTH: Value.SURE, RATIO: Value.SURE}),
        ("width: 100; height: auto", {WIDTH: Value.NONE, HEIGHT: Value.NONE}),
        ("width: initial; height: unset", {WIDTH: Value.NONE, HEIGHT: Value.NONE}),
        ("width: inherit; height: fit-content", {WIDTH: Value.NONE, HEIGHT: Value.NONE}),
        ("width: 0; height: 12rem", {WIDTH: Value.SURE, HEIGHT: Value.SURE}),
        ("width: var(--w); aspect-ratio: var(--ratio)", {WIDTH: Value.MAYBE, RATIO: Value.MAYBE}),
        ("aspect-ratio: auto", {RATIO: Value.NONE}),
        ("aspect-ratio: 16:9", {RATIO: Value.NONE}),
        ("inline-size: 10rem; block-size: 5rem", {WIDTH: Value.SURE, HEIGHT: Value.SURE}),
        ("width: 10px !important; width: auto", {WIDTH: Value.SURE}),
        ("width: 10px; width: auto", {WIDTH: Value.NONE}),
        ("width: {{ .Width }}px; height: auto", {WIDTH: Value.MAYBE, HEIGHT: Value.MAYBE}),
        ("max-width: 100%", {}),
    ],
)
def test_inline_style(style: str, expected: dict[str, Value]) -> None:
    assert sizing.inline_style(img(f'<img style="{style}">')) == expected


def test_unitless_length_counts_in_quirks_mode() -> None:
    assert sizing.inline_style(img('<img style="width: 100">'), quirks=True) == {WIDTH: Value.SURE}


def test_ignored_in_style_shows_what_is_written() -> None:
    tag = img('<img style="width: 100; height: AUTO; max-width: 100%">')
    assert sizing.ignored_in_style(tag) == ["width: 100", "height: AUTO"]


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        ("aspect-3/1 w-40", {WIDTH, RATIO}),
        ("w-64 aspect-[3/1] mx-auto", {WIDTH, RATIO}),
        ("aspect-video w-full", {WIDTH, RATIO}),
        ("aspect-square h-12", {HEIGHT, RATIO}),
        ("size-16", {WIDTH, HEIGHT}),
        ("!w-[300px] h-[200px]", {WIDTH, HEIGHT}),
        ("w-1/2 h-1/2", {WIDTH}),  # a height in % depends on the parent
        ("w-full h-full", {WIDTH}),
        ("size-full", set()),
        ("md:w-64 lg:aspect-video", set()),
        ("w-auto h-fit aspect-auto", set()),
        ("card wide", set()),
    ],
)
def test_tailwind(classes: str, expected: set[str]) -> None:
    assert sizing.tailwind(img(f'<img class="{classes}">')) == expected


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("img", (0, 0, 1)),
        (".card img", (0, 1, 1)),
        ("#hero", (1, 0, 0)),
        ("ul > li > a > .icon", (0, 1, 3)),
        ("img:not(.plain)", (0, 1, 1)),
        ("img:is(#a, .b)", (1, 0, 1)),
        (":where(.card) img", (0, 0, 1)),
        ("img[alt]::after", (0, 1, 2)),
    ],
)
def test_specificity(selector: str, expected: tuple[int, int, int]) -> None:
    [rule] = sizing.size_rules(f"{selector} {{ width: 1px }}")
    assert rule.specificity == expected


CSS = """
img { max-width: 100%; height: auto; }
.avatar { width: 64px; height: 64px; }
.card img { height: auto; }
#hero { width: 100%; aspect-ratio: 16 / 9; }
@media (min-width: 40em) { .thumb { width: 10rem; height: 10rem; } }
.pin { width: 1em !important; height: 1em !important; }
.box img { width: auto; height: auto; }
"""


@pytest.mark.parametrize(
    ("markup", "names", "expected"),
    [
        ('<img class="avatar">', frozenset({"img"}), {WIDTH, HEIGHT}),  # no .card on the page
        ('<img class="avatar">', frozenset({"img", ".card"}), {WIDTH}),  # `.card img` may win
        ('<img class="avatar">', None, set()),  # a fragment: the page around it may hold a .card or a .box
        ('<img class="avatar" style="height: auto">', frozenset({"img"}), {WIDTH}),
        ('<img id="hero">', None, {WIDTH, RATIO}),
        ('<img class="thumb">', None, set()),  # only on wide screens
        ('<img class="pin" style="height: auto">', None, {WIDTH, HEIGHT}),  # !important beats the style
        ('<img class="other">', None, set()),
    ],
)
def test_from_stylesheets(markup: str, names: frozenset[str] | None, expected: set[str]) -> None:
    tag = img(markup)
    rules = sizing.index(sizing.size_rules(CSS))
    found = sizing.from_stylesheets(tag, sizing.candidates(rules, tag), sizing.inline_style(tag), names)
    assert found == expected


def test_all_reset_undoes_sizes() -> None:
    tag = img('<img class="avatar plain">')
    rules = sizing.index(sizing.size_rules(".avatar { width: 64px; height: 64px } .avatar.plain { all: unset }"))
    assert sizing.from_stylesheets(tag, sizing.candidates(rules, tag), {}, None) == set()
