"""What perflint does when it meets a bug of its own: one plain line and a way to report it, never a traceback.

A rule that fails on one file becomes a finding on that file, so the other files and rules
still get checked; anything else ends the run with one line. `--verbose` logs the tracebacks.
"""

from __future__ import annotations

import logging
import sys
import traceback

from perflint import HOMEPAGE

REPORT_AT = f"{HOMEPAGE}/issues"
log = logging.getLogger("perflint")


def show_tracebacks() -> None:
    """Send the tracebacks of internal errors to stderr (`--verbose`)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("perflint: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)


def bug(what: str, error: BaseException) -> str:
    """Log the traceback (shown with --verbose) and return one line saying what failed and where to report it."""
    log.debug("%s:\n%s", what, "".join(traceback.format_exception(error)).rstrip())
    return f"{what} ({type(error).__name__}: {error}); this is a bug in perflint: please report it at {REPORT_AT}"
