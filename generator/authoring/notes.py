"""Reading a Markdown note: front matter, blocks, "Why <Company>" sections, limits.

A small, line-based reader of the Markdown that people write in notes
(ATX and setext headings, paragraphs, lists, block quotes, fenced code). It
keeps every block's line range so text can be copied out verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from generator.content.counting import count_words

BlockKind = Literal["heading", "paragraph", "list", "quote", "code", "rule"]

# A question paragraph longer than this is a draft that happens to end with a
# rhetorical question ("How do we make the invisible visible?"), not a prompt.
MAX_QUESTION_PROMPT_WORDS = 50

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])([ \t]+|$)")
_QUOTE = re.compile(r"^ {0,3}>")
_WHY = re.compile(r"^why\s+(?P<company>.+?)[\s?!:.…]*$", re.IGNORECASE)
_DRAFT = re.compile(r"^(draft|version|take|attempt|try|v)\s*#?\s*\d+\b", re.IGNORECASE)
_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*$")

# A number, thousands separators allowed: 400, 1,500, 1 500, 1.500
_NUMBER = r"(\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+|\d+)"
_UNIT = r"(words?|characters?|chars?)\b"
_LIMIT_PATTERNS = [
    # "in 400 words or less", "max 300 words", "up to 250 words", "no more than 1,500 characters"
    re.compile(
        r"\b(?:in|within|under|up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|not\s+to\s+exceed|"
        r"max(?:imum)?\.?(?:\s+of)?|limit(?:ed)?\s+(?:of|to)|limit\s*[:=])\s*(?:about\s+)?"
        + _NUMBER
        + r"[\s-]*"
        + _UNIT,
        re.IGNORECASE,
    ),
    re.compile(r"(?:≤|<=|<)\s*" + _NUMBER + r"[\s-]*" + _UNIT, re.IGNORECASE),
    # "200 words max", "400 words or less", "250-word limit", "300 word maximum"
    re.compile(
        _NUMBER + r"[\s-]*" + _UNIT + r"\s*(?:or\s+less|or\s+fewer|max(?:imum)?\b|limit|at\s+most|maximum)",
        re.IGNORECASE,
    ),
    # "word limit: 250", "character limit of 1,500", "word count: 300"
    re.compile(
        r"\b(words?|characters?|chars?)\s+(?:limit|count|maximum|max)\s*(?:of|:|is|=)?\s*" + _NUMBER,
        re.IGNORECASE,
    ),
    # a clause that is only the limit: "(400 words)", "— 1,500 characters.", "1,500 characters"
    re.compile(
        r"(?:^|[.;:!?(\[—–]\s*|\s-\s*)" + _NUMBER + r"[\s-]*" + _UNIT + r"\s*(?:[.;)\]]|$)",
        re.IGNORECASE,
    ),
]


@dataclass
class Block:
    """A run of lines of the note (0-based `start`, exclusive `end`)."""

    kind: BlockKind
    start: int
    end: int
    text: str  # heading text, or the block's lines joined
    level: int = 0  # headings only
    blank_before: bool = False


@dataclass
class Note:
    lines: list[str]
    blocks: list[Block]
    date: dt.date | None = None
    messages: list[str] = field(default_factory=list)


@dataclass
class Section:
    """A "Why <Company>" heading and the blocks under it."""

    company: str
    heading: Block
    blocks: list[Block]


def read_note(text: str, file_stem: str = "") -> Note:
    """Split a note into front matter (for its date) and blocks."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip("\r") for line in lines]
    messages: list[str] = []
    body_start, front = _front_matter(lines, messages)
    blocks = _blocks(lines, body_start)
    note = Note(lines, blocks, messages=messages)
    note.date = _note_date(front, blocks, file_stem)
    return note


def _front_matter(lines: list[str], messages: list[str]) -> tuple[int, dict[str, Any]]:
    if not lines or lines[0].strip() != "---":
        return 0, {}
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark else ""
                messages.append(f"front matter is not valid YAML{where}; ignored")
                return end + 1, {}
            return end + 1, data if isinstance(data, dict) else {}
    return 0, {}  # no closing line: not front matter


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(value)
        if match:
            try:
                return dt.date.fromisoformat(match.group(1))
            except ValueError:
                return None
    return None


def _note_date(front: dict[str, Any], blocks: list[Block], file_stem: str) -> dt.date | None:
    """The front matter's `date`, else a `title` that is a date, else a date heading or file name."""
    for candidate in (front.get("date"), front.get("title")):
        if _as_date(candidate):
            return _as_date(candidate)
    first_heading = next((b for b in blocks if b.kind == "heading"), None)
    if first_heading is not None and first_heading.level == 1 and _as_date(first_heading.text):
        return _as_date(first_heading.text)
    return _as_date(file_stem)


