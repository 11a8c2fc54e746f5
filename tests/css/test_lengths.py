from __future__ import annotations

import pytest
import tinycss2

from perflint.css.lengths import fixed_px


@pytest.mark.parametrize(
    ("value", "px"),
    [
        ("960px", 960.0),
        ("0", 0.0),
        ("10in", 960.0),
        ("72pt", 96.0),
        ("6pc", 96.0),
        ("2.54cm", 96.0),
        ("25.4mm", 96.0),
        ("101.6Q", 96.0),
        ("calc(900px + 2 * 30px)", 960.0),
        ("calc((10px + 5px) * 2)", 30.0),
        ("calc(1000px / 2 - 20px)", 480.0),
        ("max(600px, 8in)", 768.0),
        ("min(600px, 500px)", 500.0),
        ("clamp(100px, 600px, 500px)", 500.0),
    ],
)
def test_fixed_lengths(value: str, px: float) -> None:
    assert fixed_px(tinycss2.parse_component_value_list(value)) == pytest.approx(px)


@pytest.mark.parametrize(
    "value",
    [
        "50%",
        "40em",
        "30rem",
        "100vw",
        "auto",
        "5",
        "calc(100% - 20px)",
        "min(960px, 100vw)",
        "max(600px, 50%)",
        "clamp(300px, 50vw, 900px)",
        "var(--width)",
        "calc(1px / 0)",
        "calc(2px 3px)",
        "calc(2px +)",
        "960px 10px",
        "calc(" * 100 + "1px" + ")" * 100,
    ],
)
def test_lengths_that_depend_on_the_screen_are_not_fixed(value: str) -> None:
    assert fixed_px(tinycss2.parse_component_value_list(value)) is None
