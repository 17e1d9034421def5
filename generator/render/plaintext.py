"""A Markdown field as plain text, for pasting into an application form.

Read by the one parser of content Markdown (generator/render/markdown.py
`content_parser`, as the site and the packs read it), written the way
Pandoc's plain writer writes it with `--wrap=none`: emphasis, links and
code marks dropped (a link keeps its text; one the site would not link is
its text too), a bullet as `- `, a numbered item as `1. `, a quotation
indented by two spaces, raw HTML as typed, a footnote's mark as `[1]` and
the notes after the text (`[1] The note.`), numbered as the site numbers
them. Used by the text pack and the site's Copy buttons, so both give
exactly the same text; tests compare it with Pandoc. The words are the
same ones the counts count (counting.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it.token import Token

from generator.render.markdown import closing, content_parser, footnote_ranges


def plain_text(markdown: str) -> str:
    """The text of a Markdown field without its Markdown syntax, paragraphs apart by a blank line."""
    env: dict[str, Any] = {}
    tokens = content_parser().parse(markdown, env)
    return _paragraphs(_blocks(tokens, 0, len(tokens)) + _notes(tokens))


def _paragraphs(blocks: list[str]) -> str:
    """The blocks that show anything, a blank line apart."""
    return "\n\n".join(block for block in blocks if block.strip())


def _notes(tokens: Sequence[Token]) -> list[str]:
    """Each footnote referred to, after the text, as the site numbers it: `[1] The note.`"""
    notes = []
    for footnote_id, (start, end) in footnote_ranges(tokens).items():
        notes.append(f"[{footnote_id + 1}] " + _paragraphs(_blocks(tokens, start, end)))
    return notes


def _blocks(tokens: Sequence[Token], start: int, end: int) -> list[str]:
    """The plain blocks of tokens[start:end] (siblings at one nesting level)."""
    blocks: list[str] = []
    i = start
    while i < end:
        token = tokens[i]
        close = closing(tokens, i) if token.nesting == 1 else i
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            blocks.append(_inline(tokens[i + 1]))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            blocks.append(_list(tokens, i, close))
        elif kind == "blockquote_open":
            inner = "\n\n".join(_blocks(tokens, i + 1, close))
            blocks.append("\n".join(f"  {line}" if line else "" for line in inner.split("\n")))
        elif kind in ("fence", "code_block", "html_block"):
            blocks.append(token.content.rstrip("\n"))
        elif kind == "hr":
            blocks.append("-" * 72)
        elif kind == "table_open":
            blocks.append(_table(tokens, i, close))
        i = close + 1
    return blocks


def _list(tokens: Sequence[Token], i: int, close: int) -> str:
    ordered = tokens[i].type == "ordered_list_open"
    number = int(tokens[i].attrGet("start") or 1) if ordered else 0
    items = []
    # A loose list (blank lines between items) keeps them apart, as Pandoc does.
    loose = any(t.type == "paragraph_open" and not t.hidden and t.level == tokens[i].level + 2 for t in tokens[i:close])
    j = i + 1
    while j < close:
        item_close = closing(tokens, j)
        marker = f"{number}. " if ordered else "- "
        body = "\n\n".join(_blocks(tokens, j + 1, item_close)) if tokens[j].type == "list_item_open" else ""
        lines = body.split("\n")
        items.append(
            marker + "\n".join([lines[0], *(f"{' ' * len(marker)}{line}" if line else "" for line in lines[1:])])
        )
        number += 1
        j = item_close + 1
    return ("\n\n" if loose else "\n").join(items)


def _table(tokens: Sequence[Token], i: int, close: int) -> str:
    rows, cells = [], []
    for token in tokens[i:close]:
        if token.type == "inline":
            cells.append(_inline(token))
        elif token.type == "tr_close":
            rows.append("  ".join(cells))
            cells = []
    return "\n".join(rows)


def _inline(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "footnote_ref":
            parts.append(f"[{int(child.meta['id']) + 1}]")
    return "".join(parts)
