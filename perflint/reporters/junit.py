"""JUnit XML, the test-report format GitLab, Jenkins and Azure Pipelines show without plugins.

One test suite, `perflint`. Each error or warning is a failing test case named after its rule
and line, in a class named after its file. An info is a passing test case whose advice is in
`<system-out>`: it never fails a run, so it must not turn the test report red, yet it stays
visible. A report only counts the files it checked, so one more test case, `perflint check`,
stands for the run: it passes when no finding is an error, as the exit status does, and keeps
the suite from being empty when nothing was found.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.reporters.text import location, summary

# Characters XML 1.0 cannot hold even escaped, and lone surrogates, which cannot be encoded.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """Replace what XML cannot hold; ElementTree escapes the rest (`<`, `&`, quotes)."""
    return _NOT_XML.sub("\ufffd", value)


def case_name(finding: Finding) -> str:
    """Return e.g. `IMG101 image-bytes` or `HTML101 img-alt line 12`."""
    line = f" line {finding.line}" if finding.line is not None else ""
    return f"{finding.code} {finding.rule}{line}"


def finding_case(finding: Finding) -> ET.Element:
    """Return the test case of one finding: failing for errors and warnings, passing for infos."""
    case = ET.Element("testcase", classname=_xml_text(finding.path), name=_xml_text(case_name(finding)))
    detail = f"{location(finding)} {finding.code} {finding.rule} {finding.severity.value}: {finding.message}"
    if finding.severity is Severity.INFO:
        ET.SubElement(case, "system-out").text = _xml_text(detail)
    else:
        failure = ET.SubElement(case, "failure", type=finding.severity.value, message=_xml_text(finding.message))
        failure.text = _xml_text(detail)
    return case


def run_case(report: Report) -> ET.Element:
    """Return the test case that stands for the whole run."""
    case = ET.Element("testcase", classname="perflint", name="perflint check")
    if report.count(Severity.ERROR):
        ET.SubElement(case, "failure", type=Severity.ERROR.value, message=summary(report)).text = summary(report)
    else:
        ET.SubElement(case, "system-out").text = summary(report)
    return case


def junit_tree(report: Report) -> ET.Element:
    """Return the `<testsuites>` element of a check."""
    cases = [run_case(report), *(finding_case(finding) for finding in report.findings)]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(1 for case in cases if case.find("failure") is not None)),
        "errors": "0",  # JUnit's errors are tests that could not run; every finding is a failure
        "skipped": "0",
    }
    suites = ET.Element("testsuites", {"name": "perflint", **counts})
    ET.SubElement(suites, "testsuite", {"name": "perflint", **counts}).extend(cases)
    return suites


def render(report: Report, stream: TextIO, colour: bool = False, quiet: bool = False) -> None:
    suites = junit_tree(report)
    ET.indent(suites)
    # ASCII with character references reads the same whatever encoding the stream has.
    stream.write(ET.tostring(suites, encoding="us-ascii", xml_declaration=True).decode("ascii") + "\n")
