from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from perflint.cli import main
from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.reporters import junit
from tests.imagefactory import flat, noise_png, png_bytes

COUNTS = ("tests", "failures", "errors", "skipped")


def finding(severity: Severity, path: str = "pages/about.html", line: int | None = 12, **changes: Any) -> Finding:
    """Return an img-alt finding with `severity`, with `changes` applied."""
    fields: dict[str, Any] = {"column": 5, "message": "has no alt attribute", "fixable": False}
    fields.update(changes)
    return Finding(code="HTML101", rule="img-alt", severity=severity, path=path, line=line, **fields)


REPORT = Report(
    (
        finding(Severity.ERROR, message='<img src="a.png"> has no alt & no "title"\nsecond line'),
        finding(Severity.WARNING, line=None, column=None),
        finding(Severity.INFO, path="static/hero.jpg", line=None, column=None, message="would be smaller as WebP"),
    ),
    files=5,
)


def parse(report: Report) -> ET.Element:
    """Render `report` and parse the XML back, as a CI server would."""
    stream = io.StringIO()
    junit.render(report, stream)
    return ET.fromstring(stream.getvalue().encode("ascii"))


def counts(element: ET.Element) -> dict[str, str]:
    return {name: element.attrib[name] for name in COUNTS}


def failure_of(case: ET.Element) -> ET.Element:
    failure = case.find("failure")
    assert failure is not None, f"{case.attrib['name']} passed"
    return failure


def test_one_suite_with_its_counts() -> None:
    root = parse(REPORT)
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.attrib["name"] == "perflint"
    expected = {"tests": "4", "failures": "3", "errors": "0", "skipped": "0"}
    assert counts(suite) == counts(root) == expected
    assert len(suite.findall("testcase")) == 4


def test_errors_and_warnings_fail_with_their_severity() -> None:
    cases = parse(REPORT).findall("testsuite/testcase")
    error, warning = cases[1], cases[2]
    assert (error.attrib["classname"], error.attrib["name"]) == ("pages/about.html", "HTML101 img-alt line 12")
    assert warning.attrib["name"] == "HTML101 img-alt"  # no line: a file-level finding
    assert [failure_of(case).attrib["type"] for case in (error, warning)] == ["error", "warning"]
    text = warning.findtext("failure")
    assert text == "pages/about.html HTML101 img-alt warning: has no alt attribute"


def test_infos_pass_and_show_their_advice() -> None:
    info = parse(REPORT).findall("testsuite/testcase")[3]
    assert info.find("failure") is None and info.find("skipped") is None
    assert info.findtext("system-out") == "static/hero.jpg HTML101 img-alt info: would be smaller as WebP"


def test_message_is_escaped_and_survives_a_round_trip() -> None:
    stream = io.StringIO()
    junit.render(REPORT, stream)
    out = stream.getvalue()
    assert '<img src="a.png">' not in out
    failure = failure_of(ET.fromstring(out.encode("ascii")).findall("testsuite/testcase")[1])
    assert failure.attrib["message"] == '<img src="a.png"> has no alt & no "title"\nsecond line'


def test_characters_xml_cannot_hold_are_replaced() -> None:
    report = Report((finding(Severity.ERROR, path="img/\udcff\x01.png", message="bad \x1b[0m name é"),), files=1)
    case = parse(report).findall("testsuite/testcase")[1]
    assert case.attrib["classname"] == "img/\ufffd\ufffd.png"
    assert failure_of(case).attrib["message"] == "bad \ufffd[0m name é"


def test_output_is_ascii_whatever_the_stream_encoding() -> None:
    stream = io.StringIO()
    junit.render(Report((finding(Severity.ERROR, message="café ✓"),), files=1), stream)
    assert stream.getvalue().isascii()
    assert stream.getvalue().startswith("<?xml version='1.0' encoding='us-ascii'?>\n")


@pytest.mark.parametrize(
    ("report", "fails"),
    [
        (Report((), files=3), False),
        (Report((finding(Severity.WARNING), finding(Severity.INFO)), files=3), False),
        (REPORT, True),
    ],
)
def test_run_case_passes_unless_there_is_an_error(report: Report, fails: bool) -> None:
    run = parse(report).findall("testsuite/testcase")[0]
    assert (run.attrib["classname"], run.attrib["name"]) == ("perflint", "perflint check")
    assert (run.find("failure") is not None) is fails
    summary = run.findtext("failure" if fails else "system-out") or ""
    assert summary.startswith(f"Checked {report.files} files:")


def test_empty_report_is_one_passing_test() -> None:
    root = parse(Report((), files=2))
    assert counts(root) == {"tests": "1", "failures": "0", "errors": "0", "skipped": "0"}


def test_cli_format_junit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "team & co.png").write_bytes(noise_png(400, 300))
    (tmp_path / "img" / "logo.png").write_bytes(png_bytes(flat(100, 50)))
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "junit", "--select", "IMG101"])
    root = ET.fromstring(capsys.readouterr().out.encode("ascii"))
    assert code == 1
    assert counts(root) == {"tests": "2", "failures": "2", "errors": "0", "skipped": "0"}
    run, image = root.findall("testsuite/testcase")
    assert run.findtext("failure") == "Checked 2 files: 1 error, 0 warnings, 0 infos."
    assert (image.attrib["classname"], image.attrib["name"]) == ("img/team & co.png", "IMG101 image-bytes")
    assert failure_of(image).attrib["type"] == "error"
