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
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from generator.content.diagnostics import PortfolioError
from generator.pack.pandoc import Pandoc

# Markdown per Pandoc process: large enough that starting Pandoc (about
# 10 ms) is a small share, small enough that the first packs start early.
BATCH_CHARACTERS = 120_000


@dataclass(frozen=True)
class PackSource:
    """What one pack is made from besides the tools: its Markdown parts and template inputs."""

    parts: tuple[str, ...]
    meta: dict[str, str]


Compile = Callable[[str, dict[str, str]], bytes]
Done = Callable[[str, "bytes | PortfolioError"], None]


def make_pdfs(
    sources: dict[str, PackSource], pandoc: Pandoc, compile_body: Compile, workers: int, done: Done
) -> None:
    """Make each pack's PDF; `done(app_id, pdf or error)` is called once per pack, in this thread."""
    batches = deque(plan_batches([source.parts for source in sources.values()], workers))
    typst: dict[str, str] = {}
    waiting = {app_id: set(source.parts) for app_id, source in sources.items()}
    needed_by: dict[str, list[str]] = {}
    for app_id, parts in waiting.items():
        for part in parts:
            needed_by.setdefault(part, []).append(app_id)
    ready: deque[str] = deque(app_id for app_id, parts in waiting.items() if not parts)
    for app_id in ready:
        del waiting[app_id]
    converting: dict[Future[list[str]], list[str]] = {}  # Pandoc batches being read
    compiling: dict[Future[bytes], str] = {}  # packs being compiled

    def settle(part: str) -> Iterable[str]:
        for app_id in needed_by.pop(part, ()):
            if app_id in waiting:
                waiting[app_id].discard(part)
                if not waiting[app_id]:
                    del waiting[app_id]
                    yield app_id

    def fail_batch(batch: Sequence[str], error: PortfolioError) -> None:
        failed = {app_id for part in batch for app_id in needed_by.pop(part, ()) if app_id in waiting}
        for app_id in sorted(failed, key=list(sources).index):
            del waiting[app_id]
            done(app_id, error)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:

        def start_next() -> bool:
            if ready:
                app_id = ready.popleft()
                source = sources[app_id]
                body = "\n\n".join(typst[part] for part in source.parts) + "\n"
                compiling[pool.submit(compile_body, body, source.meta)] = app_id
            elif batches:
                batch = batches.popleft()
                converting[pool.submit(pandoc.typst_parts, batch)] = batch
            else:
                return False
            return True

        def fill() -> None:
            while len(converting) + len(compiling) < max(1, workers) and start_next():
                pass

        fill()
        while converting or compiling:
            finished, _ = wait([*converting, *compiling], return_when=FIRST_COMPLETED)
            for future in finished:
                if future in converting:
                    batch = converting.pop(future)
                    try:
                        texts = future.result()
                    except PortfolioError as exc:
                        fail_batch(batch, exc)
                        continue
                    for part, text in zip(batch, texts):
                        typst[part] = text
                        ready.extend(settle(part))
                else:
                    _finish(future, compiling.pop(future), done)
            fill()


def make_each(sources: dict[str, PackSource], make: Callable[[PackSource], bytes], workers: int, done: Done) -> None:
    """Make each pack on its own (Word files: one Pandoc process each), `workers` at a time.

    No more than `workers` are started ahead, so an unexpected error (or
    Ctrl-C) stops the run after the packs already being made.
    """
    waiting = deque(sources.items())
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        running: dict[Future, str] = {}
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                app_id, source = waiting.popleft()
                running[pool.submit(make, source)] = app_id
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                _finish(future, running.pop(future), done)


def _finish(future: Future[bytes], app_id: str, done: Done) -> None:
    """Hand a pack's bytes, or the user's error that stopped it, to `done` (any other error propagates)."""
    try:
        result: bytes | PortfolioError = future.result()
    except PortfolioError as exc:
        result = exc
    done(app_id, result)


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
