"""Session-wide settings and hooks: property tests' profile, the compiled metric, the summary of measured runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.browser import Browser, chromium
from tests.measured import PROPERTY, Measured

# In CI, property tests draw the same examples every run, so that a result depends on the change alone;
# elsewhere they explore anew each time (and a failure found there is kept in .hypothesis/ to replay).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the similarity metric once, before any worker or perflint run starts (on a fresh checkout).

    Numba caches the compiled code beside the module; every process after this one loads it in
    under a second. Timed runs (the hostile suite's deadlines) then measure perflint, not the
    one-time compile after installing, which the README states.
    """
    if not hasattr(session.config, "workerinput"):  # the controlling process: workers find the cache
        from perflint.transforms.ssimulacra2 import ready

        ready()


MIB = 1024 * 1024
SHOWN = 8  # runs listed in the summary, slowest and largest
_measured: dict[str, Measured] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the runs a test measured, in whichever process prints the summary."""
    for key, value in report.user_properties:
        if key == PROPERTY:
            name, *fields = value
            _measured[name] = Measured(*fields)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Record the time and memory of the measured runs where everyone sees them: the end of the output."""
    if not _measured:
        return
    terminalreporter.section("hostile inputs: slowest and largest runs")
    slowest = sorted(_measured.items(), key=lambda item: item[1].seconds, reverse=True)[:SHOWN]
    largest = sorted(_measured.items(), key=lambda item: item[1].peak_bytes, reverse=True)[:SHOWN]
    for name, run in dict(slowest + largest).items():
        outcome = "killed" if run.returncode is None else f"exit {run.returncode}"
        # At or under the test process's own mark, the kernel's figure is only an upper bound (see Run).
        bound = "<=" if run.peak_bytes <= run.baseline_bytes else "  "
        terminalreporter.write_line(f"{run.seconds:6.1f} s {bound}{run.peak_bytes / MIB:6.0f} MiB  {outcome:7} {name}")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Run one worker more than there are cores (`-n auto`): many tests wait on the programs they start."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture
def browser(tmp_path: Path) -> Browser:
    """Headless Chromium with a fresh profile (skips the test where it is not installed)."""
    return chromium(tmp_path)
