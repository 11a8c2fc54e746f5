"""Give up on one file that takes too long, so a single hostile file cannot hold up a whole run.

The limit is wall time, enforced with SIGALRM in the thread running the file's work (the main
thread of perflint or of a worker process). Where there is no SIGALRM (Windows) or the work runs
in another thread, there is no limit: the other bounds (pixel and size limits, linear-time
parsers) still hold.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

CHECK_SECONDS = 60.0
"""Per file for `check`: a measured image rule takes a few seconds on the largest photos."""
FIX_SECONDS = 600.0
"""Per file for `fix`: the lossy search encodes and scores a large photo many times."""


class TooSlow(BaseException):
    """The file's time ran out.

    A BaseException, like KeyboardInterrupt: the `except Exception` that turns a rule's bug
    into a finding must not swallow it.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"gave up after {seconds:g} s")
        self.seconds = seconds


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TooSlow inside the block once `seconds` of wall time have passed."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TooSlow(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Stop the clock of the running time limit, if any, for a one-time wait that is no file's fault
    (compiling the similarity metric on its first use after installing)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining, _ = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining)
