"""Read a `<meta name="viewport">` content attribute the way Chrome and Safari do.

Both split it with Blink's (and WebKit's) loop, inherited from Internet Explorer: keys and
values end at whitespace, `=` or `,`. A `;` is NOT a separator there, only in Firefox, so
`width=device-width;` is the unknown width `device-width;` and is ignored, while `1.0;`
still reads as 1.0 (numbers are read from their leading digits). Keys and keyword values are
matched without regard to case; for repeated keys the last one wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = frozenset(" \t\n\r=,\0")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_LEADING_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# How an author means the pairs: split at commas, semicolons and whitespace, as Firefox does.
_WRITTEN_PAIR = re.compile(r"([^\s,;=]+)(?:\s*=\s*([^\s,;=]*))?")


@dataclass(frozen=True)
class Viewport:
    """A parsed content attribute: what browsers read, and the pairs as written."""

    values: dict[str, str]  # lower-cased key -> lower-cased value, as Chrome and Safari split them
    written: tuple[tuple[str, str], ...]  # (key, value) as written, split at commas and semicolons too

    def get(self, key: str) -> str | None:
        """Return the value browsers read for `key`, or None when it is not set."""
        return self.values.get(key)

    def meant(self, key: str) -> str | None:
        """Return the last value written for `key` when `;` is read as a separator, lower-cased."""
        found = [value for name, value in self.written if name.lower() == key]
        return found[-1].lower() if found else None

    def rewrite(self, replace: dict[str, str] | None = None, drop: frozenset[str] = frozenset()) -> str:
        """Return the content as it should be written: commas, `replace`d values, `drop`ped keys.

        A replaced key keeps the place of its first pair; one not written yet is added, `width`
        first and any other at the end.
        """
        replace = replace or {}
        pairs: list[str] = []
        done: set[str] = set()
        for name, value in self.written:
            key = name.lower()
            if key in drop or key in done:
                continue
            if key in replace:
                pairs.append(f"{key}={replace[key]}")
                done.add(key)
            else:
                pairs.append(f"{name}={value}" if value else name)
        added = [f"{key}={value}" for key, value in replace.items() if key not in done]
        front = [pair for pair in added if pair.startswith("width=")]
        return ", ".join([*front, *pairs, *(pair for pair in added if pair not in front)])


def parse(content: str) -> Viewport:
    """Parse a viewport content attribute (Blink's `ParseViewportContentAttribute`)."""
    text = content.translate(_ASCII_LOWER)  # str.lower could change the length
    length = len(text)

    def at(index: int) -> str:
        return text[index] if index < length else "\0"  # Blink reads the terminating NUL

    values: dict[str, str] = {}
    i = 0
    while i < length:
        while at(i) in _SEPARATORS and i < length:
            i += 1
        key_start = i
        while at(i) not in _SEPARATORS:
            i += 1
        key = text[key_start:i]
        while at(i) != "=" and at(i) != "," and i < length:  # to the '=', not past a ',' or the end
            i += 1
        while at(i) in _SEPARATORS and at(i) != "," and i < length:
            i += 1
        value_start = i
        while at(i) not in _SEPARATORS:
            i += 1
        if key:
            values[key] = text[value_start:i]
    return Viewport(values, tuple(_WRITTEN_PAIR.findall(content)))


def leading_number(value: str) -> float | None:
    """Return the number `value` starts with (`1.0px` -> 1.0), or None, as browsers read values."""
    found = _LEADING_NUMBER.match(value)
    return float(found.group()) if found else None


def width(value: str) -> str | float | None:
    """Return a width value as a keyword, a number of pixels, or None when browsers ignore it."""
    keyword = value.lower()
    if keyword in ("device-width", "device-height"):
        return keyword
    number = leading_number(keyword)
    return None if number is None or number < 0 else number


def scale(value: str) -> float | None:
    """Return a scale value (`initial-scale`, `maximum-scale`) clamped to 0.1-10, or None for auto.

    `yes` is 1, `no` 0.1, `device-width` and `device-height` 10 (CSS Device Adaptation); a value
    with no leading number counts as 0, clamped to 0.1, as Chrome reads it; negative means auto.
    """
    keyword = value.lower()
    keywords = {"yes": 1.0, "no": 0.1, "device-width": 10.0, "device-height": 10.0}
    if keyword in keywords:
        return keywords[keyword]
    number = leading_number(keyword)
    if number is not None and number < 0:
        return None
    return min(10.0, max(0.1, number or 0.0))


def allows_zoom(value: str) -> bool:
    """Tell whether a `user-scalable` value lets visitors zoom.

    `yes`, `device-width`, `device-height` and numbers at least 1 away from 0 allow it; `no`,
    numbers strictly between -1 and 1, and anything else (`false`, `true`, an empty value) do not:
    Chrome maps every value it does not know to no.
    """
    keyword = value.lower()
    if keyword in ("yes", "device-width", "device-height"):
        return True
    number = leading_number(keyword)
    return number is not None and abs(number) >= 1
