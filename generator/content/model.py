"""Typed models of the content files, exactly as CONTENT.md describes them.

Every model forbids unknown keys so that a typo (`titel:`) is an error with
a suggestion rather than a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from generator.content.yamlsource import SourceMap

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """The id a name would have: lowercase ASCII words joined by hyphens (`C++ & Go` -> `c-go`).

    Empty when the name has no ASCII letter or digit; callers choose the fallback.
    """
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
Markdown = Annotated[str, Field(json_schema_extra={"format": "markdown"})]

Status = Literal["idea", "drafting", "submitted", "interviewing", "offer", "rejected", "withdrawn"]
STATUSES: tuple[Status, ...] = Status.__args__  # type: ignore[attr-defined]
# Statuses that mean the application has been sent.
SENT_STATUSES: frozenset[str] = frozenset({"submitted", "interviewing", "offer", "rejected"})
# How an application began: `referral` and `inbound` (they reached out) need no `submitted` date.
Source = Literal["applied", "referral", "inbound"]
AnswerKind = Literal["answer", "cover-letter", "referral", "talking-points"]
Visibility = Literal["shared", "private"]

_DATEISH = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _parse_dateish(value: object) -> object:
    """Normalise a `start`/`end` to `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `present`."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return f"{value:04d}"
    if isinstance(value, str):
        if value == "present":
            return value
        match = _DATEISH.match(value)
        if match:
            year, month, day = match.groups()
            try:
                if day:
                    dt.date(int(year), int(month), int(day))
                elif month and not 1 <= int(month) <= 12:
                    raise ValueError("month must be in 1..12")
            except ValueError as exc:
                raise ValueError(f"`{value}` is not a real date ({exc})") from None
            return value
    raise ValueError("expected YYYY, YYYY-MM, YYYY-MM-DD or `present`")


def _parse_date(value: object) -> object:
    """Accept a YAML date or a quoted `YYYY-MM-DD`; refuse numbers (no Unix times)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("expected a date written YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_parse_date)]

DateIsh = Annotated[
    str,
    BeforeValidator(_parse_dateish),
    Field(json_schema_extra={"pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|present)$"}),
]


PageBudget = Annotated[int, Field(gt=0, description="Most pages a recruiter pack may have.")]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors; numbers may stand for text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=False)


class Link(Strict):
    label: str
    url: str


class Profile(Strict):
    name: str
    headline: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[Link] = []
    summary: Markdown | None = None
    pack_pages: PageBudget | None = None


class Story(Strict):
    title: str
    summary: str | None = Field(None, description="One sentence.")
    org: str | None = None
    role: str | None = None
    start: DateIsh | None = None
    end: DateIsh | None = None
    tags: list[str] = []
    situation: Markdown | None = None
    task: Markdown | None = None
    action: Markdown | None = None
    result: Markdown | None = None
    metrics: list[str] = []
    visibility: Visibility = "shared"
    notes: Markdown | None = Field(None, description="Private: only the owner sees it.")

    @property
    def star(self) -> dict[str, str]:
        """The STAR sections that are filled in, in order."""
        sections = {
            "Situation": self.situation,
            "Task": self.task,
            "Action": self.action,
            "Result": self.result,
        }
        return {name: text for name, text in sections.items() if text}


class Limit(Strict):
    words: Annotated[int, Field(gt=0)] | None = None
    chars: Annotated[int, Field(gt=0)] | None = None


class Version(Strict):
    id: Slug
    date: Date | None = None
    note: str | None = None
    text: Markdown


class Answer(Strict):
    id: Slug
    title: str | None = None
    kind: AnswerKind = "answer"
    prompt: Markdown | None = None
    limit: Limit | None = None
    stories: list[str] = []
    final: str | None = Field(None, description="A version id; default: the last version.")
    versions: Annotated[list[Version], Field(min_length=1)]

    @property
    def final_version(self) -> Version:
        for version in self.versions:
            if version.id == self.final:
                return version
        return self.versions[-1]

    @property
    def display_title(self) -> str:
        return self.title or self.id.replace("-", " ").capitalize()


class Criterion(Strict):
    text: str
    stories: list[str] = []


class Contact(Strict):
    name: str
    role: str | None = None
    email: str | None = None
    notes: Markdown | None = None


class Application(Strict):
    company: str
    role: str
    status: Status = "drafting"
    opened: Date | None = None
    submitted: Date | None = None
    deadline: Date | None = None
    url: str | None = None
    criteria: list[Criterion] = []
    answers: list[Answer] = []
    contacts: list[Contact] = []
    notes: Markdown | None = None
    source: Source = "applied"
    mentions: list[str] = Field([], description="Other companies' names this application's answers may name.")
    pack_pages: PageBudget | None = None


@dataclass(frozen=True)
class HandPage:
    """A hand-written Markdown page from content/pages/, added to the site as it is."""

    path: Path
    name: str  # file name relative to content/pages/


@dataclass
class Portfolio:
    """Everything in one content folder, validated; what the one door returns."""

    root: Path
    profile: Profile
    stories: dict[str, Story]
    applications: dict[str, Application]
    pages: list[HandPage] = field(default_factory=list)
    sources: dict[Path, SourceMap] = field(default_factory=dict)
    story_files: dict[str, Path] = field(default_factory=dict)
    application_files: dict[str, Path] = field(default_factory=dict)
    profile_file: Path | None = None
    warnings: list = field(default_factory=list)
    # (app id, answer id) -> generator.content.sent.SentRecord: what was sent, from sent.lock.
    sent: dict = field(default_factory=dict)

    @property
    def answer_count(self) -> int:
        return sum(len(app.answers) for app in self.applications.values())
