"""Word-level differences between two versions of an answer, as <ins>/<del> markup."""

from __future__ import annotations

import difflib
import functools
import html
import re
from dataclasses import dataclass

from markupsafe import Markup

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BREAK = "\n\n"


@dataclass(frozen=True)
class WordDiff:
    html: Markup  # <p> paragraphs with inline <del>/<ins>; no blank line, so one raw HTML block
    added: int
    removed: int


def _words(text: str) -> list[str]:
    """Words, with a paragraph break kept as its own token."""
    tokens: list[str] = []
    for n, paragraph in enumerate(_PARAGRAPH_BREAK.split(text.strip())):
        if n:
            tokens.append(_BREAK)
        tokens += paragraph.split()
    return tokens


@functools.lru_cache(maxsize=16384)  # `serve` rebuilds in one process: only changed texts are diffed again
def render_word_diff(old: str, new: str) -> WordDiff:
    """`new` with removed words in <del> and added words in <ins>, and how many of each.

    The text is the source as typed (HTML-escaped), not rendered Markdown: a
    diff shows what changed in the file. The result is plain HTML, meant to
    be placed as a raw HTML block, so Markdown never reads it (faster too).
    """
    a, b = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += _runs("", b[j1:j2])
            continue
        if op in ("delete", "replace"):
            out += _runs("del", a[i1:i2])
            removed += i2 - i1 - a[i1:i2].count(_BREAK)
        if op in ("insert", "replace"):
            out += _runs("ins", b[j1:j2])
            added += j2 - j1 - b[j1:j2].count(_BREAK)
    paragraphs = " ".join(out).split(f" {_BREAK} ")
    body = "".join(f"<p>{p.strip()}</p>" for p in paragraphs if p.strip() and p.strip() != _BREAK)
    return WordDiff(Markup(body), added, removed)


def _runs(tag: str, words: list[str]) -> list[str]:
    """Runs of words (escaped once per run), inside `tag` if any; paragraph breaks stay outside."""
    out: list[str] = []
    run: list[str] = []
    for word in words + [_BREAK]:
        if word != _BREAK:
            run.append(word)
            continue
        if run:
            text = html.escape(" ".join(run), quote=False)
            out.append(f"<{tag}>{text}</{tag}>" if tag else text)
            run = []
        out.append(word)
    return out[:-1]
