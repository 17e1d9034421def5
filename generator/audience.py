"""The one place that decides what each audience may see.

CONTENT.md, "Private means": private material appears only in what the owner
sees. Every page, pack, search index and sitemap is rendered from a View made
here, never from the full Portfolio, so no template has to decide privacy.

- `private`: the owner; everything.
- `shared`: the public site; the profile, shared stories (without notes) and
  hand-written pages; no application at all.
- `recruiter`: one application's pack; the profile, that application's
  criteria and final answers, and the shared stories it references.
- a résumé (`resume_view`): the profile and shared stories only, even when
  tailored to an application (which decides only the order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Literal, TypeGuard, TypeVar, overload

from generator.content import Loaded
from generator.content.model import Answer, Application, Criterion, HandPage, Position, Profile, Story, Strict
from generator.content.readiness import Readiness, readiness_of_all
from generator.content.sent import SentKey, SentRecord
from generator.sessionkeep import Kept

Audience = Literal["private", "shared", "recruiter"]
AUDIENCES: tuple[Audience, ...] = ("private", "shared", "recruiter")


class RecruiterApplication(Strict):
    """What anyone but the owner may see of an application.

    No status, dates, contacts or notes: the fields are absent, not empty,
    so no renderer can show them by mistake. Answers hold their final
    version only.
    """

    company: str
    role: str
    url: str | None = None
    criteria: list[Criterion] = []
    answers: list[Answer] = []


# An application as a view holds it: whole (the owner) or as a recruiter sees it.
App = TypeVar("App", Application, RecruiterApplication)


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
class View(Generic[App]):
    """What one audience may see; the only input of every renderer.

    `View[Application]` is the owner's (audience `private`);
    `View[RecruiterApplication]` is anyone else's (`shared`, `recruiter`).
    """

    audience: Audience
    profile: Profile
    stories: dict[str, Story]
    applications: dict[str, App]
    pages: list[HandPage] = field(default_factory=list)
    used_in: dict[str, list[StoryUse]] = field(default_factory=dict)
    # Source files, for "last changed" and git history (private only: commit
    # messages are the owner's notes to self).
    files: dict[str, Path] = field(default_factory=dict)  # "stories/<id>", "applications/<id>"
    # What was sent and when (private only).
    sent: dict[SentKey, SentRecord] = field(default_factory=dict)
    # Each application's sending checks (private site only): app id -> Readiness.
    readiness: dict[str, Readiness] = field(default_factory=dict)

    @property
    def is_private(self) -> bool:
        return self.audience == "private"


PrivateView = View[Application]
PublicView = View[RecruiterApplication]  # shared (the site) and recruiter (a pack)
AnyView = PrivateView | PublicView


def is_private(view: AnyView) -> TypeGuard[PrivateView]:
    """The owner's view, whose applications are whole (for code; templates read `view.is_private`)."""
    return view.audience == "private"


def private_view(loaded: Loaded) -> PrivateView:
    """Everything: the owner's own site and printouts, with each application's readiness."""
    portfolio = loaded.portfolio
    view = _private(loaded, portfolio.stories, portfolio.applications, portfolio.pages)
    return replace(view, readiness=readiness_of_all(loaded))


def shared_view(loaded: Loaded) -> PublicView:
    """The shareable site: profile, shared stories, hand-written pages; no application."""
    portfolio = loaded.portfolio
    stories = {sid: _public_story(s) for sid, s in portfolio.stories.items() if s.visibility == "shared"}
    return _public("shared", portfolio.profile, stories, {}, portfolio.pages)


@overload
def pack_view(loaded: Loaded, app_id: str, audience: Literal["recruiter"] = "recruiter") -> PublicView: ...
@overload
def pack_view(loaded: Loaded, app_id: str, audience: Literal["private"]) -> PrivateView: ...
@overload
def pack_view(loaded: Loaded, app_id: str, audience: Audience) -> AnyView: ...
def pack_view(loaded: Loaded, app_id: str, audience: Audience = "recruiter") -> AnyView:
    """One application's pack: `recruiter` (to send) or `private` (to print before a call).

    Nothing of any other application is in it, whatever the audience.
    """
    portfolio = loaded.portfolio
    app = portfolio.applications[app_id]
    referenced = _referenced_story_ids(app)
    if audience == "private":
        stories = {sid: portfolio.stories[sid] for sid in referenced if sid in portfolio.stories}
        return _private(loaded, stories, {app_id: app}, [])
    if audience != "recruiter":
        raise ValueError(f"a pack is for `recruiter` or `private`, not `{audience}`")
    stories = {
        sid: _public_story(portfolio.stories[sid])
        for sid in referenced
        if sid in portfolio.stories and portfolio.stories[sid].visibility == "shared"
    }
    apps = {app_id: _recruiter_application(app, set(stories))}
    return _public("recruiter", portfolio.profile, stories, apps, [])


def view_for(loaded: Loaded, audience: Audience) -> AnyView:
    """The site view for `private` or `shared` (packs use `pack_view`)."""
    _forget_other_copies(loaded)
    if audience == "private":
        return private_view(loaded)
    if audience == "shared":
        return shared_view(loaded)
    raise ValueError(f"a site is built for `private` or `shared`, not `{audience}`")


def _private(
    loaded: Loaded,
    stories: Mapping[str, Story],
    applications: Mapping[str, Application],
    pages: list[HandPage],
) -> PrivateView:
    """The owner's view: with the source files and what was sent."""
    files = loaded.files
    paths = {f"stories/{sid}": files.stories[sid] for sid in stories if sid in files.stories}
    paths |= {f"applications/{aid}": files.applications[aid] for aid in applications if aid in files.applications}
    return View(
        audience="private",
        profile=loaded.portfolio.profile,
        stories=dict(sorted(stories.items())),
        applications=dict(sorted(applications.items())),
        pages=list(pages),
        used_in=_used_in(applications, stories),
        files=paths,
        sent={key: record for key, record in loaded.sent.items() if key[0] in applications},
    )


