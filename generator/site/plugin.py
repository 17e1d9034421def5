"""The MkDocs plugin: adapts MkDocs events to the portfolio, nothing more.

Loading goes through `load_portfolio` (the one door), what may be shown
through `view_for` (generator/audience.py), the pages through
`render_site_pages`. This module only wires them into a build, with the
options of `portfolio build` (options.py) or, under plain `mkdocs`, those
of its settings. It logs on `mkdocs.plugins.portfolio`, so MkDocs shows
its warnings and counts them (`mkdocs build --strict` fails on them).
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.content.diagnostics import ContentError, PortfolioError
from generator.content.loader import Loaded
from generator.encrypt.hosting import PrivateHosting
from generator.render.templatecache import keep_compiled
from generator.site import LOGGER_NAME
from generator.site.defaults import apply_material_defaults
from generator.site.history import read_history
from generator.site.options import SITE_AUDIENCES, SiteOptions, SiteOptionsError, plugin_options
from generator.site.pages import render_site_pages
from generator.site.privacy import ROBOTS_TXT, add_private_meta, check_destinations, escape_page_title
from generator.site.sitefiles import SiteFiles, start_site_files
from generator.site.speedups import Speedups, forbid_forks
from generator.site.speedups.theme_env import quicken_theme
from generator.site.theme import (
    BUILTIN_THEME_DIR,
    drop_theme_sources,
    drop_unused_search_languages,
    layer_builtin_theme,
)

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(LOGGER_NAME)


class PortfolioConfig(base.Config):
    content = c.Type(str, default="content")  # relative to mkdocs.yml
    audience = c.Choice(SITE_AUDIENCES, default="private")
    strict = c.Type(bool, default=False)  # content warnings are errors
    history = c.Type(bool, default=True)  # git history on pages
    packs = c.Type(bool, default=True)  # recruiter packs in site/pdf (`portfolio build --no-packs`: off)
    speedups = c.Type(bool, default=True)  # generator/site/speedups (off: MkDocs renders as always)


class PortfolioPlugin(BasePlugin[PortfolioConfig]):
    """`plugins: [portfolio]`: the job search, as Material pages."""

    def __init__(self) -> None:
        self.serving = False
        self.rebuilding = False  # `serve`, after its first build (whose end starts the server's threads)
        self.options = SiteOptions()
        self._given: SiteOptions | None = None
        self._started: SiteFiles | None = None
        self.content_dir = Path("content")
        self._content_root = self.content_dir.resolve()
        self.loaded: Loaded | None = None
        self.pack_ids: list[str] = []
        self.side_files: SiteFiles | None = None  # packs, résumé, calendar: made while the pages render
        # `serve` (preview.py): takes a rebuild's side files, made once its pages are served (afterpages.py).
        self.after_pages: Callable[[Callable[[], None], list[Path]], None] | None = None
        self.built_pages: list[str] = []  # the last good build's pages: while serving, errors show at each
        self.stand_ins: list[File] = []  # for the side files while MkDocs checks the pages' links (on_files)
        self.hosting = PrivateHosting()  # encrypt last, check, never publish in the clear
        # MkDocs keeps a plugin that has on_startup for the whole process
        # (all of a `serve` session), and with it what the speed-ups keep.
        self.speedups = Speedups()

    def use_options(self, options: SiteOptions | None, started: SiteFiles | None = None) -> None:
        """`portfolio build`'s options, for the builds to come; None: this plugin's settings again.

        `started`: the content as the command loaded it, its site files already in
        the making (build.py), taken over by the next build if it was loaded for
        the options this plugin's settings make of `options`.
        """
        self._given, self._started = options, started

    def _take_started(self) -> SiteFiles | None:
        """The site files the command started, if they were started for this build's options."""
        started, self._started = self._started, None
        if started is not None and started.options != self.options:  # loaded for other options: not these
            started.abort()
            return None
        return started

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.rebuilding = False
        self.hosting.start(command)
        self.speedups.start_session(command=command, dirty=dirty)

    @event_priority(100)  # before the other plugins': Material's search makes environments of the theme in its own
    def _on_config_options(self, config: MkDocsConfig) -> MkDocsConfig:
        self.options = self._site_options(Path(config.config_file_path or ".").absolute().parent)
        assert self.options.content_dir is not None  # resolved by _site_options
        self.content_dir = self.options.content_dir
        self._content_root = self.content_dir.resolve()
        # Only the private site is encrypted (options.py); a live preview never is.
        # `portfolio build` (options given) encrypts after MkDocs returned.
        self.hosting.configure(
            private=self.options.audience == "private",
            encryption=self.options.encryption,
            site_dir=Path(config.site_dir),
            after_mkdocs=self._given is not None,
        )
        if self.options.speedups and self.speedups.usable:
            quicken_theme(config.theme, *_theme_versions())
        return config

    def _on_config_defaults(self, config: MkDocsConfig) -> MkDocsConfig:
        layer_builtin_theme(config)
        apply_material_defaults(config, private=self.options.audience == "private")
        return config

    on_config = CombinedEvent(_on_config_options, _on_config_defaults)

    def _site_options(self, config_dir: Path) -> SiteOptions:
        """`portfolio build`'s options under this plugin's settings; else its settings and the environment's."""
        settings = self.config
        if self._given is not None:
            return self._given.with_plugin_settings(
                config_dir,
                content=settings.content,
                strict=settings.strict,
                history=settings.history,
                packs=settings.packs,
                speedups=settings.speedups,
            )
        try:
            # Read before building, so a bad PORTFOLIO_PASSWORD fails before any work.
            return plugin_options(
                config_dir=config_dir,
                content=settings.content,
                audience=settings.audience,
                strict=settings.strict,
                history=settings.history,
                packs=settings.packs,
                speedups=settings.speedups,
                serving=self.serving,
            )
        except SiteOptionsError as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Nothing of the content folder is published as it is (hand-written
        # pages are added below, from the view), and YAML never.
        kept = Files([f for f in files if not self._is_source(f)])
        drop_theme_sources(kept)
        drop_unused_search_languages(kept, config)
        kept.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
        self.loaded, self.pack_ids, self.side_files, self.stand_ins = None, [], None, []
        # The content, and its packs, résumé and calendar made while the pages are generated
        # and rendered: as `portfolio build` loaded and started them, else loaded here.
        try:
            # A serve rebuild makes them after the pages instead (`finish` in on_post_build): on a
            # thread beside, they would share Python's lock and delay the page the browser waits for.
            self.side_files = self._take_started() or start_site_files(
                self.options, Path(config.site_dir), start=not self.rebuilding
            )
        except ContentError as error:
            return self._problems_instead(error, kept, config)
        loaded, view = self.side_files.loaded, self.side_files.view
        for problem in loaded.warnings:
            log.warning(problem.format())
        self.loaded, self.pack_ids = loaded, list(self.side_files.pack_ids)
        # The view lists source files only where history may be shown (audience.py).
        history = read_history(view.files) if self.options.history and view.files else None
        for path, markdown in render_site_pages(view, history, directory_urls=config.use_directory_urls).items():
            kept.append(File.generated(config, path, content=markdown))
        hand_pages = []
        for page in view.pages:
            kept.append(File.generated(config, f"pages/{page.name}", abs_src_path=str(page.path)))
            hand_pages.append(f"pages/{page.name}")
        self.built_pages = [f.src_uri for f in kept if f.src_uri.endswith(".md")]
        self.stand_ins = _stand_ins(self.side_files, kept, config)
        if config.site_name == BUILTIN_SITE_NAME:
            # Material prints site_name as it is (its templates do not escape): the name is text.
            config.site_name = html.escape(loaded.portfolio.profile.name)
        if config.nav is None:
            config.nav = _navigation(view.is_private, hand_pages)
        check_destinations(kept, config.site_dir)
        return kept

    def _problems_instead(self, error: ContentError, kept: Files, config: MkDocsConfig) -> Files:
        """Content errors: the build fails, or (serving) every page shows them until a fix is saved."""
        lines = [problem.format() for problem in error.problems]
        errors = len(error.errors)
        summary = f"{errors} error(s), {len(lines) - errors} warning(s) in {self.content_dir}"
        if not self.serving:
            raise PluginError("\n".join([*lines, summary])) from error
        # While serving, show the problems in the terminal and the browser;
        # saving a fix rebuilds and reloads the page.
        for line in lines:
            log.error(line)
        problems = _problems_page(lines)
        # At every address the last good build had, so that a reload shows the problems, not a 404.
        present = {f.src_uri for f in kept}
        for path in dict.fromkeys(["index.md", *self.built_pages]):
            if path not in present:
                kept.append(File.generated(config, path, content=problems))
        config.nav = [{"Content errors": "index.md"}]
        return kept

    def _is_source(self, file: File) -> bool:
        """A YAML file anywhere, or any file of the content folder (when it is the docs_dir)."""
        if file.src_uri.endswith((".yaml", ".yml")):
            return True
        if file.abs_src_path is None or file.generated_by is not None:
            return False
        # Also before resolving: a link in the content folder to a file elsewhere
        # (`content/key.txt -> ~/.ssh/id_rsa`) is content, never published as it is.
        path = Path(os.path.abspath(file.abs_src_path))
        if path.is_relative_to(os.path.abspath(self.content_dir)):
            return True
        return path.resolve().is_relative_to(self._content_root)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        # Markdown to HTML for every page at once, on every core (speedups/prerender.py).
        self.speedups.before_pages(config, files, nav, enabled=self.options.speedups)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # Every page's links are checked by now; MkDocs copies its files next, and these are not its.
        for stand_in in self.stand_ins:
            if files.get_file_from_path(stand_in.src_uri) is stand_in:
                files.remove(stand_in)
        self.stand_ins = []
        # The theme's templates compiled once, not at every build; their filters are MkDocs' and Material's.
        return keep_compiled(env, *_theme_versions())

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        self.speedups.before_page(page)
        return page

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:  # type: ignore[no-untyped-def]
        from generator.site.serve_host import refuse_other_hosts  # only a live preview needs the server's code

        # The first build ran on every core; from now on the server's and watcher's threads run.
        forbid_forks()
        server.watch(str(self.content_dir))
        server.watch(str(BUILTIN_THEME_DIR))
        if config.theme.custom_dir:  # overrides/: a saved template rewrites the pages
            server.watch(config.theme.custom_dir)
        refuse_other_hosts(server, config)
        return server

    @event_priority(-100)  # last: encryption sees what every other plugin wrote
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Wait for the packs, résumé and calendar (sitefiles.py), then encrypt it all if asked to.

        A `serve` rebuild leaves them for after its pages are served instead (afterpages.py).
        """
        side_files = self.side_files
        if side_files is not None and self.rebuilding and self.after_pages is not None:
            self.after_pages(functools.partial(self._finish_after_pages, side_files), side_files.outputs())
        elif side_files is not None:
            self._finish(side_files)
        if self.speedups.incremental:  # `serve`: remove what this build did not make (incremental.py)
            self.speedups.after_build(config, side_files.outputs() if side_files is not None else [])
        self.hosting.on_post_build(Path(config.site_dir))
        self.rebuilding = self.serving

    def _finish(self, side_files: SiteFiles) -> None:
        try:
            warnings = side_files.finish()
        except PortfolioError as error:  # a failed pack: MkDocs' own one-line error, no traceback
            raise PluginError(str(error)) from error
        for problem in warnings:
            log.warning(problem.format())

    def _finish_after_pages(self, side_files: SiteFiles) -> None:
        """After a rebuild's pages: its side files. If they fail, none of them is served stale (afterpages.py reports it)."""
        try:
            self._finish(side_files)
        except BaseException:
            for path in side_files.outputs():
                path.unlink(missing_ok=True)
            raise

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_side_files()

    def stop_side_files(self) -> None:
        """Stop making the packs, résumé and calendar: the failed build's folder is removed next."""
        if self.side_files is not None:
            self.side_files.abort()
            self.side_files = None

    @event_priority(-100)
    def on_shutdown(self) -> None:
        self.stop_side_files()  # `serve` stopped (Ctrl-C) while a build made them: nothing left in its folder
        self.hosting.on_shutdown()

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:  # type: ignore[no-untyped-def]
        return add_private_meta(escape_page_title(output))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return add_private_meta(output_content) if template_name.endswith(".html") else output_content


BUILTIN_SITE_NAME = "Portfolio"


def _theme_versions() -> list[str]:
    import material
    import mkdocs

    return [f"mkdocs {mkdocs.__version__}", f"material {getattr(material, '__version__', '?')}"]


def _stand_ins(side_files: SiteFiles, files: Files, config: MkDocsConfig) -> list[File]:
    """Empty files in `files` where the packs, résumé and calendar will be, so that links to them are found.

    A hand-written page may link to `../pdf/cv.pdf`: MkDocs checks each link
    against its files while it renders the pages (a warning, an error under
    `--strict`, for a file it does not know), and these are written beside
    MkDocs (sitefiles.py). on_env takes them out before MkDocs copies files.
    """
    uris = [path.relative_to(side_files.site).as_posix() for path in side_files.outputs()]
    stand_ins = [File.generated(config, uri, content=b"") for uri in uris if files.get_file_from_path(uri) is None]
    for stand_in in stand_ins:
        files.append(stand_in)
    return stand_ins


def _navigation(private: bool, hand_pages: list[str]) -> list[object]:
    """Sections only; every story and application is one click from its section index."""
    nav: list[object] = [{"Home": "index.md"}]
    if private:
        nav.append({"Applications": "applications/index.md"})
    nav += [{"Stories": "stories/index.md"}, {"Tags": "tags.md"}, {"Profile": "profile.md"}, {"Résumé": "cv.md"}]
    return nav + hand_pages


def _problems_page(lines: list[str]) -> str:
    body = "\n".join(lines)
    return (
        "# Content errors\n\n"
        "The site cannot be built until these are fixed; this page reloads when you save.\n\n"
        f"~~~~text\n{body}\n~~~~\n"
    )
