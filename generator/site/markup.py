"""Putting plain user text into generated Markdown so that it shows exactly as typed.

Plain strings (titles, companies, criteria, notes on versions, tags):
`escape_text` turns every character that Markdown, attr_list, tables or
HTML would read as syntax into an HTML entity, so the same output is safe
in a Markdown line, a table cell, inline HTML and an HTML attribute.
Markdown fields never pass through here: they reach a page as finished HTML
(generator/render/markdown.py, pages.py's `markdown` filter).
"""

from __future__ import annotations

import re

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
