"""The MkDocs plugin: adapts MkDocs events to the portfolio, nothing more.

Loading goes through `load_portfolio` (the one door), what may be shown
through `view_for` (generator/audience.py), the pages through
`render_site_pages`. This module only wires them into a build.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.audience import view_for
from generator.content.diagnostics import ContentError
from generator.encrypt import EncryptionRequest, encrypt_site, encryption_from_environment
from generator.content.loader import load_portfolio
from generator.content.model import Portfolio
from generator.pack import write_packs
from generator.site.defaults import apply_material_defaults
from generator.site.history import read_history
from generator.site.pages import render_site_pages
from generator.site.forking import forbid_forks
from generator.site.prerender import prerender_pages, use_prerendered
from generator.site.search_sections import use_kept_sections
from generator.site.privacy import ROBOTS_TXT, add_private_meta, check_destinations, escape_page_title
from generator.site.theme import BUILTIN_THEME_DIR, drop_theme_sources, layer_builtin_theme

log = logging.getLogger("portfolio")

AUDIENCE_ENV = "PORTFOLIO_AUDIENCE"
CONTENT_ENV = "PORTFOLIO_CONTENT"
SITE_AUDIENCES = ("private", "shared")


class PortfolioConfig(base.Config):
    content = c.Type(str, default="content")  # relative to mkdocs.yml
    audience = c.Choice(SITE_AUDIENCES, default="private")
    strict = c.Type(bool, default=False)  # content warnings are errors
    history = c.Type(bool, default=True)  # git history on pages
    packs = c.Type(bool, default=True)  # recruiter packs in site/pdf (`portfolio build --no-packs`: off)


class PortfolioPlugin(BasePlugin[PortfolioConfig]):
    """`plugins: [portfolio]`: the job search, as Material pages."""

    def __init__(self) -> None:
        self.serving = False
        self.content_dir = Path("content")
        self.audience = "private"
        self._content_root = self.content_dir.resolve()
        self.portfolio: Portfolio | None = None
        self.pack_ids: list[str] = []
        self.encryption: EncryptionRequest | None = None
        self.render_context: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            forbid_forks()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base_dir = Path(config.config_file_path or ".").absolute().parent
        self.content_dir = base_dir / os.environ.get(CONTENT_ENV, self.config.content)
        self.audience = os.environ.get(AUDIENCE_ENV) or self.config.audience
        if self.audience not in SITE_AUDIENCES:
            raise PluginError(f"{AUDIENCE_ENV} must be `private` or `shared`, not `{self.audience}`")
        self._content_root = self.content_dir.resolve()
        # Read before building, so a bad PORTFOLIO_PASSWORD fails before any work.
        # Only the private build is encrypted; a live preview never is.
        wanted = self.audience == "private" and not self.serving
        self.encryption = encryption_from_environment() if wanted else None
        layer_builtin_theme(config)
        apply_material_defaults(config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Nothing of the content folder is published as it is (hand-written
        # pages are added below, from the view), and YAML never.
        kept = Files([f for f in files if not self._is_source(f)])
        drop_theme_sources(kept)
        kept.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
        self.portfolio, self.pack_ids = None, []
        try:
            portfolio = load_portfolio(self.content_dir, strict=self.config.strict)
        except ContentError as error:
            lines = [problem.format() for problem in error.problems]
            errors = len(error.errors)
            summary = f"{errors} error(s), {len(lines) - errors} warning(s) in {self.content_dir}"
            if not self.serving:
                raise PluginError("\n".join([*lines, summary])) from error
            # While serving, show the problems in the terminal and the browser;
            # saving a fix rebuilds and reloads the page.
            for line in lines:
                log.error(line)
            kept.append(File.generated(config, "index.md", content=_problems_page(lines)))
            config.nav = [{"Content errors": "index.md"}]
            return kept
        for problem in portfolio.warnings:
            log.warning(problem.format())
        view = view_for(portfolio, self.audience)  # type: ignore[arg-type]
        # A recruiter pack for every application the view shows (none on the shared site).
        self.portfolio, self.pack_ids = portfolio, list(view.applications)
        # The view lists source files only where history may be shown (audience.py).
        history = read_history(view.files) if self.config.history and view.files else None
        for path, markdown in render_site_pages(view, history).items():
            kept.append(File.generated(config, path, content=markdown))
        hand_pages = []
        for page in view.pages:
            kept.append(File.generated(config, f"pages/{page.name}", abs_src_path=str(page.path)))
            hand_pages.append(f"pages/{page.name}")
        if config.site_name == BUILTIN_SITE_NAME:
            config.site_name = portfolio.profile.name
        if config.nav is None:
            config.nav = _navigation(view.is_private, hand_pages)
        check_destinations(kept, config.site_dir)
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
        # Markdown to HTML for every page at once, on every core (prerender.py).
        search_sections = use_kept_sections(config.plugins)
        self.render_context = prerender_pages(config, files, search_sections=search_sections)
        return nav

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        if self.render_context is not None:
            use_prerendered(page, self.render_context)
        return page

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:  # type: ignore[no-untyped-def]
        server.watch(str(self.content_dir))
        server.watch(str(BUILTIN_THEME_DIR))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the recruiter packs into the site, then encrypt it all if asked to."""
        site = Path(config.site_dir)
        if self.portfolio is not None and self.pack_ids and self.config.packs:
            write_packs(
                self.portfolio, site / "pdf", app_ids=self.pack_ids, audience="recruiter",
                warn=lambda problem: log.warning(problem.format()),
            )
        if self.encryption is not None:
            encrypt_site(site, self.encryption.password, iterations=self.encryption.iterations)
        elif self.audience == "private" and not self.serving:
            log.info("site is NOT encrypted (set PORTFOLIO_PASSWORD to encrypt it): for local viewing only")

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:  # type: ignore[no-untyped-def]
        return add_private_meta(escape_page_title(output))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return add_private_meta(output_content) if template_name.endswith(".html") else output_content


BUILTIN_SITE_NAME = "Portfolio"


def _navigation(private: bool, hand_pages: list[str]) -> list[object]:
    """Sections only; every story and application is one click from its section index."""
    nav: list[object] = [{"Home": "index.md"}]
    if private:
        nav.append({"Applications": "applications/index.md"})
    nav += [{"Stories": "stories/index.md"}, {"Tags": "tags.md"}, {"Profile": "profile.md"}]
    return nav + hand_pages


def _problems_page(lines: list[str]) -> str:
    body = "\n".join(lines)
    return (
        "# Content errors\n\n"
        "The site cannot be built until these are fixed; this page reloads when you save.\n\n"
        f"~~~~text\n{body}\n~~~~\n"
    )
