"""The one door from a content folder to a validated Portfolio.

Every command and the MkDocs plugin call `load_portfolio`. It either returns
what was loaded (the content, and beside it where each item came from, the
warnings and what was sent) or raises a single ContentError that carries
every problem in every file.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.content import checks
from generator.content.diagnostics import ContentError, Position, Problem, ProblemList, require_content_folder
from generator.content.filecache import forget_unread, read_and_validate
from generator.content.model import (
    SLUG,
    Application,
    ContentFiles,
    HandPage,
    Portfolio,
    Profile,
    Story,
    slugify,
)
from generator.content.sent import SentKey, SentRecord, check_sent, latest_records, load_lock, lock_path
from generator.content.yamlsource import YAML_SUFFIXES, SourceMap, read_file_bytes

Item = TypeVar("Item", Story, Application)
M = TypeVar("M", Profile, Story, Application)


@dataclass(frozen=True)
class Loaded:
    """What `load_portfolio` returns: the content, and the bookkeeping beside it."""

    portfolio: Portfolio
    files: ContentFiles
    sources: Mapping[Path, SourceMap]  # every file read, with the position of each key and value
    warnings: tuple[Problem, ...]  # sorted; empty with `strict` (warnings are errors then)
    sent: Mapping[SentKey, SentRecord]  # the latest sending of each answer, from sent.lock


def load_portfolio(content_dir: Path | str = "content", *, strict: bool = False) -> Loaded:
    """Read, validate and cross-check a content folder.

    With `strict`, warnings count as errors. Raises ContentError carrying all
    problems (warnings included) when there is at least one error.
    """
    # Loading makes many small, long-lived objects and no reference cycles;
    # the cyclic garbage collector only slows it down (by about a quarter).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(require_content_folder(content_dir), strict)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, strict: bool) -> Loaded:
    problems = ProblemList()
    sources: dict[Path, SourceMap] = {}
    profile, profile_file = _load_profile(root, sources, problems)
    stories, story_files = _load_folder(root, "stories", Story, sources, problems)
    applications, application_files = _load_folder(root, "applications", Application, sources, problems)
    forget_unread()  # while serving: what a file deleted or renamed since the last load gave is not kept
    portfolio = Portfolio(root, profile, stories, applications, _find_pages(root))
    files = ContentFiles(profile_file, story_files, application_files)
    checks.check_portfolio(portfolio, files, sources, problems)
    lock = load_lock(lock_path(root), problems)
    if lock is not None:
        check_sent(portfolio, files, sources, lock, problems)

    items = problems.items
    if strict:
        items = [p if p.severity == "error" else Problem(p.file, p.position, "error", p.message) for p in items]
    if any(p.severity == "error" for p in items):
        raise ContentError(items)
    return Loaded(
        portfolio=portfolio,
        files=files,
        sources=sources,
        warnings=tuple(sorted(items, key=Problem.sort_key)),
        sent=latest_records(lock[0]) if lock is not None else {},
    )


def _load_profile(root: Path, sources: dict[Path, SourceMap], problems: ProblemList) -> tuple[Profile, Path | None]:
    """The profile and its file; a placeholder (errors reported) when it is missing or broken."""
    placeholder = Profile(name="?")
    path = root / "profile.yaml"
    if not path.is_file():
        alt = root / "profile.yml"
        if alt.is_file():
            path = alt
        else:
            problems.error(path, Position(), "missing profile.yaml: create it with at least `name: Your Name`")
            return placeholder, None
    read = _read_file(path, Profile, problems)
    if read is None:
        return placeholder, None
    sources[path], profile = read
    return profile or placeholder, path


def _load_folder(
    root: Path, folder: str, model: type[Item], sources: dict[Path, SourceMap], problems: ProblemList
) -> tuple[dict[str, Item], dict[str, Path]]:
    """Every `<id>.yaml` of one folder as validated models, and the file of every id read."""
    directory = root / folder
    items: dict[str, Item] = {}
    files: dict[str, Path] = {}
    if not directory.is_dir():
        return items, files
    for path in sorted(directory.iterdir()):
        item_id = _item_id(path, folder, files, problems)
        if item_id is None:
            continue
        read = _read_file(path, model, problems)
        if read is None:
            continue
        sources[path], item = read
        files[item_id] = path
        if item is not None:
            items[item_id] = item
    return items, files


def _read_file(path: Path, model: type[M], problems: ProblemList) -> tuple[SourceMap, M | None] | None:
    """One file's source map and model (None: invalid); None when unreadable or not YAML (problems reported)."""
    raw = read_file_bytes(path, problems)
    return read_and_validate(path, raw, model, problems) if raw is not None else None


# Ids whose pages would replace the site's own: stories/index.md, applications/index.md,
# and the résumé's pdf/cv.pdf beside the packs (pdf/<app-id>.pdf).
RESERVED_IDS = {"stories": frozenset({"index"}), "applications": frozenset({"index", "cv"})}


def _item_id(path: Path, folder: str, files: dict[str, Path], problems: ProblemList) -> str | None:
    """The id a file of `folder` stands for; None when it is not to be read (problems reported).

    An invalid id is reported but its file is still read, so its other problems show too.
    """
    if path.name.startswith("."):
        return None  # editor swap files, .gitkeep and the like
    if path.is_dir():
        problems.error(path, Position(), f"folders are not read inside {folder}/; move its files up")
        return None
    if path.suffix not in YAML_SUFFIXES:
        problems.error(
            path,
            Position(),
            f"only YAML files belong in {folder}/; rename it to `{path.stem}.yaml` or move it",
        )
        return None
    item_id = path.stem
    if not SLUG.match(item_id):
        problems.error(
            path,
            Position(),
            f"file name `{path.name}` is not a valid id: use lowercase letters, digits and "
            f"single hyphens, like `{slugify(item_id) or 'my-story'}.yaml`",
        )
    elif item_id in RESERVED_IDS[folder]:
        problems.error(path, Position(), f"`{item_id}` is the name of a page the site makes itself; rename the file")
    elif item_id in files:
        problems.error(path, Position(), f"id `{item_id}` is already used by {files[item_id].name}")
        return None
    return item_id


def _find_pages(root: Path) -> list[HandPage]:
    pages_dir = root / "pages"
    if not pages_dir.is_dir():
        return []
    return [
        HandPage(path, path.relative_to(pages_dir).as_posix())
        for path in sorted(pages_dir.rglob("*.md"))
        if not any(part.startswith(".") for part in path.relative_to(pages_dir).parts)
    ]
