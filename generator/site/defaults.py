"""Material settings the site needs, filled in so that a mkdocs.yml can stay short.

Privacy first: no web fonts (Material would fetch Google Fonts), no
`navigation.instant` (protected pages need plain page loads), no generator
link in the footer. The navigation lists sections, not every page: with
thousands of stories, a sidebar of every page rendered into every page makes
a build grow with the square of its size (issue 7).
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from generator.site.bypasses import refuse_audience_bypasses

FEATURES = [
    "navigation.tabs",
    "navigation.indexes",
    "navigation.prune",
    "navigation.top",
    "navigation.tracking",
    "search.highlight",
    "toc.follow",
]
PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
    },
]
# Markdown extensions the generated pages use, with their settings.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "tables": {},
    "attr_list": {},
    "md_in_html": {},
    "admonition": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
    # Content fields are finished HTML that no other extension may read.
    "generator.site.passthrough": {},
}
STYLESHEET = "assets/portfolio/site.css"
# Search splits words on punctuation too (Material's default splits on spaces
# and hyphens only, so "dashboards.Referral" or "a/b" were one word).
SEARCH_SEPARATOR = r'[\s\-,:;!=\[\]()"/·|]+|\.(?!\d)'
MATERIAL_SEPARATOR = r"[\s\-]+"
REFUSED_FEATURES = ("navigation.instant", "navigation.instant.prefetch", "navigation.instant.progress")


def apply_material_defaults(config: MkDocsConfig, *, private: bool = False) -> None:
    """Fill in what the user's mkdocs.yml left out; force what privacy requires.

    `private`: the footer says the site is not to be shared (theme/partials/copyright.html).
    """
    refuse_audience_bypasses(config)  # file-including extensions and plugins: an error at their line
    theme = config.theme
    theme["font"] = False
    # Material's own defaults set no palette and no features: anything here is the user's.
    if not theme.get("palette"):
        theme["palette"] = PALETTE
    features = list(theme.get("features") or FEATURES)
    theme["features"] = [f for f in features if f not in REFUSED_FEATURES]
    config.extra.setdefault("generator", False)
    config.extra["portfolio_private"] = private
    _set_search_separator(config)
    for name, settings in EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        for key, value in settings.items():
            config.mdx_configs.setdefault(name, {}).setdefault(key, value)
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        config.extra_css.insert(0, STYLESHEET)
    # A site that no search engine may index needs no sitemap; without one,
    # page addresses are not listed in one more file.
    theme.static_templates.discard("sitemap.xml")
    # The navigation names sections only (see above); pages reached from the
    # section indexes and search are not worth one log line each.
    config.validation.nav.omitted_files = logging.DEBUG


def _set_search_separator(config: MkDocsConfig) -> None:
    """Material's search splits on SEARCH_SEPARATOR unless the user chose a separator."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    settings = getattr(search, "config", None)
    if settings is None or "separator" not in settings:
        return
    if settings["separator"] in (None, MATERIAL_SEPARATOR):
        settings["separator"] = SEARCH_SEPARATOR
        index = getattr(search, "search_index", None)  # made in the search plugin's on_config
        if index is not None:
            index.config["separator"] = SEARCH_SEPARATOR
