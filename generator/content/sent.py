"""The record of what was sent (`content/sent.lock`): reading it and checking content against it.

`portfolio submit` writes the lock (see generator/authoring/lock.py); this
module only reads it, so the checker and the site can use it without
depending on the authoring commands. Format (YAML, documented in the README):

    format: 1
    applications:
      <app-id>:                # sorted by id
        <answer-id>:           # in the application's order
          - version: v2        # the final version when it was sent
            sha256: <64 hex>   # of that version's text, exactly as loaded
            date: 2025-07-10   # the day it was sent
          - ...                # a later submit of changed text appends a record

Every record is a promise: that version still exists with exactly that text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from generator.content.cascades import file_ids
from generator.content.diagnostics import ContentError, Position, ProblemList
from generator.content.model import ContentFiles, Date, Portfolio, Slug, Strict, Version
from generator.content.validation import validate_file
from generator.content.yamlsource import SourceMap, read_yaml

LOCK_NAME = "sent.lock"
LOCK_FORMAT: Literal[1] = 1

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class SentVersion(Strict):
    """One sending of one answer."""

    version: Slug
    sha256: Sha256
    date: Date


class SentPosting(Strict):
    """The saved posting of an application, as it read when the application was sent."""

    sha256: Sha256
    date: Date


class SentLock(Strict):
    """The whole lock file."""

    format: Literal[1]
    applications: dict[Slug, dict[Slug, Annotated[list[SentVersion], Field(min_length=1)]]] = {}
    # app id -> its posting at each sending (a changed posting appends a record).
    postings: dict[Slug, Annotated[list[SentPosting], Field(min_length=1)]] = {}


SentKey = tuple[str, str]  # (app id, answer id)


@dataclass(frozen=True)
class SentRecord:
    """What was sent for one answer: the version, a digest of its text, the day."""

    version_id: str
    sha256: str
    date: dt.date


def text_digest(text: str) -> str:
    """SHA-256 (hex) of a version's text as the model holds it, UTF-8 encoded."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def lock_path(content_dir: Path | str) -> Path:
    return Path(content_dir).absolute() / LOCK_NAME


def load_lock(path: Path, problems: ProblemList) -> tuple[SentLock, SourceMap] | None:
    """Read and validate a lock file; None when absent or broken (problems reported)."""
    if not path.is_file():
        return None
    parsed = read_yaml(path, problems)
    if parsed is None:
        return None
    data, source = parsed
    lock = validate_file(SentLock, data, source, problems)
    if lock is None:
        return None
    return lock, source


def read_sent(content_dir: Path | str) -> dict[SentKey, SentRecord]:
    """The latest sending of every answer, keyed by (app id, answer id).

    Empty when nothing was submitted; raises ContentError for a broken lock.
    """
    problems = ProblemList()
    loaded = load_lock(lock_path(content_dir), problems)
    if problems.has_errors:
        raise ContentError(problems.items)
    if loaded is None:
        return {}
    return latest_records(loaded[0])


def latest_records(lock: SentLock) -> dict[SentKey, SentRecord]:
    """The latest sending of every answer in a lock, keyed by (app id, answer id)."""
    return {
        (app_id, answer_id): SentRecord(last.version, last.sha256, last.date)
        for app_id, answers in lock.applications.items()
        for answer_id, records in answers.items()
        for last in records[-1:]
    }


def check_sent(
    portfolio: Portfolio,
    files: ContentFiles,
    sources: Mapping[Path, SourceMap],
    lock: tuple[SentLock, SourceMap],
    problems: ProblemList,
) -> None:
    """Report an error wherever a sent version's text changed or was deleted.

    `lock` is what `load_lock` read; the loader reads it once and keeps its records.
    """
    lock_model, lock_source = lock
    path = lock_source.path
    check_sent_postings(portfolio, files, sources, lock_model, problems)
    for app_id, answers in lock_model.applications.items():
        app = portfolio.applications.get(app_id)
        if app is None:
            if app_id not in file_ids(portfolio.root, "applications"):  # not merely broken: gone
                first = next(iter(answers.values()), [None])[0]
                when = f" on {first.date.isoformat()}" if first else ""
                problems.error(
                    path,
                    lock_source.key(("applications", app_id)),
                    f"application `{app_id}` was sent{when} but applications/{app_id}.yaml is gone; restore it",
                )
            continue
        app_path = files.applications[app_id]
        source = sources[app_path]
        index = {answer.id: i for i, answer in reversed(list(enumerate(app.answers)))}
        for answer_id, records in answers.items():
            if answer_id not in index:
                problems.error(
                    app_path,
                    source.key(("answers",)),
                    f"answer `{answer_id}` was sent on {records[0].date.isoformat()} and is gone; "
                    "restore it (add new versions instead of deleting)",
                )
                continue
            i = index[answer_id]
            where = source.value(("answers", i))
            for record in records:
                _check_record(answer_id, app.answers[i].versions, record, where, app_path, problems)


def check_sent_postings(
    portfolio: Portfolio,
    files: ContentFiles,
    sources: Mapping[Path, SourceMap],
    lock: SentLock,
    problems: ProblemList,
) -> None:
    """Warn where a posting changed (or went) after the application was sent with it."""
    for app_id, records in lock.postings.items():
        app = portfolio.applications.get(app_id)
        if app is None:
            continue  # a missing application is reported with its answers
        path = files.applications[app_id]
        source = sources[path]
        sent_on = records[-1].date.isoformat()
        if app.posting is None:
            problems.warning(
                path,
                source.key(("company",)),
                f"the posting saved when this was sent on {sent_on} is gone; restore `posting:`",
            )
        elif text_digest(app.posting.text) != records[-1].sha256:
            problems.warning(
                path,
                source.value(("posting", "text")),
                f"the posting changed after this was sent on {sent_on}: keep the text you applied to "
                "(`portfolio submit` again records a new one)",
            )


def _check_record(
    answer_id: str,
    versions: list[Version],
    record: SentVersion,
    where: Position,
    app_path: Path,
    problems: ProblemList,
) -> None:
    """One promise: the version still exists with the same text (errors at the answer)."""
    sent_on = record.date.isoformat()
    for version in versions:
        if version.id == record.version:
            if text_digest(version.text) != record.sha256:
                problems.error(
                    app_path,
                    where,
                    f"answer `{answer_id}` version `{record.version}` was sent on {sent_on}; add a new version instead",
                )
            return
    problems.error(
        app_path,
        where,
        f"answer `{answer_id}` version `{record.version}` was sent on {sent_on} and is gone; "
        "restore it and add a new version instead",
    )
