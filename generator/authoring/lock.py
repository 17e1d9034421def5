"""Writing `content/sent.lock`: what `portfolio submit` records.

Reading and checking the lock live in generator/content/sent.py (a lower layer, used
by `portfolio check` and the site); this module adds records to the file in
a round trip through ruamel.yaml, so a submission's diff holds only its new
records: applications sorted by id, answers in the application's order, each
answer's records oldest first.

Submitting again appends a record to an answer only when its final version
or that version's text changed since the last record; otherwise the answer
keeps its records as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.authoring.yamldoc import UnfaithfulWriteError, dump_document, edit_text
from generator.content.diagnostics import ContentError, PortfolioError, ProblemList, display_path
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
    "Sending",
    "SentRecord",
    "check_sent",
    "lock_path",
    "lock_text_with",
    "new_posting",
    "new_records",
    "read_lock",
    "read_sent",
    "text_digest",
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


def new_records(lock: SentLock, app_id: str, sendings: list[Sending], date: dt.date) -> dict[str, SentVersion]:
    """The records one submission adds, by answer id: the answers sent in a new version or text."""
    previous = lock.applications.get(app_id, {})
    records: dict[str, SentVersion] = {}
    for sending in sendings:
        sent = previous.get(sending.answer_id, [])
        if not sent or (sent[-1].version, sent[-1].sha256) != (sending.version_id, sending.sha256):
            records[sending.answer_id] = SentVersion(version=sending.version_id, sha256=sending.sha256, date=date)
    return records


def new_posting(lock: SentLock, app_id: str, posting_text: str | None, date: dt.date) -> SentPosting | None:
    """The record pinning the SHA-256 of the application's saved posting, when it is new."""
    if posting_text is None:
        return None
    digest = text_digest(posting_text)
    records = lock.postings.get(app_id, [])
    if records and records[-1].sha256 == digest:
        return None
    return SentPosting(sha256=digest, date=date)


def lock_text_with(
    content_dir: Path,
    app_id: str,
    answer_ids: list[str],
    records: dict[str, SentVersion],
    posting: SentPosting | None = None,
) -> str:
    """The lock's text once one submission's records are added (nothing written).

    `answer_ids` is the application's answers in order: an answer new to the
    lock goes after those before it. An application new to the lock goes
    among the others by id. Raises PortfolioError when the file cannot be
    kept as it is written around the new records.
    """
    path = lock_path(content_dir)
    add = partial(_add_records, app_id, answer_ids, records, posting)
    if not path.exists():
        document = _new_lock()
        add(document)
        return dump_document(document)
    try:
        return edit_text(path.read_text(encoding="utf-8-sig"), add)
    except (YAMLError, UnfaithfulWriteError) as exc:
        raise PortfolioError(
            f"{display_path(path)}: cannot add the records to it ({exc}); nothing was recorded"
        ) from None


def _add_records(
    app_id: str, answer_ids: list[str], records: dict[str, SentVersion], posting: SentPosting | None, document: Any
) -> None:
    if posting is not None:
        if "postings" not in document:
            document["postings"] = CommentedMap()
        pinned = _entry(_block(document["postings"]), app_id, CommentedSeq)
        pinned.append(CommentedMap(sha256=posting.sha256, date=posting.date))
    answers = _entry(_block(document["applications"]), app_id)
    for answer_id, record in records.items():
        entry = CommentedMap(version=record.version, sha256=record.sha256, date=record.date)
        if answer_id in answers:
            answers[answer_id].append(entry)
        else:
            answers.insert(_position(answers, answer_id, answer_ids), answer_id, CommentedSeq([entry]))


def _new_lock() -> CommentedMap:
    document = CommentedMap(format=LOCK_FORMAT, applications=CommentedMap())
    document.yaml_set_start_comment("\n".join(line.removeprefix("# ") for line in LOCK_HEADER.splitlines()))
    return document


def _entry(applications: CommentedMap, app_id: str, make: type[CommentedMap | CommentedSeq] = CommentedMap) -> Any:
    """The application's entry in a section of the lock, added in order of id when it is new."""
    if app_id not in applications:
        position = sum(1 for other in applications if str(other) < app_id)
        applications.insert(position, app_id, make())
    entry = applications[app_id]
    entry.fa.set_block_style()
    return entry


def _block(mapping: CommentedMap) -> CommentedMap:
    """`mapping`, written as a block from now on (`{}` until it gets its first key)."""
    mapping.fa.set_block_style()
    return mapping


def _position(answers: CommentedMap, answer_id: str, answer_ids: list[str]) -> int:
    """Just after the last answer in the lock that comes before `answer_id` in the application."""
    before = answer_ids[: answer_ids.index(answer_id)]
    keys = list(answers)
    return max((keys.index(other) + 1 for other in before if other in answers), default=0)
