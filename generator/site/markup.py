"""Putting user text into generated Markdown so that it shows exactly as typed.

Two kinds of user text reach a page:

- plain strings (titles, companies, criteria, notes on versions, tags):
  `escape_text` turns every character that Markdown, attr_list, tables or
  HTML would read as syntax into an HTML entity, so the same output is safe
  in a Markdown line, a table cell, inline HTML and an HTML attribute;
- Markdown fields (STAR sections, answers, notes): `neutralize_html` keeps
  the Markdown but shows raw HTML tags as text, so an unclosed `<div>` or a
  `<script>` in a note cannot swallow or script the page. Code spans and
  fenced code are left alone (they already show their text as typed).
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


# `<` that starts a tag, a comment or a declaration; not `a < b`, not an autolink.
_TAG_START = re.compile(r"<(?=[A-Za-z!?/])")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# `#1 priority` or `#hashtag` at a line start: text in CommonMark (and in the
# packs), a heading to Python-Markdown unless its `#` is escaped.
_HASH_WORD = re.compile(r"^( {0,3})(?=#+[^#\s])", re.M)


def neutralize_html(markdown: str) -> str:
    """Markdown with raw HTML shown as text; code spans, fences and autolinks untouched."""
    if "<" not in markdown and "#" not in markdown:
        return markdown  # nothing below would change (most fields: a fast path for big sites)
    out: list[str] = []
    prose: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        match = _FENCE.match(line)
        if fence is None and match:
            out.append(_escape_prose("".join(prose)))
            prose = []
            fence = match.group(1)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not line.strip().lstrip(fence[0])
            ):
                fence = None
        else:
            prose.append(line)
    out.append(_escape_prose("".join(prose)))
    return "".join(out)


def _escape_prose(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_escape_tags(text[last : span.start()]))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(_escape_tags(text[last:]))
    return "".join(pieces)


def _escape_tags(text: str) -> str:
    pieces: list[str] = []
    last = 0
    for link in _AUTOLINK.finditer(text):
        pieces.append(_TAG_START.sub("&lt;", text[last : link.start()]))
        pieces.append(link.group(0))
        last = link.end()
    pieces.append(_TAG_START.sub("&lt;", text[last:]))
    return _HASH_WORD.sub(r"\1\\", "".join(pieces))


def anchor_slug(text: str) -> str:
    """A lowercase ASCII anchor for a tag or heading (`C++ & Go` -> `c-go`); never empty."""
    return slugify(text) or "x"
