"""A content Markdown field as Pandoc's document tree (its JSON), from the site's own reading.

The packs, the résumé and the call sheets read each field with the parser
that makes the site's HTML (generator/render/markdown.py: markdown-it-py,
its link and raw-HTML rules), so the two outputs cannot read one text two
ways. This module only writes down what that parser found, as the blocks
and inlines of Pandoc's JSON (pandoc-types 1.23), which `untrusted.lua`
hands to Pandoc's writers:

- raw HTML is the text that was typed (a paragraph for a block);
- a link is kept only to http(s), mailto or an `#anchor` that Typst can
  read as a label; an image is already a link to it, labelled with its
  description;
- nothing carries an attribute but a heading's classes, which keep it out
  of the PDF's outline; a code block's info string is dropped;
- a footnote is a note at each place that refers to it; a note referred
  to inside a note is added to the end of that note (a pack has no note
  in a note);
- a line or paragraph separator, or a carriage return or form feed typed as
  a character reference, is a space: Typst would start a new line of
  markup there (a `= heading` or `- item` of the text).

It makes nothing else: no raw snippet, image or attribute, so Pandoc's
filter need not look at these blocks again. tests/test_pack_fields.py
checks the result against Pandoc's own reading of every CommonMark spec
example.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from markdown_it.token import Token

from generator.render.markdown import closing, content_parser, footnote_ranges

Json = Any
_NO_ATTR: Json = ["", [], []]
_HEADING_ATTR: Json = ["", ["unnumbered", "unlisted"], []]
# Typst reads a label only if it is made of these (and starts with none of `.:`).
_LABEL = re.compile(r"[\w-][\w.:-]*", re.ASCII)
# Besides the space: what Pandoc's readers take for one, and what Typst would take for a new line of markup.
_OTHER_SPACES = re.compile("[\t\r\f\v\x85\u2028\u2029]")
# Shared: JSON writes each the same wherever it is.
_SPACE: Json = {"t": "Space"}
_SOFTBREAK: Json = {"t": "SoftBreak"}
# Characters of text per Str (fieldast `_words`): Pandoc's Typst writer is fastest at about this.
_STR_CHARACTERS = 80
_ALIGN = {"text-align:left": "AlignLeft", "text-align:center": "AlignCenter", "text-align:right": "AlignRight"}


@functools.lru_cache(maxsize=4096)
def field_json(markdown: str) -> str:
    """The blocks of one field, as a JSON array (one line, no `\\n` outside strings)."""
    env: dict[str, Any] = {}
    tokens = content_parser().parse(markdown, env)
    notes = footnote_ranges(tokens)
    blocks = _Blocks(tokens, notes).read(0, len(tokens))
    return json.dumps(blocks, ensure_ascii=False, separators=(",", ":"))


class _Blocks:
    """The Pandoc blocks of a run of markdown-it's block tokens."""

    def __init__(self, tokens: list[Token], notes: dict[int, tuple[int, int]]) -> None:
        self.tokens = tokens
        self.notes = notes
        self.note_ids: list[int] | None = None  # while a note is read: the notes it shows, in order
        self.inlines = _Inlines(self)

    def read(self, start: int, end: int) -> list[Json]:
        blocks: list[Json] = []
        n = start
        while n < end:
            token = self.tokens[n]
            if token.type == "footnote_block_open":
                break  # the notes are read where they are referred to
            close = closing(self.tokens, n) if token.nesting == 1 else n
            block = self.block(token, n, close)
            if block is not None:
                blocks.append(block)
            n = close + 1
        return blocks

    def block(self, token: Token, n: int, close: int) -> Json | None:
        kind = token.type
        if kind == "paragraph_open":
            inlines = _trimmed(self.inlines.read(self.tokens[n + 1].children or []))
            return {"t": "Plain" if token.hidden else "Para", "c": inlines}
        if kind == "heading_open":
            inlines = _trimmed(self.inlines.read(self.tokens[n + 1].children or []))
            return {"t": "Header", "c": [int(token.tag[1]), _HEADING_ATTR, inlines]}
        if kind in ("fence", "code_block"):
            # Tabs as Pandoc's readers give them (stops of 4), which Typst would otherwise set 2 wide.
            return {"t": "CodeBlock", "c": [_NO_ATTR, token.content.removesuffix("\n").expandtabs(4)]}
        if kind == "html_block":
            return {"t": "Para", "c": _words(token.content.strip())}
        if kind == "hr":
            return {"t": "HorizontalRule"}
        if kind == "blockquote_open":
            return {"t": "BlockQuote", "c": self.read(n + 1, close)}
        if kind == "bullet_list_open":
            return {"t": "BulletList", "c": self.items(n + 1, close)}
        if kind == "ordered_list_open":
            start = token.attrGet("start")
            start = 1 if start is None else int(start)
            delimiter = "OneParen" if token.markup == ")" else "Period"
            attributes = [start, {"t": "Decimal"}, {"t": delimiter}]
            return {"t": "OrderedList", "c": [attributes, self.items(n + 1, close)]}
        if kind == "table_open":
            return self.table(n, close)
        return None  # a token of nothing shown (a closing one is never reached)

    def items(self, start: int, end: int) -> list[list[Json]]:
        items = []
        n = start
        while n < end:
            close = closing(self.tokens, n)
            items.append(self.read(n + 1, close))
            n = close + 1
        return items

    def table(self, start: int, end: int) -> Json:
        rows: list[tuple[bool, list[Json]]] = []
        aligns: list[str] = []
        in_head = False
        for n in range(start, end):
            token = self.tokens[n]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append((in_head, []))
            elif token.type in ("th_open", "td_open"):
                inlines = _trimmed(self.inlines.read(self.tokens[n + 1].children or []))
                if in_head:
                    aligns.append(_ALIGN.get(str(token.attrGet("style") or ""), "AlignDefault"))
                plain = [{"t": "Plain", "c": inlines}] if inlines else []
                rows[-1][1].append([_NO_ATTR, {"t": "AlignDefault"}, 1, 1, plain])
        head = [[_NO_ATTR, cells] for is_head, cells in rows if is_head]
        body = [[_NO_ATTR, cells] for is_head, cells in rows if not is_head]
        columns = [[{"t": align}, {"t": "ColWidthDefault"}] for align in aligns]
        bodies = [[_NO_ATTR, 0, [], body]] if body else []
        return {"t": "Table", "c": [_NO_ATTR, [None, []], columns, [_NO_ATTR, head], bodies, [_NO_ATTR, []]]}

    def refer(self, footnote_id: int) -> list[Json]:
        """A reference to a note: the note, there; inside a note, nothing (the note is added to its end)."""
        if self.note_ids is None:
            return [{"t": "Note", "c": self.note(footnote_id)}]
        if footnote_id not in self.note_ids:
            self.note_ids.append(footnote_id)
        return []

    def note(self, footnote_id: int) -> list[Json]:
        """A note's blocks, then those of each note it refers to, once: a pack has no note in a note.

        The text of a note referred to only from another note is kept (at
        the end of that note), a note that refers to itself or notes that
        refer to each other are read once each, and no Word file gets a note
        inside a note, which it cannot show.
        """
        self.note_ids = [footnote_id]
        blocks: list[Json] = []
        try:
            n = 0
            while n < len(self.note_ids):  # grows while its notes are read
                start, end = self.notes[self.note_ids[n]]
                blocks += self.read(start, end)
                n += 1
        finally:
            self.note_ids = None
        return blocks


