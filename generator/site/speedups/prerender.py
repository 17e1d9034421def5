"""Markdown to HTML for all pages at once: on every core when cold, from memory when unchanged.

MkDocs converts each page's Markdown in one process, one page after
another; on a big portfolio that is over half of a build. Before MkDocs
reads the pages (the plugin's `on_nav`), `Prerenderer.prerender` converts every
page it has not converted before, in forked worker processes, exactly as
`Page.render` would (same Markdown extensions, same link and anchor
processing, MkDocs' own code). Each page's `render` is then served from the
result when its Markdown is still what was converted (`take_over`),
and is MkDocs' own otherwise.

Results are kept in the `Prerenderer`'s memory, keyed by the page's Markdown and
everything else its HTML depends on (extensions and their settings, the
site's files and URLs), so that `portfolio serve` converts only the pages an
edit changed. A page whose conversion logged anything (a broken link, say)
is never taken from here: MkDocs converts it again, so its warnings are
printed and counted (`--strict`) as always. The HTML is the same, byte for
byte, however it was made.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import logging
import pickle
import re
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from generator.site.speedups.forking import WORKERS, map_in_forks
from generator.site.speedups.quiet import watch_logs
from generator.site.speedups.search_sections import KeptSections, digest_html, parse_sections


@dataclass(frozen=True)
class RenderedPage:
    """What `Page.render` sets on a page, in a form that crosses processes."""

    content: str
    toc: bytes  # the pickled mkdocs.structure.toc.TableOfContents: each build gets its own copy
    title: str | None
    present_anchor_ids: frozenset[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # keyed by the linked file's src_uri
    sets_links: bool  # whether render set links_to_anchors (it does unless logging at DEBUG)
    search_sections: tuple[str, bytes] | None = None  # (digest of content, Material's parse of it)


Split = tuple[str, dict[str, Any]]  # a page's Markdown and front matter (MkDocs' `meta.get_data`)


class Prerenderer:
    """Pages converted ahead of MkDocs, and kept from one build to the next while unchanged.

    One lives as long as the plugin: for `portfolio serve`, the whole
    session (MkDocs keeps a plugin that has `on_startup` across rebuilds).
    """

    def __init__(self) -> None:
        self.rendered: dict[str, RenderedPage] = {}  # page key -> result, for the pages of the last build
        # A page's text -> its Markdown and front matter (MkDocs' `get_data`), for the pages of the last build.
        self.split: dict[str, Split] = {}
        self.sections = KeptSections()
        self.context: str | None = None  # the build's context key; None: MkDocs renders as always

    def prerender(self, config: MkDocsConfig, files: Files) -> None:
        """Convert every documentation page not converted before (in parallel when there are many).

        Material's search index is given each page's sections too, when
        its search plugin is there (search_sections.py).
        """
        search_sections = self.sections.install(config.plugins)
        context = _context_key(config, files)
        wanted: dict[str, File] = {}
        sizes: dict[str, int] = {}
        split: dict[str, Split] = {}
        for file in files.documentation_pages():
            text = _text_of(file)
            if text is not None:
                split[text] = found = self.split.get(text) or meta.get_data(text)
                wanted[_page_key(context, file.src_uri, found[0])] = file
                sizes[file.src_uri] = len(found[0])
        self.rendered = {key: self.rendered[key] for key in wanted if key in self.rendered}
        self.split = split
        self.context = context
        missing = [file for key, file in wanted.items() if key not in self.rendered]
        # Fewer pages are converted one by one as MkDocs reads them (and kept by `_render`).
        if len(missing) >= WORKERS.parallel_from:
            convert = functools.partial(
                _convert, config=config, files=files, context=context, search_sections=search_sections
            )
            for key, result in map_in_forks(convert, missing, size=lambda file: sizes[file.src_uri]):
                if result is not None:
                    self.rendered[key] = result
        self.sections.keep(dict(result.search_sections for result in self.rendered.values() if result.search_sections))

    def stop(self) -> None:
        """Leave this build to MkDocs alone (what was kept stays for a later build)."""
        self.context = None

    def take_over(self, page: Page) -> None:
        """Make `page.render` take the prerendered HTML when the page's Markdown is what was converted.

        And `page.read_source` take the page's front matter as read for it
        (a `serve` rebuild reads every page again; its YAML is parsed once).
        """
        if self.context is not None:
            page.render = functools.partial(self._render, page, self.context)  # type: ignore[method-assign]
            page.read_source = functools.partial(self._read_source, page)  # type: ignore[method-assign]

    def _read_source(self, page: Page, config: MkDocsConfig) -> None:
        """MkDocs' `Page.read_source`, with the front matter `prerender` parsed when the text is the same."""
        text = None if config.plugins.events["page_read_source"] else _text_of(page.file)
        found = self.split.get(text) if text is not None else None
        if found is None:  # a plugin gives the text, or it was not read: MkDocs reads it (and reports why not)
            Page.read_source(page, config)
            return
        page.markdown, page.meta = found[0], copy.deepcopy(found[1])  # the page's own, as from a fresh parse

    def _render(self, page: Page, context: str, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            Page.render(page, config, files)  # raises MkDocs' own error
            return
        key = _page_key(context, page.file.src_uri, page.markdown)
        result = self.rendered.get(key)
        if result is None:
            result = _render_quietly(page, config, files, show=True)
            if result is None:
                return  # it logged: never reused
            self.rendered[key] = result
        _apply(page, result, files)


def _convert(
    file: File, *, config: MkDocsConfig, files: Files, context: str, search_sections: bool
) -> tuple[str, RenderedPage | None]:
    """In a worker: one page as `Page.render` makes it (the parent's File is untouched).

    Also run in this process when it may not fork (a thread is making the
    packs, or `serve`): the File keeps its own page, which MkDocs renders.
    """
    own_page = file.page
    try:
        page = Page(None, file, config)  # sets `file.page`
    finally:
        file.page = own_page
    page.read_source(config)
    assert page.markdown is not None
    key = _page_key(context, file.src_uri, page.markdown)  # of what was converted
    result = _render_quietly(page, config, files, show=False)
    if result is not None and search_sections and not _excluded_from_search(page):
        parsed = (digest_html(result.content), parse_sections(result.content))
        result = dataclasses.replace(result, search_sections=parsed)
    return key, result


def _excluded_from_search(page: Page) -> bool:
    """Whether Material's search leaves the page out (`search: exclude: true`): then it is not parsed for it."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _render_quietly(page: Page, config: MkDocsConfig, files: Files, *, show: bool) -> RenderedPage | None:
    """MkDocs' own `Page.render`; None when it logged anything (then it is not to be reused).

    `show` False (in a worker): what it logs is not printed; MkDocs converts
    that page again in the main process, where it is printed and counted.
    """
    with watch_logs(show=show) as watcher:
        Page.render(page, config, files)
    if watcher.logged or page.content is None:
        return None
    links = page.links_to_anchors
    return RenderedPage(
        content=page.content,
        toc=pickle.dumps(page.toc),
        title=page._title_from_render,
        present_anchor_ids=frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        links_to_anchors={f.src_uri: dict(anchors) for f, anchors in links.items()} if links is not None else None,
        sets_links=links is not None,
    )


# --- keys and helpers --------------------------------------------------------


def _apply(page: Page, result: RenderedPage, files: Files) -> None:
    page.content = result.content
    page.toc = pickle.loads(result.toc)
    page._title_from_render = result.title
    page.present_anchor_ids = set(result.present_anchor_ids) if result.present_anchor_ids is not None else None
    if result.sets_links and result.links_to_anchors is not None:
        linked = {}
        for src_uri, anchors in result.links_to_anchors.items():
            target = files.get_file_from_path(src_uri)
            if target is not None:
                linked[target] = dict(anchors)
        page.links_to_anchors = linked


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _context_key(config: MkDocsConfig, files: Files) -> str:
    """Everything a page's HTML depends on besides its Markdown."""
    digest = hashlib.sha256()
    settings = repr((list(config.markdown_extensions), dict(config.mdx_configs), config.use_directory_urls))
    digest.update(_ADDRESS.sub("", settings).encode("utf-8"))
    digest.update(repr(config.validation).encode("utf-8"))
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"\0{file.src_uri}\0{file.dest_uri}\0{file.url}".encode())
    digest.update(str(logging.getLogger("mkdocs.structure.pages").getEffectiveLevel()).encode())
    return digest.hexdigest()


def _page_key(context: str, src_uri: str, markdown: str) -> str:
    digest = hashlib.sha256(context.encode("ascii"))
    digest.update(f"\0{src_uri}\0".encode())
    digest.update(markdown.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _text_of(file: File) -> str | None:
    """The page's text as `Page.read_source` reads it, or None (an unreadable page is left to MkDocs, which reports it)."""
    try:
        return file.content_string
    except (OSError, ValueError):
        return None
