"""Material's search index, fed with each page's sections parsed in the workers.

Material's search plugin parses every page's HTML into sections, one page
after another, in the main process: on a big site, a fifth of a build. The
workers that convert Markdown (prerender.py) parse the HTML they made with
Material's own parser too; the search index then takes those sections for
a page whose HTML is still exactly what was parsed (a digest of it), and
parses it itself otherwise. The index is the same, entry for entry.

This leans on Material's search internals (`SearchIndex`, `Parser`): it is
imported only when the installed Material is one it was written for (see
__init__.py), and the index is replaced only when it is Material's own.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin


def parse_sections(content: str) -> bytes:
    """Material's sections of one page's HTML, pickled."""
    parser = Parser()
    parser.feed(content)
    parser.close()
    return pickle.dumps(parser.data)


def digest_html(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


class KeptSections:
    """The sections of this build's pages, by digest of their HTML."""

    def __init__(self) -> None:
        self.by_digest: dict[str, bytes] = {}

    def keep(self, found: dict[str, bytes]) -> None:
        """Keep these (those of older builds are dropped)."""
        self.by_digest = dict(found)

    def install(self, plugins: Any) -> bool:
        """Give Material's search plugin an index that uses the kept sections; False if there is none."""
        installed = False
        for plugin in plugins.values():
            if isinstance(plugin, SearchPlugin) and type(getattr(plugin, "search_index", None)) is SearchIndex:
                index = _KeptSectionsIndex(**plugin.search_index.config)
                index.entries = plugin.search_index.entries
                index.kept = self
                plugin.search_index = index
                installed = True
        return installed


class _KeptSectionsIndex(SearchIndex):  # type: ignore[misc]
    """Material's `SearchIndex.add_entry_from_context`, with the parse taken from the workers."""

    kept: KeptSections

    def add_entry_from_context(self, page: Any) -> None:
        kept = self.kept.by_digest.get(digest_html(page.content)) if page.content is not None else None
        if kept is None:
            return super().add_entry_from_context(page)  # type: ignore[no-any-return]
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return None
        for section in pickle.loads(kept):  # a fresh copy: indexing may set a section's title
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)
        return None
