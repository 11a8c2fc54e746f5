"""Fixtures for the hostile-input suite: the corpus, written once per session, and the environment runs get."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.generate import HostileTree, build_hostile_tree
from tests.hostile.runner import MIB, Run, base_environment, run_perflint

_MEASURED = pytest.StashKey[dict[str, Run]]()
_SHOWN = 8  # runs listed in the summary, slowest and largest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs perflint on multi-megabyte files (deselect with -m 'not slow')")
    config.stash[_MEASURED] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """Record the time and memory of the measured runs where everyone sees them: the end of the output."""
    measured = config.stash.get(_MEASURED, {})
    if not measured:
        return
    terminalreporter.section("hostile inputs: slowest and largest runs")
    slowest = sorted(measured.items(), key=lambda item: item[1].seconds, reverse=True)[:_SHOWN]
    largest = sorted(measured.items(), key=lambda item: item[1].peak_bytes, reverse=True)[:_SHOWN]
    for name, run in dict(slowest + largest).items():
        outcome = "killed" if run.timed_out else f"exit {run.returncode}"
        # At or under the test process's own mark, the kernel's figure is only an upper bound (see Run).
        bound = "<=" if run.peak_bytes <= run.baseline_bytes else "  "
        terminalreporter.write_line(f"{run.seconds:6.1f} s {bound}{run.peak_bytes / MIB:6.0f} MiB  {outcome:7} {name}")


@pytest.fixture
def measurements(pytestconfig: pytest.Config) -> dict[str, Run]:
    """Where a test records a run to list in the summary."""
    return pytestconfig.stash[_MEASURED]


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileTree:
    """The whole corpus; runs may add perflint's cache to it but must not change a file in it."""
    return build_hostile_tree(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def env(hostile: HostileTree) -> dict[str, str]:
    """The environment of every run: a UTF-8 locale and a fake Ghostscript first on PATH."""
    return base_environment(hostile.fake_bin)


@pytest.fixture(scope="session")
def check_audit_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where `json_check` logs every file it opens, folder it lists, program it starts."""
    return tmp_path_factory.mktemp("audit") / "check.jsonl"


@pytest.fixture(scope="session")
def json_check(hostile: HostileTree, env: dict[str, str], check_audit_log: Path) -> Run:
    """`perflint check --format json .` over the whole corpus (large enough for worker processes), audited."""
    return run_perflint(["check", "--format", "json", "."], hostile.repo, env=env, audit_log=check_audit_log)
