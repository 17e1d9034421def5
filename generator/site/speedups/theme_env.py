"""The theme's Jinja2 environments, quicker to make: fewer files listed, templates kept compiled.

At every build MkDocs lists every file of the theme's folders
(`Files.add_files_from_theme`, through the theme environment's
`list_templates`) and keeps those its filter lets through. The filter
leaves out every path with a part that starts with a dot (its patterns
`.*` and `*/.*`), and Material keeps its 14,000 icons under `.icons/`: the
listing took about 45 ms of CPU of every build to find 65 files. The
theme's environments here list their folders without going into dot
folders, so the same files reach MkDocs' filter
(tests/test_site_parallel.py compares the lists).

Material's search plugin makes three more environments of the theme, each
compiling `partials/language.html` for one word of its settings; they keep
their compiled templates too (generator/render/templatecache.py), as the
build's own environment does.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import jinja2
from mkdocs.theme import Theme

from generator.render.templatecache import keep_compiled


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja2's loader, whose list of templates leaves out what is in dot folders."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath).replace(os.path.sep, "/")
                prefix = "" if relative == "." else f"{relative}/"
                found.update(prefix + name for name in names)
        return sorted(found)


def quicken_theme(theme: Theme, *versions: str) -> None:
    """Make the environments `theme.get_env()` returns quicker (see above); `versions`: the theme's, for the cache."""
    get_env: Callable[[], jinja2.Environment] = theme.get_env

    def get_quick_env() -> jinja2.Environment:
        env = get_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return keep_compiled(env, *versions)

    theme.get_env = get_quick_env  # type: ignore[method-assign]  # this theme object's, for this build
