from __future__ import annotations

import pytest

from perflint.css.unused import usage
from perflint.site.markup import Markup

MARKUP = Markup(
    elements=frozenset({"html", "head", "body", "main", "p", "a", "table", "tbody"}),
    classes=frozenset({"card", "btn"}),
    ids=frozenset({"top"}),
    attributes=frozenset({"class", "id", "href", "data-toggle"}),
    script_words=frozenset({"show", "modal"}),
    remote_scripts=False,
)


@pytest.mark.parametrize(
    ("selector", "used"),
    [
        (".card", True),
        ("main .card > a:hover", True),  # a pseudo-class may hold
        ("p::before", True),
        (".show", True),  # a script names it: it may add it
        ("#top", True),
        ("[data-toggle=collapse]", True),
        ("my-widget .card", True),  # a custom element a script may create
        ("table tbody", True),
        (":root", True),
        (".card:not(.missing)", True),
        (".missing", False),
        ("p.card.missing", False),
        ("nav a", False),
        ("#bottom", False),
        ("[data-missing]", False),
        (".missing, .card", True),  # one selector of the list may match
    ],
)
def test_a_rule_is_used_where_each_name_it_asks_for_exists(selector: str, used: bool) -> None:
    measured = usage(f"{selector} {{ color: red }}", MARKUP)
    assert (measured.rules, measured.unused_rules) == (1, 0 if used else 1)


def test_the_share_is_of_the_rules_bytes() -> None:
    measured = usage(".card{color:red}\n.missing{color:red}\n@media (min-width: 600px){.gone{color:blue}}", MARKUP)
    assert (measured.rules, measured.unused_rules) == (3, 2)
    assert measured.unused_bytes == measured.rule_bytes - usage(".card{color:red}", MARKUP).rule_bytes
    assert 0.6 < measured.unused_share < 0.8
