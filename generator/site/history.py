"""Git-native history of content files: when each last changed, and its commits.

One `git log` and one `git status` for all files (not one `git log --follow`
per file, which costs a process per page), run at once with the
`git rev-parse` that finds the repository; renames are followed by reading
the log's rename records. Both are limited to the content folder
(`git log -- <content dir>`): when the content lives in a repository with
other things (the tool itself, a website), commits that touched nothing under
it appear on no page and are not counted by the dashboard.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

HistoryState = Literal["clean", "modified", "uncommitted", "no-repo"]


@dataclass(frozen=True)
class Commit:
    date: dt.date
    short_hash: str
    message: str


@dataclass(frozen=True)
class FileHistory:
    """A file's commits, newest first, and whether it has changes git has not seen."""

    state: HistoryState
    commits: tuple[Commit, ...] = field(default_factory=tuple)

    @property
    def last_changed(self) -> dt.date | None:
        return self.commits[0].date if self.commits else None


def read_history(files: dict[str, Path], content_dir: Path | None = None) -> dict[str, FileHistory]:
    """History of each file (keys kept as given), from commits under `content_dir` only.

    `content_dir` defaults to the folder the keys are relative to (`stories/x`
    → the folder that holds `stories/`). `no-repo` outside a git repository.
    """
    if not files:
        return {}
    folder = (content_dir or _content_folder(files)).resolve()
    if not shutil.which("git"):
        return {key: FileHistory("no-repo") for key in files}
    top, log, status = _git_at_once(folder, _TOP, _LOG, _STATUS)
    if top is None:
        return {key: FileHistory("no-repo") for key in files}
    top_dir = Path(top.strip()).resolve()
    relative = {key: _relative(path, top_dir) for key, path in files.items()}
    commits = _commits_by_path(log, relative)
    dirty = _changed_paths(status)
    result: dict[str, FileHistory] = {}
    for key, path in relative.items():
        found = tuple(commits.get(key, ()))
        if not found:
            state: HistoryState = "uncommitted"
        elif path in dirty:
            state = "modified"
        else:
            state = "clean"
        result[key] = FileHistory(state, found)
    return result


_TOP = ("rev-parse", "--show-toplevel")
_LOG = ("log", "-z", "-M", "--name-status", "--no-color", "--date=short", "--format=%x01%h%x1f%ad%x1f%s", "--", ".")
_STATUS = ("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")


def _git_at_once(folder: Path, *commands: tuple[str, ...]) -> list[str | None]:
    """The output of each git command run in `folder`, all started at once; None for one that failed."""
    started: list[subprocess.Popen[bytes] | None] = []
    for args in commands:
        try:
            started.append(
                subprocess.Popen(
                    ["git", "-C", str(folder), *args],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                    env=_git_env(),
                )
            )
        except OSError:
            started.append(None)
    outputs: list[str | None] = []
    try:
        for process in started:
            if process is None:
                outputs.append(None)
                continue
            out, _ = process.communicate()
            outputs.append(out.decode("utf-8", "replace") if process.returncode == 0 else None)
    except BaseException:  # Ctrl-C while one runs: none is left behind
        for process in started:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        raise
    return outputs


def _git_env() -> dict[str, str]:
    # No pager, no optional index lock (serve runs this while the user edits).
    return {**os.environ, "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def _commits_by_path(log: str | None, relative: dict[str, str]) -> dict[str, list[Commit]]:
    """Walk the log (`_LOG`) newest first, following each file back through its renames."""
    tracking = {path: key for key, path in relative.items()}
    found: dict[str, list[Commit]] = {}
    for record in (log or "").split("\x01")[1:]:
        header, _, changes = record.partition("\x00")
        short_hash, date, message = (header.split("\x1f") + ["", "", ""])[:3]
        commit = Commit(dt.date.fromisoformat(date.strip()), short_hash.strip(), message.strip())
        fields = [f.strip("\n") for f in changes.strip("\n\x00").split("\x00")]
        i = 0
        while i < len(fields):
            status = fields[i]
            if not status:
                i += 1
                continue
            if status[0] in "RC":
                old, new = fields[i + 1], fields[i + 2]
                i += 3
                key = tracking.get(new)
                if key is not None:
                    found.setdefault(key, []).append(commit)
                    if status[0] == "R":
                        del tracking[new]
                        tracking[old] = key
                continue
            path = fields[i + 1]
            i += 2
            key = tracking.get(path)
            if key is None:
                continue
            if status[0] == "D":  # an older file of the same name, deleted here
                del tracking[path]
                continue
            found.setdefault(key, []).append(commit)
            if status[0] == "A":
                del tracking[path]
    return found


def _changed_paths(status: str | None) -> set[str]:
    """Paths (relative to the repository top) with changes not yet committed, from `_STATUS`."""
    paths: set[str] = set()
    fields = (status or "").split("\x00")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        paths.add(entry[3:])
        if entry[0] in "RC":
            i += 1  # the rename's source path follows
    return paths  # porcelain paths are relative to the repository top, like the log's


def _relative(path: Path, top: Path) -> str:
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return path.as_posix()


def _content_folder(files: dict[str, Path]) -> Path:
    """The folder the keys name files in: `stories/x` at `content/stories/x.yaml` → `content/`."""
    roots = []
    for key, path in files.items():
        parents = path.resolve().parents
        roots.append(parents[min(key.count("/"), len(parents) - 1)])
    return Path(os.path.commonpath([str(root) for root in roots]))
