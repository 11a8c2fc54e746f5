"""The JSON contract other tools rely on: version 1, findings, summary."""

from __future__ import annotations

import json
from typing import Any, TextIO

from perflint.engine import Report
from perflint.findings import Finding, Severity

VERSION = 1


def finding_record(finding: Finding) -> dict[str, Any]:
    """Return one finding as the contract spells it."""
    return {
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "fixable": finding.fixable,
    }


def report_document(report: Report) -> dict[str, Any]:
    """Return the whole JSON document of a check."""
    return {
        "version": VERSION,
        "findings": [finding_record(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
        },
    }


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    json.dump(report_document(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
