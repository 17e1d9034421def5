"""The one place that decides what each audience may see.

CONTENT.md, "Private means": private material appears only in what the owner
sees. Every page, pack, search index and sitemap is rendered from a View made
here, never from the full Portfolio, so no template has to decide privacy.

- `private`: the owner; everything.
- `shared`: the public site; the profile, shared stories (without notes) and
  hand-written pages; no application at all.
- `recruiter`: one application's pack; the profile, that application's
  criteria and final answers, and the shared stories it references.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from generator.content.model import Application, Criterion, HandPage, Portfolio, Profile, Story
from generator.content.readiness import Readiness, readiness_of_all

Audience = Literal["private", "shared", "recruiter"]
AUDIENCES: tuple[Audience, ...] = ("private", "shared", "recruiter")


@dataclass(frozen=True)
class StoryUse:
    """One place a story is referenced: an answer or a criterion of an application."""

    app_id: str
    company: str
    role: str
    kind: Literal["answer", "criterion"]
    label: str  # the answer's title or the criterion's text
    anchor: str  # answer id, or `criterion-N` (1-based)


@dataclass(frozen=True)
class View:
    """What one audience may see; the only input of every renderer."""

    audience: Audience
    profile: Profile
    stories: dict[str, Story]
    applications: dict[str, Application]
    pages: list[HandPage] = field(default_factory=list)
    used_in: dict[str, list[StoryUse]] = field(default_factory=dict)
    # Source files, for "last changed" and git history (private only: commit
    # messages are the owner's notes to self).
    files: dict[str, Path] = field(default_factory=dict)  # "stories/<id>", "applications/<id>"
    # What was sent and when (private only): (app id, answer id) -> SentRecord
    # with `version_id`, `sha256` and `date`.
    sent: dict = field(default_factory=dict)
    # Each application's sending checks (private site only): app id -> Readiness.
    readiness: dict[str, Readiness] = field(default_factory=dict)

    @property
    def is_private(self) -> bool:
        return self.audience == "private"


def private_view(portfolio: Portfolio) -> View:
    """Everything: the owner's own site and printouts, with each application's readiness."""
    view = _make_view("private", portfolio, portfolio.stories, portfolio.applications, portfolio.pages)
    return replace(view, readiness=readiness_of_all(portfolio))


def shared_view(portfolio: Portfolio) -> View:
    """The shareable site: profile, shared stories, hand-written pages; no application."""
    stories = {sid: _public_story(s) for sid, s in portfolio.stories.items() if s.visibility == "shared"}
    return _make_view("shared", portfolio, stories, {}, portfolio.pages)


def pack_view(portfolio: Portfolio, app_id: str, audience: Audience = "recruiter") -> View:
    """One application's pack: `recruiter` (to send) or `private` (to print before a call).

    Nothing of any other application is in it, whatever the audience.
    """
    app = portfolio.applications[app_id]
    referenced = _referenced_story_ids(app)
    if audience == "private":
        stories = {sid: portfolio.stories[sid] for sid in referenced if sid in portfolio.stories}
        return _make_view("private", portfolio, stories, {app_id: app}, [])
    if audience != "recruiter":
        raise ValueError(f"a pack is for `recruiter` or `private`, not `{audience}`")
    stories = {
        sid: _public_story(portfolio.stories[sid])
        for sid in referenced
        if sid in portfolio.stories and portfolio.stories[sid].visibility == "shared"
    }
    return _make_view("recruiter", portfolio, stories, {app_id: _recruiter_application(app, set(stories))}, [])


def view_for(portfolio: Portfolio, audience: Audience) -> View:
    """The site view for `private` or `shared` (packs use `pack_view`)."""
    if audience == "private":
        return private_view(portfolio)
    if audience == "shared":
        return shared_view(portfolio)
    raise ValueError(f"a site is built for `private` or `shared`, not `{audience}`")


def _make_view(audience, portfolio, stories, applications, pages) -> View:  # type: ignore[no-untyped-def]
    private = audience == "private"
    files: dict[str, Path] = {}
    sent: dict = {}
    if private:
        files = {f"stories/{sid}": portfolio.story_files[sid] for sid in stories if sid in portfolio.story_files}
        files |= {
            f"applications/{aid}": portfolio.application_files[aid]
            for aid in applications
            if aid in portfolio.application_files
        }
        sent = {key: record for key, record in portfolio.sent.items() if key[0] in applications}
    return View(
        audience=audience,
        profile=portfolio.profile,
        stories=dict(sorted(stories.items())),
        applications=dict(sorted(applications.items())),
        pages=list(pages),
        used_in=_used_in(applications, stories),
        files=files,
        sent=sent,
    )


def _referenced_story_ids(app: Application) -> list[str]:
    """Story ids an application draws on, in first-mention order (answers first)."""
    ids: list[str] = []
    for answer in app.answers:
        ids += answer.stories
    for criterion in app.criteria:
        ids += criterion.stories
    return list(dict.fromkeys(ids))


def _public_story(story: Story) -> Story:
    return story.model_copy(update={"notes": None})


def _recruiter_application(app: Application, visible: set[str]) -> Application:
    """Only what a recruiter may see: no status, dates, notes, contacts or drafts."""
    answers = [
        answer.model_copy(
            update={
                "versions": [answer.final_version.model_copy(update={"date": None, "note": None})],
                "final": answer.final_version.id,
                "stories": [s for s in answer.stories if s in visible],
            }
        )
        for answer in app.answers
    ]
    criteria = [
        Criterion(text=c.text, stories=[s for s in c.stories if s in visible]) for c in app.criteria
    ]
    return app.model_copy(
        update={
            "status": None,
            "opened": None,
            "submitted": None,
            "deadline": None,
            "contacts": [],
            "notes": None,
            "source": None,
            "mentions": [],
            "pack_pages": None,
            "criteria": criteria,
            "answers": answers,
        }
    )


def _used_in(applications: dict[str, Application], stories: dict[str, Story]) -> dict[str, list[StoryUse]]:
    uses: dict[str, list[StoryUse]] = {sid: [] for sid in stories}
    for app_id, app in sorted(applications.items()):
        for answer in app.answers:
            for sid in dict.fromkeys(answer.stories):
                if sid in uses:
                    uses[sid].append(
                        StoryUse(app_id, app.company, app.role, "answer", answer.display_title, answer.id)
                    )
        for n, criterion in enumerate(app.criteria, start=1):
            for sid in dict.fromkeys(criterion.stories):
                if sid in uses:
                    uses[sid].append(
                        StoryUse(app_id, app.company, app.role, "criterion", criterion.text, f"criterion-{n}")
                    )
    return uses


__all__ = ["AUDIENCES", "Audience", "StoryUse", "View", "pack_view", "private_view", "shared_view", "view_for"]
