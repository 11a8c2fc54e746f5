"""`perflint baseline` and `perflint check --baseline`: old debt is known, only new findings fail."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from perflint.baseline import Baseline, BaselineError, Key, entry, read, render, without_positions
from perflint.cli import main
from perflint.findings import Finding, Severity
from tests.imagefactory import noise_png

BASELINE = ".perflint-baseline.json"
NO_ALT = '<img src="/img/team.png" width="10" height="10">\n'
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our team at work, every day of the week</title>
<meta name="description" content="Who we are and what we do for our customers, every day of the week.">
</head><body>
{body}</body></html>
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-page site whose page shows an image without alt text, as the working directory."""
    write_page(tmp_path / "index.html", NO_ALT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def write_page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(body=body), encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--select", "img-alt", *args] if args[:1] != ("baseline",) else list(args))
    out, err = capsys.readouterr()
    return code, out, err


def baseline(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, _ = run(capsys, "baseline", "--select", "img-alt", *args)
    assert code == 0
    return out


def test_old_debt_passes_and_a_new_finding_fails(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 1
    assert baseline(capsys).startswith(f"Wrote {BASELINE}: 1 known finding in 1 file.\n")
    code, out, _ = run(capsys, "--baseline", BASELINE)
    assert code == 0
    assert "HTML101" not in out
    write_page(site / "about.html", NO_ALT)
    code, out, _ = run(capsys, "--baseline", BASELINE)
    assert code == 1
    assert [line.split()[0] for line in out.splitlines() if "HTML101" in line] == ["about.html:7:1"]


def test_summary_says_how_many_were_left_out(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_page(site / "index.html", NO_ALT * 3)
    baseline(capsys)
    write_page(site / "about.html", NO_ALT)
    _, out, _ = run(capsys, "--baseline", BASELINE)
    summary = "Checked 2 files: 1 error, 0 warnings, 0 infos.\n"
    assert out.endswith(summary + "3 known findings in the baseline not shown (.perflint-baseline.json).\n")
    assert run(capsys, "--baseline", BASELINE, "--quiet")[1].count("\n") == 1  # the new finding only


def test_machine_formats_keep_the_note_out_of_their_output(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline(capsys)
    code, out, err = run(capsys, "--baseline", BASELINE, "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"] == []
    assert err == "1 known finding in the baseline not shown (.perflint-baseline.json).\n"


def test_a_finding_moved_down_by_new_lines_is_still_known(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline(capsys)
    before = (site / BASELINE).read_bytes()
    write_page(site / "index.html", "<p>A new paragraph</p>\n" * 5 + NO_ALT)
    assert run(capsys, "--baseline", BASELINE)[0] == 0
    baseline(capsys)
    assert (site / BASELINE).read_bytes() == before  # nothing in it depends on the line


def test_identical_findings_are_counted(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_page(site / "index.html", NO_ALT * 3)
    baseline(capsys)
    write_page(site / "index.html", NO_ALT * 4)
    code, out, _ = run(capsys, "--baseline", BASELINE)
    assert code == 1
    assert out.count("HTML101") == 1
    assert "3 known findings in the baseline not shown" in out
    write_page(site / "index.html", NO_ALT * 2)  # one fixed: it simply disappears
    code, out, _ = run(capsys, "--baseline", BASELINE)
    assert code == 0
    assert "2 known findings in the baseline not shown" in out


def test_the_file_is_sorted_stable_json(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_page(site / "b/index.html", NO_ALT)
    write_page(site / "a/index.html", NO_ALT + '<img src="/img/other.png">\n')
    baseline(capsys)
    text = (site / BASELINE).read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["version"] == 1
    keys = [(f["path"], f["code"], f["message"]) for f in document["findings"]]
    assert keys == sorted(keys) and len(keys) == 4
    assert list(document["findings"][0]) == ["path", "code", "rule", "message"]
    assert text.count("\n") == len(keys) + 5  # one finding a line, so diffs and merges stay small
    baseline(capsys)
    assert (site / BASELINE).read_text(encoding="utf-8") == text


def test_paths_are_relative_to_the_baseline(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_page(site / "docs/index.html", NO_ALT)
    baseline(capsys)
    (site / "docs/index.html").rename(site / "docs/moved.html")  # no longer the file the baseline knows
    write_page(site / "docs/index.html", NO_ALT)
    assert run(capsys, "--baseline", BASELINE)[0] == 1
    (site / "docs/moved.html").unlink()
    assert run(capsys, "--baseline", BASELINE)[0] == 0
    monkeypatch.chdir(site / "docs")
    assert run(capsys, "--baseline", f"../{BASELINE}", ".")[0] == 0


def test_the_config_names_the_baseline(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text('select = ["img-alt"]\nbaseline = "perflint/known.json"\n')
    (site / "perflint").mkdir()
    assert baseline(capsys) == "Wrote perflint/known.json: 1 known finding in 1 file.\n"
    assert main(["check"]) == 0
    assert "1 known finding in the baseline not shown (perflint/known.json)." in capsys.readouterr().out
    assert main(["check", "--no-baseline"]) == 1
    (site / "perflint/known.json").unlink()
    assert main(["check"]) == 2
    assert "perflint/known.json" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    ["", "[]", '{"version": 2, "findings": []}', '{"version": 1, "findings": [{"path": "a.html"}]}'],
)
def test_a_broken_baseline_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    (site / BASELINE).write_text(content)
    code, out, err = run(capsys, "--baseline", BASELINE)
    assert code == 2
    assert out == ""
    assert err.startswith(f"perflint: error: {BASELINE}: ") and err.count("\n") == 1


def test_baseline_output_option(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = baseline(capsys, "--output", "known.json")
    assert out.startswith("Wrote known.json: 1 known finding in 1 file.\n")
    assert 'set baseline = "known.json"' in out
    assert not (site / BASELINE).exists()
    assert run(capsys, "--baseline", "known.json")[0] == 0


def test_an_image_that_got_heavier_is_a_new_finding(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "1 KiB"\n')
    (site / "img").mkdir()
    (site / "img/team.png").write_bytes(noise_png(60, 60))
    assert main(["baseline", "--select", "image-bytes"]) == 0
    assert main(["check", "--select", "image-bytes", "--baseline", BASELINE]) == 0
    (site / "img/team.png").write_bytes(noise_png(120, 120))
    capsys.readouterr()
    assert main(["check", "--select", "image-bytes", "--baseline", BASELINE]) == 1
    assert capsys.readouterr().out.startswith("img/team.png IMG101 image-bytes error: ")


def finding(message: str, line: int | None = None, path: str = "img/hero.jpg") -> Finding:
    return Finding("IMG101", "image-bytes", Severity.ERROR, path, line, None, message, True)


def test_a_message_that_changes_is_a_new_finding(tmp_path: Path) -> None:
    old = finding("1.7 MiB is over the 300 KiB budget for raster images by 1.4 MiB")
    heavier = finding("1.9 MiB is over the 300 KiB budget for raster images by 1.6 MiB")
    (tmp_path / BASELINE).write_text(render([old], tmp_path.absolute()))
    known = read(tmp_path / BASELINE)
    assert known.split([heavier]) == ((heavier,), 0)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("front matter is not valid: bad key (line 12)", "front matter is not valid: bad key (line N)"),
        ("not valid JSON (x at line 3, column 14)", "not valid JSON (x at line N, column N)"),
        ("lines 3-5 repeat it", "lines N repeat it"),
        ("add it as the first line inside <head>", "add it as the first line inside <head>"),
        ("1.7 MiB (3000 x 2000 px)", "1.7 MiB (3000 x 2000 px)"),
    ],
)
def test_positions_leave_the_message(message: str, expected: str) -> None:
    assert without_positions(message) == expected


def test_split_is_a_multiset_match() -> None:
    folder = Path.cwd()
    same = [finding("no alt text", line) for line in (3, 8, 12)]
    known = Baseline(folder, read_counts(same, folder))
    assert known.split(same[:2]) == ((), 2)
    assert known.split([*same, finding("no alt text", 40)]) == ((finding("no alt text", 40),), 3)
    other_file = finding("no alt text", 3, "img/other.jpg")
    assert known.split([other_file]) == ((other_file,), 0)


def read_counts(findings: list[Finding], folder: Path) -> Counter[Key]:
    return Counter(entry(f, folder).key for f in findings)


def test_reading_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match=r"known\.json"):
        read(tmp_path / "known.json")
