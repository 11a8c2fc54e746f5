from __future__ import annotations

import pytest

from perflint import progress
from perflint.progress import TerminalProgress


def test_time_left_is_the_pace_since_the_first_work_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([5.0, 7.0, 9.0, 69.0])  # five seconds of start-up before the first result
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    bar = TerminalProgress("Fixing")
    assert bar.time_left(10, 110) is None  # the first result: no pace yet
    assert bar.time_left(10, 110) is None  # nothing more done since
    assert bar.time_left(30, 110) == "about 16 s left"  # 20 units in 4 s: 80 more take 16 s
    assert bar.time_left(50, 110) == "about 1 min 36 s left"  # 40 units in 64 s: 60 more take 96 s
