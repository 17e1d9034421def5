"""`portfolio submit APP-ID`: record what was sent and mark the application submitted.

The application file is edited in place, line by line, so its comments and
layout stay exactly as the person wrote them: only the values of `status`
and `submitted` change (or those two lines are added).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.authoring.lock import LOCK_NAME, Sending, read_lock, record_sending, text_digest, write_atomically, write_lock
from generator.authoring.sendgate import require_ready_to_send
from generator.content.diagnostics import PortfolioError, Problem
from generator.content.loader import load_portfolio

try:  # the loader the content reader uses (yamlsource.py)
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

# Statuses that `submit` moves to `submitted`; later ones (interviewing, offer,
# rejected, withdrawn) are left alone.
BEFORE_SUBMITTED = frozenset({"idea", "drafting"})


@dataclass
class SubmitResult:
    app_id: str
    date: dt.date
    recorded: list[str] = field(default_factory=list)  # "answer-id (version-id)" with a new record
    unchanged: list[str] = field(default_factory=list)  # answers already recorded as they are
    status: str = ""
    changed_file: bool = False
    nothing_new: bool = False  # every answer was already recorded as it is: no file touched
    warnings: list[Problem] = field(default_factory=list)


def submit_application(content_dir: Path, app_id: str, date: dt.date | None = None) -> SubmitResult:
    """Record the final version of every answer of `app_id` as sent on `date` (default today)."""
    require_ready_to_send(content_dir, app_id)  # records nothing while a sending check fails
    date = date or dt.date.today()
    portfolio = load_portfolio(content_dir)  # refuses content with errors, sent edits included
    app = portfolio.applications.get(app_id)
    if app is None:
        known = sorted(portfolio.applications)
        guess = difflib.get_close_matches(app_id, known, n=1)
        hint = f"; did you mean `{guess[0]}`?" if guess else (f"; known: {', '.join(known)}" if known else "")
        raise PortfolioError(f"no application `{app_id}` in {content_dir}/applications{hint}")
    sendings = [
        Sending(answer.id, answer.final_version.id, text_digest(answer.final_version.text))
        for answer in app.answers
    ]
    lock = read_lock(portfolio.root)
    first_time = app_id not in lock.applications
    recorded = record_sending(lock, app_id, sendings, date)
    result = SubmitResult(
        app_id,
        date,
        recorded=[f"{s.answer_id} ({s.version_id})" for s in sendings if s.answer_id in recorded],
        unchanged=[s.answer_id for s in sendings if s.answer_id not in recorded],
        status=app.status,
        warnings=portfolio.warnings,
    )
    if not recorded and not first_time:
        result.nothing_new = True
        return result  # nothing new since the last submit: leave every file as it is
    changes = {"submitted": date.isoformat()}
    if app.status in BEFORE_SUBMITTED:
        changes["status"] = "submitted"
        result.status = "submitted"
    path = portfolio.application_files[app_id]
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    edited = set_top_level_values(text, changes, path)
    if edited != text:
        write_atomically(path, ("\ufeff" if bom else "") + edited)
        result.changed_file = True
    write_lock(portfolio.root, lock)
    return result


def describe_submission(result: SubmitResult) -> str:
    """What `portfolio submit` prints."""
    if result.nothing_new:
        return (
            f"nothing new to record: every answer of `{result.app_id}` is recorded as sent, "
            "unchanged; files left as they were"
        )
    sent = ", ".join(result.recorded) if result.recorded else "no answers"
    lines = [f"recorded `{result.app_id}` as sent on {result.date.isoformat()}: {sent}"]
    if result.unchanged:
        lines.append(f"already recorded, unchanged: {', '.join(result.unchanged)}")
    lines.append(f"status: {result.status}; record kept in {LOCK_NAME} (commit it with your content)")
    return "\n".join(lines)


# Where a missing key goes: after the first of these keys that the file has.
_INSERT_AFTER = {
    "status": ("role", "company"),
    "submitted": ("opened", "status", "role", "company"),
}


def set_top_level_values(text: str, changes: dict[str, str], path: Path) -> str:
    """Set top-level `key: value` pairs of a YAML document, touching nothing else.

    A key that exists gets its value replaced where it stands (a comment after
    it stays); a missing key gets a line of its own after a related key.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:  # pragma: no cover - load_portfolio read it already
        raise PortfolioError(f"{path}: cannot read it to update it: {exc}") from None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise PortfolioError(f"{path}: the top level is not a block mapping; set {', '.join(changes)} by hand")
    newline = "\r\n" if "\r\n" in text else "\n"
    values = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    inserts: dict[int, list[str]] = {}
    for key in ("status", "submitted"):
        if key not in changes:
            continue
        node = values.get(key)
        if node is not None:
            if not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line or node.style in ("|", ">"):
                raise PortfolioError(f"{path}: `{key}` is not a one-line value; set it to {changes[key]} by hand")
            start, end = node.start_mark.index, node.end_mark.index
            prefix = " " if start == end and text[start - 1 : start] == ":" else ""
            edits.append((start, end, prefix + changes[key]))
            continue
        after = next((values[k] for k in _INSERT_AFTER[key] if k in values), None)
        line = _line_after(after, text) if after is not None else len(text.splitlines(keepends=True))
        inserts.setdefault(line, []).append(f"{key}: {changes[key]}")
    lines_start = _line_starts(text)
    for line, new_lines in inserts.items():
        index = lines_start[line] if line < len(lines_start) else len(text)
        lead = newline if index == len(text) and text and not text.endswith("\n") else ""
        edits.append((index, index, lead + "".join(item + newline for item in new_lines)))
    result = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result = result[:start] + replacement + result[end:]
    _verify(text, result, changes, path)
    return result


def _line_after(node: yaml.Node, text: str) -> int:
    """The 0-based line just after `node`'s value."""
    end = node.end_mark
    return end.line if end.column == 0 else end.line + 1


def _line_starts(text: str) -> list[int]:
    starts, index = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(index)
        index += len(line)
    return starts


def _verify(before: str, after: str, changes: dict[str, str], path: Path) -> None:
    """The edit changed exactly the intended values (a bug otherwise, never written)."""
    old, new = _data(before, path), _data(after, path)
    expected = dict(old)
    for key, value in changes.items():
        expected[key] = dt.date.fromisoformat(value) if key == "submitted" else value
    if new != expected:  # pragma: no cover - would be a bug in the edit above
        raise AssertionError(f"editing {path} would change more than {sorted(changes)}")


def _data(text: str, path: Path) -> dict:
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:  # pragma: no cover - would be a bug in the edit above
        raise AssertionError(f"editing {path} would break it: {exc}") from None
    return data
