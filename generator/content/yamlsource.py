"""Safe YAML reading that remembers where every key and value came from.

PyYAML's `safe_load` keeps the last of two duplicate keys, raises a bare
ValueError on an impossible date and expands alias bombs without limit. We
compose the node tree with libyaml (fast, positions included) and build plain
Python data ourselves, so each of those becomes a positioned problem instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from generator.content.diagnostics import Position, ProblemList

# The one PyYAML loader every reader of YAML uses: libyaml's, which is in
# every PyYAML wheel, or the pure-Python one for exotic builds.
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]

# More constructed nodes than this in one file means aliases are being used
# to blow the document up (a "billion laughs"); real content is far smaller.
MAX_NODES = 200_000
# Real content nests a few levels; libyaml allows 1,000, deeper than Python recursion goes.
MAX_DEPTH = 100

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT_TAG, _FLOAT_TAG, _TIMESTAMP = (
    _TAG + name for name in ("str", "null", "bool", "int", "float", "timestamp")
)
_SCALAR_TAGS = {_STR, _NULL, _BOOL, _INT_TAG, _FLOAT_TAG, _TIMESTAMP}
_MAP, _SEQ, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "merge"
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
# Control characters (C0 but tab and line ends, DEL, C1): a file cannot hold
# them as they are (libyaml refuses), but a double-quoted "\0" or "\x1b" can.
# They print nothing, and no output may be made to read them as separators.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Python refuses to turn longer digit strings into an int (sys.int_info).
MAX_INT_DIGITS = 4300

# The names a content file may have (`<id>.yaml`, `<id>.yml`).
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of one file starts."""

    path: Path
    # libyaml's marks, turned into a Position only when a problem is reported
    # (a big portfolio has hundreds of thousands of values and few problems).
    values: dict[PathKey, yaml.Mark] = field(default_factory=dict)
    keys: dict[PathKey, yaml.Mark] = field(default_factory=dict)

    def value(self, where: PathKey) -> Position:
        """Position of the value at `where`, or of its nearest known ancestor."""
        while where not in self.values and where:
            where = where[:-1]
        mark = self.values.get(where)
        return _mark_position(mark) if mark else Position(1, 1)

    def key(self, where: PathKey) -> Position:
        """Position of the key that names `where` (falls back to the value)."""
        mark = self.keys.get(where)
        return _mark_position(mark) if mark else self.value(where)


class _TooBig(Exception):
    pass


# Returned for a value already reported as broken: the key is left out so
# the rest of the file is still validated without a second, confusing error.
_DROPPED = object()


def read_yaml(path: Path, problems: ProblemList) -> tuple[Any, SourceMap] | None:
    """Parse one YAML file; report problems and return None when unusable."""
    raw = read_file_bytes(path, problems)
    return parse_yaml(path, raw, problems) if raw is not None else None


def read_file_bytes(path: Path, problems: ProblemList) -> bytes | None:
    """The bytes of a file; None when it cannot be read (a problem reported)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.error(path, Position(), f"cannot read file: {exc.strerror}")
        return None


def parse_yaml(path: Path, raw: bytes, problems: ProblemList) -> tuple[Any, SourceMap] | None:
    """Parse the bytes of the YAML file `path`; report problems and return None when unusable."""
    source = SourceMap(path)
    text = decode_text(path, raw, problems)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Position(mark.line + 1, mark.column + 1) if mark else Position()
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        problems.error(path, where, f"invalid YAML: {what}")
        return None
    except yaml.reader.ReaderError as exc:  # a control character such as NUL
        problems.error(
            path,
            _offset_position(text, exc.position),
            f"invalid YAML: {exc.reason} (U+{exc.character:04X}); remove it",
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(path, Position(), "invalid YAML: " + " ".join(str(exc).split()))
        return None
    if node is None:
        problems.error(path, Position(), "file is empty; it needs at least the required fields")
        return None
    builder = _Builder(source, problems)
    try:
        data = builder.build(node, ())
    except _TooBig:
        problems.error(
            path,
            _pos(node),
            f"document expands to more than {MAX_NODES:,} values (too many aliases?)",
        )
        return None
    if data is _DROPPED:
        return None
    if not isinstance(data, dict):
        problems.error(path, _pos(node), "the top level must be a mapping of `field: value` lines")
        return None
    return data, source


def decode_text(path: Path, raw: bytes, problems: ProblemList) -> str | None:
    """The bytes of a file as UTF-8 text (a BOM is allowed); None and a problem if they are not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.error(
            path,
            Position(line, column),
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
        )
        return None


