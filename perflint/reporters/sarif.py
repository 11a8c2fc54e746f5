"""SARIF 2.1.0, the format code-scanning services (GitHub code scanning among them) import.

The log has one run. Its rule list holds only the rules that have findings, in registry order,
so the log stays small and `ruleIndex` points into it. A result's `uri` is the reported path,
relative to `%SRCROOT%` (the working directory). A finding without a line is a file-level
result, with no region. perflint cannot say at check time what `perflint fix` would write, and
SARIF's `fixes` needs that text, so a fixable result says so in its properties instead.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from perflint import __version__
from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.metadata import project_url
from perflint.rules import RULES
from perflint.rules.base import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "perflintFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """Return a reported path as a relative URI reference, percent-encoded.

    `surrogateescape` turns a file name that was not valid UTF-8 back into its own bytes.
    """
    return quote(path, safe="/", errors="surrogateescape")


def _what_it_does(docs: str) -> str:
    """Return the "What it does" section of a rule's docs, or its first line without one."""
    _, found, rest = docs.partition("## What it does\n")
    return " ".join(rest.split("\n## ")[0].split()) if found else docs.strip().splitlines()[0]


def rule_descriptor(rule: Rule[Any, Any]) -> dict[str, Any]:
    """Return the reportingDescriptor of one rule."""
    descriptor = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _what_it_does(rule.docs)},
        "help": {"text": rule.docs.strip(), "markdown": rule.docs.strip()},
        "helpUri": rule.docs_url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": sorted(rule.kinds), "fixable": rule.fixable},
    }
    return {key: value for key, value in descriptor.items() if value is not None}


def fingerprint(finding: Finding, occurrence: int) -> str:
    """Return a digest that names the same problem in the next run: code, path, line.

    `occurrence` tells apart findings of one rule on the same line (or file), so that no two
    results of a run share a fingerprint.
    """
    key = f"{finding.code}\0{finding.path}\0{finding.line or 0}\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def result(finding: Finding, rule_index: int, occurrence: int) -> dict[str, Any]:
    """Return the SARIF result of one finding."""
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.path), "uriBaseId": SRCROOT}}
    if finding.line is not None:
        location["region"] = {"startLine": finding.line}
        if finding.column is not None:
            location["region"]["startColumn"] = finding.column
    record: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {FINGERPRINT: fingerprint(finding, occurrence)},
    }
    if finding.fixable:
        record["properties"] = {"fixable": True, "fix": "run `perflint fix`"}
    return record


def sarif_log(report: Report, root: Path) -> dict[str, Any]:
    """Return the SARIF log of a check whose paths are relative to `root`."""
    used = {finding.rule for finding in report.findings}
    rules = [rule for rule in RULES.values() if rule.name in used]
    index = {rule.name: position for position, rule in enumerate(rules)}
    seen: dict[tuple[str, str, int | None], int] = {}
    results = []
    for finding in report.findings:
        key = (finding.code, finding.path, finding.line)
        seen[key] = seen.get(key, -1) + 1
        results.append(result(finding, index[finding.rule], seen[key]))
    driver = {"name": "perflint", "version": __version__}
    homepage = project_url("homepage")
    if homepage:
        driver["informationUri"] = homepage
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {**driver, "rules": [rule_descriptor(rule) for rule in rules]}},
                "invocations": [{"executionSuccessful": True}],
                "originalUriBaseIds": {SRCROOT: {"uri": root.absolute().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",  # perflint counts columns in characters
                "results": results,
                "properties": {"files": report.files},  # files checked, for `perflint merge`
            }
        ],
    }


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    json.dump(sarif_log(report, Path.cwd()), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
