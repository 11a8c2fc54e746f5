"""Turn CSS lengths that are the same on every screen into CSS pixels (96 to the inch)."""

from __future__ import annotations

from typing import Any

from perflint.css.styles import split_commas

UNITS = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
MAX_DEPTH = 16


def fixed_px(tokens: Any) -> float | None:
    """Return the length `tokens` spell, in px, if no part of it depends on the screen or the text.

    `960px`, `10in`, `calc(900px + 2 * 30px)` and `max(600px, 8in)` are fixed; `50%`, `40em`,
    `calc(100% - 20px)`, `min(960px, 100vw)` and `var(--width)` are not (None).
    """
    values = significant(tokens)
    return _value(values[0], 0, scalar=False) if len(values) == 1 else None


def significant(tokens: Any) -> list[Any]:
    """Return the tokens that are not whitespace or comments."""
    return [token for token in tokens if token.type not in ("whitespace", "comment")]


def _value(token: Any, depth: int, scalar: bool) -> float | None:
    """Return one operand in px (or, where `scalar`, a plain number); None if not fixed."""
    if token.type == "dimension":
        factor = UNITS.get(token.lower_unit)
        return None if factor is None else float(token.value) * factor
    if token.type == "number":
        return float(token.value) if scalar or token.value == 0 else None
    if depth >= MAX_DEPTH:
        return None
    if token.type == "() block":
        return _sum(token.content, depth + 1)
    if token.type != "function":
        return None
    if token.lower_name == "calc":
        return _sum(token.arguments, depth + 1)
    if token.lower_name not in ("min", "max", "clamp"):
        return None
    values = [_sum(argument, depth + 1) for argument in split_commas(token.arguments)]
    if not values or any(value is None for value in values):
        return None
    known = [value for value in values if value is not None]
    if token.lower_name == "clamp":
        return max(known[0], min(known[1], known[2])) if len(known) == 3 else None
    return min(known) if token.lower_name == "min" else max(known)


def _sum(tokens: Any, depth: int) -> float | None:
    """Evaluate `a + b * c - d / e` over fixed operands; None if any part is not fixed."""
    total, sign, term, operator = 0.0, 1.0, None, None
    for token in significant(tokens):
        symbol = token.value if token.type == "literal" else None
        if symbol in ("+", "-") and term is not None and operator is None:
            total, sign, term = total + sign * term, (1.0 if symbol == "+" else -1.0), None
        elif symbol in ("*", "/") and term is not None and operator is None:
            operator = symbol
        else:
            value = _value(token, depth, scalar=True)
            if value is None or (term is not None and operator is None) or (operator == "/" and value == 0):
                return None
            term = value if term is None else term * value if operator == "*" else term / value
            operator = None
    return None if term is None or operator is not None else total + sign * term
