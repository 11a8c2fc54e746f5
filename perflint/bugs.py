"""What perflint does when it meets a bug of its own: one plain line and a way to report it, never a traceback.

A rule that fails on one file becomes a finding on that file, so the other files and rules
still get checked; anything else ends the run with one line. `--verbose` logs the tracebacks.
"""

from __future__ import annotations

import sys
import traceback

_verbose = False


def show_tracebacks() -> None:
    """Print the tracebacks of internal errors to stderr from now on (`--verbose`)."""
    global _verbose
    _verbose = True


def bug(what: str, error: BaseException) -> str:
    """Print the traceback under --verbose, and return one line saying what failed and where to report it."""
    if _verbose:
        print(f"perflint: {what}:\n{''.join(traceback.format_exception(error)).rstrip()}", file=sys.stderr)
    from perflint.metadata import report_bugs_to

    return f"{what} ({type(error).__name__}: {error}); this is a bug in perflint: please report it {report_bugs_to()}"
