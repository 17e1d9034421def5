"""The built-in look (the `theme/` folder beside this file) layered under a local one."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

BUILTIN_THEME_DIR = (Path(__file__).parent / "theme").resolve()


def layer_builtin_theme(config: MkDocsConfig) -> None:
    """Put the built-in look right under the user's `custom_dir` (or on top when there is none)."""
    dirs = config.theme.dirs
    if any(os.path.realpath(d) == str(BUILTIN_THEME_DIR) for d in dirs):
        return
    custom = config.theme.custom_dir
    position = 1 if custom and dirs and os.path.realpath(dirs[0]) == os.path.realpath(custom) else 0
    dirs.insert(position, str(BUILTIN_THEME_DIR))


def drop_theme_sources(files: Files) -> None:
    """Theme files that are not part of the site.

    A user's pack template and fonts live in `overrides/pack/` and its notes
    in `overrides/README.md`; `sitemap.xml` is the template of a sitemap this
    site does not render (see defaults.py), so MkDocs would copy its source
    as is.
    """
    for file in [f for f in files if f.src_uri.endswith(".typ") or f.src_uri.startswith("pack/")]:
        files.remove(file)
    for file in [f for f in files if f.src_uri in NOT_PUBLISHED and f.generated_by is None]:
        files.remove(file)


NOT_PUBLISHED = frozenset({"sitemap.xml", "README.md"})