def _public(
    audience: Literal["shared", "recruiter"],
    profile: Profile,
    stories: Mapping[str, Story],
    applications: Mapping[str, RecruiterApplication],
    pages: list[HandPage],
) -> PublicView:
    """Anyone else's view: no source file (commit messages are notes to self), nothing sent."""
    return View(
        audience=audience,
        profile=profile,
        stories=dict(sorted(stories.items())),
        applications=dict(sorted(applications.items())),
        pages=list(pages),
        used_in=_used_in(applications, stories),
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
    """The story without its notes: in a serve session, the same copy for as long as the story is the same."""
    copies = _public_copies.items
    if copies is None:
        return story.model_copy(update={"notes": None})
    kept = copies.get(id(story))
    if kept is None or kept[0] is not story:
        kept = copies[id(story)] = (story, story.model_copy(update={"notes": None}))
    return kept[1]


# A serve session's public copies (`keep_public_copies`), by the loaded story they were made
# from (kept with it, so its id stays its own): a copy kept is the same object from one
# build to the next, so the shared site's story pages are kept as the private site's are
# (storypages.py keys a page by its story's identity). Models are frozen: a copy is never changed.
_public_copies: Kept[int, tuple[Story, Story]] = Kept()


def keep_public_copies(keep: bool = True) -> None:
    """From now on, keep each story's public copy while the story is loaded (`portfolio serve`); or no longer."""
    _public_copies.keep(keep)


def _forget_other_copies(loaded: Loaded) -> None:
    """Keep only the copies of stories this load holds (once per build, from `view_for`)."""
    if _public_copies.items is not None:
        _public_copies.retain({id(story) for story in loaded.portfolio.stories.values()}.__contains__)


def _recruiter_application(app: Application, visible: set[str]) -> RecruiterApplication:
    """Only what a recruiter may see: no status, dates, notes, contacts, events, posting or drafts."""
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
    criteria = [Criterion(text=c.text, stories=[s for s in c.stories if s in visible]) for c in app.criteria]
    return RecruiterApplication(company=app.company, role=app.role, url=app.url, criteria=criteria, answers=answers)


def _used_in(
    applications: Mapping[str, Application | RecruiterApplication], stories: Mapping[str, Story]
) -> dict[str, list[StoryUse]]:
    uses: dict[str, list[StoryUse]] = {sid: [] for sid in stories}
    for app_id, app in sorted(applications.items()):
        for answer in app.answers:
            for sid in dict.fromkeys(answer.stories):
                if sid in uses:
                    uses[sid].append(StoryUse(app_id, app.company, app.role, "answer", answer.display_title, answer.id))
        for n, criterion in enumerate(app.criteria, start=1):
            for sid in dict.fromkeys(criterion.stories):
                if sid in uses:
                    uses[sid].append(
                        StoryUse(app_id, app.company, app.role, "criterion", criterion.text, f"criterion-{n}")
                    )
    return uses


@dataclass(frozen=True)
class ResumePosition:
    """A position as the résumé shows it: its highlights, then the stories told from it."""

    position: Position
    stories: list[tuple[str, Story]]


@dataclass(frozen=True)
class ResumeView:
    """What a résumé holds: the profile and shared stories (without notes), nothing of any application.

    `tailored` says whether an application decided the order; what it
    references comes first, and its text, company or role appear nowhere.
    """

    profile: Profile
    experience: list[ResumePosition]
    tailored: bool = False


def resume_view(loaded: Loaded, app_id: str | None = None) -> ResumeView:
    """The résumé: general, or ordered by what application `app_id` references."""
    portfolio = loaded.portfolio
    order = _referenced_story_ids(portfolio.applications[app_id]) if app_id is not None else []
    return _resume(portfolio.profile, portfolio.stories, order, tailored=app_id is not None)


def site_resume(view: AnyView) -> ResumeView:
    """The résumé shown on a site (`/cv/`): the same for the owner's site and the shared one."""
    return _resume(view.profile, view.stories, [], tailored=False)


def _resume(profile: Profile, stories: Mapping[str, Story], order: list[str], *, tailored: bool) -> ResumeView:
    """Each position with its shared stories: those it lists, then those whose org and role match it."""
    shared = {sid: _public_story(s) for sid, s in stories.items() if s.visibility == "shared"}
    rank = {sid: n for n, sid in enumerate(order)}
    placed: set[str] = set()
    experience = []
    for position in profile.experience:
        ids = [sid for sid in position.stories if sid in shared]
        ids += [
            sid
            for sid, story in shared.items()
            if sid not in ids and story.org == position.org and story.role in (None, position.role)
        ]
        ids = [sid for sid in ids if sid not in placed]
        placed.update(ids)
        ids.sort(key=lambda sid: rank.get(sid, len(rank)))  # stable: the owner's order otherwise
        experience.append(ResumePosition(position, [(sid, shared[sid]) for sid in ids]))
    return ResumeView(profile=profile, experience=experience, tailored=tailored)


__all__ = [
    "AUDIENCES",
    "AnyView",
    "Audience",
    "PrivateView",
    "PublicView",
    "RecruiterApplication",
    "ResumePosition",
    "ResumeView",
    "StoryUse",
    "View",
    "is_private",
    "pack_view",
    "private_view",
    "resume_view",
    "shared_view",
    "site_resume",
    "view_for",
]
