"""Each content file read and validated once per version of its bytes, for `portfolio serve`.

A live preview loads the whole content folder again after every saved
file (generator/site/plugin.py), while one file changed. With
`keep_file_reads()` called (the serve session does), reading a file keeps
what came of it: its source map, its validated model, and every problem
reported on the way, as the calls that reported them. The next load of
the same bytes with the same model takes all of that back and reports the
same problems again, through the same `ProblemList` calls, in the same
order: the load's result, warnings and positions are exactly a fresh
load's. Only a file's own reading and validation are kept; what looks at
several files (checks.py, sent.py) runs at every load.

The models are frozen and the source maps are only read once made, so a
kept one can be shared by the loads that find it. Once a load has read
every file, what it did not read (a file deleted or renamed since) is
dropped, so a long session keeps only its content's current files. A
one-off command keeps nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar, cast

from pydantic import BaseModel

from generator.content.diagnostics import Position, ProblemList
from generator.content.validation import validate_file
from generator.content.yamlsource import SourceMap, parse_yaml
from generator.sessionkeep import Kept

M = TypeVar("M", bound=BaseModel)

Call = tuple[Literal["error", "warning"], Path, Position, str]


@dataclass(frozen=True)
class _Read:
    """What reading one file's bytes as one model gave."""

    digest: bytes  # of the bytes read
    calls: tuple[Call, ...]  # every problem reported, in order
    source: SourceMap | None  # None: the file could not be parsed
    item: BaseModel | None  # None: it did not validate (or was not parsed)


@dataclass
class _Recording(ProblemList):
    """Reports into `into` as it is told to, and records each call."""

    into: ProblemList = field(default_factory=ProblemList)
    calls: list[Call] = field(default_factory=list)

    def error(self, file: Path, position: Position, message: str) -> None:
        self.calls.append(("error", file, position, message))
        self.into.error(file, position, message)

    def warning(self, file: Path, position: Position, message: str) -> None:
        self.calls.append(("warning", file, position, message))
        self.into.warning(file, position, message)


# (path, model) -> the last read of that file as that model.
_kept: Kept[tuple[Path, type[BaseModel]], _Read] = Kept()


# What was read since the last `forget_unread` (one load's files, while keeping).
_read_since: set[tuple[Path, type[BaseModel]]] = set()


def keep_file_reads(keep: bool = True) -> None:
    """From now on, keep each file's read for the next load of the same bytes (`portfolio serve`); or no longer."""
    _kept.keep(keep)


def forget_unread() -> None:
    """Keep only what was read since the last call (a load, once it has read every file; loads never overlap).

    A file deleted or renamed since is not kept for the rest of the session.
    """
    _kept.retain(_read_since.__contains__)
    _read_since.clear()


def read_and_validate(
    path: Path, raw: bytes, model: type[M], problems: ProblemList
) -> tuple[SourceMap, M | None] | None:
    """The file's source map and validated model (None: invalid); None when it cannot be parsed.

    Problems go to `problems`, as `parse_yaml` and `validate_file` report them.
    """
    reads = _kept.items
    if reads is None:
        return _read(path, raw, model, problems)
    digest = hashlib.sha256(raw).digest()
    _read_since.add((path, model))
    kept = reads.get((path, model))
    if kept is None or kept.digest != digest:
        recording = _Recording(into=problems)
        result = _read(path, raw, model, recording)
        source, item = result if result is not None else (None, None)
        kept = _Read(digest, tuple(recording.calls), source, item)
        reads[(path, model)] = kept
        return result
    for severity, file, position, message in kept.calls:
        report = problems.error if severity == "error" else problems.warning
        report(file, position, message)
    if kept.source is None:
        return None
    return kept.source, cast("M | None", kept.item)


def _read(path: Path, raw: bytes, model: type[M], problems: ProblemList) -> tuple[SourceMap, M | None] | None:
    parsed = parse_yaml(path, raw, problems)
    if parsed is None:
        return None
    data, source = parsed
    return source, validate_file(model, data, source, problems)
