"""Text for people: findings grouped by file, a summary line, colour only on a terminal."""

from __future__ import annotations

from typing import TextIO

from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.printable import printable

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if colour else text


def location(finding: Finding) -> str:
    """Return `path`, `path:line` or `path:line:col`."""
    parts = [finding.path, finding.line, finding.column]
    return ":".join(str(part) for part in parts if part is not None)


def plural(count: int, word: str) -> str:
    """Return e.g. "1 error" or "3 errors"."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    """Return the closing line of a run."""
    counts = [
        plural(report.count(Severity.ERROR), "error"),
        plural(report.count(Severity.WARNING), "warning"),
        plural(report.count(Severity.INFO), "info"),
    ]
    verdict = "" if report.count(Severity.ERROR) else " No budget broken."
    return f"Checked {plural(report.files, 'file')}: {', '.join(counts)}.{verdict}"


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    previous = None
    for finding in report.findings:
        if previous is not None and finding.path != previous:
            stream.write("\n")
        previous = finding.path
        code = _paint(finding.code, "1", colour)
        severity = _paint(finding.severity.value, _COLOURS[finding.severity], colour)
        where, message = printable(location(finding)), printable(finding.message)
        stream.write(f"{where} {code} {finding.rule} {severity}: {message}\n")
    if not quiet:
        stream.write(("\n" if report.findings else "") + summary(report) + "\n")
