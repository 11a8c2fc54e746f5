from __future__ import annotations

import pytest

from perflint.css.mobile import PhoneProblem, phone_problems


def problems(css: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.selector, p.declaration) for p in phone_problems(css, 480, 12)]


def test_a_fixed_page_width_is_a_problem() -> None:
    assert phone_problems(".container {\n  width: 960px;\n}", 480, 12) == [
        PhoneProblem("width", ".container", "width: 960px", 960.0, 2, 3)
    ]


@pytest.mark.parametrize(
    "css",
    [
        ".container { width: 960px }",
        "body { min-width: 1024px }",
        "html body > #page { width: 10in }",
        "main { width: calc(900px + 60px) }",
        "@media screen { .wrapper { width: 1000px } }",
        "@media all, print { .wrapper { width: 1000px } }",
        "@supports (display: grid) { @layer base { .wrapper { width: 1000px } } }",
        ".layout { width: 960px; max-width: 1200px }",
        ".layout { min-width: 960px; max-width: 100% }",  # max-width does not cap min-width
        ".a, .b .c { width: 960px }",
    ],
)
def test_reported_widths(css: str) -> None:
    assert [kind for kind, _, _ in problems(css)] == ["width"]


@pytest.mark.parametrize(
    "css",
    [
        ".box { width: 480px }",
        ".box { width: 960px; max-width: 100% }",
        ".box { width: 960px } .box { max-width: 90vw }",
        ".box { width: 960px; max-width: 400px }",
        ".box { width: 960px; position: absolute }",
        ".box { width: 960px } .box.closed { display: none }",
        ".box { width: 960px } @media (max-width: 767px) { .box { width: auto } }",
        ".box { width: 960px; @media (max-width: 767px) { width: auto } }",
        "@media (min-width: 992px) { .box { width: 960px } }",
        "@media print { .box { width: 7in } }",
        "@container (min-width: 700px) { .box { width: 680px } }",
        "@media screen and (min-width: 992px) { .box { width: 960px } }",
        ".card .title { width: 600px }",
        ".btn.wide { width: 600px }",
        "a:hover { width: 600px }",
        ".x::after { width: 900px }",
        "[data-open] { width: 900px }",
        "img { width: 1200px } table { width: 900px } pre { width: 800px } textarea { width: 600px }",
        ".x { & .y { width: 900px } }",
        "@keyframes grow { to { width: 900px } }",
        ".box { width: 60em } .b { width: 100vw } .c { width: var(--w) } .d { width: calc(100% - 2px) }",
    ],
)
def test_silent_widths(css: str) -> None:
    assert problems(css) == []


@pytest.mark.parametrize(
    ("css", "selector"),
    [
        ("body { font-size: 11px }", "body"),
        ("article p { font: italic 8pt/1.4 Georgia }", "article p"),
        ("main { font-size: x-small }", "main"),
        ("p { font-size: 11px; font-size: 16px; font-size: 10px !important }", "p"),
        ("body { font-size: 10px } p { font-size: 11px }", "body"),
    ],
)
def test_reported_font_sizes(css: str, selector: str) -> None:
    assert (problems(css) or [("", "", "")])[0][:2] == ("font-size", selector)


@pytest.mark.parametrize(
    "css",
    [
        ".badge { font-size: 10px }",
        "small, sup, .legal { font-size: 9px }",
        "footer p { font-size: 11px }",
        "p.caption { font-size: 10px }",
        "body.compact p { font-size: 11px }",
        "html { font-size: 10px }",
        "body { font-size: 0 }",
        "body { font-size: 62.5% }",
        "body { font-size: 12px }",
        "body { font: caption }",
        "body { font-size: 10px } p { font-size: 1.6em }",
        "p { font-size: 11px } @media (max-width: 600px) { p { font-size: 16px } }",
        "@media print { body { font-size: 8pt } }",
    ],
)
def test_silent_font_sizes(css: str) -> None:
    assert problems(css) == []


def test_limits_are_parameters() -> None:
    css = ".container { width: 960px } body { font-size: 13px }"
    assert [p.kind for p in phone_problems(css, 1000, 14)] == ["font-size"]


@pytest.mark.parametrize(
    "css",
    [
        ".a{width:960px} " * 60_000,
        "{" * 50_000,
        ".a{" * 5_000 + "width:960px",
        ".a{width:" + "calc(" * 5_000 + "1px",
        "a" + ":is(" * 3_000 + "b" + ")" * 3_000 + "{width:960px}",
        'body{font-size:11px;content:"never closed',
        "\x00}{;:@\\",
    ],
    ids=["1mb-line", "deep-braces", "deep-nesting", "deep-calc", "deep-selector", "open-string", "junk"],
)
def test_hostile_input_does_not_raise(css: str) -> None:
    phone_problems(css, 480, 12)
