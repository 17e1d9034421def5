"""The site's pages as Markdown, rendered from one audience view.

`render_site_pages` is a plain function: no MkDocs, no files written. The
plugin adds its result to the build; tests compare it with golden files.
Everything it shows comes from the View (generator/audience.py decides what
an audience may see); templates never decide privacy.

Templates (`*.md.j2`, beside this file) are rendered with every `{{ value }}`
escaped by `escape_text` unless it is already markup, so user text shows as
typed; Markdown fields go through the `markdown` filter instead, which puts
them in the page as finished HTML (generator/render/markdown.py) that
Python-Markdown passes through untouched (passthrough.py). That one
`finalize` function is the only escaping: Jinja2's HTML autoescaping is off
(it made two Markup objects per printed value, a tenth of page generation
on a big site), so a macro's output, which is a plain string, is printed
with `|safe`; the values inside it were escaped by `finalize` already.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Hashable
from pathlib import Path
from typing import cast

import jinja2
from markupsafe import Markup

from generator.audience import AnyView, PrivateView, RecruiterApplication, StoryUse, is_private, site_resume
from generator.content.counting import measure
from generator.content.model import CLOSED_STATUSES, Answer, Application, Story
from generator.render.markdown import render_field_html
from generator.render.templatecache import keep_compiled
from generator.site.applicationpages import TEMPLATE as APPLICATION_TEMPLATE
from generator.site.applicationpages import Context, application_page
from generator.site.callsheets import CALL_SHEET_TEMPLATE, call_sheet_pages, upcoming
from generator.site.dashboard import STATUS_RANK, build_dashboard
from generator.site.diffs import render_word_diff
from generator.site.history import FileHistory
from generator.site.markup import anchor_slug, escape_text, relative_url
from generator.site.passthrough import content_line
from generator.site.readiness import copy_button, readiness_item
from generator.site.speedups.forking import map_in_forks
from generator.site.storypages import TEMPLATE as STORY_TEMPLATE
from generator.site.storypages import keep_pages, kept_page, story_page

TEMPLATES = Path(__file__).parent


def render_site_pages(
    view: AnyView,
    history: dict[str, FileHistory] | None = None,
    *,
    today: dt.date | None = None,
    directory_urls: bool = True,
) -> dict[str, str]:
    """Docs-relative path -> Markdown for every generated page of the site.

    `history` (from `history.read_history(view.files)`) adds "last changed"
    and commits to application and story pages; `today` dates the dashboard;
    `directory_urls` is MkDocs' `use_directory_urls`, for the addresses that
    pages write as finished HTML (the `link` filter).
    """
    env = _environment()
    today = today or dt.date.today()
    tags = _tags(view.stories)
    tag_anchors = _anchors(tags)
    common: dict[str, object] = {
        "view": view,
        "today": today,
        "tags": tags,
        "tag_anchors": tag_anchors,
        "directory_urls": directory_urls,
    }
    jobs: list[Job] = []

    def render(path: str, template: str, **context: object) -> None:
        jobs.append((path, template, context, None))

    render(
        "index.md",
        "home.md.j2",
        dashboard=build_dashboard(view, history, today) if is_private(view) else None,
        coming_up=upcoming(view, today) if is_private(view) else [],
    )
    render("profile.md", "profile.md.j2")
    render("cv.md", "cv.md.j2", resume=site_resume(view), profile=view.profile)
    if is_private(view):
        render("applications/index.md", "applications.md.j2", rows=_application_rows(view))
        for app_id, app in view.applications.items():
            app_history = _history_of(history, f"applications/{app_id}")
            made_context, key = application_page(view, app_id, app, app_history, today, directory_urls)
            jobs.append((f"applications/{app_id}.md", APPLICATION_TEMPLATE, made_context, key))
        for path, context in call_sheet_pages(view):
            render(path, CALL_SHEET_TEMPLATE, **context)
    render("stories/index.md", "stories.md.j2")
    for story_id, story in view.stories.items():
        uses = _uses_by_application(view, story_id)
        story_history = _history_of(history, f"stories/{story_id}")
        context, key = story_page(view, story_id, story, uses, story_history, tag_anchors, directory_urls)
        jobs.append((f"stories/{story_id}.md", STORY_TEMPLATE, context, key))
    render("tags.md", "tags.md.j2")
    return _rendered(env, jobs, common)


# (path, template, context, key): a page with a key has its whole context (storypages.py),
# or a function that makes it (applicationpages.py); the others add the context every page has.
Job = tuple[str, str, dict[str, object] | Context, Hashable | None]


def _rendered(env: jinja2.Environment, jobs: list[Job], common: dict[str, object]) -> dict[str, str]:
    """Each job's page: on every core when there are many (they are independent), or kept from the last build."""
    for template in {job[1] for job in jobs}:
        env.get_template(template)  # compiled once, before any worker is forked
    # While serving, a story or application page whose key is unchanged is taken from the last build.
    kept = [kept_page(job[3]) for job in jobs]
    make = functools.partial(_make_page, env, common)
    made = iter(map_in_forks(make, [job for job, page in zip(jobs, kept, strict=True) if page is None]))
    pages = [page if page is not None else next(made) for page in kept]
    keep_pages([(job[3], page) for job, page in zip(jobs, pages, strict=True)])
    return dict(zip([job[0] for job in jobs], pages, strict=True))


