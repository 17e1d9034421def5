"""Noticing whether a piece of MkDocs' work logged anything, optionally without printing it.

Work done ahead in a worker must not print there (a worker's lines would
be lost to `--strict`'s count, or printed out of order): whatever logged
anything is done again in the main process, where it is printed and
counted as always. Used by prerender.py and final_pages.py.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator


class LogWatcher(logging.Handler):
    """Notices that anything at all was logged."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.logged = False

    def emit(self, record: logging.LogRecord) -> None:
        self.logged = True


@contextlib.contextmanager
def watch_logs(*, show: bool) -> Iterator[LogWatcher]:
    """A watcher of everything logged meanwhile; `show` False: nothing is printed."""
    watcher = LogWatcher()
    watched = (logging.getLogger(), logging.getLogger("mkdocs"))
    saved = [(lg, lg.handlers[:]) for lg in watched]
    for lg in watched:
        if not show:
            lg.handlers = []
        lg.addHandler(watcher)
    try:
        yield watcher
    finally:
        for lg, handlers in saved:
            lg.handlers = handlers
