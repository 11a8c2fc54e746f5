from __future__ import annotations

import pytest

from perflint.html.viewport import allows_zoom, leading_number, parse, scale, width


@pytest.mark.parametrize(
    ("content", "values"),
    [
        ("width=device-width, initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
        ("WIDTH = Device-Width ,Initial-Scale= 1.0", {"width": "device-width", "initial-scale": "1.0"}),
        ("width=device-width initial-scale=1", {"width": "device-width", "initial-scale": "1"}),
        ("\twidth=device-width,\n\n maximum-scale=1", {"width": "device-width", "maximum-scale": "1"}),
        # Chrome and Safari do not split at ';': it stays in the value.
        ("width=device-width; initial-scale=1", {"width": "device-width;", "initial-scale": "1"}),
        ("width=device-width;initial-scale=1", {"width": "device-width;initial-scale", "1": ""}),
        ("width=1024, width=device-width", {"width": "device-width"}),
        ("minimal-ui, width=device-width", {"minimal-ui": "", "width": "device-width"}),
        ("user-scalable", {"user-scalable": ""}),
        (",, ,", {}),
        ("", {}),
    ],
)
def test_parse_splits_as_chrome_does(content: str, values: dict[str, str]) -> None:
    assert parse(content).values == values


def test_parse_keeps_the_pairs_as_written() -> None:
    parsed = parse("Width=device-width;initial-scale=1.0 ; Viewport-Fit=cover")
    assert parsed.written == (("Width", "device-width"), ("initial-scale", "1.0"), ("Viewport-Fit", "cover"))
    assert parsed.meant("width") == "device-width"
    assert parsed.meant("height") is None


@pytest.mark.parametrize(
    ("content", "replace", "drop", "result"),
    [
        ("width=1024", {"width": "device-width", "initial-scale": "1"}, (), "width=device-width, initial-scale=1"),
        ("initial-scale=2", {"width": "device-width"}, (), "width=device-width, initial-scale=2"),
        ("width=1;width=2, minimal-ui", {"width": "device-width"}, (), "width=device-width, minimal-ui"),
        (
            "width=device-width, maximum-scale=1, user-scalable=no",
            {},
            ("maximum-scale", "user-scalable"),
            "width=device-width",
        ),
        ("user-scalable=no", {}, ("user-scalable",), ""),
    ],
)
def test_rewrite(content: str, replace: dict[str, str], drop: tuple[str, ...], result: str) -> None:
    assert parse(content).rewrite(replace, frozenset(drop)) == result


@pytest.mark.parametrize(
    ("value", "number"),
    [("1", 1.0), ("1.0px", 1.0), ("-0.5", -0.5), (".5", 0.5), ("2e1", 20.0), ("1.0;", 1.0), ("no", None), ("", None)],
)
def test_leading_number(value: str, number: float | None) -> None:
    assert leading_number(value) == number


@pytest.mark.parametrize(
    ("value", "result"),
    [("device-width", "device-width"), ("Device-Height", "device-height"), ("1024", 1024.0), ("660px", 660.0),
     ("-1", None), ("device-width;", None), ("auto", None)],
)  # fmt: skip
def test_width(value: str, result: str | float | None) -> None:
    assert width(value) == result


@pytest.mark.parametrize(
    ("value", "result"),
    [("1", 1.0), ("yes", 1.0), ("no", 0.1), ("device-width", 10.0), ("DEVICE-HEIGHT", 10.0), ("3", 3.0),
     ("20", 10.0), ("0", 0.1), ("1.0px", 1.0), ("-1", None), ("auto", 0.1)],
)  # fmt: skip
def test_scale(value: str, result: float | None) -> None:
    assert scale(value) == result


@pytest.mark.parametrize(
    ("value", "allowed"),
    [("yes", True), ("YES", True), ("1", True), ("-1", True), ("2", True), ("device-width", True),
     ("no", False), ("0", False), ("0.5", False), ("-0.5", False), ("0.99", False), ("false", False),
     ("true", False), ("yes;", False), ("", False)],
)  # fmt: skip
def test_allows_zoom(value: str, allowed: bool) -> None:
    assert allows_zoom(value) is allowed
