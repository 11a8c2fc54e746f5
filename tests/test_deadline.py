"""A file that takes too long is given up on with a finding; the run goes on with the others."""

from __future__ import annotations

import dataclasses
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from perflint import engine
from perflint.config import CommandLine, build_settings
from perflint.deadline import TooSlow, time_limit
from perflint.fix import engine as fix_engine
from perflint.fix import propose as fix_propose
from perflint.fix_options import FixOptions
from perflint.rules import RULES
from tests.checking import check_tree

STYLESHEET = "".join(f"/* card {n} */\n.card-{n} {{\n    color: red;\n    margin: 0px;\n}}\n" for n in range(200))
PAGE = b'<!doctype html><html lang="en"><head><title>Spring</title></head><body><img src="a.png"></body></html>'


def spin(seconds: float) -> None:
    """Busy Python work, the kind a runaway parser does."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_the_limit_stops_busy_work_and_restores_the_previous_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(TooSlow, match=r"gave up after 0\.2 s"), time_limit(0.2):
        spin(5)
    assert time.monotonic() - started < 2
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_work_within_the_limit_is_untouched() -> None:
    with time_limit(5):
        spin(0.05)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_there_is_no_limit() -> None:
    finished: list[bool] = []

    def work() -> None:
        with time_limit(0.05):
            spin(0.2)
        finished.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert finished == [True]


@pytest.fixture
def slow_img_alt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make img-alt spin for a page named slow.html, and give each file 0.3 s."""
    rule = RULES["img-alt"]
    original = rule.check
    assert original is not None

    def check(document: Any, context: Any) -> Iterator[Any]:
        if document.source.path.name == "slow.html":
            spin(30)
        return original(document, context)

    monkeypatch.setitem(RULES, "img-alt", dataclasses.replace(rule, check=check))
    monkeypatch.setattr(engine, "CHECK_SECONDS", 0.3)


@pytest.mark.usefixtures("slow_img_alt")
def test_check_reports_the_slow_file_and_checks_the_others(tmp_path: Path) -> None:
    started = time.monotonic()
    report = check_tree(tmp_path, {"slow.html": PAGE, "quick.html": PAGE})
    assert time.monotonic() - started < 10
    rules = {(Path(finding.path).name, finding.rule): finding.message for finding in report.findings}
    assert "took too long to check: perflint gave up after 0.3 s" in rules["slow.html", "unreadable-file"]
    assert ("slow.html", "img-alt") not in rules
    assert ("quick.html", "img-alt") in rules and ("quick.html", "unreadable-file") not in rules
    assert report.files == 2


def test_fix_leaves_a_slow_file_alone_and_fixes_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("slow.css", "quick.css"):
        (tmp_path / name).write_text(STYLESHEET)
    original = fix_propose.propose_until_stable

    def propose(source: Any, *args: Any) -> Any:
        if source.path.name == "slow.css":
            spin(30)
        return original(source, *args)

    monkeypatch.setattr(fix_propose, "propose_until_stable", propose)
    monkeypatch.setattr(fix_propose, "FIX_SECONDS", 0.3)
    settings = build_settings(tmp_path, CommandLine(no_config=True))
    run = fix_engine.fix_files([str(tmp_path)], settings, FixOptions(css="in-place"), dry_run=False)
    fixes = {Path(fix.path).name: fix for fix in run}
    assert fixes["slow.css"].problem is not None and "fixing it took too long" in fixes["slow.css"].problem
    assert not fixes["slow.css"].written
    assert (tmp_path / "slow.css").read_text() == STYLESHEET
    assert fixes["quick.css"].written
    assert len((tmp_path / "quick.css").read_text()) < len(STYLESHEET)


def slow_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the compiled metric's first use take 7 s, as a first compile does, to scale; limit each file to 5 s
    (the work itself, on a small photo, takes a fraction of that even on a busy machine)."""
    from perflint.transforms import ssimulacra2

    load = ssimulacra2._load_kernels

    def first_use() -> None:
        spin(7.0)
        load()

    ssimulacra2.ready.cache_clear()  # as in a fresh process
    monkeypatch.setattr(ssimulacra2, "_load_kernels", first_use)
    monkeypatch.setattr(engine, "CHECK_SECONDS", 5.0)
    monkeypatch.setattr(fix_propose, "FIX_SECONDS", 5.0)


def test_compiling_the_metric_on_first_use_is_no_checked_files_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After installing, the first measured JPEG waits for the metric to compile (about 18 s): not a slow file."""
    from tests.imagefactory import jpeg_bytes, photo

    slow_first_use(monkeypatch)
    report = check_tree(tmp_path, {"team.jpg": jpeg_bytes(photo(400, 300), quality=95)})
    rules = [finding.rule for finding in report.findings]
    assert "image-format" in rules and "unreadable-file" not in rules  # the WebP advice, measured in time


def test_compiling_the_metric_on_first_use_is_no_fixed_files_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.imagefactory import jpeg_bytes, photo

    slow_first_use(monkeypatch)
    (tmp_path / "team.jpg").write_bytes(jpeg_bytes(photo(400, 300), quality=95))
    settings = build_settings(tmp_path, CommandLine(no_config=True))
    [fix] = fix_engine.fix_files([str(tmp_path)], settings, FixOptions(lossy="always"), dry_run=True)
    assert fix.problem is None and any("re-compressed" in change for change in fix.changes)
