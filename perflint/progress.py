"""A progress bar on stderr for long runs, shown only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

MIN_WORK = 1_000  # units of work (a text file, or 2,000 pixels of an image to fix): less finishes in about a second


class TerminalProgress:
    """Call with (work done, work in all); a bar appears once a run of at least MIN_WORK starts.

    Its time estimate is the pace since the first unit of work finished, times the work left:
    starting worker processes is not work, and counting it made the first estimates of a short
    run several times too long. The units should weigh what takes time: `perflint fix` counts
    an image by its pixels.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.shown = 0
        self.first: tuple[float, int] | None = None  # when the first work finished, and how much it was

    def __call__(self, done: int, total: int) -> None:
        left = self.time_left(done, total)
        if self.bar is None and total >= MIN_WORK and sys.stderr.isatty():
            bar = click.progressbar(
                length=total, label=self.label, file=sys.stderr, show_eta=False, item_show_func=lambda text: text
            )
            self.bar = bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown, left)
            self.shown = done

    def time_left(self, done: int, total: int) -> str | None:
        """Say about how long the rest will take, once the pace is known."""
        now = time.monotonic()
        if self.first is None:
            if done:
                self.first = (now, done)
            return None
        since, first_done = self.first
        if done <= first_done or done >= total:
            return None
        seconds = round((now - since) / (done - first_done) * (total - done))
        minutes, seconds = divmod(seconds, 60)
        return f"about {minutes} min {seconds:02d} s left" if minutes else f"about {seconds} s left"

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *error: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()
