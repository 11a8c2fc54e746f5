from __future__ import annotations

import pytest
import tinycss2

from perflint.css.media import on_phone


@pytest.mark.parametrize(
    ("query", "verdict"),
    [
        ("screen", True),
        ("all", True),
        ("", True),
        ("(max-width: 768px)", True),
        ("only screen and (max-width: 48em)", True),
        ("(min-width: 0)", True),
        ("(min-width: 768px)", False),
        ("screen and (min-width: 30em)", False),  # 480 px
        ("(max-width: 320px)", False),
        ("print", False),
        ("print, (min-width: 1200px)", False),
        ("print, screen", True),
        ("(orientation: portrait)", None),
        ("not print", None),
        ("(max-width: calc(100px + 50vw))", None),
        ("(min-width: 768px), (hover: none)", None),
    ],
)
def test_on_a_412_px_phone(query: str, verdict: bool | None) -> None:
    assert on_phone(tinycss2.parse_component_value_list(query), 412) is verdict