def _make_page(env: jinja2.Environment, common: dict[str, object], job: Job) -> str:
    path, template, context, key = job
    fields = itertools.count(1)  # numbers the page's Markdown fields, so that their footnote ids differ
    if callable(context):
        context = context()
    if key is not None:
        return env.get_template(template).render(**context, page=path, content_fields=fields)
    return env.get_template(template).render(**common, **context, page=path, content_fields=fields)


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        indent=_indent,
        markdown=_markdown,
        join=_join,
        meter=_meter,
        copy_button=copy_button,
        readiness_item=readiness_item,
        period=_period,
        versions=_versions,
        link=_link,
    )
    env.globals.update(status_rank=STATUS_RANK)
    return keep_compiled(env)


def _finalize(value: object) -> str:
    """Every printed value is escaped for Markdown and HTML unless it is markup already."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return cast(str, value.__html__())
    return escape_text(value)


@jinja2.pass_context
def _markdown(context: jinja2.runtime.Context, text: str | None) -> Markup:
    """A Markdown field as finished HTML on one line, which Python-Markdown leaves alone."""
    if not text or not text.strip():
        return Markup("")
    prefix = f"f{next(context['content_fields'])}"
    return Markup(content_line(render_field_html(text, footnote_prefix=prefix)))


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    """The address of page `target` (docs-relative `.md`) from the page being made, for a template's own HTML."""
    return relative_url(target, context["page"], directory_urls=context["directory_urls"])


def _indent(text: str, width: int = 4) -> str:
    """Jinja2's `indent` (first line and blank lines as they are), on plain strings.

    The built-in works on Markup line by line, which cost a tenth of the
    site's page generation; the result here is the same characters.
    """
    lines = (str(text) + "\n").splitlines()
    pad = " " * width
    result = lines[0] + "".join("\n" + (pad + line if line else line) for line in lines[1:])
    return Markup(result) if isinstance(text, Markup) else result


def _join(items: object, separator: str = ", ") -> Markup:
    return Markup(separator.join(_finalize(item) for item in items))  # type: ignore[attr-defined]


def _meter(text: str, answer: Answer, compact: bool = False) -> Markup:
    """Words and characters against the answer's limit, as a bar and numbers (inline HTML).

    `compact` (tables): only what has a limit, or the words when nothing has.
    """
    parts = []
    for m in measure(text, answer.limit):
        unit = "characters" if m.unit == "chars" else "words"
        if m.limit is None:
            if m.unit == "words" and not (compact and answer.limit) or not answer.limit and not compact:
                parts.append(f'<span class="pf-count">{m.count} {unit}</span>')
            continue
        state = "over" if m.over else ("near" if m.ratio >= 0.9 else "ok")
        width = min(100, round(100 * m.ratio))
        parts.append(
            f'<span class="pf-meter pf-meter-{state}" title="{m.count} of {m.limit} {unit}">'
            f'<span class="pf-meter-bar"><span class="pf-meter-fill" style="width: {width}%"></span></span>'
            f'<span class="pf-meter-label">{m.count} / {m.limit} {unit}'
            + (f" · {m.over} over" if m.over else "")
            + "</span></span>"
        )
    return Markup(" ".join(parts))


def _period(story: Story) -> str:
    if story.start and story.end:
        return f"{story.start} – {story.end}"
    return story.start or (f"until {story.end}" if story.end else "")


def _versions(answer: Answer) -> list[dict[str, object]]:
    """Each version with its diff against the one before (oldest first)."""
    final = answer.final_version
    rows = []
    previous = None
    for version in answer.versions:
        rows.append(
            {
                "version": version,
                "is_final": version is final,
                "previous": previous,
                "diff": render_word_diff(previous.text, version.text) if previous else None,
            }
        )
        previous = version
    return rows


def _tags(stories: dict[str, Story]) -> dict[str, list[str]]:
    """Tag -> story ids, tags sorted case-insensitively; untagged stories under ''."""
    tags: dict[str, list[str]] = {}
    for story_id, story in stories.items():
        for tag in dict.fromkeys(story.tags) or [""]:
            tags.setdefault(tag, []).append(story_id)
    return dict(sorted(tags.items(), key=lambda item: (item[0] == "", item[0].lower())))


def _anchors(tags: dict[str, list[str]]) -> dict[str, str]:
    """A unique `tag-...` anchor per tag, even when two tags slugify alike."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for tag in tags:
        anchor = base = f"tag-{anchor_slug(tag)}"
        n = 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        anchors[tag] = anchor
        taken.add(anchor)
    return anchors


def _application_rows(view: PrivateView) -> list[tuple[str, Application]]:
    """Open applications first, furthest along first, then by deadline; closed ones last."""

    def order(item: tuple[str, Application]) -> tuple[int, dt.date, str]:
        app_id, app = item
        stage = 99 if app.status in CLOSED_STATUSES else -STATUS_RANK[app.status]
        return stage, app.deadline or dt.date.max, app_id

    return sorted(view.applications.items(), key=order)


def _uses_by_application(
    view: AnyView, story_id: str
) -> list[tuple[str, Application | RecruiterApplication, list[StoryUse]]]:
    grouped: dict[str, list[StoryUse]] = {}
    for use in view.used_in.get(story_id, []):
        grouped.setdefault(use.app_id, []).append(use)
    return [(app_id, view.applications[app_id], uses) for app_id, uses in grouped.items()]


def _history_of(history: dict[str, FileHistory] | None, key: str) -> FileHistory | None:
    return history.get(key) if history is not None else None
