"""Fixtures for the hostile-input suite: the corpus, written once per session, and the environment runs get."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.generate import HostileTree, build_hostile_tree
from tests.hostile.runner import Run, base_environment, run_perflint
from tests.measured import Measurements


@pytest.fixture
def measurements(request: pytest.FixtureRequest) -> Measurements:
    """Where a test records a run to list in the summary."""
    assert isinstance(request.node, pytest.Item)
    return Measurements(request.node)


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
