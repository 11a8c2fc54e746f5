"""Run a function over many items in worker processes, results in order, for the heavy runs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any


@contextlib.contextmanager
def mapper(jobs: int, items: Sequence[object], chunksize: int = 1) -> Iterator[Callable[..., Iterator[Any]]]:
    """Yield a `map` that runs in `jobs` processes, or the plain built-in one for a single job or item.

    The workers start from a fresh interpreter (forkserver, else spawn), not a fork: the image
    encoders run thread pools, and a forked child can inherit a lock another thread held.
    Each worker's compiled loops run on one thread: the workers already share the cores.
    """
    if jobs <= 1 or len(items) <= 1:
        yield map
        return
    import multiprocessing  # here, not at the top: a commit's single-process run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(min(jobs, len(items)), multiprocessing.get_context(method), _one_thread) as pool:
        yield lambda function, iterable: pool.map(function, iterable, chunksize=chunksize)


def _one_thread() -> None:
    """Start a worker with Numba's thread count at one (read when Numba is first imported, after this)."""
    os.environ["NUMBA_NUM_THREADS"] = "1"
