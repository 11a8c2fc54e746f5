"""End perflint's helper processes when the main process dies, even when it is killed outright.

A killed `perflint fix` must not leave workers encoding images nobody will write. Linux can
send a child a signal when its parent dies (PR_SET_PDEATHSIG); elsewhere a helper finishes
its current file and then finds its parent gone.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have this process killed when `parent`, the process that started it, ends."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no C library to ask: the helper ends after its current file
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
