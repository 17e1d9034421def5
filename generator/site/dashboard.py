"""What the home page shows: the search at a glance, computed from the view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.audience import PrivateView
from generator.content.counting import measure
from generator.content.model import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    SENT_STATUSES,
    STATUSES,
    UNSENT_STATUSES,
    Application,
    Status,
)
from generator.site.history import FileHistory

# Open stages are the pipeline, left to right; closed ones are listed apart.
STATUS_RANK = {status: n for n, status in enumerate(STATUSES)}


@dataclass(frozen=True)
class Deadline:
    app_id: str
    app: Application
    date: dt.date
    days: int  # negative: past

    @property
    def label(self) -> str:
        if self.days == 0:
            return "today"
        if self.days == 1:
            return "tomorrow"
        if self.days > 0:
            return f"in {self.days} days"
        return f"{-self.days} days ago"


@dataclass(frozen=True)
class Event:
    """Something that happened on a date: a commit, a version written, an application sent."""

    date: dt.date
    title: str
    detail: str
    items: tuple[str, ...]  # view.files keys: "applications/<id>", "stories/<id>"


@dataclass(frozen=True)
class Dashboard:
    stages: list[tuple[str, list[tuple[str, Application]]]]
    closed: list[tuple[str, list[tuple[str, Application]]]]
    deadlines: list[Deadline]
    recent: list[Event]
    uncommitted: list[str]  # view.files keys with changes git has not recorded
    active: int
    answers: int
    answers_over: int
    criteria: int
    criteria_evidenced: int
    attention: list[tuple[str, Application, list[str]]]  # open applications with something to do


def build_dashboard(
    view: PrivateView, history: dict[str, FileHistory] | None, today: dt.date, *, recent: int = 8
) -> Dashboard:
    """Pipeline by status, deadlines of open applications, latest changes, counts."""
    by_status: dict[Status, list[tuple[str, Application]]] = {s: [] for s in STATUSES}
    for app_id, app in view.applications.items():
        by_status[app.status].append((app_id, app))
    deadlines = sorted(
        (
            Deadline(app_id, app, app.deadline, (app.deadline - today).days)
            for app_id, app in view.applications.items()
            if app.deadline and _deadline_matters(app, app.deadline, today)
        ),
        key=lambda d: (d.date, d.app_id),
    )
    answers = [answer for app in view.applications.values() for answer in app.answers]
    over = sum(1 for a in answers if any(m.over for m in measure(a.final_version.text, a.limit)))
    criteria = [c for app in view.applications.values() for c in app.criteria]
    return Dashboard(
        stages=[(s, by_status[s]) for s in OPEN_STATUSES],
        closed=[(s, by_status[s]) for s in CLOSED_STATUSES if by_status[s]],
        deadlines=deadlines,
        recent=_recent_events(view, history)[:recent],
        uncommitted=sorted(k for k, h in (history or {}).items() if h.state in ("modified", "uncommitted")),
        active=sum(len(by_status[s]) for s in OPEN_STATUSES),
        answers=len(answers),
        answers_over=over,
        criteria=len(criteria),
        criteria_evidenced=sum(1 for c in criteria if c.stories),
        attention=[
            (app_id, app, todo)
            for app_id, app in sorted(view.applications.items(), key=_furthest_first)
            if app.status in OPEN_STATUSES and (todo := _to_do(app, today))
        ],
    )


def _furthest_first(item: tuple[str, Application]) -> tuple[int, str]:
    return -STATUS_RANK[item[1].status], item[0]


def _to_do(app: Application, today: dt.date) -> list[str]:
    """What an open application still lacks, in a few words each."""
    todo: list[str] = []
    if not app.answers:
        todo.append("no answers or talking points yet")
    for answer in app.answers:
        for m in measure(answer.final_version.text, answer.limit):
            if m.over:
                unit = "characters" if m.unit == "chars" else "words"
                todo.append(f"{answer.display_title}: {m.over} {unit} over the limit")
    missing = sum(1 for c in app.criteria if not c.stories)
    if missing:
        todo.append(f"{missing} criteria without a story")
    if app.deadline and app.deadline < today and app.status in UNSENT_STATUSES:
        todo.append(f"deadline {app.deadline} has passed")
    if app.status in SENT_STATUSES and not app.submitted:  # open ones only reach here
        todo.append("no submitted date")
    return todo


def _deadline_matters(app: Application, deadline: dt.date, today: dt.date) -> bool:
    """Still to send (even if overdue), or a date still ahead."""
    return app.status in UNSENT_STATUSES or deadline >= today


def _recent_events(view: PrivateView, history: dict[str, FileHistory] | None) -> list[Event]:
    """Latest first: commits when there is a history, else dates written in the content."""
    commits: dict[str, Event] = {}
    for key, file_history in sorted((history or {}).items()):
        for commit in file_history.commits:
            event = commits.get(commit.short_hash)
            items = (event.items if event else ()) + (key,)
            commits[commit.short_hash] = Event(commit.date, commit.message, commit.short_hash, items)
    if commits:
        return sorted(commits.values(), key=lambda e: (e.date, e.detail), reverse=True)
    events: list[Event] = []
    for app_id, app in view.applications.items():
        items = (f"applications/{app_id}",)
        if app.opened:
            events.append(Event(app.opened, "Opened", "", items))
        if app.submitted:
            events.append(Event(app.submitted, "Submitted", "", items))
        for answer in app.answers:
            for version in answer.versions:
                if version.date:
                    title = f"{answer.display_title}, {version.id}"
                    events.append(Event(version.date, title, version.note or "", items))
    return sorted(events, key=lambda e: (e.date, e.items, e.title), reverse=True)
