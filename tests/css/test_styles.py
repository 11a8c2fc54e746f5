from __future__ import annotations

import pytest

from perflint.css.analysis import parse
from perflint.css.styles import MAX_DEPTH, Compound, as_text, selectors, style_rules


def rules_of(css: str) -> list[tuple[str, list[str], list[str], bool, int, int]]:
    return [
        (
            as_text(r.prelude),
            [d.lower_name for d in r.declarations],
            [k for k, _ in r.at_rules],
            r.nested,
            r.line,
            r.column,
        )
        for r in style_rules(parse(css))
    ]


def test_style_rules_at_every_depth() -> None:
    css = (
        "a { color: red }\n"
        "@media (min-width: 600px) { .b { width: 1px } }\n"
        "@supports (display: grid) { @layer x { .c { display: grid } } }\n"
        "@font-face { font-family: x }\n"
        "@keyframes k { from { width: 0 } }\n"
        ".d { margin: 0; @media print { margin: 1in } .e { color: blue } }\n"
    )
    assert rules_of(css) == [
        ("a", ["color"], [], False, 1, 1),
        (".b", ["width"], ["media"], False, 2, 29),
        (".c", ["display"], ["supports", "layer"], False, 3, 40),
        (".d", ["margin"], [], False, 6, 1),
        (".d", ["margin"], ["media"], False, 6, 17),
        (".e", ["color"], [], True, 6, 46),
    ]


def test_declared_keeps_the_winning_declaration() -> None:
    [rule] = style_rules(parse("a { width: 1px; width: 2px !important; width: 3px; color: red; color: blue }"))
    declared = rule.declared()
    assert as_text(declared["width"].value) == "2px"
    assert as_text(declared["color"].value) == "blue"


@pytest.mark.parametrize(
    ("selector", "compounds"),
    [
        (".container", [Compound(None, (".container",))]),
        ("DIV.card#main", [Compound("div", (".card", "#main"))]),
        ("body > main .title", [Compound("body", ()), Compound("main", ()), Compound(None, (".title",))]),
        ("a:hover::before", [Compound("a", (":hover", "::before"))]),
        ("p:first-line", [Compound("p", ("::first-line",))]),
        ("*[data-x='1']", [Compound("*", ('[data-x="1"]',))]),
        ("li:not(.a, .b)", [Compound("li", (":not(.a, .b)",))]),
        ("& .x", [Compound(None, ("&",)), Compound(None, (".x",))]),
        ("\x1c", [Compound(None, ("?",))]),  # a character Python counts as whitespace, CSS does not
    ],
)
def test_selectors_split_into_compounds(selector: str, compounds: list[Compound]) -> None:
    [rule] = style_rules(parse(selector + " { color: red }"))
    [parsed] = selectors(rule.prelude)
    assert list(parsed.compounds) == compounds


def test_selector_lists_split_at_top_level_commas() -> None:
    [rule] = style_rules(parse("a,\n  .b:is(.c, .d) ,#e { x: y }"))
    assert [s.text for s in selectors(rule.prelude)] == ["a", ".b:is(.c, .d)", "#e"]


def test_as_text_does_not_recurse_on_deep_nesting() -> None:
    [rule] = style_rules(parse("a" + ":is(" * 3000 + "b" + ")" * 3000 + "{x:y}"))
    assert as_text(rule.prelude) == "..."
    assert selectors(rule.prelude)[0].text == "..."


def test_deep_nesting_stops_quietly() -> None:
    assert len(list(style_rules(parse(".a{x:y;" * 5000)))) == MAX_DEPTH
