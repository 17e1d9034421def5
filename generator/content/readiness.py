"""Sending checks: is an application ready to go to a recruiter? (CONTENT.md, "Ready to send")

What `portfolio submit` requires, `portfolio pdf` reports for the packs it
writes, and the site shows as each application's readiness:

- the text checks (textchecks.py) of what the application's pack holds: the
  profile, its final answers, and the shared stories it references;
- a role or company still to be confirmed;
- no answer at all;
- a profile with no way to reach its owner;
- a pack over its page budget (the caller counts the pages of the built PDF).

Plain `portfolio check` runs none of these: an application that is not ready
yet is not an error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content.diagnostics import Position, Problem
from generator.content.loader import Loaded
from generator.content.model import Application, Portfolio
from generator.content.textchecks import Owner, TextProblem, text_problems

_TO_CONFIRM = re.compile(r"\bto (?:be )?confirm(?:ed)?\b|\bTBD\b|\bTBC\b|\?\?", re.IGNORECASE)


@dataclass(frozen=True)
class Readiness:
    """What is left before an application can be sent (nothing: ready).

    Each item is a problem and what it is in: ("profile",), ("story", id),
    ("answer", app id, answer id) or ("application", app id, field).
    """

    app_id: str
    items: tuple[tuple[Problem, Owner], ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(problem for problem, _ in self.items)

    @property
    def ready(self) -> bool:
        return not self.items


def page_budget(portfolio: Portfolio, app_id: str) -> int | None:
    """The most pages the application's pack may have (its own `pack_pages`, else the profile's)."""
    app = portfolio.applications[app_id]
    return app.pack_pages or portfolio.profile.pack_pages


def readiness_of(
    loaded: Loaded, app_id: str, found: Sequence[TextProblem] | None = None, pages: int | None = None
) -> Readiness:
    """The sending checks of one application; `found`: the portfolio's text problems, if already known."""
    portfolio = loaded.portfolio
    if found is None:
        found = text_problems(portfolio, loaded.files, loaded.sources)
    items = [
        (_blocking(p.problem), p.owner)
        for p in found
        if p.problem.severity != "note" and _in_pack(portfolio, app_id, p)
    ]
    items += _application_problems(loaded, app_id, pages)
    return Readiness(app_id, tuple(sorted(items, key=lambda item: item[0].sort_key())))


def readiness_of_all(loaded: Loaded) -> dict[str, Readiness]:
    """Every application's readiness (pages not counted: that needs the built packs)."""
    found = text_problems(loaded.portfolio, loaded.files, loaded.sources)
    return {app_id: readiness_of(loaded, app_id, found) for app_id in loaded.portfolio.applications}


def _blocking(problem: Problem) -> Problem:
    return Problem(problem.file, problem.position, "error", problem.message)


def _in_pack(portfolio: Portfolio, app_id: str, found: TextProblem) -> bool:
    owner = found.owner
    if owner[0] == "profile":
        return True
    if owner[0] == "answer":
        return owner[1] == app_id
    story = portfolio.stories.get(owner[1])
    return (
        story is not None and story.visibility == "shared" and owner[1] in _referenced(portfolio.applications[app_id])
    )


def _referenced(app: Application) -> set[str]:
    answers = {sid for answer in app.answers for sid in answer.stories}
    return answers | {sid for criterion in app.criteria for sid in criterion.stories}


def _application_problems(loaded: Loaded, app_id: str, pages: int | None) -> list[tuple[Problem, Owner]]:
    portfolio = loaded.portfolio
    app = portfolio.applications[app_id]
    path = loaded.files.applications[app_id]
    source = loaded.sources[path]
    problems: list[tuple[Problem, Owner]] = []
    for name in ("company", "role"):
        value = getattr(app, name)
        if _TO_CONFIRM.search(value):
            message = f"{name} `{value}` is still to be confirmed: write it as the posting or the recruiter names it"
            problems.append((Problem(path, source.value((name,)), "error", message), ("application", app_id, name)))
    if not app.answers:
        message = "no answer to send: add one under `answers:`"
        problems.append((Problem(path, source.key(("company",)), "error", message), ("application", app_id, "answers")))
    profile = portfolio.profile
    if not (profile.email or profile.phone or profile.links):
        message = "the profile gives no way to reach you: add `email:`, `phone:` or a link under `links:`"
        profile_file = loaded.files.profile or portfolio.root / "profile.yaml"
        problems.append((Problem(profile_file, _profile_position(loaded), "error", message), ("profile",)))
    budget = page_budget(portfolio, app_id)
    if pages is not None and budget is not None and pages > budget:
        where, place = (path, source.value(("pack_pages",))) if app.pack_pages else _profile_budget(loaded)
        message = (
            f"the pack is {pages} pages, over its budget of {budget}: shorten the answers or the "
            "stories it draws on, or raise `pack_pages`"
        )
        owner: Owner = ("application", app_id, "pack_pages") if app.pack_pages else ("profile",)
        problems.append((Problem(where, place, "error", message), owner))
    return problems


def _profile_position(loaded: Loaded) -> Position:
    if loaded.files.profile is None:
        return Position()
    return loaded.sources[loaded.files.profile].key(("name",))


def _profile_budget(loaded: Loaded) -> tuple[Path, Position]:
    if loaded.files.profile is None:
        return loaded.portfolio.root / "profile.yaml", Position()
    return loaded.files.profile, loaded.sources[loaded.files.profile].value(("pack_pages",))
