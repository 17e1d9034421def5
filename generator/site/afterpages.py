"""What a `portfolio serve` rebuild makes once its pages are served: packs, résumé, calendar.

MkDocs' server answers no request while a build runs (it waits for the
build, so as never to serve a half-built site), and the browser reloads
only when the build returns. A rebuild's packs, résumé and calendar need
nothing of the pages, and on a big portfolio they take a second or more:
the plugin hands them here (`add`), and `PreviewBuilds` starts them on a
thread once the build has returned (`start`), so the page the user is
looking at is served first. Python's one full garbage collection of the
rebuild comes after them, for the same reason (preview.py).

Nothing stale is served: from the start of a rebuild (`begin`) until its
files are written, a request for one of the files the last build made
waits (`wait_for`); a job that fails removes its files (plugin.py) and is
reported; and the next build starts only once they are written (`wait`).
A save made while the last save's packs are being made waits for them.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.commands.serve")

Job = Callable[[], None]


class AfterPages:
    """The work one rebuild left for after its pages, and the files it writes; one per serve session."""

    def __init__(self) -> None:
        self._jobs: list[tuple[Job, frozenset[str]]] = []
        self._thread: threading.Thread | None = None
        self._last: frozenset[str] = frozenset()  # the files the last build made (normalised absolute paths)
        self._making: frozenset[str] = frozenset()  # the files requests wait for now
        self._made = threading.Condition()
        self.stopping = False  # the session ends: a job failing now was interrupted (Ctrl-C reaches Pandoc too)

    def expect(self, files: Iterable[Path]) -> None:
        """The files a build made itself (the session's first): a rebuild makes them again."""
        self._last = _normalised(files)

    def begin(self) -> None:
        """A rebuild starts: requests for the files the last build made wait until this one's are written."""
        with self._made:
            self._making = self._last

    def add(self, job: Job, files: Iterable[Path]) -> None:
        """During a build: run `job` once the pages are served; it writes `files`."""
        self._jobs.append((job, _normalised(files)))

    def start(self, then: Job | None = None) -> None:
        """After a build: run what it left on a thread, then `then` (run here at once when nothing was left)."""
        jobs, self._jobs = self._jobs, []
        files = frozenset[str]().union(*(files for _, files in jobs))
        self._last = files
        if not jobs:
            self._release()
            if then is not None:
                then()
            return
        with self._made:
            self._making = files
        thread = threading.Thread(target=self._run, args=(jobs, then), name="portfolio-after-pages", daemon=True)
        try:
            thread.start()
        except BaseException:
            self._release()
            raise
        self._thread = thread

    def discard(self) -> None:
        """A failed build: what it left is not made."""
        self._jobs = []
        self._release()

    def wait(self) -> None:
        """Until what the last build left is done (before the next build, and at the end of the session)."""
        if self._thread is not None:
            self._thread.join()  # interrupted (Ctrl-C): the thread is still known, and waited for again
            self._thread = None

    def wait_for(self, path: str) -> None:
        """Until `path` (a file of the site) is not being made."""
        target = os.path.normpath(path)
        with self._made:
            self._made.wait_for(lambda: target not in self._making)

    def _release(self) -> None:
        with self._made:
            self._making = frozenset()
            self._made.notify_all()

    def _run(self, jobs: list[tuple[Job, frozenset[str]]], then: Job | None) -> None:
        try:
            for job, _ in jobs:
                try:
                    job()
                except Exception as error:  # noqa: BLE001  (reported; serving goes on)
                    self._report(error)
        finally:
            self._release()
            if then is not None:
                then()

    def _report(self, error: Exception) -> None:
        if self.stopping:
            log.info("serve stopped before the packs, résumé and calendar were made")
        elif isinstance(error, PluginError):  # a pack failed: MkDocs' one-line error, no traceback
            log.error(f"{error} (the packs, résumé and calendar are not served until it is fixed)")
        else:  # a bug: shown as MkDocs' server shows a failed build's
            log.error("making the packs, résumé and calendar failed", exc_info=error)


def _normalised(files: Iterable[Path]) -> frozenset[str]:
    return frozenset(os.path.normpath(os.path.abspath(f)) for f in files)


def collect_later() -> Job:
    """Hold Python's full garbage collections back; the returned function lets them go, with one if due.

    What a session keeps (every page's HTML, every file's model) is
    millions of objects, and each of Python's full collections looks at
    all of them: two or three times per rebuild of a big site, a third of
    a second each. The young generations are still collected as usual
    (what a page's conversion leaves behind goes at once); the one full
    collection comes when the returned function is called, if Python would
    have made one meanwhile (a small site's rebuild makes too few young
    collections for that).
    """
    previous = gc.get_threshold()
    gc.set_threshold(previous[0], previous[1], 1 << 30)  # young collections before a full one: never, in practice

    def release() -> None:
        gc.set_threshold(*previous)
        if gc.get_count()[2] > previous[2]:  # more middle-generation collections than a full one waits for
            gc.collect()

    return release
