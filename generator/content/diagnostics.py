"""Problems found in content, and the one error that carries all of them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple

# A note (typography) is a hint: never an error, not even with --strict.
Severity = Literal["error", "warning", "note"]


class Position(NamedTuple):
    """A 1-based line and column in a file.

    A NamedTuple rather than a frozen dataclass: the loader records one for
    every key and value (hundreds of thousands in a large portfolio), and a
    tuple is several times cheaper to make.
    """

    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, at a place a person can go to."""

    file: Path
    position: Position
    severity: Severity
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        """Render as `FILE:LINE:COL: error: MESSAGE` on one line, FILE relative to the cwd."""
        return (
            f"{display_path(self.file, relative_to)}:{self.position.line}:"
            f"{self.position.column}: {self.severity}: {' '.join(self.message.splitlines())}"
        )

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.file), self.position.line, self.position.column, self.message)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as a person typed it: relative to the current folder when possible."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        return str(path)


class PortfolioError(Exception):
    """Base class for errors that are the user's to fix (never a traceback)."""


class UnknownApplicationError(PortfolioError):
    """A command named an application that does not exist (wrong usage: the command line exits 2)."""


class ContentError(PortfolioError):
    """The content has errors; carries every problem found, warnings included."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} content error(s)" + (f": {errors[0].format()}" if errors else ""))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class ProblemList:
    """Collects problems while loading; sorted once at the end."""

    items: list[Problem] = field(default_factory=list)

    def error(self, file: Path, position: Position, message: str) -> None:
        # One error per place: a value already reported as broken (say, an
        # impossible date) must not be reported again by the model's check.
        if any(p.file == file and p.position == position and p.severity == "error" for p in self.items):
            return
        self.items.append(Problem(file, position, "error", message))

    def warning(self, file: Path, position: Position, message: str) -> None:
        self.items.append(Problem(file, position, "warning", message))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


CONTENT_FOLDER_MISSING = "content folder not found; create it or pass --content DIR"


def require_content_folder(content_dir: Path | str) -> Path:
    """The content folder, absolute; a ContentError at the folder when it does not exist."""
    root = Path(content_dir).absolute()
    if not root.is_dir():
        raise ContentError([Problem(root, Position(), "error", CONTENT_FOLDER_MISSING)])
    return root
