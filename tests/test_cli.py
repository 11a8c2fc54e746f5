from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from perflint.cli import main, protect_dash_paths
from perflint.rules import RULES
from tests.imagefactory import flat, noise_png, png_bytes

JSON_KEYS = ["code", "rule", "severity", "path", "line", "column", "message", "fixable"]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one image over budget and one within, as the working directory."""
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "team.png").write_bytes(noise_png(400, 300))
    (tmp_path / "img" / "logo.png").write_bytes(png_bytes(flat(100, 50)))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "--select", "IMG101,IMG104")
    document = json.loads(out)
    assert code == 1
    assert list(document) == ["version", "findings", "summary"]
    assert document["version"] == 1
    assert document["summary"] == {"files": 2, "errors": 1, "warnings": 1, "infos": 0}
    for finding in document["findings"]:
        assert list(finding) == JSON_KEYS
        assert finding["path"] == "img/team.png"
        assert finding["line"] is None and finding["column"] is None
    assert [(f["rule"], f["fixable"]) for f in document["findings"]] == [("image-bytes", True), ("image-format", False)]


def test_text_output(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--select", "image-bytes")
    assert code == 1
    assert out.startswith("img/team.png IMG101 image-bytes error: ")
    assert "\033[" not in out  # not a terminal: no colour
    assert out.rstrip().endswith("Checked 2 files: 1 error, 0 warnings, 0 infos.")


def test_quiet_prints_findings_only(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "--select", "image-bytes", "--quiet")
    assert out.count("\n") == 1


def test_clean_run_exits_zero(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "img/logo.png")
    assert code == 0
    assert out == "Checked 1 file: 0 errors, 0 warnings, 0 infos. No budget broken.\n"


def test_warnings_alone_exit_zero(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "check", "--select", "image-format")
    assert code == 0


def test_github_annotations_by_default_in_actions(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = run(capsys, "check", "--select", "image-bytes")
    assert out.startswith("::error file=img/team.png,title=IMG101 image-bytes::")


def test_config_error_exits_two_with_one_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text("[rules.image-bytes]\nmax-raster = true\n")
    code, out, err = run(capsys, "check")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "perflint.toml: [rules.image-bytes]: max-raster: expected a size" in err


def test_unknown_selector_exits_two(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--select", "NOPE")
    assert code == 2
    assert "NOPE names no rule" in err


def test_no_config_ignores_the_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "10 MiB"\n')
    assert run(capsys, "check", "--select", "image-bytes")[0] == 0
    assert run(capsys, "check", "--select", "image-bytes", "--no-config")[0] == 1


def test_rules_table_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert out.splitlines()[0].split()[:5] == ["CODE", "NAME", "FILES", "SEVERITY", "FIXABLE"]
    for rule in RULES.values():
        assert f"{rule.code}  " in out and rule.name in out


@pytest.mark.parametrize("name", ["image-bytes", "IMG101", "img101"])
def test_rule_docs(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "rule", name)
    assert code == 0
    for part in [
        "# image-bytes (IMG101)",
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Options",
        '`max-raster` (default `"300 KiB"`)',
    ]:
        assert part in out


def test_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rule", "nope")
    assert code == 2
    assert "no rule named 'nope'" in err


def test_init_writes_once(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert "[rules.image-bytes]" in (site / "perflint.toml").read_text()
    code, _, err = run(capsys, "init")
    assert code == 2
    assert "exists already" in err
    assert run(capsys, "init", "--force")[0] == 0


@pytest.mark.parametrize("name", ["with space.png", "ünïcödé.png", "-leading-dash.png"])
def test_awkward_file_names(site: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    (site / name).write_bytes(noise_png(400, 300))
    code, out, _ = run(capsys, "check", "--select", "image-bytes", "--format", "json", name)
    assert code == 1
    assert json.loads(out)["findings"][0]["path"] == name
    code, out, _ = run(capsys, "check", "--select", "image-bytes", "--format", "json", "--", name)
    assert json.loads(out)["findings"][0]["path"] == name


def test_module_entry_point_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "perflint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("perflint, version ")


def test_pages_and_stylesheets_are_counted(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "index.html").write_text("<!doctype html><title>Home</title>")
    (site / "post.md").write_text("# Post\n")
    (site / "site.css").write_text("body { margin: 0 }\n")
    code, out, _ = run(capsys, "check", "index.html", "post.md", "site.css")
    assert code == 0
    assert out == "Checked 3 files: 0 errors, 0 warnings, 0 infos. No budget broken.\n"


def test_broken_images_give_findings_not_tracebacks(tmp_path: Path) -> None:
    from tests.imagefactory import jpeg_bytes, photo, png_header_only, truncate

    files = {
        "truncated.jpg": truncate(jpeg_bytes(photo(300, 200)), 0.6),
        "empty.png": b"",
        "notes.png": b"not a picture\n",
        "bomb.png": png_header_only(100_000, 100_000),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "perflint", "check", "--format", "json", "--no-config", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert sorted((f["path"], f["rule"]) for f in document["findings"]) == [
        (name, "unreadable-file") for name in sorted(files)
    ]


def test_an_existing_file_named_like_an_option_with_a_value_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert protect_dash_paths(["check", "--format=json", "--quiet"]) == ["check", "--format=json", "--quiet"]
    (tmp_path / "--format=json").write_text("<p>")
    (tmp_path / "--quiet").write_text("<p>")
    assert protect_dash_paths(["check", "--format=json", "--quiet"]) == ["check", "./--format=json", "--quiet"]


def test_one_run_writes_every_output_format(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--quiet", "--output", "json=r.json", "-o", "sarif=r.sarif", "-o", "junit=r.xml")
    code, out, _ = run(capsys, "check", *args)
    assert code == 1
    document = json.loads((site / "r.json").read_text())
    assert [f["path"] for f in document["findings"]] == [line.split()[0] for line in out.splitlines()]
    assert len(json.loads((site / "r.sarif").read_text())["runs"][0]["results"]) == len(document["findings"])
    assert (site / "r.xml").read_text().startswith("<?xml")


@pytest.mark.parametrize("value", ["json", "pdf=r.pdf", "json="])
def test_bad_output_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    code, _, err = run(capsys, "check", "--output", value)
    assert code == 2
    assert "FORMAT=FILE" in err


def test_unwritable_output_exits_two_with_one_line(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "-o", "json=missing/folder/r.json")
    assert code == 2
    assert err == "perflint: error: cannot write the json report to missing/folder/r.json: No such file or directory\n"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--select", "image-format"], 0),  # a warning alone
        (["--select", "image-format", "--fail-on", "warning"], 1),
        (["--select", "image-bytes", "--fail-on", "never"], 0),
        (["--select", "image-bytes", "--exit-zero"], 0),
        (["--select", "image-bytes", "--fail-on", "error"], 1),
    ],
)
def test_fail_on_decides_the_exit_status(
    site: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    assert run(capsys, "check", *args)[0] == code


def test_a_path_that_does_not_exist_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "fix", "report"):
        code, out, err = run(capsys, command, "img", "imgs/typo.png")
        assert (code, out, err) == (2, "", "perflint: error: imgs/typo.png: no such file or folder\n")


def test_errors_come_first_then_warnings_then_infos(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "a-first.css").write_text(".card { color: red; }\n" * 2000)  # a warning, and a path sorted first
    _, out, _ = run(capsys, "check", "--format", "json")
    severities = [finding["severity"] for finding in json.loads(out)["findings"]]
    assert severities[0] == "error" and "warning" in severities
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_force_color_colours_a_pipe_and_no_color_wins(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\033[31merror\033[0m" in run(capsys, "check", "--select", "image-bytes")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in run(capsys, "check", "--select", "image-bytes")[1]


def test_init_selects_every_rule_in_words(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    assert 'select = ["ALL"]' in (site / "perflint.toml").read_text()
    assert '""' not in (site / "perflint.toml").read_text().split("[rules.")[0]
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    assert {f["rule"] for f in json.loads(out)["findings"]} >= {"image-bytes", "image-format"}
