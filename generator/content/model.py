"""Typed models of the content files, exactly as CONTENT.md describes them.

Every model forbids unknown keys so that a typo (`titel:`) is an error with
a suggestion rather than a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from generator.content.eventtime import check_timezone, parse_event_at

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
STATUSES: tuple[Status, ...] = typing.get_args(Status)
# The groups every command and page uses, in pipeline order.
OPEN_STATUSES: tuple[Status, ...] = ("idea", "drafting", "submitted", "interviewing", "offer")
CLOSED_STATUSES: tuple[Status, ...] = ("rejected", "withdrawn")
UNSENT_STATUSES: tuple[Status, ...] = ("idea", "drafting")  # still being prepared
SENT_STATUSES: tuple[Status, ...] = ("submitted", "interviewing", "offer", "rejected")
# How an application began: `referral` and `inbound` (they reached out) need no `submitted` date.
Source = Literal["applied", "referral", "inbound"]
AnswerKind = Literal["answer", "cover-letter", "referral", "talking-points"]
Visibility = Literal["shared", "private"]
EventKind = Literal["call", "interview", "deadline", "follow-up", "other"]
EVENT_KINDS: tuple[EventKind, ...] = EventKind.__args__  # type: ignore[attr-defined]

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

# An address as mail programs take it (and short enough for any link, RFC 5321's 254).
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+")


def _check_email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise ValueError("not an email address: write it as name@example.com")
    return value


Email = Annotated[str, AfterValidator(_check_email), Field(json_schema_extra={"format": "email"})]

Timezone = Annotated[
    str,
    AfterValidator(check_timezone),
    Field(description="An IANA time zone name, like `America/New_York`."),
]
# `YYYY-MM-DD` (a whole day) or `YYYY-MM-DDTHH:MM` (a time in the event's zone).
EventAt = Annotated[
    str,
    BeforeValidator(parse_event_at),
    Field(json_schema_extra={"pattern": r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"}),
]

DateIsh = Annotated[
    str,
    BeforeValidator(_parse_dateish),
    Field(json_schema_extra={"pattern": r"^(\d{4}(-\d{2}(-\d{2})?)?|present)$"}),
]


PageBudget = Annotated[int, Field(gt=0, description="Most pages a recruiter pack may have.")]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors; numbers may stand for text.

    Frozen: what was loaded is never changed afterwards (views make copies).
    Built when first used (`defer_build`), not when this module is imported:
    a load validates whole files (a story, an application, the profile), and
    each of those validators holds the models inside it, so the validators
    of `Answer`, `Version`, `Limit` and the rest on their own are built only
    where such a model is made by itself (a `Criterion` in a recruiter's
    view), if ever. About 30 ms less of every command that loads the content
    (and of a build's part before its packs can start: docs/pages/speed.md).
    pydantic 2.14 builds one under a lock: threads may first use it at once.
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True, defer_build=True)


class Link(Strict):
    label: str
    url: str


class Position(Strict):
    """A job held: the résumé's experience, newest first."""

    org: str
    role: str
    start: DateIsh | None = None
    end: DateIsh | None = None
    location: str | None = None
    highlights: list[Markdown] = Field([], description="Markdown bullets.")
    stories: list[str] = Field([], description="Ids of stories told from this position.")


class Education(Strict):
    school: str
    degree: str | None = None
    field: str | None = None
    start: DateIsh | None = None
    end: DateIsh | None = None
    notes: Markdown | None = None


class SkillGroup(Strict):
    group: str
    items: list[str] = []


class Profile(Strict):
    name: str
    headline: str | None = None
    email: Email | None = None
    phone: str | None = None
    location: str | None = None
    links: list[Link] = []
    summary: Markdown | None = None
    timezone: Timezone | None = Field(None, description="For events written without one.")
    experience: list[Position] = Field([], description="Positions, newest first.")
    education: list[Education] = []
    skills: list[SkillGroup] = []
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
    email: Email | None = None
    notes: Markdown | None = None


class Event(Strict):
    """A call, an interview, a deadline or a follow-up of one application (private)."""

    id: Slug
    kind: EventKind
    at: EventAt
    timezone: Timezone | None = Field(None, description="Default: the profile's `timezone`, else UTC.")
    minutes: Annotated[int, Field(gt=0)] | None = None
    title: str | None = None
    with_: list[str] = Field([], alias="with", description="Contact names, from `contacts`.")
    prep: Markdown | None = None
    questions: list[str] = []
    stories: list[str] = []
    outcome: Markdown | None = None


class Posting(Strict):
    """The job posting as it read when saved (private)."""

    text: Markdown
    url: str | None = None
    saved: Date | None = None


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
    events: list[Event] = []
    posting: Posting | None = None
    source: Source = "applied"
    mentions: list[str] = Field([], description="Other companies' names this application's answers may name.")
    pack_pages: PageBudget | None = None


@dataclass(frozen=True)
class HandPage:
    """A hand-written Markdown page from content/pages/, added to the site as it is."""

    path: Path
    name: str  # file name relative to content/pages/


@dataclass(frozen=True)
class Portfolio:
    """Everything in one content folder, validated: content only (see loader.Loaded for the rest)."""

    root: Path
    profile: Profile
    stories: dict[str, Story]
    applications: dict[str, Application]
    pages: list[HandPage] = field(default_factory=list)

    @property
    def answer_count(self) -> int:
        return sum(len(app.answers) for app in self.applications.values())


@dataclass(frozen=True)
class ContentFiles:
    """The file each item was read from, by id: for positions, "last changed" and pack caches."""

    profile: Path | None = None
    stories: dict[str, Path] = field(default_factory=dict)
    applications: dict[str, Path] = field(default_factory=dict)
