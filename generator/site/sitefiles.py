"""What a site build writes besides the pages: the recruiter packs, the résumé, the calendar.

Pandoc runs as a process of its own and Typst compiles without holding
Python's lock, so a thread makes these files on the second core while this
process renders the pages; the build waits for it in `on_post_build` (or
`on_build_error`), so the site is swapped in only with them. Warnings are
kept and logged when the build waits, in the order a build without the
thread printed them.

On a big site the pages are made by forked workers on every core
(speedups/forking.py), and a process must not fork while another thread
runs (the child could inherit a lock the thread holds): there, the files
are made after the pages, and forks are refused while the thread runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.atomic import write_atomically
from generator.audience import AnyView, is_private
from generator.content.diagnostics import Problem
from generator.content.loader import Loaded
from generator.site.speedups.forking import PARALLEL_FROM, WORKERS


@dataclass
class SiteFiles:
    """One build's extra files, written into `site`.

    `pdf/<id>.pdf` for each of `pack_ids` (recruiter packs) and `pdf/cv.pdf`
    when `packs`; `calendar.ics` when the view is the owner's.
    """

    loaded: Loaded
    view: AnyView
    site: Path
    packs: bool
    pack_ids: Sequence[str] = ()
    warnings: list[Problem] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _error: BaseException | None = None
    _forks_were_allowed: bool = True

    def start(self, pages: int) -> None:
        """Make them on a thread now, unless `pages` is enough for the build to fork workers."""
        if pages >= PARALLEL_FROM and WORKERS.allowed:
            return  # made in `finish`, after the forks
        self._forks_were_allowed, WORKERS.allowed = WORKERS.allowed, False
        self._thread = threading.Thread(target=self._run_catching, name="portfolio-site-files", daemon=True)
        self._thread.start()

    def finish(self) -> list[Problem]:
        """Wait for them (or make them now); their warnings. Raises what making them raised."""
        if self._thread is None:
            self._make()
        else:
            self.wait()
            if self._error is not None:
                raise self._error
        return self.warnings

    def wait(self) -> None:
        """Wait for the thread, if one runs (a failed build must not remove what it writes into)."""
        if self._thread is not None:
            self._thread.join()
            WORKERS.allowed = self._forks_were_allowed

    def _run_catching(self) -> None:
        try:
            self._make()
        except BaseException as error:  # noqa: BLE001  (re-raised by `finish`, in the build's thread)
            self._error = error

    def _make(self) -> None:
        # Imported here, on this thread: icalendar, the pack and résumé
        # code load while the pages render (and not at all without them).
        if is_private(self.view):  # the owner's alone: never on the shared site (encrypted with the private one)
            from generator.calls.calendar import CALENDAR_FILE, render_calendar

            self.site.mkdir(parents=True, exist_ok=True)  # MkDocs makes it with the first page it writes
            write_atomically(self.site / CALENDAR_FILE, render_calendar(self.view))
        if not self.packs:
            return
        from generator.cv import write_cv
        from generator.pack import write_packs

        pdf = self.site / "pdf"
        if self.pack_ids:
            write_packs(self.loaded, pdf, app_ids=self.pack_ids, audience="recruiter", warn=self.warnings.append)
        write_cv(self.loaded, pdf)
