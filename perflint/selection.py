"""Turn --select / --ignore selectors into the set of rules that run.

A selector is a rule name (`image-bytes`), a code (`IMG101`), a code prefix (`IMG`, `IMG1`), or
`ALL` for every rule (as in ruff; the empty prefix "" also still means every rule).
As in flake8, the more specific selector wins: `--select IMG101 --ignore IMG` runs IMG101 only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from perflint.rules.base import Rule

ALL = "ALL"
_EVERY_RULE = (ALL, "")  # the empty prefix matches every code; earlier config files wrote it


class UnknownSelector(ValueError):
    """A selector that names no rule."""


def _specificity(selector: str, rule: Rule[Any, Any]) -> int:
    """Return how closely `selector` names `rule`: -1 for not at all."""
    if selector.upper() in _EVERY_RULE:
        return 0
    if selector == rule.name:
        return len(rule.code) + 1
    return len(selector) if rule.code.startswith(selector.upper()) else -1


def validate(selectors: Iterable[str], rules: Mapping[str, Rule[Any, Any]]) -> None:
    """Raise UnknownSelector for a selector that matches no rule."""
    for selector in selectors:
        if selector.upper() not in _EVERY_RULE and not any(_specificity(selector, r) >= 0 for r in rules.values()):
            raise UnknownSelector(selector)


def is_selected(rule: Rule[Any, Any], select: Iterable[str], ignore: Iterable[str]) -> bool:
    """Tell whether `rule` runs: selected, and not ignored by a more specific selector."""
    chosen = max((_specificity(s, rule) for s in select), default=-1)
    dropped = max((_specificity(s, rule) for s in ignore), default=-1)
    return chosen >= 0 and chosen > dropped


def split_selectors(text: str) -> tuple[str, ...]:
    """Split a comma-separated command-line value into selectors."""
    return tuple(part.strip() for part in text.split(",") if part.strip())
