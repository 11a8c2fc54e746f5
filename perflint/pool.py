"""Run a function over many items in worker processes, results in order, for the heavy runs."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from perflint.orphans import die_with_parent


@contextlib.contextmanager
def mapper(jobs: int, items: Sequence[object], chunksize: int = 1) -> Iterator[Callable[..., Iterator[Any]]]:
    """Yield a `map` that runs in `jobs` processes, or the plain built-in one for a single job or item.

    The workers start from a fresh interpreter (spawn), not a fork: the image encoders run
    thread pools, and a forked child can inherit a lock another thread held. They are the
    main process's own children (no fork server between), so they die with it, even when it
    is killed; and when the run stops early (Ctrl-C, an error), they are ended at once rather
    than left to finish their files. Each worker's compiled loops run on one thread: the
    workers already share the cores.
    """
    if jobs <= 1 or len(items) <= 1:
        yield map
        return
    import multiprocessing  # here, not at the top: a commit's single-process run never pays for it
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(jobs, len(items)), context, _start_worker, (os.getpid(),))
    try:
        yield lambda function, iterable: pool.map(function, iterable, chunksize=chunksize)
    except BaseException:
        _end_now(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Prepare a worker: Numba on one thread (read when Numba is first imported, after this), deaf to Ctrl-C
    (the main process stops the run, and ends the workers), and bound to die with the main process."""
    os.environ["NUMBA_NUM_THREADS"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def _end_now(pool: Any) -> None:
    """End the workers at once: what they were doing is not wanted any more, and nothing they do is written.

    A worker killed halfway through sending a result leaves the executor's reader waiting for the
    rest, and the shutdown waiting for the reader, forever: this process's own copy of the pipe's
    writing end keeps it open. Closing that copy, once no worker is left to write, ends the wait.
    """
    processes = getattr(pool, "_processes", None) or {}  # the executor's own table: it has no public one before 3.14
    for process in list(processes.values()):
        with contextlib.suppress(OSError):
            process.kill()
    for process in list(processes.values()):
        process.join()  # reaped here: none is left behind as a zombie
    with contextlib.suppress(OSError, AttributeError):
        pool._result_queue._writer.close()
