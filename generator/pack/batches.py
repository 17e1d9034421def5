"""Making many packs at once: each distinct part converted once, work on every core.

A run's packs share parts (a story is in every pack whose answers or
criteria draw on it). The distinct parts are converted by Pandoc in
batches, one process per batch, and a pack is compiled by Typst (in this
process, which Typst leaves free to run other threads) as soon as all of
its parts are converted. `workers` threads run both kinds of work,
compiles first, so packs are finished (and reported) while later batches
are still being read.

Nothing here changes a pack's bytes: a part's Typst depends only on that
part (pandoc.py), so a pack is the same made alone, in any batch, cached
or not, in parallel or one by one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from generator.content.diagnostics import PortfolioError
from generator.pack.pandoc import Pandoc

if TYPE_CHECKING:
    from generator.pack.typst import PackTemplate

# Markdown per Pandoc process: large enough that starting Pandoc (about
# 10 ms) is a small share, small enough that the first packs start early.
BATCH_CHARACTERS = 120_000

T = TypeVar("T")


@dataclass(frozen=True)
class PackSource:
    """What one pack is made from besides the tools: its Markdown parts and template inputs.

    `template`: the Typst template it is compiled with, when not the run's
    (the résumé, made in a run of packs: build.py `ExtraPdf`).
    """

    parts: tuple[str, ...]
    meta: dict[str, str]
    template: PackTemplate | None = None


@dataclass(frozen=True)
class Made:
    """One pack's outcome: its bytes, or the user's error that stopped it."""

    app_id: str
    result: bytes | PortfolioError


@dataclass(frozen=True)
class Convert:
    """Work for a thread: one Pandoc process turning a batch of parts into Typst."""

    parts: tuple[str, ...]


@dataclass(frozen=True)
class Compile:
    """Work for a thread: Typst compiling one pack whose parts are all converted."""

    app_id: str


Task = Convert | Compile
CompileBody = Callable[[str, PackSource], bytes]


class PartTracker:
    """Which packs still wait for which parts, and the Typst of every part converted so far."""

    def __init__(self, sources: dict[str, PackSource]) -> None:
        self._sources = sources
        self._typst: dict[str, str] = {}
        self._waiting = {app_id: set(source.parts) for app_id, source in sources.items()}
        self._needed_by: dict[str, list[str]] = {}
        for app_id, parts in self._waiting.items():
            for part in parts:
                self._needed_by.setdefault(part, []).append(app_id)

    def ready(self) -> list[str]:
        """The packs with no part to wait for (none is empty in practice), now taken off the wait."""
        ready = [app_id for app_id, parts in self._waiting.items() if not parts]
        for app_id in ready:
            del self._waiting[app_id]
        return ready

    def converted(self, batch: Sequence[str], texts: Sequence[str]) -> list[str]:
        """Keep the batch's Typst; the packs it completes, in the order they completed."""
        completed: list[str] = []
        for part, text in zip(batch, texts, strict=True):
            self._typst[part] = text
            for app_id in self._needed_by.pop(part, ()):
                if app_id in self._waiting:
                    self._waiting[app_id].discard(part)
                    if not self._waiting[app_id]:
                        del self._waiting[app_id]
                        completed.append(app_id)
        return completed

    def failed(self, batch: Sequence[str]) -> list[str]:
        """The packs that needed a part of a failed batch, in the run's order, now off the wait."""
        failed = {app_id for part in batch for app_id in self._needed_by.pop(part, ()) if app_id in self._waiting}
        for app_id in failed:
            del self._waiting[app_id]
        return sorted(failed, key=list(self._sources).index)

    def body(self, app_id: str) -> str:
        """The Typst body of a pack whose parts are all converted."""
        return "\n\n".join(self._typst[part] for part in self._sources[app_id].parts) + "\n"


def make_pdfs(
    sources: dict[str, PackSource],
    pandoc: Pandoc,
    compile_body: CompileBody,
    workers: int,
    pandoc_jobs: int | None = None,
) -> Generator[Made, None, None]:
    """Make each pack's PDF, yielding each one's outcome (once per pack) as it is known.

    A small run's parts are cut into `pandoc_jobs` batches (default: one
    per worker), each converted by a Pandoc process of its own.
    """
    workers = max(1, workers)
    tracker = PartTracker(sources)
    ready = deque(tracker.ready())
    parts = [source.parts for source in sources.values()]
    batches = deque(tuple(batch) for batch in plan_batches(parts, pandoc_jobs or workers))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: dict[Future[Any], Task] = {}  # a Compile's future holds bytes, a Convert's a list of texts
        while True:
            while len(running) < workers and (task := _next_task(ready, batches)):
                running[_start(pool, task, tracker, pandoc, compile_body, sources)] = task
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                if isinstance(task, Compile):
                    yield Made(task.app_id, _outcome(future))
                    continue
                texts = _outcome(future)
                if isinstance(texts, PortfolioError):
                    yield from (Made(app_id, texts) for app_id in tracker.failed(task.parts))
                else:
                    ready.extend(_longest_first(tracker.converted(task.parts, texts), sources))


def _longest_first(app_ids: list[str], sources: dict[str, PackSource]) -> list[str]:
    """Packs that became ready together, the longest first: the longest compile never starts last."""
    return sorted(app_ids, key=lambda app_id: -sum(len(part) for part in sources[app_id].parts))


def _next_task(ready: deque[str], batches: deque[tuple[str, ...]]) -> Task | None:
    """Compile a ready pack first (so packs finish early), else read the next batch."""
    if ready:
        return Compile(ready.popleft())
    if batches:
        return Convert(batches.popleft())
    return None


def _start(
    pool: ThreadPoolExecutor,
    task: Task,
    tracker: PartTracker,
    pandoc: Pandoc,
    compile_body: CompileBody,
    sources: dict[str, PackSource],
) -> Future[Any]:
    if isinstance(task, Compile):
        return pool.submit(compile_body, tracker.body(task.app_id), sources[task.app_id])
    return pool.submit(pandoc.typst_parts, task.parts)


def make_each(
    sources: dict[str, PackSource], make: Callable[[PackSource], bytes], workers: int
) -> Generator[Made, None, None]:
    """Make each pack on its own (Word files: one Pandoc process each), `workers` at a time.

    No more than `workers` are started ahead, so an unexpected error (or
    Ctrl-C) stops the run after the packs already being made.
    """
    waiting = deque(sources.items())
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        running: dict[Future[bytes], str] = {}
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                app_id, source = waiting.popleft()
                running[pool.submit(make, source)] = app_id
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                result: bytes | PortfolioError = _outcome(future)
                yield Made(running.pop(future), result)


def _outcome(future: Future[T]) -> T | PortfolioError:
    """The future's result, or the user's error that stopped it (any other error propagates)."""
    try:
        return future.result()
    except PortfolioError as exc:
        return exc


def plan_batches(packs: Iterable[Sequence[str]], workers: int) -> list[list[str]]:
    """The distinct parts, in the order packs first need them, cut into batches.

    At least `workers` batches when there are that many parts, so a small
    run still uses every core; at most about BATCH_CHARACTERS per batch.
    """
    distinct = list(dict.fromkeys(part for parts in packs for part in parts))
    total = sum(len(part) for part in distinct)
    limit = min(BATCH_CHARACTERS, -(-total // max(1, workers)))
    batches: list[list[str]] = []
    size = limit
    for part in distinct:
        if size >= limit:
            batches.append([])
            size = 0
        batches[-1].append(part)
        size += len(part)
    return batches