def _blocks(lines: list[str], start: int) -> list[Block]:
    blocks: list[Block] = []
    i, blank = start, False
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i, blank = i + 1, True
            continue
        if fence := _FENCE.match(line):
            marker = fence.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(marker[0] * len(marker)):
                j += 1
            end = min(j + 1, len(lines))
            block = Block("code", i, end, "\n".join(lines[i:end]))
        elif heading := _ATX.match(line):
            block = Block("heading", i, i + 1, (heading.group(2) or "").strip(), level=len(heading.group(1)))
        elif _RULE.match(line):
            block = Block("rule", i, i + 1, line)
        elif _BULLET.match(line):
            end = _list_end(lines, i)
            block = Block("list", i, end, "\n".join(lines[i:end]))
        elif _QUOTE.match(line):
            end = i + 1
            while end < len(lines) and lines[end].strip() and not _interrupts(lines[end]):
                end += 1
            block = Block("quote", i, end, "\n".join(lines[i:end]))
        else:
            block = _paragraph(lines, i)
        block.blank_before = blank
        blocks.append(block)
        i, blank = block.end, False
    return blocks


def _interrupts(line: str) -> bool:
    return bool(_ATX.match(line) or _FENCE.match(line) or _RULE.match(line) or _BULLET.match(line))


def _paragraph(lines: list[str], i: int) -> Block:
    end = i + 1
    while end < len(lines) and lines[end].strip():
        setext = _SETEXT.match(lines[end])
        if setext:
            text = " ".join(line.strip() for line in lines[i:end])
            return Block("heading", i, end + 1, text, level=1 if setext.group(1)[0] == "=" else 2)
        if _interrupts(lines[end]) or _QUOTE.match(lines[end]):
            break
        end += 1
    return Block("paragraph", i, end, "\n".join(lines[i:end]))


def _list_end(lines: list[str], i: int) -> int:
    """A list runs over its items, their indented continuations and blank lines between items."""
    end = i + 1
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if _ATX.match(line) or _FENCE.match(line) or (_RULE.match(line) and not _BULLET.match(line)):
                break
            end += 1
            continue
        following = next((k for k in range(end, len(lines)) if lines[k].strip()), None)
        if following is None:
            break
        nxt = lines[following]
        if _BULLET.match(nxt) or nxt.startswith(("  ", "\t")):
            end = following
            continue
        break
    return end


def find_sections(note: Note) -> list[Section]:
    """Every heading reading "Why <Company>", with the blocks up to the next heading
    of the same or a higher level (or the next "Why" heading)."""
    sections: list[Section] = []
    blocks = note.blocks
    for k, block in enumerate(blocks):
        company = why_company(block)
        if company is None:
            continue
        body: list[Block] = []
        for other in blocks[k + 1 :]:
            if other.kind == "heading" and (other.level <= block.level or why_company(other)):
                break
            body.append(other)
        sections.append(Section(company, block, body))
    return sections


def why_company(block: Block) -> str | None:
    """`Fireworks AI` for a heading "### Why Fireworks AI:", else None."""
    if block.kind != "heading":
        return None
    text = re.sub(r"^[*_]+|[*_]+$", "", block.text.strip()).strip()
    match = _WHY.match(text)
    if not match:
        return None
    company = re.sub(r"[*_]+$", "", match.group("company")).strip()
    company = re.sub(r"\s+", " ", company)
    return company or None


def parse_limit(text: str) -> tuple[int | None, int | None]:
    """(words, chars) limits stated in a prompt; None where none is stated."""
    words = chars = None
    for pattern in _LIMIT_PATTERNS:
        for match in pattern.finditer(text):
            groups = [g for g in match.groups() if g]
            number = next(g for g in groups if g[0].isdigit())
            unit = next(g for g in groups if not g[0].isdigit()).lower()
            value = int(re.sub(r"\D", "", number))
            if value <= 0:
                continue
            if unit.startswith("w"):
                words = words or value
            else:
                chars = chars or value
    return words, chars


def is_draft_heading(block: Block) -> bool:
    """ "Draft 2", "Version 3", "v2": a heading that starts another version of the same answer."""
    return block.kind == "heading" and bool(_DRAFT.match(block.text.strip()))


def prompt_text(block: Block) -> str | None:
    """The prompt a block states (a question or a limit), else None."""
    if block.kind == "heading" or block.kind == "paragraph":
        text = block.text.strip()
    elif block.kind == "quote":
        text = "\n".join(re.sub(r"^ {0,3}> ?", "", line) for line in block.text.split("\n")).strip()
    else:
        return None
    if any(parse_limit(text)):
        return text
    ending = text.rstrip("*_)\"”’' ")
    if ending.endswith("?") and (block.kind == "heading" or count_words(text) <= MAX_QUESTION_PROMPT_WORDS):
        return text
    return None


def is_bare_list(block: Block) -> bool:
    """Three or more short lines without sentence punctuation: a list written without bullets."""
    if block.kind != "paragraph":
        return False
    lines = [line.strip() for line in block.text.split("\n")]
    return len(lines) >= 3 and all(line and count_words(line) <= 8 and line[-1] not in ".!?;:," for line in lines)
