"""GitHub Actions workflow commands: each finding becomes an annotation on its file."""

from __future__ import annotations

from typing import TextIO

from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.printable import printable
from perflint.reporters.text import summary

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape(value: str, is_property: bool) -> str:
    """Escape a value as the workflow-command syntax requires, control characters first (as `\x1b`, `\n`)."""
    value = printable(value).replace("%", "%25")
    return value.replace(":", "%3A").replace(",", "%2C") if is_property else value


def annotation(finding: Finding) -> str:
    """Return the workflow command for one finding."""
    properties = {
        "file": finding.path,
        "line": finding.line,
        "col": finding.column,
        "title": f"{finding.code} {finding.rule}",
    }
    fields = ",".join(f"{k}={_escape(str(v), True)}" for k, v in properties.items() if v is not None)
    return f"::{_LEVELS[finding.severity]} {fields}::{_escape(finding.message, False)}"


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    for finding in report.findings:
        stream.write(annotation(finding) + "\n")
    if not quiet:
        stream.write(summary(report) + "\n")
