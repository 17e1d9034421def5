"""Writing `content/sent.lock`: what `portfolio submit` records.

Reading and checking the lock live in generator/sent.py (a lower layer, used
by `portfolio check` and the site); this module adds records and writes the
file with a stable order, so its diffs stay small and readable:
applications sorted by id, answers in the application's order, each
answer's records oldest first.

Submitting again appends a record to an answer only when its final version
or that version's text changed since the last record; otherwise the answer
keeps its records as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.authoring.yamltext import inline_scalar
from generator.content.diagnostics import ContentError, ProblemList
from generator.content.sent import (  # re-exported: the lock's whole interface in one place
    LOCK_FORMAT,
    LOCK_NAME,
    SentLock,
    SentPosting,
    SentRecord,
    SentVersion,
    check_sent,
    load_lock,
    lock_path,
    read_sent,
    text_digest,
)

__all__ = [
    "LOCK_NAME",
    "SentRecord",
    "Sending",
    "check_sent",
    "lock_path",
    "read_lock",
    "read_sent",
    "record_posting",
    "record_sending",
    "render_lock",
    "text_digest",
    "write_atomically",
    "write_lock",
]

LOCK_HEADER = """\
# What was sent, written by `portfolio submit`: commit it with your content and
# do not edit it by hand. For each answer: the version sent, the SHA-256 of its
# text and the day. `portfolio check` reports any later change to a sent text.
"""


@dataclass(frozen=True)
class Sending:
    """One answer as it is being sent now."""

    answer_id: str
    version_id: str
    sha256: str


def read_lock(content_dir: Path) -> SentLock:
    """The lock of a content folder (empty when there is none); ContentError when broken."""
    problems = ProblemList()
    loaded = load_lock(lock_path(content_dir), problems)
    if problems.has_errors:
        raise ContentError(problems.items)
    return loaded[0] if loaded else SentLock(format=LOCK_FORMAT)


def record_sending(lock: SentLock, app_id: str, sendings: list[Sending], date: dt.date) -> list[str]:
    """Add the records of one submission to `lock`; returns the answer ids that got a new record."""
    previous = lock.applications.get(app_id, {})
    answers: dict[str, list[SentVersion]] = {}
    recorded: list[str] = []
    for sending in sendings:
        records = list(previous.get(sending.answer_id, []))
        last = records[-1] if records else None
        if last is None or (last.version, last.sha256) != (sending.version_id, sending.sha256):
            records.append(SentVersion(version=sending.version_id, sha256=sending.sha256, date=date))
            recorded.append(sending.answer_id)
        answers[sending.answer_id] = records
    for answer_id, records in previous.items():  # sent once, since removed: keep the promise
        answers.setdefault(answer_id, records)
    lock.applications[app_id] = answers
    return recorded


def record_posting(lock: SentLock, app_id: str, posting_text: str | None, date: dt.date) -> bool:
    """Pin the SHA-256 of the application's saved posting; True when that made a new record."""
    if posting_text is None:
        return False
    digest = text_digest(posting_text)
    records = lock.postings.setdefault(app_id, [])
    if records and records[-1].sha256 == digest:
        return False
    records.append(SentPosting(sha256=digest, date=date))
    return True


def render_postings(lock: SentLock) -> str:
    """The lock's `postings:` section (empty when no posting was ever pinned)."""
    if not lock.postings:
        return ""
    out = ["postings:"]
    for app_id in sorted(lock.postings):
        out.append(f"  {inline_scalar(app_id)}:")
        for record in lock.postings[app_id]:
            out += [f"    - sha256: {record.sha256}", f"      date: {record.date.isoformat()}"]
    return "\n".join(out) + "\n"


def render_lock(lock: SentLock) -> str:
    """The lock file's text: header, format, applications by id."""
    out = [LOCK_HEADER.rstrip("\n"), f"format: {LOCK_FORMAT}"]
    if not lock.applications:
        out.append("applications: {}")
    else:
        out.append("applications:")
    for app_id in sorted(lock.applications):
        answers = lock.applications[app_id]
        out.append(f"  {inline_scalar(app_id)}:" + (" {}" if not answers else ""))
        for answer_id, records in answers.items():
            out.append(f"    {inline_scalar(answer_id)}:")
            for record in records:
                out += [
                    f"      - version: {inline_scalar(record.version)}",
                    f"        sha256: {record.sha256}",
                    f"        date: {record.date.isoformat()}",
                ]
    return "\n".join(out) + "\n" + render_postings(lock)


def write_lock(content_dir: Path, lock: SentLock) -> Path:
    path = lock_path(content_dir)
    write_atomically(path, render_lock(lock))
    return path


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: a crash leaves the old file or the new one."""
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.chmod(handle.name, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
