"""The job search as an iCalendar file: `portfolio calendar` and the private site's `/calendar.ics`.

One VEVENT per event and per application deadline, made with the
`icalendar` library. UIDs come from the application and event ids, so a
phone that subscribed to the file updates an event instead of adding a copy.
Times keep their zone (TZID, with its VTIMEZONE) or are a whole day. The
file is the same bytes for the same content: DTSTAMP is a fixed moment, not
the time of the build.

Private: made from the private view only, never for a shared site, a pack
or a résumé.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from generator.audience import AnyView, is_private
from generator.calls.agenda import KIND_LABELS, Occasion, list_occasions

PRODID = "-//portfolio//job search calendar//EN"
UID_DOMAIN = "portfolio.invalid"
# The stamp of every VEVENT (RFC 5545 requires one): fixed, so builds repeat exactly.
FIXED_STAMP = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# How long before it an alarm rings, by kind.
ALARMS = {"deadline": dt.timedelta(days=1), "call": dt.timedelta(hours=1), "interview": dt.timedelta(hours=1)}


def event_uid(app_id: str, event_id: str | None) -> str:
    """`<event>.<app>.event@…` for an event, `<app>.deadline@…` for the application's deadline."""
    if event_id is None:
        return f"{app_id}.deadline@{UID_DOMAIN}"
    return f"{event_id}.{app_id}.event@{UID_DOMAIN}"


def render_calendar(view: AnyView) -> bytes:
    """The iCalendar file of every event and deadline in a private view."""
    if not is_private(view):
        raise ValueError("the calendar is the owner's alone: make it from the private view")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is written as it is (not escaped as TEXT): a line break in the name would end the line.
    calendar.add("x-wr-calname", " ".join(f"Job search — {view.profile.name}".split()))
    occasions = list_occasions(view)
    for occasion in occasions:
        calendar.add_component(_vevent(occasion))
    if any(o.start is not None for o in occasions):
        days = [o.day for o in occasions]
        calendar.add_missing_timezones(
            first_date=dt.date(min(days).year - 1, 1, 1), last_date=dt.date(max(days).year + 1, 12, 31)
        )
    ical: bytes = calendar.to_ical()
    return ical


def _vevent(occasion: Occasion) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(occasion.app_id, occasion.event.id if occasion.event else None))
    event.add("dtstamp", FIXED_STAMP)
    event.add("summary", occasion.summary)
    if occasion.start is not None:
        event.add("dtstart", occasion.start)
        if occasion.end is not None:
            event.add("dtend", occasion.end)
    else:
        event.add("dtstart", occasion.day)
        event.add("dtend", occasion.day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("description", _description(occasion))
    event.add("categories", [KIND_LABELS[occasion.kind]])
    before = ALARMS.get(occasion.kind)
    if before is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", occasion.summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)
    return event


def _description(occasion: Occasion) -> str:
    app = occasion.app
    lines = [f"{app.company} — {app.role}"]
    if occasion.event is not None and occasion.event.with_:
        lines.append("With: " + ", ".join(occasion.event.with_))
    if occasion.sheet_path is not None:
        lines.append(f"Call sheet: {occasion.sheet_path}")
    else:
        lines.append(f"Application: /applications/{occasion.app_id}/")
    return "\n".join(lines)
