"""Runs a test measured (time, memory), carried in its report so the summary can list them under pytest-xdist too."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import pytest

if TYPE_CHECKING:
    from tests.hostile.runner import Run

PROPERTY = "measured-run"  # the user_properties key: worker reports reach the controller with their properties


class Measured(NamedTuple):
    """What the summary shows of one run: plain values, so that a worker's report can carry it."""

    seconds: float
    peak_bytes: int
    baseline_bytes: int
    returncode: int | None


class Measurements:
    """Where a test records a run to list in the summary: `measurements[name] = run`."""

    def __init__(self, node: pytest.Item) -> None:
        self.node = node

    def __setitem__(self, name: str, run: Run) -> None:
        fields = (name, run.seconds, run.peak_bytes, run.baseline_bytes, run.returncode)
        self.node.user_properties.append((PROPERTY, fields))
