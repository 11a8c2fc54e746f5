"""Bounded work: each bomb, deep nesting and regex trap, checked on its own, ends in time and in memory.

Every file runs in its own process, so the time and the peak memory (wait4 of that process and
the children it reaped) belong to that file alone. Two run at once, one per core. A run is killed
at its limit, which is generous: a linear pass over these files takes well under a second.

The inputs perflint takes minutes or gigabytes on today (generate.known_slow) live in a tree of
their own, so that they do not stretch the whole-tree runs; their tests are expected failures.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.hostile.generate import BIG_NAMES, BOMBS, HostileTree, build_repository, known_slow
from tests.hostile.pages import deep_inputs, regex_inputs, superlinear_inputs
from tests.hostile.runner import MEMORY_LIMIT, Run, base_environment, run_perflint
from tests.measured import Measurements

LIMIT = 15.0  # seconds, for a file of at most a megabyte
BIG_LIMIT = 60.0  # seconds, for the 20 MB page
SLOW_LIMIT = 10.0  # seconds, for the known-slow inputs: each takes 30 s or more today, so this still tells
PARALLEL_RUNS = 2
BOUNDED = [*BOMBS, *deep_inputs(), *regex_inputs(), *BIG_NAMES]
FLOOD = "heavy/png-pixel-flood.png"


def limit(name: str) -> float:
    return BIG_LIMIT if name in BIG_NAMES else LIMIT


def check_alone(repo: Path, env: dict[str, str], name: str, timeout: float | None = None) -> Run:
    """Check one file (or folder) without the cache, so every measurement is paid in this run."""
    args = ["check", "--no-cache", "--format", "json", "--", name]
    return run_perflint(args, repo, timeout=timeout or limit(name), env=env)


def run_all(repo: Path, env: dict[str, str], names: list[str]) -> dict[str, Run]:
    """Check each file alone, two at a time."""
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        return dict(zip(names, pool.map(lambda name: check_alone(repo, env, name), names), strict=True))


def assert_bounded(run: Run, seconds: float) -> None:
    """In time, in memory, and a proper exit: no traceback, no recursion error."""
    stderr = run.stderr.decode("utf-8", "replace")
    assert not run.timed_out, run.describe()
    assert run.seconds < seconds, run.describe()
    assert run.baseline_bytes < MEMORY_LIMIT // 2, "the test process is too big to measure a run's memory"
    assert run.peak_bytes < MEMORY_LIMIT, run.describe()
    assert run.returncode in (0, 1), run.describe()
    assert "Traceback" not in stderr, run.describe()
    assert "RecursionError" not in run.text() + stderr, run.describe()


@pytest.fixture(scope="module")
def alone(hostile: HostileTree, env: dict[str, str]) -> dict[str, Run]:
    return run_all(hostile.repo, env, BOUNDED)


def params(names: list[str]) -> list[object]:
    """Mark the runs over multi-megabyte files as slow."""
    return [pytest.param(name, id=name, marks=[pytest.mark.slow] if name in BIG_NAMES else []) for name in names]


@pytest.mark.parametrize("name", params(BOUNDED))
def test_file_is_checked_in_bounded_time_and_memory(
    alone: dict[str, Run], name: str, measurements: Measurements
) -> None:
    measurements[name] = alone[name]
    assert_bounded(alone[name], limit(name))


# Inputs that once took super-linear time (a regex, an algorithm), each bounded now.
SUPERLINEAR = ("superlinear/refresh.html", "superlinear/yaml-key.md", "superlinear/ignored.html", "superlinear/globs")
REPAIRED = "superlinear/unsized"  # fixed, not checked: the repair once rebuilt the page for each attribute it added
REPAIR_LIMIT = 30.0  # seconds: 8 s here; the repair that rebuilt the page for each attribute took 70 s


@pytest.fixture(scope="module")
def slow_tree(tmp_path_factory: pytest.TempPathFactory) -> HostileTree:
    return build_repository(tmp_path_factory.mktemp("slow"), known_slow)


@pytest.fixture(scope="module")
def slow_runs(slow_tree: HostileTree) -> dict[str, Run]:
    env = base_environment(slow_tree.fake_bin)
    names = [*SUPERLINEAR, FLOOD]
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        checks = pool.map(lambda name: check_alone(slow_tree.repo, env, name, SLOW_LIMIT), names)
        fix = pool.submit(
            run_perflint, ["fix", "--format", "json", "--", FLOOD], slow_tree.repo, timeout=SLOW_LIMIT, env=env
        )
        runs = dict(zip(names, checks, strict=True))
        runs["fix " + FLOOD] = fix.result()
    # Alone, after the others: beside the pixel flood's fix, it would slow that one past its limit.
    repair = ["fix", "--format", "json", "--", REPAIRED]
    runs["fix " + REPAIRED] = run_perflint(repair, slow_tree.repo, timeout=REPAIR_LIMIT, env=env)
    return runs


def test_known_slow_inputs_are_all_tested() -> None:
    targets = (*SUPERLINEAR, REPAIRED)
    covered = {name for name in superlinear_inputs() for target in targets if f"{name}/".startswith(f"{target}/")}
    assert covered == set(superlinear_inputs())


@pytest.mark.slow
@pytest.mark.parametrize("name", SUPERLINEAR)
def test_superlinear_input_is_checked_in_bounded_time(
    slow_runs: dict[str, Run], name: str, measurements: Measurements
) -> None:
    measurements[name] = slow_runs[name]
    assert_bounded(slow_runs[name], SLOW_LIMIT)


@pytest.mark.slow
def test_pixel_flood_is_checked_in_bounded_memory(slow_runs: dict[str, Run], measurements: Measurements) -> None:
    measurements[FLOOD] = slow_runs[FLOOD]
    assert_bounded(slow_runs[FLOOD], SLOW_LIMIT)


@pytest.mark.slow
def test_pixel_flood_is_fixed_in_bounded_time_and_memory(slow_runs: dict[str, Run], measurements: Measurements) -> None:
    measurements["fix " + FLOOD] = slow_runs["fix " + FLOOD]
    assert_bounded(slow_runs["fix " + FLOOD], SLOW_LIMIT)


@pytest.mark.slow
def test_page_of_many_images_is_repaired_in_bounded_time(slow_runs: dict[str, Run], measurements: Measurements) -> None:
    run = measurements["fix " + REPAIRED] = slow_runs["fix " + REPAIRED]
    assert_bounded(run, REPAIR_LIMIT)
    fixes = {fix["path"]: fix for fix in run.json()["fixes"]}
    page = fixes[f"{REPAIRED}/page.html"]
    assert page["written"] and "added width and height" in " ".join(page["changes"])
