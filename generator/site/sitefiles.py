"""What a site build writes besides the pages: the recruiter packs, the résumé, the calendar.

They need nothing MkDocs makes, so they are made on the second core while
this process renders the pages, and the build waits for them in
`on_post_build`: the site is swapped in only with them. Their warnings are
logged when the build waits, in the order a build that made them last
printed them. A failed or interrupted build stops them (`abort`) before
its folder is removed.

`portfolio build` starts them before it even imports MkDocs (build.py):
they are then made in a folder of their own (`made_in`), because MkDocs
empties the site's folder when its build starts, and moved into the site
when the build waits for them.

- On Linux, when this process runs no other thread (Python's or a native
  library's), they are made in a forked process. A thread would share
  Python's lock with the pages: the packs' own Python (their Markdown, the
  glyph check) and the pages would each wait for the other.
- Otherwise (`portfolio serve` runs a web server and a file watcher on
  threads; other systems), on a thread, unless the site is big enough for
  its pages to be made by forked workers (speedups/forking.py): a fork must
  not copy a lock a thread holds, so forks are refused while the thread
  runs, and a big site then makes these files after its pages instead.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.atomic import write_atomically
from generator.audience import AnyView, is_private, view_for
from generator.content.diagnostics import PortfolioError, Problem
from generator.content.loader import Loaded, load_portfolio
from generator.outputnames import CALENDAR_FILE, cv_file_name, pack_file_name
from generator.site.speedups.forking import WORKERS

if TYPE_CHECKING:
    from generator.site.options import SiteOptions

# How long a stopped child may take to end by itself (and so clean up) before it is killed.
STOP_GRACE = 2.0


def start_site_files(options: SiteOptions, site: Path, made_in: Path | None = None, *, start: bool = True) -> SiteFiles:
    """Load the content as `options` ask and start making its files for `site` (`start` False: in `finish`).

    Raises ContentError.
    """
    assert options.content_dir is not None  # resolved by the command or the plugin
    loaded = load_portfolio(options.content_dir, strict=options.strict)
    view = view_for(loaded, options.audience)
    # A recruiter pack for every application the view shows (none on the shared site).
    files = SiteFiles(loaded, view, site, options.packs, list(view.applications), made_in=made_in, options=options)
    if start:
        files.start()
    return files


@dataclass
class SiteFiles:
    """One build's extra files, written into `site`.

    `pdf/<id>.pdf` for each of `pack_ids` (recruiter packs) and `pdf/cv.pdf`
    when `packs`; `calendar.ics` when the view is the owner's. Made in
    `made_in` when given, and moved into `site` by `finish`.
    """

    loaded: Loaded
    view: AnyView
    site: Path
    packs: bool
    pack_ids: Sequence[str] = ()
    made_in: Path | None = None
    options: SiteOptions | None = None  # what `start_site_files` loaded the content for
    warnings: list[Problem] = field(default_factory=list)
    _child: _Child | None = None
    _thread: threading.Thread | None = None
    _error: BaseException | None = None
    _forks_were_allowed: bool = True
    _beside_pages: bool = False  # made while this process renders the pages (else after them, on free cores)
    _calendar_token: _Token | None = None  # a forked build's: the calendar is made by whichever process is free first

    def start(self) -> None:
        """Start making them beside the pages (or leave them to `finish`)."""
        pages = len(self.view.stories) + len(self.view.applications) + len(self.view.pages)  # about the site's
        _import_shared_modules()
        if _may_fork():
            self._beside_pages = True
            self._calendar_token = _Token.new() if is_private(self.view) else None
            self._child = _Child.fork(self._make)
        elif pages < WORKERS.parallel_from or not WORKERS.allowed:
            self._beside_pages = True
            self._forks_were_allowed, WORKERS.allowed = WORKERS.allowed, False
            self._thread = threading.Thread(target=self._run_catching, name="portfolio-site-files", daemon=True)
            self._thread.start()

    def finish(self) -> list[Problem]:
        """Wait for them (or make them now); their warnings. Raises what making them raised."""
        if self._child is not None:
            child, self._child = self._child, None  # waited for here, whatever the outcome
            try:
                self._make_calendar()  # unless the child has already made it: while it makes the packs
            except BaseException:
                child.stop()
                raise
            finally:
                self._drop_calendar_token()
            self.warnings = child.result()
        elif self._thread is not None:
            self.wait()
            if self._error is not None:
                raise self._error
        else:
            self._make()
        if self.made_in is not None:
            _move_files(self.made_in, self.site)
        return self.warnings

    def outputs(self) -> list[Path]:
        """The files these make (for `serve`, which removes what a build did not make)."""
        made = [self.site / CALENDAR_FILE] if is_private(self.view) else []
        if self.packs:
            made += [self.site / "pdf" / pack_file_name(app_id, "recruiter", "pdf") for app_id in self.pack_ids]
            made.append(self.site / "pdf" / cv_file_name(None, "pdf"))
        return made

    def abort(self) -> None:
        """Stop making them (the build failed): the build's folder can be removed once this returns."""
        if self._child is not None:
            self._child.stop()
            self._child = None
        self._drop_calendar_token()
        self.wait()

    def wait(self) -> None:
        """Wait for the thread, if one runs (a thread cannot be stopped; it ends with its packs)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            WORKERS.allowed = self._forks_were_allowed

    def _run_catching(self) -> None:
        try:
            self._make()
        except BaseException as error:  # noqa: BLE001  (re-raised by `finish`, in the build's thread)
            self._error = error

    def _make(self) -> list[Problem]:
        # Imported here: icalendar and the pack and résumé code load in the
        # process or thread that uses them (and not at all without them).
        if self.packs:
            from generator.cv import resume_pdf
            from generator.pack import write_packs

            # The résumé in the packs' run (one Pandoc process converts both);
            # beside the pages, which keep the other core busy, one Pandoc
            # process for all: a second one would cost CPU and save no time.
            extras = [resume_pdf(self.loaded)]
            write_packs(
                self.loaded,
                (self.made_in or self.site) / "pdf",
                app_ids=self.pack_ids,
                audience="recruiter",
                warn=self.warnings.append,
                extras=extras,
                pandoc_jobs=1 if self._beside_pages else None,
            )
        self._make_calendar()
        return self.warnings

    def _make_calendar(self) -> None:
        """Write the calendar, the owner's alone (never on the shared site, encrypted with the private one).

        After the packs: in a forked build, the process that gets here first
        makes it (`_Token`), the other one never; the pages' process gets
        here when it waits for the packs, and so makes it meanwhile.
        """
        if not is_private(self.view) or (self._calendar_token is not None and not self._calendar_token.take()):
            return
        from generator.calls.calendar import render_calendar

        folder = self.made_in or self.site
        folder.mkdir(exist_ok=True)  # under plain `mkdocs build`, MkDocs makes it with its first page
        write_atomically(folder / CALENDAR_FILE, render_calendar(self.view))

    def _drop_calendar_token(self) -> None:
        if self._calendar_token is not None:
            self._calendar_token.close()
            self._calendar_token = None


def _import_shared_modules() -> None:
    """Import what both the pages and these files use: once, before a fork.

    Jinja2, and the content's Markdown parser (markdown-it), which reads
    the fields of the pages and of the packs (generator/pack/fieldast.py).
    """
    import jinja2  # noqa: F401

    import generator.render.markdown  # noqa: F401


def _move_files(source: Path, site: Path) -> None:
    """Move every file under `source` to the same place under `site` (the same file system)."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = site / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def _may_fork() -> bool:
    """Whether this process may fork now: Linux, forks allowed, and no thread besides this one.

    Native threads count too (Typst's, once it has compiled anything in
    this process): Linux lists every thread of the process in /proc.
    """
    if sys.platform != "linux" or not WORKERS.allowed:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


