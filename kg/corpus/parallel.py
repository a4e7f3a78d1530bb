"""Run per-document work on every core.

Workers are forked, so they start with the parent's ``Workspace`` (rules, gazetteer, the
names the corpus has learned) without pickling it; each task and result is small (a path, a
key, a few counts): documents travel through the cache, not through pipes. With one core, or
few documents, the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

SERIAL_BELOW = 8  # documents: fewer finish before worker processes have started
# The workspace of the pool being forked: set by ``workers`` only, read by ``_call`` in the
# workers (a fork copies it; a task names only its function and item).
_workspace = None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def workers(jobs: int | None, tasks: int, workspace) -> Iterator[Callable]:
    """An ``imap(function, items)`` that keeps order and calls ``function(workspace, item)``:
    on ``jobs`` forked processes (default: every core), or in this process for a handful of
    tasks or one job."""
    global _workspace
    jobs = jobs or cores()
    if jobs <= 1 or tasks < SERIAL_BELOW or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda fn, items: (fn(workspace, item) for item in items)
        return
    _workspace = workspace
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        yield lambda fn, items: _bounded_imap(pool, fn, items, window=4 * jobs)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        _workspace = None


def _call(fn: Callable, item):
    return fn(_workspace, item)


def _bounded_imap(pool, fn: Callable, items: Iterable, window: int) -> Iterator:
    """Results in order, with at most ``window`` tasks in flight: Pool.imap would read the
    whole input at once (a graph's worth of chunks in memory)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.apply_async(_call, (fn, item)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()
