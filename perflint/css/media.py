"""Tell whether a media query list matches a phone's screen: surely, never, or perhaps.

Read as far as a static check can be sure: media types (`print` never shows on a screen) and
`min-width` / `max-width` in px or em (16 px, as media queries count it) against the phone's
width. Anything else (`not`, orientation, resolution, ranges, calc()) may or may not match.
"""

from __future__ import annotations

from typing import Any

from perflint.css.lengths import significant
from perflint.css.styles import split_commas

_SCREEN_TYPES = frozenset({"all", "screen"})
_OTHER_TYPES = frozenset({"print", "speech", "tty", "tv", "projection", "handheld", "braille", "embossed", "aural"})
_UNIT_PX = {"px": 1.0, "em": 16.0, "rem": 16.0}


def on_phone(prelude: Any, width: float) -> bool | None:
    """Tell whether a media query list matches a screen `width` CSS px wide: True, False, or None when unsure."""
    verdicts = [_query(significant(query), width) for query in split_commas(prelude)]
    if any(verdict is True for verdict in verdicts) or not verdicts:
        return True
    return False if all(verdict is False for verdict in verdicts) else None


def _query(tokens: list[Any], width: float) -> bool | None:
    """Judge one media query: its type and its width features, joined by `and`."""
    verdicts: list[bool | None] = []
    for token in tokens:
        if token.type == "ident" and token.lower_value in ("and", "only"):
            continue
        if token.type == "ident" and token.lower_value in _SCREEN_TYPES:
            verdicts.append(True)
        elif token.type == "ident" and token.lower_value in _OTHER_TYPES:
            verdicts.append(False)
        elif token.type == "() block":
            verdicts.append(_feature(significant(token.content), width))
        else:
            return None  # `not`, a function, anything unknown
    if any(verdict is False for verdict in verdicts):
        return False
    return True if all(verdict is True for verdict in verdicts) else None


def _feature(tokens: list[Any], width: float) -> bool | None:
    """Judge `(min-width: 768px)` or `(max-width: 40em)` against the width; None for any other feature."""
    if len(tokens) != 3 or tokens[0].type != "ident" or tokens[1].type != "literal" or tokens[1].value != ":":
        return None
    name, value = tokens[0].lower_value, tokens[2]
    factor = _UNIT_PX.get(value.lower_unit) if value.type == "dimension" else 0.0 if value.type == "number" else None
    if factor is None or (value.type == "number" and value.value != 0):
        return None
    px = float(value.value) * factor
    if name == "min-width":
        return width >= px
    if name == "max-width":
        return width <= px
    return None
