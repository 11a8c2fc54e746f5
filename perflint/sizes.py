"""Parse and print byte sizes the way people write them ("300 KiB", "1.5 MB")."""

from __future__ import annotations

import re

_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*")


def parse_size(text: str) -> int:
    """Return the number of bytes in `text`; raise ValueError if it is not a size."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise ValueError(f"not a size: {text!r} (write e.g. 300 KiB, 1.5 MB or 2048)")
    return round(float(match.group(1)) * _UNITS[unit])


def format_size(size: int) -> str:
    """Return `size` in the largest binary unit that keeps it readable."""
    if size < 1024:
        return f"{size} B"
    value, unit = size / 1024, "KiB"
    for bigger in ("MiB", "GiB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    number = f"{value:.1f}".removesuffix(".0") if value < 100 else f"{value:.0f}"
    return f"{number} {unit}"


class ByteSize(int):
    """An option type: a byte count that config files may write as "300 KiB"."""
