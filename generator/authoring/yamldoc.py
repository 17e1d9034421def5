"""Writing YAML: ruamel.yaml's round trip, the one way files are written.

A file the person wrote is loaded with its comments, blank lines, key
order and quotes, changed where it must be, and written back with the
indentation it already had, so the lines nobody changed stay as they were.
A new file is built the same way (a commented mapping) and written with the
house layout (`answers:` then `  - id: ...`).

Files are read back by PyYAML (yamlsource.py), which speaks YAML 1.1: a
string that PyYAML would read as something else (`yes`, `1:20`, a date) is
written in double quotes; and every text written is proved, by reading it
back with PyYAML, to hold exactly the data meant: a person's words are never
changed by the trip through YAML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import yaml
from merge3 import Merge3
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

try:  # the loader the content reader uses (yamlsource.py)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_PYYAML_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# Characters a literal block cannot hold as typed: controls, and line breaks
# other than "\n" (PyYAML also breaks lines at NEL and the Unicode separators).
_NOT_IN_LITERAL = re.compile("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")


@dataclass(frozen=True)
class Layout:
    """How a file indents its collections (ruamel's `indent()`), and its line ends."""

    mapping: int = 2  # a nested key, right of its parent key
    sequence: int = 4  # a list item's content, right of its parent key
    offset: int = 2  # a list item's dash, right of its parent key
    line_break: str = "\n"


HOUSE_LAYOUT = Layout()


class UnfaithfulWriteError(AssertionError):
    """ruamel.yaml wrote a text PyYAML does not read as the data given: a bug here, or a file
    laid out in a way the round trip cannot keep. Nothing is written."""


class _Representer(RoundTripRepresenter):
    """Double-quotes a string that PyYAML, the content reader, would not read back as that string."""

    def represent_text(self, data: str) -> ScalarNode:
        node: ScalarNode = self.represent_str(data)
        if node.style is None and not reads_as_text(data):
            node.style = '"'
        return node

    def ignore_aliases(self, data: Any) -> bool:
        """A date used twice is written twice, not as an anchor and an alias."""
        return isinstance(data, dt.date) or bool(super().ignore_aliases(data))


_Representer.add_representer(str, _Representer.represent_text)


class _Emitter(Emitter):
    """Quotes with double quotes where ruamel would choose single ones (a person's own quotes stay)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        if style == "'" and self.event.style != "'":
            return '"'
        return style


def reads_as_text(value: str) -> bool:
    """Whether PyYAML reads `value`, written plain, as a string (not a bool, number, date or null)."""
    tag = _PYYAML_RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
    return bool(tag == _STR_TAG)


def literal(text: str) -> str:
    """`text` to be written as a literal block (`|`) when one can hold it exactly, else quoted."""
    if not text.strip("\n") or text.startswith("\t") or _NOT_IN_LITERAL.search(text):
        return text  # a tab first would need an indentation indicator, which ruamel gives only for spaces
    literal_text: str = LiteralScalarString(text)
    return literal_text


def round_trip(layout: Layout = HOUSE_LAYOUT) -> YAML:
    """A round-trip reader and writer: keeps comments and quotes, never folds a long line."""
    handler = YAML(typ="rt")
    handler.Representer = _Representer
    handler.Emitter = _Emitter
    handler.preserve_quotes = True
    handler.width = 1_000_000
    handler.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    handler.line_break = layout.line_break  # type: ignore[assignment]  # ruamel declares it as None
    return handler


def load_document(text: str) -> tuple[Any, Layout]:
    """A file's document for a round trip, and the layout to write it back with.

    Raises ruamel's `YAMLError` for what it cannot read.
    """
    document = round_trip().load(text)
    return document, layout_of(document, "\r\n" if "\r\n" in text else "\n")


def dump_document(document: Any, layout: Layout = HOUSE_LAYOUT) -> str:
    """The text of `document`; UnfaithfulWriteError if PyYAML would not read back the same data."""
    out = io.StringIO()
    round_trip(layout).dump(document, out)
    # A last value that keeps its final blank lines (`|+`) ends the stream with
    # `...`, which one document per file does not need.
    text = out.getvalue()
    end_marker = f"{layout.line_break}...{layout.line_break}"
    if text.endswith(end_marker):
        text = text[: -len(end_marker)] + layout.line_break
    try:
        read = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise UnfaithfulWriteError(f"written YAML does not read back: {exc}") from None
    if read != document:
        raise UnfaithfulWriteError("written YAML reads back as other data")
    return text


def edit_text(text: str, edit: Callable[[Any], None]) -> str:
    """`text` once `edit` has changed its document (loaded for a round trip), as little changed as can be.

    ruamel.yaml keeps comments, blank lines, key order, quotes and the
    indentation, but not every detail of a line (spaces after a colon, a long
    value wrapped over lines, trailing spaces): so the lines it did not need
    to change are taken from `text` as they were, by a three-way merge of
    `text`, its plain round trip and the edited one. Where that cannot be
    done (the merge does not read back as the edited data), the whole round
    trip is returned. Raises ruamel's `YAMLError` for a text it cannot read,
    and UnfaithfulWriteError for one it cannot write back.

    A file written with CRLF line ends is edited with LF ones and given its
    own back: comments moved by `insert_after` would mix the two.
    """
    if "\r\n" in text:
        return edit_text(text.replace("\r\n", "\n"), edit).replace("\n", "\r\n")
    document, layout = load_document(text)
    baseline = dump_document(document, layout)
    document, _ = load_document(text)  # afresh: a dump may mark the comments it wrote as written
    edit(document)
    edited = dump_document(document, layout)
    merged = _keep_untouched_lines(text, baseline, edited)
    return merged if _reads_the_same(merged, edited) else edited


def _keep_untouched_lines(original: str, baseline: str, edited: str) -> str:
    """The edit (baseline -> edited) applied to the original: ruamel's lines only where it changed something."""
    merge = Merge3(baseline.splitlines(keepends=True), original.splitlines(keepends=True), edited.splitlines(True))
    lines: list[str] = []
    for region in merge.merge_regions():
        if region[0] == "unchanged":
            lines += merge.base[region[1] : region[2]]
        elif region[0] in ("a", "same"):  # the original's own layout of what the edit left alone
            lines += merge.a[region[1] : region[2]]
        elif region[0] == "b":
            lines += merge.b[region[1] : region[2]]
        elif len(region) == 7:  # "conflict": lines the edit changed next to lines ruamel lays out its own way
            _, z1, z2, a1, a2, b1, b2 = region
            lines += _resolve(merge.base[z1:z2], merge.a[a1:a2], merge.b[b1:b2])
    return "".join(lines)


def _resolve(base: Sequence[str], original: Sequence[str], edited: Sequence[str]) -> list[str]:
    """The edited lines, except those the edit left as they were: the original's, when ruamel
    changed the original line for line (else ruamel's layout of the whole run of lines)."""
    if len(base) != len(original):
        return list(edited)
    lines: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base, edited, autojunk=False).get_opcodes():
        lines += original[i1:i2] if tag == "equal" else edited[j1:j2]
    return lines


