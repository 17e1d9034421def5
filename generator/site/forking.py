"""Run one function over many items on every core, in forked processes.

Forked workers inherit the parent's objects (the portfolio view, MkDocs'
configuration and files) without pickling them; only the results travel
back. Used for the two big per-page loops of a site build: generating
each page's Markdown and converting it to HTML. Results come back in the
order of the items, so the output never depends on how work was split.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, one process is faster than forking.
PARALLEL_FROM = 64
MAX_WORKERS = 8

_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what forked workers inherit
_FORKS_ALLOWED = True


def forbid_forks() -> None:
    """Run everything in this process from now on.

    For `portfolio serve`: its web server and file watcher are threads, and
    forking a process that has other threads can copy a lock some thread
    holds into the child, where nothing will ever release it.
    """
    global _FORKS_ALLOWED
    _FORKS_ALLOWED = False


def map_in_forks(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """`[function(item) for item in items]`, split over forked workers when it pays."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < PARALLEL_FROM or workers < 2 or sys.platform != "linux" or not _FORKS_ALLOWED:
        return [function(item) for item in items]
    global _WORK
    _WORK = (function, items)
    # Interleaved slices: long and short items are spread evenly over the workers.
    slices = [range(n, len(items), workers * 4) for n in range(workers * 4)]
    # Objects the collector would touch in every worker (and so copy) are
    # set aside until the workers are done, as Python's docs advise for fork.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_run_slice, slices)
    finally:
        _WORK = None
        gc.unfreeze()
    results: list[Any] = [None] * len(items)
    for indexes, values in zip(slices, done):
        for n, value in zip(indexes, values):
            results[n] = value
    return results


def _run_slice(indexes: range) -> list[Any]:
    assert _WORK is not None
    function, items = _WORK
    return [function(items[n]) for n in indexes]
