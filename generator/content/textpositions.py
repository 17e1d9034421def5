"""Where in a file a place inside a text value is: the line and column of one word.

The SourceMap knows where each value starts. Inside a literal block scalar
(`text: |`), the usual form of a long text, each line of the value is one
line of the file, indented: the position is computed. Any other form
(plain, quoted, folded) may have escapes or joined lines, so the word is
found in the file itself instead, by counting its earlier occurrences in the
value. Files are read again only when a problem is in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.diagnostics import Position
from generator.content.yamlsource import PathKey, SourceMap

_FIRST_CONTENT = re.compile(r"^( *)\S", re.MULTILINE)


@dataclass
class FileTexts:
    """The text of each content file, read once, with where its lines start."""

    texts: dict[Path, str | None] = field(default_factory=dict)

    def get(self, path: Path) -> str | None:
        if path not in self.texts:
            try:
                self.texts[path] = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.texts[path] = None
        return self.texts[path]


def locate(source: SourceMap, where: PathKey, value: str, offset: int, files: FileTexts) -> Position:
    """The file position of `value[offset]`, `value` being the text at `where`."""
    mark = source.values.get(where)
    text = files.get(source.path)
    if mark is None or text is None:
        return source.value(where)
    start = mark.index
    if text[start : start + 1] == "|":
        return _in_literal_block(text, start, mark.line, value, offset) or _found(
            text, start, value, offset, source, where
        )
    return _found(text, start, value, offset, source, where)


def _in_literal_block(text: str, start: int, header_line: int, value: str, offset: int) -> Position | None:
    """Lines of a `|` block map one to one onto the file's, after its indentation."""
    line = value.count("\n", 0, offset)
    column = offset - (value.rfind("\n", 0, offset) + 1)
    # The indentation of the block's first line that is not blank.
    match = _FIRST_CONTENT.search(text, text.find("\n", start) + 1)
    if match is None:
        return None
    return Position(header_line + 2 + line, len(match.group(1)) + column + 1)


def _found(text: str, start: int, value: str, offset: int, source: SourceMap, where: PathKey) -> Position:
    """Find the word at `offset` in the file: the same occurrence, counted from the value's start."""
    match = re.match(r"\S+", value[offset:])
    needle = match.group(0)[:40] if match else value[offset : offset + 1]
    if not needle:
        return source.value(where)
    nth = value.count(needle, 0, offset)
    index = start - 1
    for _ in range(nth + 1):
        index = text.find(needle, index + 1)
        if index < 0:
            return source.value(where)
    return Position(text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))
