"""A bug in perflint costs one finding or one line, never a traceback (unless --verbose)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from perflint import rules
from perflint.cli import main
from tests.imagefactory import flat, png_bytes

PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home</title></head><body><img src="a.png"></body></html>\n'  # noqa: E501


def broken_check(*_: object) -> Iterator[object]:
    raise IndexError("list index out of range")
    yield


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "a.png").write_bytes(png_bytes(flat(10, 10)))
    return tmp_path


def test_a_failing_rule_is_a_finding_and_the_others_still_run(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = dataclasses.replace(rules.RULES["html-lang"], check=broken_check)
    monkeypatch.setitem(rules.RULES, "html-lang", broken)
    code = main(["check", "--no-config", "."])
    out, err = capsys.readouterr()
    assert code == 1
    assert "index.html FILE101 unreadable-file error: the html-lang rule could not check this file (IndexError" in out
    assert "this is a bug in perflint: please report it at https://github.com/perflint/perflint/issues" in out
    assert "index.html:1:" in out and "HTML101 img-alt" in out  # the other rules' findings are still there
    assert "Traceback" not in out + err


def test_a_crash_is_one_line_and_verbose_shows_the_traceback(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(*_: object) -> int:
        raise RuntimeError("unexpected state")

    monkeypatch.setattr("perflint.commands.check.check", crash)
    assert main(["check", "--no-config", "."]) == 2
    err = capsys.readouterr().err
    assert err.startswith("perflint: internal error: the run stopped (RuntimeError: unexpected state)")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert main(["--verbose", "check", "--no-config", "."]) == 2
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_a_failing_fix_leaves_the_file_and_says_so(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crash(*_: object) -> None:
        raise ValueError("bad offset")

    monkeypatch.setattr("perflint.fix.propose.propose_until_stable", crash)
    before = (site / "index.html").read_bytes()
    main(["fix", "--no-config", "--jobs", "1", "."])
    out = capsys.readouterr().out
    assert "index.html: not fixed: left alone: perflint could not fix this file (ValueError: bad offset)" in out
    assert (site / "index.html").read_bytes() == before
