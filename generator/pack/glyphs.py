"""Characters a pack's fonts cannot print, reported where they were typed.

Packs use only the fonts inside the `typst` package and `overrides/pack/fonts/`
(so every machine makes the same PDF). Typst leaves out, without a word, a
character that none of them has: a name in Chinese or an emoji would be
missing from what the recruiter reads. The PDF tells which characters got a
glyph (each embedded font maps its glyphs back to text for copy and
search); a character the pack's Markdown holds that no font maps is one the
reader will not see, and is reported at its first place in the content.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
import zlib
from collections.abc import Sequence
from pathlib import Path

from generator.content.diagnostics import Position, Problem

# Marks, format and control characters and separators print no glyph of their own.
_SILENT_CATEGORIES = frozenset({"Mn", "Me", "Cf", "Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
# Where a link or image points is not printed (`[text](https://例え.jp)`).
_DESTINATION = re.compile(r"\]\([^)\s]*")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")
# Entity and numeric character references, as CommonMark reads them (with `;`).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Characters already seen printed, per template (its fonts): most packs of a
# run need no look into their PDF at all.
_printed: dict[object, set[str]] = {}
_printed_lock = threading.Lock()


def unprinted_characters(parts: Sequence[str], pdf: bytes, fonts_key: object) -> list[str]:
    """The characters of the pack's Markdown that have no glyph in its PDF, in order of code point."""
    wanted = {ch for ch in _printable(parts) if ord(ch) > 0x7F}
    with _printed_lock:
        known = _printed.setdefault(fonts_key, set())
        wanted -= known
    if not wanted:
        return []
    printed = mapped_characters(pdf)
    with _printed_lock:
        known |= printed
    return sorted(wanted - printed)


def mapped_characters(pdf: bytes) -> set[str]:
    """Every character some glyph of the PDF maps back to (its fonts' ToUnicode maps)."""
    found: set[str] = set()
    for raw in _STREAM.findall(pdf):
        try:
            data = zlib.decompress(raw)
        except zlib.error:
            data = raw
        if b"begincmap" not in data:
            continue
        for block in _BFCHAR.findall(data):
            values = [m.group(1) for m in _HEX.finditer(block)]
            for target in values[1::2]:
                found.update(_utf16(target))
        for block in _BFRANGE.findall(data):
            found.update(_range_characters(block))
    return found


def glyph_problems(chars: Sequence[str], files: Sequence[Path], pack_name: str) -> list[Problem]:
    """One warning per file that holds some of `chars`, at the first place one of them was typed.

    A character may be typed as itself or as a character reference
    (`&#x1F680;`); one found in none of the files is reported at the top of
    the first file.
    """
    problems = []
    remaining = list(chars)
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        places = _first_places(text, remaining)
        here = sorted(places, key=places.__getitem__)
        if here:
            first = min(places.values())
            line = text.count("\n", 0, first) + 1
            column = first - (text.rfind("\n", 0, first) + 1) + 1
            problems.append(_problem(path, Position(line, column), here, pack_name))
            remaining = [ch for ch in remaining if ch not in here]
    if remaining and files:
        problems.append(_problem(files[0], Position(), remaining, pack_name))
    return problems


def _problem(path: Path, position: Position, chars: Sequence[str], pack_name: str) -> Problem:
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in chars[:8]) + (" …" if len(chars) > 8 else "")
    return Problem(
        path,
        position,
        "warning",
        (
            f"{len(chars)} character(s) have no glyph in the pack's fonts and are left out of {pack_name}: "
            f"{shown}; add a font that has them to overrides/pack/fonts/"
        ),
    )


def _first_places(text: str, chars: Sequence[str]) -> dict[str, int]:
    """Where each of `chars` is first typed in `text`, as itself or as a reference (`&#x1F680;`)."""
    places = {ch: text.index(ch) for ch in chars if ch in text}
    wanted = set(chars)
    for match in _ENTITY.finditer(text):
        for ch in _decoded(match.group(0)):
            if ch in wanted and match.start() < places.get(ch, len(text)):
                places[ch] = match.start()
    return places


def _decoded(reference: str) -> str:
    decoded = html.unescape(reference)
    return "" if decoded == reference else decoded


def _printable(parts: Sequence[str]) -> set[str]:
    """The characters the parts print, references (`&#26481;`, `&eacute;`) read as what they stand for."""
    text = _DESTINATION.sub("](", "".join(parts))
    text = _ENTITY.sub(lambda m: _decoded(m.group(0)) or m.group(0), text)
    return {ch for ch in set(text) if unicodedata.category(ch) not in _SILENT_CATEGORIES}


def _utf16(hex_text: bytes) -> str:
    try:
        return bytes.fromhex(hex_text.decode("ascii")).decode("utf-16-be", "ignore")
    except ValueError:
        return ""


def _range_characters(block: bytes) -> set[str]:
    """Characters of `<lo> <hi> <first>` and `<lo> <hi> [<a> <b> ...]` lines."""
    found: set[str] = set()
    tokens = _HEX.findall(block)
    for n in range(0, len(tokens) - 2, 3):
        (low, _), (high, _), (first, array) = tokens[n : n + 3]
        if array:
            for target in re.findall(rb"<([0-9A-Fa-f]*)>", array):
                found.update(_utf16(target))
            continue
        start = _utf16(first)
        if not start:
            continue
        count = int(high or b"0", 16) - int(low or b"0", 16)
        base = ord(start[-1])
        found.update(start[:-1])
        found.update(chr(base + i) for i in range(max(0, min(count, 0xFFFF)) + 1) if base + i <= 0x10FFFF)
    return found
