"""Build a rule's frozen options from a config table, naming whatever is wrong."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any

from perflint.sizes import ByteSize, parse_size


class OptionError(ValueError):
    """A config value that does not fit its option; str(exc) says what is allowed."""


def option(default: Any, doc: str, low: float = 0, high: float | None = None) -> Any:
    """Declare a rule option: its default, the one line `perflint rule` shows for it and, for a
    number or size, the lowest and highest values that mean something (no setting is negative)."""
    return dataclasses.field(default=default, metadata={"doc": doc, "range": (low, high)})


def kebab(name: str) -> str:
    """Return the config spelling of a Python field name."""
    return name.replace("_", "-")


def option_types(options_class: type) -> dict[str, Any]:
    """Return each option's config key and type."""
    hints = typing.get_type_hints(options_class)
    return {kebab(f.name): hints[f.name] for f in dataclasses.fields(options_class)}


def describe(kind: Any) -> str:
    """Return the allowed values of an option type, in words."""
    if kind is ByteSize:
        return 'a size such as "300 KiB", "1.5 MB" or a number of bytes'
    if typing.get_origin(kind) is typing.Literal:
        return "one of " + ", ".join(f'"{v}"' for v in typing.get_args(kind))
    if typing.get_origin(kind) is tuple:
        return "a list of strings"
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}[kind]


def convert(kind: Any, value: Any) -> Any:
    """Return `value` as an option of type `kind`; raise OptionError if it does not fit."""
    if kind is ByteSize:
        if isinstance(value, str):
            try:
                return ByteSize(parse_size(value))
            except ValueError:
                pass
        elif isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return ByteSize(value)
    elif typing.get_origin(kind) is typing.Literal:
        if value in typing.get_args(kind):
            return value
    elif typing.get_origin(kind) is tuple:
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return tuple(value)
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    raise OptionError(f"expected {describe(kind)}, got {value!r}")


def convert_option(options_class: type, name: str, value: Any) -> Any:
    """Return `value` for the option field `name`, of its type and within its range; raise OptionError if not."""
    field = next(field for field in dataclasses.fields(options_class) if field.name == name)
    converted = convert(typing.get_type_hints(options_class)[name], value)
    low, high = field.metadata.get("range", (0, None))
    number = isinstance(converted, (int, float)) and not isinstance(converted, bool)
    if number and not (low <= converted and (high is None or converted <= high)):
        allowed = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
        raise OptionError(f"expected a value {allowed}, got {value!r}")
    return converted


def parse_options(options_class: type, table: Mapping[str, Any]) -> dict[str, Any]:
    """Return the option values `table` sets, by field name; raise OptionError naming the key."""
    types = option_types(options_class)
    values = {}
    for key, value in table.items():
        if key not in types:
            allowed = ", ".join(types) or "no options"
            raise OptionError(f"unknown option {key!r} (allowed: {allowed})")
        name = key.replace("-", "_")
        try:
            values[name] = convert_option(options_class, name, value)
        except OptionError as error:
            raise OptionError(f"{key}: {error}") from None
    return values


def exact_size(size: int) -> str:
    """Return `size` in the largest binary unit that holds it exactly, e.g. "1600 KiB"."""
    for unit, factor in (("MiB", 1024**2), ("KiB", 1024)):
        if size and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def show_value(value: Any) -> str:
    """Return an option value as it would be written in a config file."""
    if isinstance(value, ByteSize):
        return f'"{exact_size(value)}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{item}"' for item in value) + "]"
    return repr(value)
