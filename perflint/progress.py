"""A progress bar on stderr for long runs, shown only on a terminal."""

from __future__ import annotations

import sys
from typing import Any

import click

MIN_FILES = 20  # fewer files finish before a bar would help


class TerminalProgress:
    """Call with (done, total); a bar appears once a run of at least MIN_FILES files starts."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total >= MIN_FILES and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr).__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *error: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()
