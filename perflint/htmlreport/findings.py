"""Render the report's list of findings: grouped by file and by rule, with the filters its script drives."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from perflint.findings import Finding, Severity
from perflint.printable import printable
from perflint.reporters.text import plural
from perflint.rules import RULES

SEVERITY_LABELS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}


def findings_section(findings: tuple[Finding, ...]) -> str:
    """Return the filters and both groupings (by file, and by rule, hidden until chosen)."""
    head = '<section id="findings"><h2>All findings</h2>'
    if not findings:
        return head + '<p class="empty">No findings: every file is within its budget.</p></section>'
    lead = "Choose which findings to see; the address of the page keeps the choice, to share it."
    by_file = _groups(findings, lambda f: f.path, _file_summary, _file_row)
    by_rule = _groups(findings, lambda f: f.rule, _rule_summary, _rule_row)
    return (
        f'{head}<p class="lead">{lead}</p>{_filters(findings)}'
        '<p id="no-match" class="empty" hidden>No findings match these filters.</p>'
        f'<div data-view="file">{by_file}</div><div data-view="rule" hidden>{by_rule}</div></section>'
    )


def _filters(findings: tuple[Finding, ...]) -> str:
    """Return the form: a checkbox per severity, a select of the rules found, the grouping."""
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{severity.value}" checked> '
        f"{label} ({sum(1 for f in findings if f.severity is severity)})</label>"
        for severity, label in SEVERITY_LABELS.items()
    )
    rules = sorted({f.rule for f in findings})
    options = "".join(
        f'<option value="{escape(rule)}">{escape(rule)} ({sum(1 for f in findings if f.rule == rule)})</option>'
        for rule in rules
    )
    groupings = (
        '<label><input type="radio" name="group" value="file" checked> File</label>'
        '<label><input type="radio" name="group" value="rule"> Rule</label>'
    )
    return (
        f'<form id="filters" class="filters"><fieldset><legend>Severity</legend>{boxes}</fieldset>'
        f'<label>Rule <select name="rule"><option value="">All rules</option>{options}</select></label>'
        f"<fieldset><legend>Group by</legend>{groupings}</fieldset></form>"
    )


def _groups(
    findings: tuple[Finding, ...],
    key: Callable[[Finding], str],
    summary: Callable[[str], tuple[str, str]],
    row: Callable[[Finding], str],
) -> str:
    """Return one open <details> per distinct key, holding a table row per finding.

    `summary` gives a group's title and the line under it (empty for none).
    """
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        grouped.setdefault(key(finding), []).append(finding)
    parts = []
    # Groups holding errors first, then warnings, then infos; findings arrive most severe first.
    for name, group in sorted(grouped.items(), key=lambda item: (item[1][0].severity.rank, item[0])):
        title, about = summary(name)
        count = f'<span class="count">{plural(len(group), "finding")}</span>'
        about = f'<span class="about">{about}</span>' if about else ""
        rows = "".join(row(finding) for finding in group)
        head = f'<details class="group" open><summary>{title}{count}{about}</summary>'
        parts.append(f"{head}<table><tbody>{rows}</tbody></table></details>")
    return "".join(parts)


def _file_summary(path: str) -> tuple[str, str]:
    return escape(printable(path)), ""


def _rule_summary(name: str) -> tuple[str, str]:
    rule = RULES.get(name)
    if rule is None:
        return escape(name), ""
    fixable = " perflint fix can fix some of these." if rule.fixable else ""
    return f"{escape(rule.name)} ({escape(rule.code)})", escape(rule.summary) + fixable


def _file_row(finding: Finding) -> str:
    where = f"line {finding.line}" if finding.line else "whole file"
    rule = f'<td class="rule"><code>{escape(finding.code)}</code> {escape(finding.rule)}</td>'
    return _row(finding, f'<td class="line">{where}</td>{rule}')


def _rule_row(finding: Finding) -> str:
    where = escape(printable(finding.path)) + (f":{finding.line}" if finding.line else "")
    return _row(finding, f'<td class="where">{where}</td>')


def _row(finding: Finding, cells: str) -> str:
    """Return a row the filters match on its severity and rule."""
    severity = finding.severity.value
    return (
        f'<tr data-severity="{severity}" data-rule="{escape(finding.rule)}">'
        f'<td class="severity"><span class="badge {severity}">{severity}</span></td>{cells}'
        f"<td>{escape(printable(finding.message))}</td></tr>"
    )