def _offset_position(text: str, offset: int) -> Position:
    """The line and column of a reader error's offset (libyaml counts UTF-8 bytes)."""
    if SAFE_LOADER is yaml.SafeLoader:  # pragma: no cover
        before = text[:offset]
    else:
        before = text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore")
    return Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def _pos(node: yaml.Node) -> Position:
    return _mark_position(node.start_mark)


def _mark_position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    """Builds plain data from a node tree, recording positions and problems."""

    def __init__(self, source: SourceMap, problems: ProblemList):
        self.source = source
        self.problems = problems
        self.count = 0
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.error(self.source.path, _pos(node), message)

    def build(self, node: yaml.Node, where: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        if where not in self.source.values:
            self.source.values[where] = node.start_mark
        if id(node) in self.active:
            self.fail(node, "an alias refers to a value that contains it")
            return _DROPPED
        if len(where) > MAX_DEPTH:
            self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep here")
            return _DROPPED
        if isinstance(node, yaml.MappingNode):
            self.active.add(id(node))
            try:
                return self._mapping(node, where)
            finally:
                self.active.discard(id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"tag `{node.tag}` is not allowed here; remove it")
                return _DROPPED
            self.active.add(id(node))
            try:
                items = [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
                return [None if item is _DROPPED else item for item in items]
            finally:
                self.active.discard(id(node))
        return self._scalar(cast(yaml.ScalarNode, node))  # neither a mapping nor a sequence

    def _mapping(self, node: yaml.MappingNode, where: PathKey) -> Any:
        if node.tag != _MAP:
            self.fail(node, f"tag `{node.tag}` is not allowed here; remove it")
            return _DROPPED
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.fail(key_node, "merge keys (`<<`) are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in seen:
                first = _mark_position(seen[key])
                self.fail(
                    key_node,
                    f"duplicate key `{key}` (first at line {first.line}); YAML keeps only one, so merge or remove it",
                )
                continue
            seen[key] = self.source.keys[(*where, key)] = key_node.start_mark
            value = self.build(value_node, (*where, key))
            if value is not _DROPPED:
                result[key] = value
        return result

    def _integer(self, node: yaml.ScalarNode) -> Any:
        digits = node.value.replace("_", "").lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:  # Python refuses to print longer ones
            self.fail(node, f"a number of {len(digits):,} digits is too long; write at most {MAX_INT_DIGITS}")
            return _DROPPED
        return int(node.value.replace("_", ""))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            self.fail(node, f"tag `{tag}` is not allowed; content is plain data, remove the tag")
            return _DROPPED
        if tag == _STR or node.style in ("'", '"', "|", ">"):
            control = _CONTROL.search(text)
            if control:
                code = ord(control.group(0))
                self.fail(
                    node, f"this text holds the control character U+{code:04X}, which content cannot hold; remove it"
                )
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            # YAML 1.1 reads yes/no/on/off as booleans (the "Norway problem");
            # like YAML 1.2 we only take true/false and keep the rest as text.
            return text.lower() == "true" if text.lower() in ("true", "false") else text
        if tag == _INT_TAG:
            return self._integer(node) if _INT.match(text) else text
        if tag == _FLOAT_TAG:
            return float(text.replace("_", "")) if _FLOAT.match(text) else text
        if tag == _TIMESTAMP:
            match = _DATE.match(text)
            if not match:
                self.fail(node, f"`{text}` is not a date: write dates as YYYY-MM-DD")
                return _DROPPED
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                self.fail(node, f"`{text}` is not a real date ({exc}); write YYYY-MM-DD")
                return _DROPPED
        return text
