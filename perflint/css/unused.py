"""Which of a stylesheet's rules can style nothing in the markup of the pages that load it.

A rule can apply only where every element name, class, ID and attribute its selector asks for
exists somewhere in the pages (or, for a class or ID, is named by one of their scripts, which
may add it). Any pseudo-class may hold (`:hover`, `:not()`); a custom element a script may
create may exist. So a rule said unused here surely styles nothing as the pages are written:
its bytes are downloaded for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from perflint.css.analysis import parse
from perflint.css.styles import Compound, StyleRule, selectors, style_rules
from perflint.site.markup import Markup

_ATTRIBUTE = re.compile(r"\[\s*(?:[\w-]*\|)?([\w:-]+)")


@dataclass(frozen=True)
class Usage:
    """How much of a stylesheet's rules the markup may use, in bytes of the rules as written."""

    rules: int
    unused_rules: int
    rule_bytes: int
    unused_bytes: int

    @property
    def unused_share(self) -> float:
        return self.unused_bytes / self.rule_bytes if self.rule_bytes else 0.0


def usage(text: str, markup: Markup) -> Usage:
    """Measure which style rules of a stylesheet may style something in `markup`."""
    rules = unused = rule_bytes = unused_bytes = 0
    for rule in style_rules(parse(text)):
        size = _size(rule)
        rules, rule_bytes = rules + 1, rule_bytes + size
        if not rule.nested and not any(_may_match(selector.compounds, markup) for selector in selectors(rule.prelude)):
            unused, unused_bytes = unused + 1, unused_bytes + size
    return Usage(rules, unused, rule_bytes, unused_bytes)


def _may_match(compounds: tuple[Compound, ...], markup: Markup) -> bool:
    """Tell whether a selector may match an element of the markup (judged compound by compound)."""
    return bool(compounds) and all(_compound_may_match(compound, markup) for compound in compounds)


def _compound_may_match(compound: Compound, markup: Markup) -> bool:
    element = compound.element
    if element not in (None, "*") and element not in markup.elements and "-" not in element:
        return False
    for part in compound.parts:
        if part.startswith(".") and part[1:] not in markup.classes and part[1:] not in markup.script_words:
            return False
        if part.startswith("#") and part[1:] not in markup.ids and part[1:] not in markup.script_words:
            return False
        attribute = _ATTRIBUTE.match(part) if part.startswith("[") else None
        name = attribute.group(1) if attribute else None
        if name and name.lower() not in markup.attributes and name not in markup.script_words:
            return False
    return True


def _size(rule: StyleRule) -> int:
    """Return the length of a rule as written, near enough: its selector and its declarations."""
    import tinycss2

    declarations: Any = rule.declarations
    return len(tinycss2.serialize(rule.prelude)) + len(tinycss2.serialize(declarations)) + 2
