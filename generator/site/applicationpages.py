"""Application pages, rendered from what they show alone, and kept between `portfolio serve` rebuilds.

An application page (application.md.j2) shows its application, its
readiness and what was sent of it, the titles and summaries of the stories
it references, its timeline, its posting's coverage by those stories, its
file's history and the day's date (deadlines in days). It is rendered from a
context holding those and nothing else (`ApplicationPageView` stands in for
the view, with only this application's readiness and sent answers and only
the stories it references, as its posting's coverage reads them): the templates' StrictUndefined makes reading
anything more fail, so what the context holds is all the page depends on.

Its key, as a story page's (storypages.py): the application and each
referenced story by identity, the rest by value; the timeline and coverage
follow from those and the profile's time zone, so they are computed only
when the page is rendered again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from generator.audience import PrivateView
from generator.calls.coverage import referenced_story_ids
from generator.content.model import Application, Story
from generator.content.readiness import Readiness
from generator.content.sent import SentKey, SentRecord
from generator.site.callsheets import application_coverage, application_timeline
from generator.site.history import FileHistory
from generator.site.storypages import Same

TEMPLATE = "application.md.j2"

Context = Callable[[], dict[str, object]]


@dataclass(frozen=True)
class ApplicationPageView:
    """All of the view an application page may read."""

    stories: dict[str, Story]  # the stories the application references that the view shows
    readiness: dict[str, Readiness]  # this application's alone
    sent: dict[SentKey, SentRecord]  # this application's answers' alone


def application_page(
    view: PrivateView,
    app_id: str,
    app: Application,
    history: FileHistory | None,
    today: dt.date,
    directory_urls: bool,
) -> tuple[Context, Hashable]:
    """The page's whole template context (made when called; its path aside), and the key of its Markdown."""
    stories = {sid: view.stories[sid] for sid in referenced_story_ids(app) if sid in view.stories}
    readiness = view.readiness.get(app_id)
    sent = {(app_id, a.id): view.sent[(app_id, a.id)] for a in app.answers if (app_id, a.id) in view.sent}

    def context() -> dict[str, object]:
        narrow = ApplicationPageView(stories, {app_id: readiness} if readiness is not None else {}, sent)
        return {
            "view": narrow,
            "today": today,
            "app_id": app_id,
            "app": app,
            "drawn_on": drawn_on(app, stories),
            "history": history,
            "timeline": application_timeline(view, app_id, app),
            "coverage": application_coverage(view, app_id, app),
            "directory_urls": directory_urls,  # for the addresses of its links (pages.py's `link` filter)
        }

    used = tuple((sid, Same(story)) for sid, story in stories.items())
    zone = view.profile.timezone  # the timeline's times
    key = (TEMPLATE, app_id, Same(app), used, readiness, tuple(sent.items()), history, today, zone, directory_urls)
    return context, key


def drawn_on(app: Application, stories: dict[str, Story]) -> list[tuple[str, Story, list[tuple[str, str]]]]:
    """Stories the application references, with where (label, anchor): answers first, then criteria."""
    where: dict[str, list[tuple[str, str]]] = {}
    for answer in app.answers:
        for story_id in answer.stories:
            where.setdefault(story_id, []).append((answer.display_title, answer.id))
    for n, criterion in enumerate(app.criteria, start=1):
        for story_id in criterion.stories:
            where.setdefault(story_id, []).append((f"criterion {n}", f"criterion-{n}"))
    return [(sid, stories[sid], list(dict.fromkeys(uses))) for sid, uses in where.items() if sid in stories]
