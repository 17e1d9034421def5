"""Configuration that could put what an audience may not see into its site: refused.

Every page is rendered from one audience's view (generator/audience.py).
A Markdown extension or plugin that includes files, reads data files or runs
code while a page is rendered could pull `content/applications/*.yaml` (or
anything else) into a shared page around that view. Such configuration is an
error at its line in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.content.diagnostics import ContentError, Position, Problem

# name in mkdocs.yml -> what it does
REFUSED_EXTENSIONS = {
    "pymdownx.snippets": "includes any file into a page (`--8<--`)",
    "markdown_include.include": "includes any file into a page (`{!file!}`)",
    "markdown_include": "includes any file into a page (`{!file!}`)",
    "mdx_include": "includes any file into a page (`{! file !}`)",
    "markdown_exec": "runs code blocks while the page is rendered",
}
REFUSED_PLUGINS = {
    "macros": "runs Jinja templates in pages, which can read files",
    "mkdocs-macros": "runs Jinja templates in pages, which can read files",
    "include-markdown": "includes any file into a page",
    "markdownextradata": "puts data files into pages through Jinja",
    "table-reader": "reads data files (YAML, CSV) into pages",
    "markdown-exec": "runs code blocks while the page is rendered",
    "exec": "runs code blocks while the page is rendered",
}
WHY = "it could show content around the audience view (what the shared site may show); remove it"


def refuse_audience_bypasses(config: MkDocsConfig) -> None:
    """Raise a positioned error for every refused extension or plugin configured."""
    found = [
        ("markdown_extensions", name, f"Markdown extension `{name}` {REFUSED_EXTENSIONS[name]}")
        for name in config.markdown_extensions
        if name in REFUSED_EXTENSIONS
    ]
    for key in config.plugins:
        name = _plugin_name(key)
        if name in REFUSED_PLUGINS:
            found.append(("plugins", name, f"plugin `{name}` {REFUSED_PLUGINS[name]}"))
    if not found:
        return
    config_file = Path(config.config_file_path or "mkdocs.yml").absolute()
    positions = _entry_positions(config_file)
    problems = [
        Problem(config_file, positions.get((section, name), Position()), "error", f"{what}: {WHY}")
        for section, name, what in found
    ]
    error = ContentError(problems)
    raise PluginError("\n".join(problem.format() for problem in error.problems)) from error


def _plugin_name(name: str) -> str:
    """`material/search` -> `search`: MkDocs may key a plugin by `theme/name`."""
    return name.rpartition("/")[2]


def _entry_positions(config_file: Path) -> dict[tuple[str, str], Position]:
    """Where each entry of `markdown_extensions` and `plugins` is written in mkdocs.yml.

    Composed, not loaded: MkDocs' own tags (`!ENV`, `!!python/name:`) need no constructor.
    """
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    positions: dict[tuple[str, str], Position] = {}
    if not isinstance(root, yaml.MappingNode):
        return positions
    for key, value in root.value:
        if key.value not in ("markdown_extensions", "plugins"):
            continue
        for node in _entry_names(value):
            name = _plugin_name(node.value) if key.value == "plugins" else node.value
            positions.setdefault((key.value, name), Position(node.start_mark.line + 1, node.start_mark.column + 1))
    return positions


def _entry_names(section: yaml.Node) -> list[yaml.ScalarNode]:
    """The name nodes of a list (`- name` or `- name: {...}`) or a mapping (`name: {...}`)."""
    if isinstance(section, yaml.MappingNode):
        entries: list[yaml.Node] = [key for key, _ in section.value]
    elif isinstance(section, yaml.SequenceNode):
        entries = [
            item.value[0][0] if isinstance(item, yaml.MappingNode) and item.value else item for item in section.value
        ]
    else:
        entries = []
    return [node for node in entries if isinstance(node, yaml.ScalarNode)]
