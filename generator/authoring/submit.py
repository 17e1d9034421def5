"""`portfolio submit APP-ID`: record what was sent and mark the application submitted.

The application file makes a round trip through ruamel.yaml, so its comments
and layout stay as the person wrote them: only the values of `status` and
`submitted` change (or those two lines are added).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from generator.atomic import write_atomically
from generator.authoring.lock import (
    LOCK_NAME,
    Sending,
    lock_path,
    lock_text_with,
    new_posting,
    new_records,
    read_lock,
    text_digest,
)
from generator.authoring.sendgate import require_ready_to_send
from generator.authoring.yamldoc import UnfaithfulWriteError, edit_text, insert_after
from generator.content.diagnostics import PortfolioError, Problem, UnknownApplicationError, display_path
from generator.content.loader import load_portfolio
from generator.content.model import UNSENT_STATUSES
from generator.content.yamlsource import SAFE_LOADER


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
    date = date or dt.date.today()
    loaded = load_portfolio(content_dir)  # refuses content with errors, sent edits included
    require_ready_to_send(loaded, app_id)  # records nothing while a sending check fails
    portfolio = loaded.portfolio
    app = portfolio.applications.get(app_id)
    if app is None:
        known = sorted(portfolio.applications)
        guess = difflib.get_close_matches(app_id, known, n=1)
        hint = f"; did you mean `{guess[0]}`?" if guess else (f"; known: {', '.join(known)}" if known else "")
        raise UnknownApplicationError(f"no application `{app_id}` in {content_dir}/applications{hint}")
    sendings = [
        Sending(answer.id, answer.final_version.id, text_digest(answer.final_version.text)) for answer in app.answers
    ]
    lock = read_lock(portfolio.root)
    first_time = app_id not in lock.applications
    recorded = new_records(lock, app_id, sendings, date)
    pinned = new_posting(lock, app_id, app.posting.text if app.posting else None, date)
    result = SubmitResult(
        app_id,
        date,
        recorded=[f"{s.answer_id} ({s.version_id})" for s in sendings if s.answer_id in recorded],
        unchanged=[s.answer_id for s in sendings if s.answer_id not in recorded],
        status=app.status,
        warnings=list(loaded.warnings),
    )
    if not recorded and not pinned and not first_time:
        result.nothing_new = True
        return result  # nothing new since the last submit: leave every file as it is
    changes: dict[str, str | dt.date] = {"submitted": date}
    if app.status in UNSENT_STATUSES:  # later ones (interviewing, offer, ...) stay
        changes["status"] = "submitted"
        result.status = "submitted"
    path = loaded.files.applications[app_id]
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    edited = set_top_level_values(text, changes, path)
    # Both files are made before either is written: a lock that cannot be
    # updated leaves the application as it was too.
    lock_text = lock_text_with(portfolio.root, app_id, [s.answer_id for s in sendings], recorded, pinned)
    if edited != text:
        write_atomically(path, ("\ufeff" if bom else "") + edited)
        result.changed_file = True
    write_atomically(lock_path(portfolio.root), lock_text)
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


def set_top_level_values(text: str, changes: dict[str, str | dt.date], path: Path) -> str:
    """Set top-level `key: value` pairs of a YAML document, keeping everything else as it is.

    A round trip through ruamel.yaml (yamldoc.edit_text): comments, blank
    lines, key order, quotes and indentation stay, and so does every line the
    change does not touch. A key that exists gets its new value where it
    stands (a comment after it stays); a missing key gets a line of its own
    just after a related key (before the comments and blank lines that
    followed that key).
    """
    by_hand = f"set {', '.join(changes)} by hand"
    try:
        edited = edit_text(text, partial(_set_values, changes, path))
    except YAMLError as exc:
        raise PortfolioError(f"{display_path(path)}: cannot update it ({_first_line(exc)}); {by_hand}") from None
    except UnfaithfulWriteError:
        raise PortfolioError(
            f"{display_path(path)}: cannot update it without changing other values; {by_hand}"
        ) from None
    _verify(text, edited, changes, path)
    return edited


def _set_values(changes: dict[str, str | dt.date], path: Path, document: Any) -> None:
    if not isinstance(document, CommentedMap) or document.fa.flow_style():
        where = display_path(path)
        raise PortfolioError(f"{where}: the top level is not a block mapping; set {', '.join(changes)} by hand")
    for key in ("status", "submitted"):
        if key in changes:
            _set_value(document, key, changes[key])


def _set_value(document: CommentedMap, key: str, value: str | dt.date) -> None:
    if key in document:
        document[key] = value
        return
    after = next((k for k in _INSERT_AFTER[key] if k in document), None)
    if after is None:
        document[key] = value
        return
    insert_after(document, after, key, value)


def _first_line(exc: YAMLError) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _verify(before: str, after: str, changes: dict[str, str | dt.date], path: Path) -> None:
    """The edit changed exactly the intended values (a bug otherwise, never written)."""
    old, new = _data(before, path), _data(after, path)
    expected = dict(old)
    expected.update(changes)
    if new != expected:  # pragma: no cover - would be a bug in the edit above
        raise AssertionError(f"editing {path} would change more than {sorted(changes)}")


def _data(text: str, path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:  # pragma: no cover - would be a bug in the edit above
        raise AssertionError(f"editing {path} would break it: {exc}") from None
    return data
