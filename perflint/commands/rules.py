"""`perflint rules` and `perflint rule NAME`: what each rule checks, and its options."""

from __future__ import annotations

import dataclasses
from typing import Any, TextIO

from perflint.options import kebab, show_value
from perflint.rules import RULES
from perflint.rules.base import Rule


def find_rule(name_or_code: str) -> Rule[Any, Any] | None:
    """Return the rule with this name or code (any case)."""
    wanted = name_or_code.lower()
    return next((r for r in RULES.values() if wanted in (r.name, r.code.lower())), None)


def list_rules(stream: TextIO) -> int:
    """Print a table of every rule."""
    rows = [("CODE", "NAME", "FILES", "SEVERITY", "FIXABLE", "WHAT IT FINDS")]
    for rule in RULES.values():
        kinds = ",".join(sorted(rule.kinds))
        rows.append((rule.code, rule.name, kinds, rule.severity.value, "yes" if rule.fixable else "no", rule.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        stream.write("  ".join(cells) + "  " + row[5] + "\n")
    return 0


def options_doc(rule: Rule[Any, Any]) -> str:
    """Return the rule's options section: key, default and meaning of each."""
    fields = dataclasses.fields(rule.options)
    if not fields:
        return "## Options\nNone.\n"
    lines = ["## Options", f"Set them under `[rules.{rule.name}]` in perflint.toml.", ""]
    for field in fields:
        default = show_value(field.default)
        lines.append(f"- `{kebab(field.name)}` (default `{default}`): {field.metadata['doc']}")
    return "\n".join(lines) + "\n"


def rule_doc(rule: Rule[Any, Any]) -> str:
    """Return a rule's full documentation, as `perflint rule` prints it and docs/ holds it."""
    header = f"# {rule.name} ({rule.code})\n\n"
    facts = (
        f"Files: {', '.join(sorted(rule.kinds))}. Severity: {rule.severity.value} (the highest it reports; "
        f"`severity` in its config table sets all its findings). "
        f"Fixable: {'yes' if rule.fixable else 'no'}.\n\n"
    )
    return header + rule.docs.strip() + "\n\n" + facts + options_doc(rule)


def show_rule(name_or_code: str, stream: TextIO) -> int:
    """Print one rule's documentation; 2 if there is no such rule."""
    rule = find_rule(name_or_code)
    if rule is None:
        return 2
    stream.write(rule_doc(rule))
    return 0
