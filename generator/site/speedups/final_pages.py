"""Every page's theme template rendered and written on every core, after the events MkDocs runs here.

MkDocs renders each page with the theme's `main.html`, runs the plugins'
`on_post_page` and writes the file, one page after another in one process
(`mkdocs.commands.build._build_page`): on a big site, most of what the main
process still does once the Markdown was converted ahead (prerender.py).
When armed for a build, the first call of `_build_page` does all pages:

1. here, page by page in MkDocs' order, what reaches beyond the page: its
   template context and the plugins' `on_page_context` (Material's search
   index is filled here, as always);
2. the first page is rendered and written here, so the theme's templates
   are compiled once, before any worker is forked;
3. in forked workers, the other pages: template rendered, `on_post_page`,
   file written;
4. here again, in order, any page whose rendering logged anything or failed
   in a worker: rendered and written again, so its warning is printed and
   counted (`--strict`) or its error raised as MkDocs raises it.

MkDocs' later calls of `_build_page` for those pages then do nothing. It
is done only where it cannot change the site: every `on_page_context`
handler is Material's search or this project's plugin, every `on_post_page`
handler this project's (they change only the page), no page is a draft,
the build is not `--dirty`, and there are enough pages to fork for;
otherwise MkDocs builds the pages as always. `_build_page` is MkDocs'
own again from the next build that is not armed (`disarm`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
import mkdocs.commands.build as mkdocs_build
from material.plugins.search.plugin import SearchPlugin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from generator.site.speedups.forking import WORKERS, map_in_forks
from generator.site.speedups.quiet import watch_logs

# MkDocs' own, as imported: what every call goes to when nothing is armed.
MKDOCS_BUILD_PAGE = mkdocs_build._build_page
# The module of this project's plugin, whose page handlers only transform the page.
OWN_PLUGIN_MODULE = "generator.site.plugin"
log = logging.getLogger("mkdocs.commands.build")  # MkDocs' lines, from MkDocs' logger


@dataclass(frozen=True)
class _Job:
    """One page, ready to render: its template and its context after `on_page_context`."""

    page: Page
    template: jinja2.Template
    context: Any


@dataclass
class FinalPages:
    """The final pages of one build (see the module's docstring)."""

    config: MkDocsConfig | None = None
    started: bool = False
    done: set[str] = field(default_factory=set)  # src_uri of the pages written
    in_workers: int = 0  # pages written by a worker (and not again here)

    def build_all(
        self, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: jinja2.Environment, dirty: bool
    ) -> None:
        """Render and write every page, when that cannot change the site (else leave them to MkDocs)."""
        self.started = True
        if dirty or not _parallel_is_safe(config, doc_files):
            return
        jobs = [_prepare(file.page, config, doc_files, nav, env) for file in doc_files if file.page is not None]
        _finish(jobs[0], config)  # compiles the templates before the workers are forked
        self.done.add(jobs[0].page.file.src_uri)
        finish = functools.partial(_finish_quietly, config=config)
        quiet = map_in_forks(finish, jobs[1:], size=lambda job: len(job.page.content or ""))
        for job, written in zip(jobs[1:], quiet, strict=True):
            if written:
                self.in_workers += 1
            else:
                _finish(job, config)  # what it logs is printed and counted here; an error is raised
            self.done.add(job.page.file.src_uri)


# The build armed now, if any (one at a time: MkDocs' function is one for the process).
_armed: FinalPages | None = None


def arm(config: MkDocsConfig, pages: int) -> FinalPages | None:
    """Take over this build's page writing when it will fork; None when MkDocs keeps it."""
    global _armed
    disarm()
    if not WORKERS.forks_for(pages):
        return None
    _armed = FinalPages(config)
    mkdocs_build._build_page = _build_page
    return _armed


def disarm() -> None:
    """MkDocs' own `_build_page` again."""
    global _armed
    _armed = None
    mkdocs_build._build_page = MKDOCS_BUILD_PAGE


def _build_page(
    page: Page,
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
    dirty: bool = False,
    excluded: bool = False,
) -> None:
    """MkDocs' `_build_page`, done for every page at its first call when armed for this build."""
    final = _armed
    if final is not None and final.config is config:
        if not final.started:
            final.build_all(config, doc_files, nav, env, dirty)
        if page.file.src_uri in final.done:
            return
    MKDOCS_BUILD_PAGE(page, config, doc_files, nav, env, dirty, excluded=excluded)


def known_handlers_only(config: MkDocsConfig) -> bool:
    """Whether every `on_page_context` and `on_post_page` handler is one known to act on its own page only."""
    for event, allowed in (("page_context", (SearchPlugin,)), ("post_page", ())):
        for handler in config.plugins.events[event]:
            owner = getattr(handler, "__self__", None)
            if not isinstance(owner, allowed) and type(owner).__module__ != OWN_PLUGIN_MODULE:
                return False
    return True


def _parallel_is_safe(config: MkDocsConfig, doc_files: Sequence[File]) -> bool:
    """Only known handlers, no drafts, enough pages to fork for."""
    if not known_handlers_only(config):
        return False
    if any(file.inclusion.is_excluded() or file.page is None for file in doc_files):
        return False
    return WORKERS.forks_for(len(doc_files))


@contextlib.contextmanager
def _as_mkdocs(page: Page, config: MkDocsConfig) -> Iterator[None]:
    """What `_build_page` sets around its work, and its error line."""
    config._current_page = page
    try:
        page.active = True  # the theme marks the current page
        yield
    except Exception as error:
        message = f"Error building page '{page.file.src_uri}':"
        if not isinstance(error, BuildError):
            message += f" {error}"
        log.error(message)
        raise
    finally:
        page.active = False
        config._current_page = None


def _prepare(
    page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: jinja2.Environment
) -> _Job:
    """The first half of `_build_page`, up to the template: what the plugins do here, in order."""
    with _as_mkdocs(page, config):
        log.debug(f"Building page {page.file.src_uri}")
        context = mkdocs_build.get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    return _Job(page, template, context)


def _finish(job: _Job, config: MkDocsConfig) -> bool:
    """The second half of `_build_page`: render, `on_post_page`, write. False: the output was empty."""
    page = job.page
    with _as_mkdocs(page, config):
        output = job.template.render(job.context)
        output = config.plugins.on_post_page(output, page=page, config=config)
        if not output.strip():
            log.info(f"Page skipped: '{page.file.src_uri}'. Generated empty output.")
            return False
        write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
    return True


def _finish_quietly(job: _Job, config: MkDocsConfig) -> bool:
    """In a worker: `_finish`, printing nothing; False when it logged or failed (then it is done again)."""
    with watch_logs(show=False) as watcher:
        try:
            written = _finish(job, config)
        except Exception:  # noqa: BLE001  (raised again, as MkDocs raises it, when the page is done in the main process)
            return False
    return written and not watcher.logged
