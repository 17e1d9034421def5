"""Speed-ups of a site build that lean on MkDocs' and Material's internals, behind one switch.

- prerender.py: every page's Markdown converted ahead, on every core, and
  kept between `serve` rebuilds; each page's `render` is replaced by one
  that takes the result (and writes the private `_title_from_render`).
- search_sections.py: Material's search index takes the sections the
  workers parsed (the search plugin's `search_index` is replaced).
- final_pages.py: every page's theme template rendered and the page
  written in forked workers, after the plugins' `on_page_context` ran here
  (MkDocs' `_build_page` is replaced for the build).
- forking.py: the forked workers (also used for the pages' Markdown).
- theme_env.py: the theme's files listed without walking the dot
  folders MkDocs leaves out (Material's 14,000 icons), and the search
  plugin's templates kept compiled.
- incremental.py: `portfolio serve` writes again only the files an edit
  changes (MkDocs' dirty build, with exact answers to `is_modified()`).

The switch is `SiteOptions.speedups` (the plugin's `speedups` setting);
with it off, MkDocs and Material build as they always do. The site is the
same, byte for byte, either way: tests/test_site_parallel.py is the
contract. They are used only with the MkDocs and Material they were
written for (`WRITTEN_FOR`); with any other version, the build is plain
MkDocs, and says so in one debug line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from generator.site import LOGGER_NAME
from generator.site.speedups.forking import forbid_forks, map_in_forks

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from generator.site.speedups.final_pages import FinalPages
    from generator.site.speedups.incremental import OutputTracker
    from generator.site.speedups.prerender import Prerenderer

__all__ = ["WRITTEN_FOR", "Speedups", "forbid_forks", "map_in_forks", "unsupported_versions"]

log = logging.getLogger(LOGGER_NAME)

# Distribution -> the release series (major.minor) whose internals the speed-ups use.
WRITTEN_FOR: dict[str, tuple[str, ...]] = {"mkdocs": ("1.6",), "mkdocs-material": ("9.7", "9.8")}


def unsupported_versions(version: Callable[[str], str] = metadata.version) -> list[str]:
    """`name version` of each installed distribution the speed-ups were not written for."""
    found = []
    for name, series in WRITTEN_FOR.items():
        try:
            installed = version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if ".".join(installed.split(".")[:2]) not in series:
            found.append(f"{name} {installed}")
    return found


class Speedups:
    """The speed-ups of one plugin, and what they keep from one build to the next (`serve`).

    The installed versions are checked once, when it is made (at the start
    of a build or of a `serve` session).
    """

    def __init__(self, version: Callable[[str], str] = metadata.version) -> None:
        unsupported = unsupported_versions(version)
        self._prerenderer: Prerenderer | None = None
        self._final_pages: FinalPages | None = None
        self._tracker: OutputTracker | None = None
        self.incremental = False  # whether builds are MkDocs' dirty ones, with `is_modified()` answered here
        if unsupported:
            log.debug(
                "speed-ups off (plain MkDocs): written for %s, found %s",
                ", ".join(f"{name} {'/'.join(series)}" for name, series in WRITTEN_FOR.items()),
                ", ".join(unsupported),
            )
        else:
            from generator.site.speedups.prerender import Prerenderer

            self._prerenderer = Prerenderer()

    @property
    def usable(self) -> bool:
        """Whether the installed MkDocs and Material are those the speed-ups were written for."""
        return self._prerenderer is not None

    @property
    def kept_pages(self) -> int:
        """Pages kept for the next build."""
        return len(self._prerenderer.rendered) if self._prerenderer is not None else 0

    @property
    def pages_written_in_workers(self) -> int:
        """Final pages of the last build written by a worker (final_pages.py)."""
        return self._final_pages.in_workers if self._final_pages is not None else 0

    def start_session(self, *, command: str, dirty: bool) -> None:
        """The plugin's `on_startup`: `serve` with dirty builds writes only what changed (incremental.py).

        Dirty builds are asked for only when the speed-ups are usable
        (generator/site/preview.py); they are never right without them.
        """
        self.incremental = command == "serve" and dirty and self.usable
        if self.incremental:
            from generator.site.speedups.incremental import OutputTracker

            self._tracker = OutputTracker()

    def before_pages(self, config: MkDocsConfig, files: Files, nav: Navigation, *, enabled: bool) -> None:
        """The plugin's `on_nav`: convert the pages ahead when switched on (else MkDocs does, as always)."""
        if self._prerenderer is None:
            # Another version: MkDocs' own page writing, even if an earlier build in this process took it over.
            taken_over = sys.modules.get("generator.site.speedups.final_pages")
            if taken_over is not None:
                taken_over.disarm()
            return
        from generator.site.speedups import final_pages

        if enabled:
            self._prerenderer.prerender(config, files)
            self._final_pages = final_pages.arm(config, len(files.documentation_pages()))
        else:
            self._prerenderer.stop()
            self._final_pages = None
            final_pages.disarm()
        if self._tracker is not None:
            self._tracker.start(config, nav, files)

    def after_build(self, config: MkDocsConfig, made: Sequence[Path] = ()) -> None:
        """The plugin's `on_post_build`, last: remove what this build did not make (besides `made`), keep what it wrote."""
        if self._tracker is not None:
            self._tracker.finish(config, made)

    def before_page(self, page: Page) -> None:
        """The plugin's `on_pre_page`: the page takes its prerendered HTML."""
        if self._prerenderer is not None:
            self._prerenderer.take_over(page)
