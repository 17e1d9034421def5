"""Run one function over many items on every core, in forked processes.

Forked workers inherit the parent's objects (the portfolio view, MkDocs'
configuration and files) without pickling them; only the results travel
back. Used for the two big per-page loops of a site build: generating
each page's Markdown and converting it to HTML. Results come back in the
order of the items, so the output never depends on how work was split.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, one process is faster than forking (and a page
# converted in this process is as fast as one converted ahead: prerender.py).
PARALLEL_FROM = 64
MAX_WORKERS = 8
# Work is handed out in this many slices per worker: small enough that the
# workers finish at about the same time, few enough to cost nothing.
SLICES_PER_WORKER = 16


@dataclass
class Workers:
    """Whether this process may fork, from how many items, and into how many workers at most."""

    allowed: bool = True
    parallel_from: int = PARALLEL_FROM
    most: int = MAX_WORKERS

    def count(self) -> int:
        """How many workers a map runs on."""
        return min(os.cpu_count() or 1, self.most)

    def forks_for(self, items: int) -> bool:
        """Whether a map of this many items runs in forked workers."""
        return items >= self.parallel_from and self.count() >= 2 and sys.platform == "linux" and self.allowed

    def map(self, function: Callable[[T], R], items: Sequence[T], size: Callable[[T], int] | None = None) -> list[R]:
        """`[function(item) for item in items]`, split over forked workers when it pays.

        `size`: a rough cost of an item (the length of its text, say); the
        biggest items are then handed out first, so that no worker is left
        with a big one while the others are done.
        """
        if not self.forks_for(len(items)):
            return [function(item) for item in items]
        import multiprocessing  # here: a build too small to fork never loads it (nor does the packs' process)

        workers = self.count()
        slices = _slices(items, size, workers * SLICES_PER_WORKER)
        # Objects the collector would touch in every worker (and so copy) are
        # set aside until the workers are done, as Python's docs advise for fork.
        gc.freeze()
        try:
            # Forked, the workers get `function` and `items` as they are: never pickled.
            context = multiprocessing.get_context("fork")
            with context.Pool(workers, initializer=_receive, initargs=(function, items)) as pool:
                done = pool.map(_run_slice, slices, chunksize=1)
        finally:
            gc.unfreeze()
        results: list[Any] = [None] * len(items)
        for indexes, values in zip(slices, done, strict=True):
            for n, value in zip(indexes, values, strict=True):
                results[n] = value
        return results


def _slices(items: Sequence[T], size: Callable[[T], int] | None, count: int) -> list[Sequence[int]]:
    """The items' indexes in `count` slices, handed to the workers one at a time, in this order."""
    if size is None:  # interleaved: long and short items spread evenly over the slices
        return [range(n, len(items), count) for n in range(count)]
    biggest_first = sorted(range(len(items)), key=lambda n: -size(items[n]))
    per = -(-len(items) // count)
    return [biggest_first[n : n + per] for n in range(0, len(items), per)]


# This process's workers. One object for the process, because what it
# guards is the process's: whether other threads run (see `forbid_forks`).
WORKERS = Workers()


def map_in_forks(function: Callable[[T], R], items: Sequence[T], size: Callable[[T], int] | None = None) -> list[R]:
    """`[function(item) for item in items]`, on every core when there are many (see `Workers.map`)."""
    return WORKERS.map(function, items, size)


def forbid_forks() -> None:
    """Run everything in this process from now on.

    For `portfolio serve`: its web server and file watcher are threads, and
    forking a process that has other threads can copy a lock some thread
    holds into the child, where nothing will ever release it.
    """
    WORKERS.allowed = False


# In a worker only: what it was forked to run.
_work: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _receive(function: Callable[[Any], Any], items: Sequence[Any]) -> None:
    global _work
    _work = (function, items)


def _run_slice(indexes: Sequence[int]) -> list[Any]:
    assert _work is not None
    function, items = _work
    return [function(items[n]) for n in indexes]
