"""Checks across files, run on validated models with their source positions."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.cascades import file_ids, stories_named_by_broken_applications
from generator.content.counting import measure
from generator.content.diagnostics import Position, ProblemList
from generator.content.events import check_events
from generator.content.model import SENT_STATUSES, Application, ContentFiles, Portfolio
from generator.content.textchecks import text_problems
from generator.content.yamlsource import PathKey, SourceMap, decode_text

ALLOWED_URL_SCHEMES = ("http", "https", "mailto")
MAX_URL_LENGTH = 2000


def check_portfolio(
    portfolio: Portfolio, files: ContentFiles, sources: Mapping[Path, SourceMap], problems: ProblemList
) -> None:
    """Run every cross-file check, appending problems (errors and warnings).

    The sent lock's promises are checked by `sent.check_sent`.
    """
    used: set[str] = set()
    story_ids_on_disk = file_ids(portfolio.root, "stories")  # a broken story is not unknown
    for story_id, story in portfolio.stories.items():
        path = files.stories[story_id]
        if not story.star:
            problems.error(
                path,
                sources[path].key(("title",)),
                "a story needs at least one of `situation`, `task`, `action`, `result`",
            )
    for app_id, app in portfolio.applications.items():
        source = sources[files.applications[app_id]]
        used.update(_check_story_refs(app, portfolio, story_ids_on_disk, source, problems))
        _check_answers(app, source, problems)
        _check_application(app, source, problems)
    _check_urls(portfolio, files, sources, problems)
    _check_pages(portfolio, problems)
    used |= check_events(portfolio, files, sources, problems)
    if files.profile is not None:
        used |= _check_position_refs(portfolio, story_ids_on_disk, sources[files.profile], problems)
    problems.items.extend(found.problem for found in text_problems(portfolio, files, sources))
    explained = stories_named_by_broken_applications(portfolio)  # their own errors explain
    for story_id, path in files.stories.items():
        if explained is None or story_id in used or story_id not in portfolio.stories or story_id in explained:
            continue
        problems.warning(
            path, Position(), f"story `{story_id}` is used nowhere: reference it from an answer or criterion"
        )


def _check_story_refs(
    app: Application, portfolio: Portfolio, on_disk: set[str], source: SourceMap, problems: ProblemList
) -> set[str]:
    """Report references to stories that do not exist (a broken file is not unknown); the ids referenced."""
    used: set[str] = set()
    for where, story_id in _story_refs(app):
        used.add(story_id)
        if story_id not in portfolio.stories and story_id not in on_disk:
            message = f"unknown story `{story_id}`"
            guess = difflib.get_close_matches(story_id, sorted(on_disk), n=1)
            message += f"; did you mean `{guess[0]}`?" if guess else "; add stories/" + story_id + ".yaml"
            problems.error(source.path, source.value(where), message)
    return used


def _check_position_refs(portfolio: Portfolio, on_disk: set[str], source: SourceMap, problems: ProblemList) -> set[str]:
    """Report stories a position of the profile's `experience` names that do not exist; the ids named."""
    used: set[str] = set()
    for i, position in enumerate(portfolio.profile.experience):
        for j, story_id in enumerate(position.stories):
            used.add(story_id)
            if story_id not in portfolio.stories and story_id not in on_disk:
                guess = difflib.get_close_matches(story_id, sorted(on_disk), n=1)
                hint = f"; did you mean `{guess[0]}`?" if guess else f"; add stories/{story_id}.yaml"
                problems.error(
                    source.path, source.value(("experience", i, "stories", j)), f"unknown story `{story_id}`{hint}"
                )
    return used


def _story_refs(app: Application) -> Iterator[tuple[PathKey, str]]:
    for i, criterion in enumerate(app.criteria):
        for j, story_id in enumerate(criterion.stories):
            yield ("criteria", i, "stories", j), story_id
    for i, answer in enumerate(app.answers):
        for j, story_id in enumerate(answer.stories):
            yield ("answers", i, "stories", j), story_id


