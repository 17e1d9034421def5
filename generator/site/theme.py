"""The built-in look (the `theme/` folder beside this file) layered under a local one."""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path

import material
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

BUILTIN_THEME_DIR = (Path(__file__).parent / "theme").resolve()
MATERIAL_TEMPLATES = (Path(material.__file__).parent / "templates").resolve()


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

LUNR_FOLDER = "assets/javascripts/lunr/"
WORKERS_FOLDER = "assets/javascripts/workers"
# How Material's search worker (9.x) loads its languages: `lunr_files` says the same.
WORKER_LOADING = re.compile(
    r'for\(let (\w) of \w\.lang\)\{switch\(\1\)\{case"ja":\w\.push\(`\$\{\w\}/tinyseg\.js`\);break;'
    r'case"hi":case"th":\w\.push\(`\$\{\w\}/wordcut\.js`\);break\}\1!=="en"&&\w\.push\(`\$\{\w\}/min/lunr\.\$\{\1\}\.min\.js`\)\}'
    r"\w\.lang\.length>1&&\w\.push\(`\$\{\w\}/min/lunr\.multi\.min\.js`\),\w\.length&&\(yield importScripts\("
    r"`\$\{\w\}/min/lunr\.stemmer\.support\.min\.js`,\.\.\.\w\)\)"
)


def drop_unused_search_languages(files: Files, config: MkDocsConfig) -> None:
    """Material's search support for languages the site's search does not use.

    Material ships Lunr's support for 30-odd languages (34 of an English
    site's 81 files); its search worker loads only those of the search
    plugin's `lang` (assets/javascripts/workers/search.*.min.js: none for
    English alone). Each file copied costs a build about a millisecond.
    Only Material's own files are left out, and only when its worker loads
    languages as `lunr_files` says (`WORKER_LOADING`); all of them stay when
    the search is not Material's or is switched off.
    """
    languages = _search_languages(config)
    if languages is None or not _worker_loads_as_expected():
        return
    needed = lunr_files(languages)
    for file in [f for f in files if f.src_uri.startswith(LUNR_FOLDER) and f.src_uri not in needed]:
        if file.abs_src_path is not None and Path(os.path.realpath(file.abs_src_path)).is_relative_to(
            MATERIAL_TEMPLATES
        ):
            files.remove(file)


def lunr_files(languages: list[str]) -> set[str]:
    """The files under LUNR_FOLDER that Material's search worker loads for `languages`."""
    scripts = {f"min/lunr.{language}.min.js" for language in languages if language != "en"}
    scripts |= {"tinyseg.js" for language in languages if language == "ja"}
    scripts |= {"wordcut.js" for language in languages if language in ("hi", "th")}
    if len(languages) > 1:
        scripts.add("min/lunr.multi.min.js")
    if scripts:
        scripts.add("min/lunr.stemmer.support.min.js")
    return {LUNR_FOLDER + script for script in scripts}


@functools.cache
def _worker_loads_as_expected() -> bool:
    """Whether the installed Material's search worker loads languages as `lunr_files` says (read once)."""
    workers = sorted((MATERIAL_TEMPLATES / WORKERS_FOLDER).glob("search.*.min.js"))
    try:
        return len(workers) == 1 and WORKER_LOADING.search(workers[0].read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


def _search_languages(config: MkDocsConfig) -> list[str] | None:
    """The enabled Material search plugin's languages (set by its `on_config`), or None."""
    search = sys.modules.get("material.plugins.search.plugin")  # imported by MkDocs with the plugin, if in use
    if search is None:
        return None
    for plugin in config.plugins.values():
        if isinstance(plugin, search.SearchPlugin) and plugin.config.enabled and plugin.config.lang:
            return list(plugin.config.lang)
    return None
