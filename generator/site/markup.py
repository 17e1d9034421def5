"""Putting plain user text into generated Markdown so that it shows exactly as typed.

Plain strings (titles, companies, criteria, notes on versions, tags):
`escape_text` turns every character that Markdown, attr_list, tables or
HTML would read as syntax into an HTML entity, so the same output is safe
in a Markdown line, a table cell, inline HTML and an HTML attribute.
Markdown fields never pass through here: they reach a page as finished HTML
(generator/render/markdown.py, pages.py's `markdown` filter).
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote

from generator.content.model import slugify

# Characters that mean something to Python-Markdown or its extensions
# (emphasis, code, links, attr_list braces, table pipes, headings, escapes).
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"} | {c: f"&#{ord(c)};" for c in "\\`*_{}[]|#~^=$:"}
)
_NEWLINES = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_PLAIN = re.compile(r"(?![-+>]|\d+[.)])[^&<>\"\\`*_{}\[\]|#~^=$:\r\n]*")
# At the start of a line these open a list, a quote or a numbered list.
_BLOCK_START = re.compile(r"^([-+>]|\d+(?=[.)]))")


def escape_text(value: object) -> str:
    """Plain text, safe anywhere in a generated Markdown page; newlines become spaces."""
    text = str(value)
    if _PLAIN.fullmatch(text):  # most values: nothing to do (fast path for big sites)
        return text
    text = _NEWLINES.sub(" ", text).translate(_ESCAPES)
    return _BLOCK_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), text)


def anchor_slug(text: str) -> str:
    """A lowercase ASCII anchor for a tag or heading (`C++ & Go` -> `c-go`); never empty."""
    return slugify(text) or "x"


def page_url(src: str, *, directory_urls: bool) -> str:
    """The address MkDocs gives the file `src` (docs-relative; a page is `.md`): what its `File.url` is."""
    parent, filename = posixpath.split(src)
    stem, suffix = posixpath.splitext(filename)
    if suffix != ".md":
        return quote(src)
    stem = "index" if stem == "README" else stem
    if directory_urls and stem != "index":
        return quote(posixpath.join(parent, stem) + "/")
    if directory_urls:
        return quote((parent or ".") + "/")
    return quote(posixpath.join(parent, stem + ".html"))


def relative_url(target: str, page: str, *, directory_urls: bool) -> str:
    """The link from page `page` to file `target` (both docs-relative; a page is `.md`), as MkDocs writes it.

    Generated pages write finished HTML for their long lists (passthrough.py),
    which MkDocs does not read for links, so their addresses are made here,
    the way `mkdocs.utils.get_relative_url` makes them (tests/test_site_links.py
    compares the two).
    """
    url, url_parts = _url_parts(target, directory_urls)
    base_parts = _folder_parts(page, directory_urls)
    common = 0
    for a, b in zip(base_parts, url_parts, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(base_parts) - common) + list(url_parts[common:])) or "."
    return relative + "/" if url.endswith("/") else relative


@functools.lru_cache(maxsize=65536)
def _url_parts(target: str, directory_urls: bool) -> tuple[str, tuple[str, ...]]:
    url = page_url(target, directory_urls=directory_urls)
    return url, _parts(url)


@functools.lru_cache(maxsize=65536)
def _folder_parts(page: str, directory_urls: bool) -> tuple[str, ...]:
    """The parts of the folder a page's relative links start from (MkDocs drops a last part with a dot)."""
    base = page_url(page, directory_urls=directory_urls)
    folder, _, name = base.rpartition("/")
    return _parts(folder if "." in name else base)


def _parts(path: str) -> tuple[str, ...]:
    normal = posixpath.normpath("/" + path)[1:]
    return tuple(normal.split("/")) if normal else ()
