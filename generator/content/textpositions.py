"""Where in a file a place inside a text value is: the line and column of one word.

The SourceMap knows where each value starts. Inside a literal block scalar
(`text: |`), the usual form of a long text, each line of the value is one
line of the file, indented: the position is computed. Any other form
(plain, quoted, folded) may have escapes or joined lines, so the word is
found in the file itself instead, by counting its earlier occurrences in the
value. Files are read again only when a problem is in them.
"""

from __future__ import annotations

import bisect
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
    # Found once per file, so that many problems in one long value cost no
    # more than one pass each: where lines start, where a word occurs.
    _line_starts: dict[str, list[int]] = field(default_factory=dict)
    _occurrences: dict[tuple[str, str, int], list[int]] = field(default_factory=dict)
    _ends_in_value: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def get(self, path: Path) -> str | None:
        if path not in self.texts:
            try:
                self.texts[path] = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.texts[path] = None
        return self.texts[path]

    def position(self, text: str, index: int) -> Position:
        """The 1-based line and column of `text[index]`."""
        starts = self._line_starts.get(text)
        if starts is None:
            starts = self._line_starts[text] = [0, *(m.end() for m in re.finditer("\n", text))]
        line = bisect.bisect_right(starts, index)
        return Position(line, index - starts[line - 1] + 1)

    def occurrences(self, text: str, needle: str, start: int) -> list[int]:
        """Where `needle` starts in `text` from `start` on (overlapping ones too, as `str.find` finds them)."""
        key = (text, needle, start)
        found = self._occurrences.get(key)
        if found is None:
            found = self._occurrences[key] = [m.start() for m in re.finditer(f"(?={re.escape(needle)})", text[start:])]
            found[:] = [start + i for i in found]
        return found

    def count_before(self, value: str, needle: str, offset: int) -> int:
        """`value.count(needle, 0, offset)`, with the occurrences in `value` listed once per word."""
        key = (value, needle)
        ends = self._ends_in_value.get(key)
        if ends is None:  # str.count's occurrences: from the left, not overlapping
            ends = self._ends_in_value[key] = [m.end() for m in re.finditer(re.escape(needle), value)]
        return bisect.bisect_right(ends, offset)


def locate(source: SourceMap, where: PathKey, value: str, offset: int, files: FileTexts) -> Position:
    """The file position of `value[offset]`, `value` being the text at `where`."""
    mark = source.values.get(where)
    text = files.get(source.path)
    if mark is None or text is None:
        return source.value(where)
    start = mark.index
    if text[start : start + 1] == "|":
        return _in_literal_block(text, start, mark.line, value, offset) or _found(
            text, start, value, offset, source, where, files
        )
    return _found(text, start, value, offset, source, where, files)


def _in_literal_block(text: str, start: int, header_line: int, value: str, offset: int) -> Position | None:
    """Lines of a `|` block map one to one onto the file's, after its indentation."""
    line = value.count("\n", 0, offset)
    column = offset - (value.rfind("\n", 0, offset) + 1)
    # The indentation of the block's first line that is not blank.
    match = _FIRST_CONTENT.search(text, text.find("\n", start) + 1)
    if match is None:
        return None
    return Position(header_line + 2 + line, len(match.group(1)) + column + 1)


def _found(
    text: str, start: int, value: str, offset: int, source: SourceMap, where: PathKey, files: FileTexts
) -> Position:
    """Find the word at `offset` in the file: the same occurrence, counted from the value's start."""
    match = re.match(r"\S+", value[: offset + 41][offset:])
    needle = match.group(0)[:40] if match else value[offset : offset + 1]
    if not needle:
        return source.value(where)
    nth = files.count_before(value, needle, offset)
    in_file = files.occurrences(text, needle, start)
    if nth >= len(in_file):
        return source.value(where)
    return files.position(text, in_file[nth])
