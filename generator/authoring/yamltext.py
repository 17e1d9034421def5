"""Writing YAML scalars by hand, so generated files can carry comments.

Each function returns the text of one value and proves, by parsing it back,
that it reads as exactly the string given: a person's words are never
changed by the trip through YAML (trailing spaces, blank lines, final
newlines and odd characters included).
"""

from __future__ import annotations

import yaml

from generator.content.yamlsource import SAFE_LOADER

INDENT = 2


def inline_scalar(value: str) -> str:
    """`value` as a one-line scalar: plain when that reads back the same, else double-quoted."""
    if "\n" not in value and _reads_back(f"k: {value}\n", value):
        return value
    return _double_quoted(value)


def block_scalar(text: str, parent_indent: int) -> str:
    """`text` as a literal block (`|`, `|-`, `|+`) for a key at `parent_indent` columns.

    Returns the header and the indented lines (no final newline). Falls back to
    a double-quoted scalar when no literal block can hold the text exactly.
    """
    if not text or text.strip("\n") == "":
        return _double_quoted(text)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
        chomp = "+" if text.endswith("\n\n") else ""
    else:
        chomp = "-"
    # The block's indentation is guessed from its first line unless we say it.
    first = lines[0]
    indicator = str(INDENT) if (not first.strip() or first[0].isspace()) else ""
    header = f"|{indicator}{chomp}"
    rendered = _indent_lines(lines, parent_indent + INDENT)
    candidate = f"{header}\n{rendered}"
    probe = f"k: {header}\n{_indent_lines(lines, INDENT)}\n"
    if _reads_back(probe, text):
        return candidate
    return _double_quoted(text)


def _indent_lines(lines: list[str], indent: int) -> str:
    pad = " " * indent
    return "\n".join(pad + line if line else "" for line in lines)


def _double_quoted(value: str) -> str:
    """A double-quoted scalar on one line, every unusual character escaped."""
    dumped = yaml.dump(value, default_style='"', allow_unicode=True, width=float("inf"))
    quoted = dumped.rstrip("\n")
    if quoted.endswith("\n..."):  # pragma: no cover - document end marker
        quoted = quoted[: -len("\n...")]
    if "\n" in quoted or not _reads_back(f"k: {quoted}\n", value):
        quoted = '"' + "".join(_escape(ch) for ch in value) + '"'
    if not _reads_back(f"k: {quoted}\n", value):  # pragma: no cover - would be a bug
        raise AssertionError(f"cannot write {value!r} as YAML")
    return quoted


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    if 0x20 <= code < 0x7F or (code > 0xA0 and ch.isprintable() and code not in (0x2028, 0x2029, 0xFEFF)):
        return ch
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _reads_back(document: str, expected: str) -> bool:
    try:
        data = yaml.load(document, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and data.get("k") == expected and type(data.get("k")) is str
