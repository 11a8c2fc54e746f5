"""Markdown for a pull request or a CI job summary: totals, pages over budget, a table per rule.

Written for marketers reading a pull request: plain words first, details in tables. GitHub
renders HTML inside Markdown, so everything taken from files is escaped.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from typing import TextIO

from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.printable import printable
from perflint.reporters.text import plural
from perflint.rules import RULES

MAX_ROWS = 50  # per rule: a job summary is capped at 1 MiB, and nobody reads row 500
_ICONS = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}
_PAGE_WEIGHT = "PAGE101"


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell: no HTML, no column breaks, one line."""
    return html.escape(printable(" ".join(text.split())), quote=False).replace("|", "\\|")


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    stream.write(headline(report) + "\n")
    if not report.findings:
        return
    pages = [finding for finding in report.findings if finding.code == _PAGE_WEIGHT]
    if pages:
        stream.write("\n### Pages over their weight budget\n\n| Page | What is over |\n| --- | --- |\n")
        for finding in pages:
            stream.write(f"| `{cell(finding.path)}` | {cell(finding.message)} |\n")
    by_rule = sorted(report.findings, key=lambda finding: (finding.code, finding.sort_key()))
    groups = [list(group) for _, group in itertools.groupby(by_rule, key=lambda finding: finding.code)]
    for group in sorted(groups, key=lambda group: (group[0].severity.rank, group[0].code)):  # rules with errors first
        _rule_table(group, stream)


def headline(report: Report) -> str:
    """Return the summary's first lines: the verdict and the counts."""
    counts = [plural(report.count(severity), severity.value) for severity in Severity]
    checked = f"{plural(report.files, 'file')} checked"
    if report.count(Severity.ERROR):
        return f"## :x: perflint: {counts[0]} to fix before merging\n\n{checked}: {', '.join(counts)}."
    return f"## :white_check_mark: perflint: within budget\n\n{checked}: {', '.join(counts)}."


def _rule_table(findings: Sequence[Finding], stream: TextIO) -> None:
    """Write one rule's heading, linked to its docs, and a row per finding (at most MAX_ROWS)."""
    rule = RULES[findings[0].rule]
    worst = findings[0].severity  # sort_key puts the most severe first
    name = f"[{rule.name}]({rule.docs_url})" if rule.docs_url else rule.name
    stream.write(f"\n### {_ICONS[worst]} {rule.code} {name}: {cell(rule.summary)}\n\n")
    stream.write("| File | Line | Problem |\n| --- | --- | --- |\n")
    for finding in findings[:MAX_ROWS]:
        line = "" if finding.line is None else str(finding.line)
        stream.write(f"| `{cell(finding.path)}` | {line} | {cell(finding.message)} |\n")
    if len(findings) > MAX_ROWS:
        stream.write(f"\n...and {len(findings) - MAX_ROWS} more; run `perflint check` to see them all.\n")