def _reads_the_same(text: str, other: str) -> bool:
    try:
        return bool(yaml.load(text, Loader=_Loader) == yaml.load(other, Loader=_Loader))
    except yaml.YAMLError:
        return False


MULTI_LINE = (CommentedMap, CommentedSeq, LiteralScalarString, FoldedScalarString)


def insert_after(document: CommentedMap, before: str, key: str, value: Any) -> None:
    """Add `key: value` on the line just after `before`'s, above the comments and blank lines below it.

    ruamel keeps those with `before` (its end-of-line comment, then the lines
    after it), which would put `key` after them: they move to `key`. Only a
    one-line value's are moved: a block's or a list's belong to its last line.
    """
    document.insert(list(document).index(before) + 1, key, value)
    lines_below = take_lines_below(document, before)
    if lines_below is not None:
        document.ca.items[key] = [None, None, CommentToken("\n" + lines_below, CommentMark(0)), None]


def take_lines_below(document: CommentedMap, key: str) -> str | None:
    """Detach the comment and blank lines ruamel keeps after `key`'s line (its own end-of-line comment stays).

    None when there are none, or when `key` holds a block or a list (the
    lines then belong to its last line).
    """
    comments = document.ca.items.get(key)
    token = comments[2] if comments and len(comments) > 2 else None
    if token is None or isinstance(document[key], MULTI_LINE):
        return None
    end_of_line, _, lines_below = token.value.partition("\n")
    if not lines_below:
        return None
    if end_of_line:
        token.value = end_of_line + "\n"
    else:
        comments[2] = None
    return str(lines_below)


def scalar_text(value: str) -> str:
    """`value` as written after `key: ` on one line (plain, or double-quoted when it must be)."""
    document = CommentedMap(k=value)
    return dump_document(document).removeprefix("k: ").removesuffix("\n")


def layout_of(document: Any, line_break: str = "\n") -> Layout:
    """The layout of a loaded document: the first nested mapping and list found tell it."""
    found: dict[str, int] = {}
    for parent_column, child in _nested(document):
        if isinstance(child, CommentedMap):
            found.setdefault("mapping", child.lc.col - parent_column)
        elif "sequence" not in found:
            found["sequence"] = child.lc.item(0)[1] - parent_column
            found["offset"] = child.lc.col - parent_column
        if len(found) == 3:
            break
    house = HOUSE_LAYOUT
    return Layout(
        mapping=found.get("mapping", house.mapping),
        sequence=found.get("sequence", house.sequence),
        offset=found.get("offset", house.offset),
        line_break=line_break,
    )


def _nested(node: Any) -> Iterator[tuple[int, CommentedMap | CommentedSeq]]:
    """Each non-empty block collection under a mapping key, with that key's column, in file order."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
                yield node.lc.key(key)[1], value
            yield from _nested(value)
    elif isinstance(node, CommentedSeq):
        for item in node:
            yield from _nested(item)