class _Inlines:
    """The Pandoc inlines of an inline token's children."""

    def __init__(self, blocks: _Blocks) -> None:
        self.blocks = blocks

    def read(self, children: Sequence[Token]) -> list[Json]:
        out: list[Json] = []
        text: list[str] = []
        dropped = False  # something shown as nothing (a note's mark inside a note, an empty link)
        n = 0
        while n < len(children):
            token = children[n]
            kind = token.type
            if kind in ("text", "html_inline"):
                text.append(token.content)
                n += 1
                continue
            if text:
                out += _words("".join(text))
                text = []
            if token.nesting == 1:
                close = closing(children, n)
                shown = self.span(token, self.read(children[n + 1 : close]))
                n = close + 1
            else:
                shown = self.single(token)
                n += 1
            dropped = dropped or not shown
            out += shown
        if text:
            out += _words("".join(text))
        return _one_space(out) if dropped else out

    def span(self, token: Token, inner: list[Json]) -> list[Json]:
        kind = token.type
        if kind == "em_open":
            return [{"t": "Emph", "c": inner}]
        if kind == "strong_open":
            return [{"t": "Strong", "c": inner}]
        if kind == "s_open":
            return [{"t": "Strikeout", "c": inner}]
        if kind == "link_open":
            return _link(str(token.attrGet("href") or ""), inner)
        return inner

    def single(self, token: Token) -> list[Json]:
        kind = token.type
        if kind == "softbreak":
            return [_SOFTBREAK]
        if kind == "hardbreak":
            return [{"t": "LineBreak"}]
        if kind == "code_inline":
            return [{"t": "Code", "c": [_NO_ATTR, token.content]}]
        if kind == "footnote_ref":
            return self.blocks.refer(int(token.meta["id"]))
        return []  # footnote_anchor: the writer numbers the notes


