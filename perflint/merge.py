"""`perflint merge`: one report from the JSON or SARIF reports of several shards.

Reads what perflint wrote (`--format json` or `--format sarif`) back into findings, so the
merged report can be printed in any format, and its exit status tells whether an error is left.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.rules import RULES

_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "note": Severity.INFO, "info": Severity.INFO}
_NAMES = {rule.code: rule.name for rule in RULES.values()}


class MergeError(Exception):
    """A report that cannot be read; the message names the file."""


def merge(paths: list[Path]) -> Report:
    """Return the findings of every report, sorted, and the files they checked, summed."""
    findings: list[Finding] = []
    files = 0
    for path in paths:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            part = _from_sarif(document) if "runs" in document else _from_json(document)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise MergeError(f"{path}: not a perflint JSON or SARIF report ({type(error).__name__}: {error})") from None
        findings.extend(part.findings)
        files += part.files
    return Report(tuple(sorted(findings, key=Finding.sort_key)), files)


def _from_json(document: dict[str, Any]) -> Report:
    if document.get("version") != 1:
        raise ValueError(f"JSON report version {document.get('version')!r}, expected 1")
    findings = [
        Finding(
            code=item["code"],
            rule=item["rule"],
            severity=Severity(item["severity"]),
            path=item["path"],
            line=item["line"],
            column=item["column"],
            message=item["message"],
            fixable=bool(item["fixable"]),
        )
        for item in document["findings"]
    ]
    return Report(tuple(findings), int(document["summary"]["files"]))


def _from_sarif(document: dict[str, Any]) -> Report:
    findings, files = [], 0
    for run in document["runs"]:
        files += int(run.get("properties", {}).get("files", 0))
        for result in run["results"]:
            location = result["locations"][0]["physicalLocation"]
            region = location.get("region", {})
            findings.append(
                Finding(
                    code=result["ruleId"],
                    rule=_NAMES.get(result["ruleId"], result["ruleId"]),
                    severity=_SEVERITIES[result["level"]],
                    path=urllib.parse.unquote(location["artifactLocation"]["uri"], errors="surrogateescape"),
                    line=region.get("startLine"),
                    column=region.get("startColumn"),
                    message=result["message"]["text"],
                    fixable=bool(result.get("properties", {}).get("fixable", False)),
                )
            )
    return Report(tuple(findings), files)
