"""Material's search index, fed with each page's sections parsed in the workers.

Material's search plugin parses every page's HTML into sections, one page
after another, in the main process: on a big site, a fifth of a build. The
workers that convert Markdown (prerender.py) parse the HTML they made with
Material's own parser too; the search index then takes those sections for
a page whose HTML is still exactly what was parsed (a digest of it), and
parses it itself otherwise. The index is the same, entry for entry.

This leans on Material's search internals (`SearchIndex`, `Parser`): it is
switched on only when they are there and unchanged in shape, and otherwise
Material indexes as always.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any

try:
    from material.plugins.search.plugin import Parser, SearchIndex, SearchPlugin
except ImportError:  # pragma: no cover - Material is a dependency; an unknown version is tolerated
    Parser = SearchIndex = SearchPlugin = None  # type: ignore[assignment,misc]

_SECTIONS: dict[str, bytes] = {}  # digest of a page's HTML -> its pickled sections


def parse_sections(content: str) -> bytes | None:
    """Material's sections of one page's HTML, pickled (None: Material's search is not there)."""
    if Parser is None:
        return None
    parser = Parser()
    parser.feed(content)
    parser.close()
    return pickle.dumps(parser.data)


def keep_sections(found: dict[str, bytes]) -> None:
    """The sections of this build's pages, by digest of their HTML (those of older builds are dropped)."""
    _SECTIONS.clear()
    _SECTIONS.update(found)


def digest_html(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


def use_kept_sections(plugins: Any) -> bool:
    """Give Material's search plugin an index that uses the kept sections; False if there is none."""
    if SearchIndex is None:
        return False
    installed = False
    for plugin in plugins.values():
        if isinstance(plugin, SearchPlugin) and type(getattr(plugin, "search_index", None)) is SearchIndex:
            index = _KeptSectionsIndex(**plugin.search_index.config)
            index.entries = plugin.search_index.entries
            plugin.search_index = index
            installed = True
    return installed


if SearchIndex is not None:

    class _KeptSectionsIndex(SearchIndex):  # type: ignore[misc,valid-type]
        """Material's `SearchIndex.add_entry_from_context`, with the parse taken from the workers."""

        def add_entry_from_context(self, page: Any) -> None:
            kept = _SECTIONS.get(digest_html(page.content)) if page.content is not None else None
            if kept is None:
                return super().add_entry_from_context(page)
            search = page.meta.get("search") or {}
            if search.get("exclude"):
                return None
            for section in pickle.loads(kept):  # a fresh copy: indexing may set a section's title
                if not section.is_excluded():
                    self.create_entry_for_section(section, page.toc, page.url, page)
            return None
