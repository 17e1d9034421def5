"""What a call sheet holds: one event of one application, with what to have at hand.

`build_call_sheet` gathers it from a private view; the site page
(generator/site/callsheets.py) and the printable page (callsheet_pdf.py)
only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.audience import AnyView, PrivateView, is_private
from generator.calls.agenda import Occasion, event_occasion, owner_zone
from generator.calls.coverage import requirement_lines
from generator.content.model import Answer, Application, Contact, Event, Story


@dataclass(frozen=True)
class Person:
    name: str
    contact: Contact | None  # None: a name not among the contacts (content errors prevent it)


@dataclass(frozen=True)
class SentAnswer:
    answer: Answer
    version_id: str
    text: str
    sent_on: dt.date | None  # None: not recorded as sent


@dataclass(frozen=True)
class CallSheet:
    app_id: str
    app: Application
    event: Event
    occasion: Occasion
    heading: str  # `Call: OpenRouter — Intro`
    when: str  # in the event's zone
    when_owner: str | None  # in the owner's zone, when it differs
    people: list[Person]
    stories: list[tuple[str, Story]]
    sent: list[SentAnswer]
    submitted: dt.date | None
    requirements: list[str]


def build_call_sheet(view: AnyView, app_id: str, event_id: str) -> CallSheet:
    """The call sheet of one event; KeyError when the view has no such application or event."""
    if not is_private(view):
        raise ValueError("a call sheet is the owner's alone: make it from the private view")
    app = view.applications[app_id]
    event = next((e for e in app.events if e.id == event_id), None)
    if event is None:
        raise KeyError(event_id)
    occasion = event_occasion(view, app_id, app, event)
    contacts = {c.name: c for c in app.contacts}
    mine = owner_zone(view)
    when_owner = None
    if occasion.start is not None and occasion.start.utcoffset() != occasion.start.astimezone(mine).utcoffset():
        when_owner = describe_time(
            occasion.start.astimezone(mine), occasion.end and occasion.end.astimezone(mine), mine.key
        )
    return CallSheet(
        app_id=app_id,
        app=app,
        event=event,
        occasion=occasion,
        heading=occasion.summary,
        when=describe_when(occasion),
        when_owner=when_owner,
        people=[Person(name, contacts.get(name)) for name in event.with_],
        stories=[(sid, view.stories[sid]) for sid in dict.fromkeys(event.stories) if sid in view.stories],
        sent=_sent_answers(view, app_id, app),
        submitted=app.submitted,
        requirements=requirement_lines(app.posting.text) if app.posting else [],
    )


def describe_when(occasion: Occasion) -> str:
    """`Tue 22 Jul 2025, 10:00–10:30 (Europe/Lisbon)` or `Tue 22 Jul 2025 (all day)`."""
    if occasion.start is None:
        return f"{occasion.day:%a} {occasion.day.day} {occasion.day:%b %Y} (all day)"
    return describe_time(occasion.start, occasion.end, occasion.zone)


def describe_time(start: dt.datetime, end: dt.datetime | None, zone: str) -> str:
    text = f"{start:%a} {start.day} {start:%b %Y, %H:%M}"
    if end is not None:
        text += f"–{end:%H:%M}" if end.date() == start.date() else f" – {end:%a} {end.day} {end:%b, %H:%M}"
    return f"{text} ({zone}, UTC{_offset(start)})"


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def _sent_answers(view: PrivateView, app_id: str, app: Application) -> list[SentAnswer]:
    """Each answer as the company has it: the version recorded as sent, else the final one."""
    found = []
    for answer in app.answers:
        record = view.sent.get((app_id, answer.id))
        version = answer.final_version
        if record is not None:
            version = next((v for v in answer.versions if v.id == record.version_id), version)
        found.append(SentAnswer(answer, version.id, version.text, record.date if record else None))
    return found


def list_call_sheets(view: AnyView) -> list[tuple[str, str]]:
    """(app id, event id) of every event in a private view."""
    if not is_private(view):
        return []
    return [(app_id, event.id) for app_id, app in view.applications.items() for event in app.events]
