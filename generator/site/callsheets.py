"""The private site's call sheets, a page per event, and the blocks the calls add to other pages.

`call_sheet_pages` lists the pages `render_site_pages` renders with
`callsheet.md.j2`: `applications/<app-id>/<event-id>.md`, served at
`/applications/<app-id>/<event-id>/`. Private views only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from generator.audience import PrivateView
from generator.calls.agenda import KIND_LABELS, Occasion, coming_up, event_occasion
from generator.calls.callsheet import build_call_sheet, describe_when, list_call_sheets
from generator.calls.coverage import Coverage, measure_coverage
from generator.content.model import Application

CALL_SHEET_TEMPLATE = "callsheet.md.j2"


def call_sheet_pages(view: PrivateView) -> list[tuple[str, dict[str, object]]]:
    """(docs path, template context) of every call sheet of a private view."""
    return [
        (f"applications/{app_id}/{event_id}.md", {"sheet": build_call_sheet(view, app_id, event_id)})
        for app_id, event_id in list_call_sheets(view)
    ]


@dataclass(frozen=True)
class Dated:
    """One line of an application's timeline."""

    day: dt.date
    label: str
    detail: str
    link: Markup | None  # relative to the application's page (made of ids: nothing to escape)
    outcome: bool  # an event whose outcome is written


def application_timeline(view: PrivateView, app_id: str, app: Application) -> list[Dated]:
    """Events and dated facts (opened, versions, posting saved, submitted, deadline), in order."""
    rows: list[tuple[dt.date, int, Dated]] = []
    if app.opened:
        rows.append((app.opened, 0, Dated(app.opened, "Opened", "", None, False)))
    if app.posting is not None and app.posting.saved:
        rows.append((app.posting.saved, 1, Dated(app.posting.saved, "Posting saved", "", Markup("#posting"), False)))
    for answer in app.answers:
        for version in answer.versions:
            if version.date:
                label = f"{answer.display_title}, {version.id}"
                rows.append(
                    (version.date, 2, Dated(version.date, label, version.note or "", Markup(f"#{answer.id}"), False))
                )
    if app.submitted:
        rows.append((app.submitted, 3, Dated(app.submitted, "Submitted", "", None, False)))
    if app.deadline:
        rows.append((app.deadline, 4, Dated(app.deadline, "Deadline", "", None, False)))
    for event in app.events:
        occasion = event_occasion(view, app_id, app, event)
        dated = Dated(
            occasion.day,
            occasion.summary.split(":")[0] + (f": {event.title}" if event.title else ""),
            describe_when(occasion),
            Markup(f"{app_id}/{event.id}.md"),
            bool(event.outcome),
        )
        rows.append((occasion.day, 5, dated))
    return [dated for _, _, dated in sorted(rows, key=lambda row: (row[0], row[1]))]


@dataclass(frozen=True)
class Upcoming:
    occasion: Occasion
    label: str  # `Call`, `Deadline`...
    when: str
    days: int  # from today; negative: overdue
    link: str  # relative to the home page


def upcoming(view: PrivateView, today: dt.date) -> list[Upcoming]:
    """The dashboard's "Coming up": the next 14 days, overdue follow-ups first."""
    found = []
    for occasion in coming_up(view, today):
        link = f"applications/{occasion.app_id}.md"
        if occasion.event is not None:
            link = f"applications/{occasion.app_id}/{occasion.event.id}.md"
        found.append(
            Upcoming(occasion, KIND_LABELS[occasion.kind], describe_when(occasion), (occasion.day - today).days, link)
        )
    return found


def application_coverage(view: PrivateView, app_id: str, app: Application) -> Coverage | None:
    return measure_coverage(app_id, app, view.stories)