def _link(href: str, inner: list[Json]) -> list[Json]:
    """A link the site keeps (generator/render/markdown.py); an #anchor only if Typst can read it as a label."""
    if href.startswith("#") and not _LABEL.fullmatch(href[1:]):
        return inner
    return [{"t": "Link", "c": [_NO_ATTR, inner, [href, ""]]}]


def _words(text: str) -> list[Json]:
    """Text as Pandoc reads it (a run of spaces is a Space, a newline a SoftBreak), in Strs of a few words.

    Pandoc's readers make a Str of each word, and its Typst writer spends
    most of its time on them; yet its time on one Str grows with the square
    of its length (a paragraph in one Str takes longer than word by word).
    So words apart by a space are joined in Strs of about `_STR_CHARACTERS`
    (`_joined`), which the writer, unwrapped (`--wrap=none`, pandoc.py),
    prints as it prints them one by one: about 42% less of Pandoc's time on
    the synthetic packs (docs/pages/pack-speed.md).
    """
    if _OTHER_SPACES.search(text):
        text = _OTHER_SPACES.sub(" ", text)
    pieces: list[Any] = []  # words, and _SPACE or _SOFTBREAK between them
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            if pieces and pieces[-1] is _SPACE:
                pieces.pop()
            pieces.append(_SOFTBREAK)
        for n, word in enumerate(line.split(" ")):
            if n and (not pieces or (pieces[-1] is not _SPACE and pieces[-1] is not _SOFTBREAK)):
                pieces.append(_SPACE)
            if word:
                pieces.append(word)
    return _joined(pieces)


def _joined(pieces: list[Any]) -> list[Json]:
    """Words split by one Space joined in Strs of about `_STR_CHARACTERS`; a new Str where the writer looks.

    The first word is a Str of its own: it may start a line, where the
    writer escapes `1.`, `-` or a `(` after other inline text. A SoftBreak
    stays as it is: Pandoc's Word writer writes each as a run of its own.
    A word that starts with neither a letter nor a digit starts a Str: the
    writer escapes a Str's first `;`, and its first `.` since Pandoc 3.9.0.1.
    """
    start, end = 0, len(pieces)
    while start < end and not isinstance(pieces[start], str):
        start += 1
    while end > start and not isinstance(pieces[end - 1], str):
        end -= 1
    out: list[Json] = pieces[:start]
    if start == end:
        return out
    out.append({"t": "Str", "c": pieces[start]})
    chunk: list[str] = []
    size = 0
    for piece in pieces[start + 1 : end]:
        if not isinstance(piece, str):
            if chunk and piece is _SPACE:
                continue  # inside the Str
            if chunk:
                out.append({"t": "Str", "c": " ".join(chunk)})
                chunk, size = [], 0
            out.append(piece)
        elif chunk and (size + len(piece) > _STR_CHARACTERS or not piece[0].isalnum()):
            out += [{"t": "Str", "c": " ".join(chunk)}, _SPACE]
            chunk, size = [piece], len(piece) + 1
        else:
            chunk.append(piece)
            size += len(piece) + 1
    if chunk:
        out.append({"t": "Str", "c": " ".join(chunk)})
    return out + pieces[end:]


def _one_space(inlines: list[Json]) -> list[Json]:
    """The inlines without a Space next to another Space or a SoftBreak, and words that now touch as one.

    Where something was left out: `a-[](#)? b` is the word `a-?` (which
    typst-shorthands.lua then sees whole), `see [^2] more` in a note one space.
    """
    out: list[Json] = []
    for inline in inlines:
        previous = out[-1] if out else None
        if inline is _SPACE and (previous is _SPACE or previous is _SOFTBREAK):
            continue
        if inline is _SOFTBREAK and previous is _SPACE:
            out.pop()
        elif inline.get("t") == "Str" and previous is not None and previous.get("t") == "Str":
            out[-1] = {"t": "Str", "c": previous["c"] + inline["c"]}
            continue
        out.append(inline)
    return out


def _trimmed(inlines: list[Json]) -> list[Json]:
    """A block's inlines without a Space at either end (left where a note's mark or an empty link was)."""
    start, end = 0, len(inlines)
    while start < end and inlines[start] is _SPACE:
        start += 1
    while end > start and inlines[end - 1] is _SPACE:
        end -= 1
    return inlines if (start, end) == (0, len(inlines)) else inlines[start:end]