def _check_answers(app: Application, source: SourceMap, problems: ProblemList) -> None:
    path = source.path
    seen_answers: set[str] = set()
    for i, answer in enumerate(app.answers):
        if answer.id in seen_answers:
            problems.error(path, source.value(("answers", i, "id")), f"duplicate answer id `{answer.id}`")
        seen_answers.add(answer.id)
        version_ids: set[str] = set()
        for j, version in enumerate(answer.versions):
            if version.id in version_ids:
                problems.error(
                    path,
                    source.value(("answers", i, "versions", j, "id")),
                    f"duplicate version id `{version.id}` in answer `{answer.id}`",
                )
            version_ids.add(version.id)
        if answer.final is not None and answer.final not in version_ids:
            message = f"`final` names no version of answer `{answer.id}`: `{answer.final}`"
            guess = difflib.get_close_matches(answer.final, sorted(version_ids), n=1)
            message += f"; did you mean `{guess[0]}`?" if guess else f"; versions: {', '.join(sorted(version_ids))}"
            problems.error(path, source.value(("answers", i, "final")), message)
            continue
        final = answer.final_version
        final_index = answer.versions.index(final)
        for m in measure(final.text, answer.limit):
            if m.over:
                unit = "characters" if m.unit == "chars" else "words"
                problems.warning(
                    path,
                    source.value(("answers", i, "versions", final_index, "text")),
                    f"final version `{final.id}` of `{answer.id}` is {m.count} {unit}, "
                    f"{m.over} over the limit of {m.limit}",
                )


def _check_application(app: Application, source: SourceMap, problems: ProblemList) -> None:
    path = source.path
    for i, criterion in enumerate(app.criteria):
        if not criterion.stories:
            problems.warning(
                path,
                source.value(("criteria", i)),
                "criterion has no evidence: list the stories that show it under `stories:`",
            )
    if app.status in SENT_STATUSES and app.submitted is None and app.source == "applied":
        problems.warning(
            path,
            source.value(("status",)),
            f"status `{app.status}` but no `submitted` date: add `submitted: YYYY-MM-DD` "
            "(or `source: inbound` / `referral` if they reached out or you were referred)",
        )


def _check_urls(
    portfolio: Portfolio, files: ContentFiles, sources: Mapping[Path, SourceMap], problems: ProblemList
) -> None:
    targets: list[tuple[Path, PathKey, str | None]] = []
    if files.profile is not None:
        targets += [(files.profile, ("links", i, "url"), link.url) for i, link in enumerate(portfolio.profile.links)]
    for app_id, app in portfolio.applications.items():
        targets.append((files.applications[app_id], ("url",), app.url))
        if app.posting is not None:
            targets.append((files.applications[app_id], ("posting", "url"), app.posting.url))
    for path, where, url in targets:
        message = url_problem(url) if url is not None else None
        if message is not None:
            problems.error(path, sources[path].value(where), message)


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a link of the content (only web and mail links, of a sane length); None: it can."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_URL_SCHEMES or (scheme != "mailto" and not parts.netloc):
        return f"`{url}` is not a web or mail link: start it with https://, http:// or mailto:"
    if len(url) > MAX_URL_LENGTH:
        # Browsers and PDF links (Typst refuses 8,000) stop working long before.
        return f"this link is {len(url):,} characters long: keep it under {MAX_URL_LENGTH:,} (drop tracking parameters)"
    return None


def _check_pages(portfolio: Portfolio, problems: ProblemList) -> None:
    """Hand-written pages are published as they are: UTF-8 files inside content/pages/ only."""
    pages_dir = (portfolio.root / "pages").resolve()
    for page in portfolio.pages:
        target = page.path.resolve()
        if not target.is_relative_to(pages_dir):
            # A link could publish any file of this computer (a key, a password file).
            problems.error(
                page.path,
                Position(),
                f"`pages/{page.name}` is a link to {target}, outside content/pages/; copy the page in instead",
            )
            continue
        try:
            raw = page.path.read_bytes()
        except OSError as exc:
            problems.error(page.path, Position(), f"cannot read file: {exc.strerror}")
            continue
        decode_text(page.path, raw, problems)
