"""Every dated thing of the job search placed in time: events and deadlines.

One list feeds the calendar, the dashboard's "Coming up" and the timelines,
so they never disagree about when something happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from generator.audience import PrivateView
from generator.content.eventtime import (
    DEFAULT_TIMEZONE,
    event_day,
    event_start,
    zone_of,
)
from generator.content.model import Application, Event, EventKind

KIND_LABELS: dict[str, str] = {
    "call": "Call",
    "interview": "Interview",
    "deadline": "Deadline",
    "follow-up": "Follow-up",
    "other": "Event",
}


@dataclass(frozen=True)
class Occasion:
    """One event of an application, or its `deadline` (then `event` is None)."""

    app_id: str
    app: Application
    event: Event | None
    kind: EventKind
    day: dt.date  # the day in the event's own zone
    start: dt.datetime | None  # aware; None for a whole day
    zone: str  # the IANA name the event is written in

    @property
    def summary(self) -> str:
        """`Call: OpenRouter`, `Deadline: Perplexity — Final round`."""
        text = f"{KIND_LABELS[self.kind]}: {self.app.company}"
        if self.event is not None and self.event.title:
            text += f" — {self.event.title}"
        return text

    @property
    def end(self) -> dt.datetime | None:
        if self.start is None or self.event is None or self.event.minutes is None:
            return None
        return self.start + dt.timedelta(minutes=self.event.minutes)

    @property
    def sheet_path(self) -> str | None:
        """The call sheet's URL path on the private site (events only)."""
        return f"/applications/{self.app_id}/{self.event.id}/" if self.event is not None else None

    def day_in(self, zone: ZoneInfo) -> dt.date:
        """The day it falls on for someone in `zone` (whole days stay as written)."""
        return self.start.astimezone(zone).date() if self.start is not None else self.day


def owner_zone(view: PrivateView) -> ZoneInfo:
    """The owner's time zone: the profile's `timezone`, else UTC."""
    return zone_of(view.profile.timezone or DEFAULT_TIMEZONE) or ZoneInfo(DEFAULT_TIMEZONE)


def event_occasion(view: PrivateView, app_id: str, app: Application, event: Event) -> Occasion:
    zone = event.timezone or view.profile.timezone or DEFAULT_TIMEZONE
    return Occasion(app_id, app, event, event.kind, event_day(event.at), event_start(event.at, zone), zone)


def list_occasions(view: PrivateView) -> list[Occasion]:
    """Every event and every deadline of the view's applications, in time order."""
    found: list[Occasion] = []
    default = view.profile.timezone or DEFAULT_TIMEZONE
    for app_id, app in view.applications.items():
        found += [event_occasion(view, app_id, app, event) for event in app.events]
        if app.deadline is not None:
            found.append(Occasion(app_id, app, None, "deadline", app.deadline, None, default))
    return sorted(found, key=sort_key)


def sort_key(occasion: Occasion) -> tuple[dt.datetime, str, str]:
    """By moment (a whole day sorts at its start, in UTC), then application and event id."""
    moment = occasion.start or dt.datetime.combine(occasion.day, dt.time(), ZoneInfo("UTC"))
    return moment.astimezone(ZoneInfo("UTC")), occasion.app_id, occasion.event.id if occasion.event else ""


def coming_up(view: PrivateView, today: dt.date, days: int = 14) -> list[Occasion]:
    """What the next `days` days hold, overdue follow-ups (no outcome yet) first."""
    zone = owner_zone(view)
    horizon = today + dt.timedelta(days=days)
    overdue: list[Occasion] = []
    ahead: list[Occasion] = []
    for occasion in list_occasions(view):
        day = occasion.day_in(zone)
        if occasion.kind == "follow-up" and day < today and occasion.event and not occasion.event.outcome:
            overdue.append(occasion)
        elif today <= day <= horizon and _still_open(occasion):
            ahead.append(occasion)
    return overdue + ahead


def _still_open(occasion: Occasion) -> bool:
    """Events always matter; a deadline unless the application is closed."""
    return occasion.event is not None or occasion.app.status not in ("rejected", "withdrawn")