@dataclass
class _Token:
    """One byte in a pipe two processes share: the first to read it has it, the other reads nothing.

    The pipe has no writer left, so a read never waits: it gets the byte, or
    the end of the pipe.
    """

    reader: int

    @classmethod
    def new(cls) -> _Token:
        reader, writer = os.pipe()
        try:
            os.write(writer, b"1")
        finally:
            os.close(writer)
        return cls(reader)

    def take(self) -> bool:
        """Whether this process has it now (once only, in one process only)."""
        try:
            return os.read(self.reader, 1) == b"1"
        except OSError:  # closed here
            return False

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.reader)


@dataclass
class _Child:
    """A forked process running one function; its result (or error) comes back through a pipe."""

    pid: int
    reader: int

    @classmethod
    def fork(cls, make: Callable[[], list[Problem]]) -> _Child:
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            raise
        if pid == 0:  # the child: never returns
            os.close(reader)
            _run_child(make, writer)
        os.close(writer)
        with contextlib.suppress(OSError):  # its own process group (the child sets it too: whichever runs first)
            os.setpgid(pid, pid)
        return cls(pid, reader)

    def result(self) -> list[Problem]:
        """What the function returned; raises what it raised (or RuntimeError when the child died)."""
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
        except BaseException:  # Ctrl-C while waiting: the folder it writes into is about to be removed
            self._end()
            raise
        _, status = os.waitpid(self.pid, 0)
        try:
            kind, value = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):
            code = os.waitstatus_to_exitcode(status)
            raise RuntimeError(f"the process making the packs ended without a result (exit status {code})") from None
        if kind == "done":
            return list(value)
        if isinstance(value, BaseException):
            raise value  # the PortfolioError the packs raised, as they raised it
        raise PortfolioError(value) if kind == "content" else RuntimeError(value)

    def stop(self) -> None:
        """End the child now and wait for it to be gone."""
        os.close(self.reader)
        self._end()

    def _end(self) -> None:
        """Ask the child to stop, then kill what is left of its process group, and wait for it.

        SIGTERM first: the child then leaves its `with` blocks, so Pandoc's
        process is killed and its temporary folder (which holds answer text)
        removed. SIGKILL to the whole group after STOP_GRACE seconds: Pandoc
        too, if the child could not end it. Once the child is waited for, its
        pid may be another process's: only its group is signalled then.
        """
        _signal(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        while time.monotonic() < deadline:
            try:
                ended = os.waitpid(self.pid, os.WNOHANG) != (0, 0)
            except ChildProcessError:
                ended = True
            if ended:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.pid, signal.SIGKILL)  # anything it started and left behind
                return
            time.sleep(0.01)
        _signal(self.pid, signal.SIGKILL)  # not waited for yet: the pid is still the child's
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _signal(pid: int, signum: int) -> None:
    """Send `signum` to a child not yet waited for: to its process group, or to it alone before it has one."""
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


def _run_child(make: Callable[[], list[Problem]], writer: int) -> None:
    """In the child: run `make`, send its outcome, and end without running anything of the parent's."""
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # Pandoc's processes join it, so that `_end` can stop them too
        signal.signal(signal.SIGTERM, _stop_requested)
        try:
            data = pickle.dumps(("done", make()))
        except PortfolioError as error:
            data = _pickled_error(error)
        except BaseException:  # noqa: BLE001  (sent to the parent, which raises it)
            data = pickle.dumps(("bug", traceback.format_exc()))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)  # no exit handlers, no flushing the parent's buffers twice


def _stop_requested(signum: int, frame: object) -> None:
    raise SystemExit(1)  # unwinds `make`: temporary folders removed, Pandoc's process killed


def _pickled_error(error: PortfolioError) -> bytes:
    try:
        data = pickle.dumps(("content", error))
        pickle.loads(data)  # some exceptions pickle but cannot be made again
    except Exception:  # noqa: BLE001
        return pickle.dumps(("content", str(error)))
    return data
