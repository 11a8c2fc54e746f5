"""A progress bar on stderr for long runs, shown only on a terminal."""

from __future__ import annotations

import sys
from typing import Any

import click

MIN_WORK = 20  # units of work (a file, or a megapixel of an image to fix): less finishes before a bar would help


class TerminalProgress:
    """Call with (work done, work in all); a bar appears once a run of at least MIN_WORK starts.

    Its time estimate divides the time so far by the work done, so the units should weigh what
    takes time: `perflint fix` counts an image's megapixels.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= MIN_WORK and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr).__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *error: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()
