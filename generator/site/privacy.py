"""What keeps a built site to itself and intact: no indexing, no referrer, no path
outside site/, no page title that can break out of `<title>`."""

from __future__ import annotations

import html
import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
# Search engines must not index the pages, and links out must not tell the
# other site which private page they came from.
PRIVATE_META = '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'


def add_private_meta(html: str) -> str:
    """Insert the meta tags right after `<head>` (whatever the theme's templates say)."""
    head = html.find("<head>")
    if head < 0:
        return html
    end = head + len("<head>")
    return html[:end] + PRIVATE_META + html[end:]


def escape_page_title(page_html: str) -> str:
    """Escape the text of `<title>`.

    Material prints `page.title | striptags`, which un-escapes the title: a
    story titled `</title><script>...` would end the title and run. The last
    `</title>` of the head is the theme's own, so everything before it is text.
    """
    head_end = page_html.find("</head>")
    start = page_html.find("<title>", 0, head_end)
    end = page_html.rfind("</title>", 0, head_end)
    if start < 0 or end < start:
        return page_html
    inner = page_html[start + len("<title>") : end]
    # Unescaped first: the site name in it is escaped already (plugin.py), the page title is not.
    return page_html[: start + len("<title>")] + html.escape(html.unescape(inner), quote=False) + page_html[end:]


def check_destinations(files: Files, site_dir: str) -> None:
    """Refuse any file that would be written outside the site folder."""
    root = os.path.realpath(site_dir)
    for file in files:
        target = os.path.realpath(file.abs_dest_path)
        if os.path.commonpath([root, target]) != root:
            raise PluginError(f"refusing to write `{file.src_uri}` outside the site folder: {target}")
