from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from perflint import __version__
from perflint.cli import main
from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.metadata import project_url
from perflint.reporters import sarif
from perflint.rules import RULES
from tests.checking import check_tree
from tests.imagefactory import flat, noise_png, png_bytes

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "sarif-schema-2.1.0.json"  # OASIS, sarif-spec


def finding(rule: str, path: str, line: int | None = None, column: int | None = None, **changes: Any) -> Finding:
    """Return a finding of `rule` as the engine would make it, with `changes` applied."""
    known = RULES[rule]
    fields: dict[str, Any] = {"severity": known.severity, "message": f"{rule} found", "fixable": known.fixable}
    fields.update(changes)
    return Finding(code=known.code, rule=rule, path=path, line=line, column=column, **fields)


REPORT = Report(
    (
        finding("image-bytes", "static/img/hero photo.jpg", message="1.7 MiB is over the 300 KiB budget"),
        finding("image-format", "static/img/hero photo.jpg", severity=Severity.INFO),
        finding("img-alt", "pages/about.html", 12, 5, message='<img src="a.png"> has no alt & no "title"'),
        finding("img-alt", "pages/about.html", 12, 30),
        finding("meta-social", "pages/about.html", 2),
        finding("img-alt", "docs/café#1.md", 3, 1),
    ),
    files=4,
)


def log(report: Report = REPORT, root: Path = Path("/site")) -> dict[str, Any]:
    """Return the SARIF log of `report` as a consumer reads it: through JSON text."""
    return dict(json.loads(json.dumps(sarif.sarif_log(report, root))))


def validate(document: dict[str, Any]) -> None:
    """Validate `document` against the published SARIF 2.1.0 schema."""
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)


def test_log_is_valid_sarif() -> None:
    validate(log())


def test_empty_report_is_valid_sarif() -> None:
    document = log(Report((), files=3))
    [run] = document["runs"]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True}]
    validate(document)


def test_header_and_driver() -> None:
    document = log()
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    driver = document["runs"][0]["tool"]["driver"]
    homepage = project_url("homepage")
    assert homepage is not None, "the package metadata has no Homepage URL: reinstall with pip install -e ."
    assert (driver["name"], driver["version"], driver["informationUri"]) == ("perflint", __version__, homepage)


def test_rules_are_the_used_ones_in_registry_order() -> None:
    rules = log()["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["IMG101", "IMG104", "HTML101", "META105"]
    image_bytes = rules[0]
    assert image_bytes["name"] == "image-bytes"
    assert image_bytes["shortDescription"]["text"] == RULES["image-bytes"].summary
    assert image_bytes["help"]["markdown"] == RULES["image-bytes"].docs.strip()
    assert image_bytes["helpUri"] == RULES["image-bytes"].docs_url
    assert image_bytes["helpUri"] == f"{project_url('documentation')}/image-bytes.md"
    assert image_bytes["defaultConfiguration"] == {"level": "error"}
    assert image_bytes["properties"] == {"tags": ["image"], "fixable": True}
    assert "## " not in image_bytes["fullDescription"]["text"]
    assert rules[3]["defaultConfiguration"] == {"level": "warning"}


def test_every_result_points_at_its_rule() -> None:
    run = log()["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for record in run["results"]:
        assert rules[record["ruleIndex"]]["id"] == record["ruleId"]


def test_levels_follow_the_finding_not_the_rule_default() -> None:
    results = log()["runs"][0]["results"]
    assert [record["level"] for record in results] == ["error", "note", "error", "error", "warning", "error"]


def test_locations() -> None:
    results = log()["runs"][0]["results"]
    locations = [record["locations"][0]["physicalLocation"] for record in results]
    assert locations[0] == {"artifactLocation": {"uri": "static/img/hero%20photo.jpg", "uriBaseId": "%SRCROOT%"}}
    assert locations[2]["region"] == {"startLine": 12, "startColumn": 5}
    assert locations[4]["region"] == {"startLine": 2}
    assert locations[5]["artifactLocation"]["uri"] == "docs/caf%C3%A9%231.md"


def test_file_level_results_have_no_region() -> None:
    results = log()["runs"][0]["results"]
    file_level = [record for record in results if "region" not in record["locations"][0]["physicalLocation"]]
    assert [record["ruleId"] for record in file_level] == ["IMG101", "IMG104"]


def test_source_root_is_the_given_folder() -> None:
    assert log(root=Path("/site"))["runs"][0]["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///site/"}}


def test_messages_are_kept_as_they_are() -> None:
    assert log()["runs"][0]["results"][2]["message"] == {"text": '<img src="a.png"> has no alt & no "title"'}


def test_fixable_results_say_so_without_a_fixes_array() -> None:
    results = log()["runs"][0]["results"]
    assert results[0]["properties"] == {"fixable": True, "fix": "run `perflint fix`"}
    assert all("fixes" not in record for record in results)
    assert "properties" not in results[2]


def test_fingerprints_are_unique_and_stable() -> None:
    prints = [record["partialFingerprints"]["perflintFinding/v1"] for record in log()["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)  # two img-alt findings on line 12 too
    assert prints == [r["partialFingerprints"]["perflintFinding/v1"] for r in log()["runs"][0]["results"]]


def test_fingerprint_ignores_the_numbers_in_the_message() -> None:
    before = finding("image-bytes", "a.jpg", message="1.7 MiB is over the 300 KiB budget")
    after = finding("image-bytes", "a.jpg", message="1.2 MiB is over the 300 KiB budget")
    assert sarif.fingerprint(before, 0) == sarif.fingerprint(after, 0)
    assert sarif.fingerprint(before, 0) != sarif.fingerprint(finding("image-bytes", "b.jpg"), 0)


def test_undecodable_file_name_keeps_its_bytes() -> None:
    assert sarif.artifact_uri("img/\udcff.png") == "img/%FF.png"


def test_checked_tree_is_valid_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # reported paths are relative to the working directory
    page = b'<!doctype html>\n<html lang="en">\n<head><title>Team</title></head>\n'
    page += b'<body>\n  <img src="a.png">\n</body>\n'
    files = {"img/big.png": noise_png(400, 300), "index.html": page}
    report = check_tree(tmp_path, files, config='select = ["IMG101", "HTML101"]\n')
    document = log(report, tmp_path)
    results = document["runs"][0]["results"]
    assert {record["ruleId"] for record in results} == {"IMG101", "HTML101"}
    [alt] = [record for record in results if record["ruleId"] == "HTML101"]
    location = alt["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "index.html", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 5, "startColumn": 3},
    }
    validate(document)


def test_render_writes_one_json_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    stream = io.StringIO()
    sarif.render(REPORT, stream)
    document = json.loads(stream.getvalue())
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_cli_format_sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "team.png").write_bytes(noise_png(400, 300))
    (tmp_path / "logo.png").write_bytes(png_bytes(flat(100, 50)))
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--format", "sarif", "--select", "IMG101"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    [record] = document["runs"][0]["results"]
    assert record["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "team.png"
    validate(document)
