"""Checks across files, run on validated models with their source positions."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from generator.content.cascades import file_ids, stories_named_by_broken_applications
from generator.content.counting import measure
from generator.content.diagnostics import Position, ProblemList
from generator.content.model import SENT_STATUSES, Application, Portfolio
from generator.content.sent import check_sent
from generator.content.textchecks import text_problems
from generator.content.yamlsource import PathKey, SourceMap, decode_text

ALLOWED_URL_SCHEMES = ("http", "https", "mailto")


def check_portfolio(portfolio: Portfolio, problems: ProblemList) -> None:
    """Run every cross-file check, appending problems (errors and warnings)."""
    used: set[str] = set()
    story_ids_on_disk = file_ids(portfolio.root, "stories")  # a broken story is not unknown
    for story_id, story in portfolio.stories.items():
        path = portfolio.story_files[story_id]
        if not story.star:
            problems.error(
                path,
                portfolio.sources[path].key(("title",)),
                "a story needs at least one of `situation`, `task`, `action`, `result`",
            )
    for app_id, app in portfolio.applications.items():
        path = portfolio.application_files[app_id]
        source = portfolio.sources[path]
        for where, story_id in _story_refs(app):
            used.add(story_id)
            if story_id not in portfolio.stories and story_id not in story_ids_on_disk:
                message = f"unknown story `{story_id}`"
                guess = difflib.get_close_matches(story_id, list(portfolio.story_files), n=1)
                message += f"; did you mean `{guess[0]}`?" if guess else "; add stories/" + story_id + ".yaml"
                problems.error(path, source.value(where), message)
        _check_answers(app, source, problems)
        _check_application(app, source, problems)
    _check_urls(portfolio, problems)
    _check_pages(portfolio, problems)
    check_sent(portfolio, problems)
    problems.items.extend(found.problem for found in text_problems(portfolio))
    explained = stories_named_by_broken_applications(portfolio)  # their own errors explain
    for story_id, path in portfolio.story_files.items():
        if story_id not in used and story_id in portfolio.stories and explained is not None and story_id not in explained:
            problems.warning(
                path,
                Position(),
                f"story `{story_id}` is used nowhere: reference it from an answer or criterion",
            )


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


def _check_urls(portfolio: Portfolio, problems: ProblemList) -> None:
    targets: list[tuple[Path, PathKey, str | None]] = []
    if portfolio.profile_file is not None:
        targets += [
            (portfolio.profile_file, ("links", i, "url"), link.url)
            for i, link in enumerate(portfolio.profile.links)
        ]
    for app_id, app in portfolio.applications.items():
        targets.append((portfolio.application_files[app_id], ("url",), app.url))
    for path, where, url in targets:
        if url is None:
            continue
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_URL_SCHEMES or (scheme != "mailto" and not parts.netloc):
            problems.error(
                path,
                portfolio.sources[path].value(where),
                f"`{url}` is not a web or mail link: start it with https://, http:// or mailto:",
            )


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
