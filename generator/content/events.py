"""Checks of an application's events across the file: ids, contacts, stories.

The event models (model.py) already refuse an impossible `at` or an unknown
time zone, with positions; what needs the rest of the application (its
contacts) or the portfolio (its stories) is checked here.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

from generator.content.diagnostics import ProblemList
from generator.content.model import Application, ContentFiles, Portfolio
from generator.content.yamlsource import SourceMap


def check_events(
    portfolio: Portfolio, files: ContentFiles, sources: Mapping[Path, SourceMap], problems: ProblemList
) -> set[str]:
    """Report duplicate event ids, unknown contact names and unknown stories; return the stories used."""
    used: set[str] = set()
    for app_id, app in portfolio.applications.items():
        if not app.events:
            continue
        source = sources[files.applications[app_id]]
        _check_ids(app, source, problems)
        _check_contacts(app, source, problems)
        for i, event in enumerate(app.events):
            for j, story_id in enumerate(event.stories):
                used.add(story_id)
                if story_id in portfolio.stories or story_id in files.stories:
                    continue
                message = f"unknown story `{story_id}` in event `{event.id}`"
                guess = difflib.get_close_matches(story_id, sorted(files.stories), n=1)
                message += f"; did you mean `{guess[0]}`?" if guess else f"; add stories/{story_id}.yaml"
                problems.error(source.path, source.value(("events", i, "stories", j)), message)
    return used


def _check_ids(app: Application, source: SourceMap, problems: ProblemList) -> None:
    seen: set[str] = set()
    for i, event in enumerate(app.events):
        if event.id in seen:
            problems.error(source.path, source.value(("events", i, "id")), f"duplicate event id `{event.id}`")
        elif event.id == "index":  # its call sheet would replace the application's page
            problems.error(
                source.path,
                source.value(("events", i, "id")),
                "`index` is taken by the application's page; choose another id",
            )
        seen.add(event.id)


def _check_contacts(app: Application, source: SourceMap, problems: ProblemList) -> None:
    names = [contact.name for contact in app.contacts]
    for i, event in enumerate(app.events):
        for j, name in enumerate(event.with_):
            if name in names:
                continue
            message = f"`{name}` in event `{event.id}` is not one of this application's contacts"
            guess = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            if guess:
                message += f"; did you mean `{guess[0]}`?"
            else:
                message += "; add them under `contacts:` with `name: " + name + "`"
            problems.error(source.path, source.value(("events", i, "with", j)), message)
