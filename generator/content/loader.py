"""The one door from a content folder to a validated Portfolio.

Every command and the MkDocs plugin call `load_portfolio`. It either returns
a Portfolio (warnings attached) or raises a single ContentError that carries
every problem in every file.
"""

from __future__ import annotations

import gc
from pathlib import Path

from generator.content import checks
from generator.content.diagnostics import ContentError, Position, ProblemList
from generator.content.model import SLUG, Application, HandPage, Portfolio, Profile, Story, slugify
from generator.content.validation import validate_file
from generator.content.yamlsource import read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


def load_portfolio(content_dir: Path | str = "content", *, strict: bool = False) -> Portfolio:
    """Read, validate and cross-check a content folder.

    With `strict`, warnings count as errors. Raises ContentError carrying all
    problems (warnings included) when there is at least one error.
    """
    # Loading makes many small, long-lived objects and no reference cycles;
    # the cyclic garbage collector only slows it down (by about a quarter).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(content_dir).absolute(), strict)
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, strict: bool) -> Portfolio:
    problems = ProblemList()
    if not root.is_dir():
        problems.error(root, Position(), "content folder not found; create it or pass --content DIR")
        raise ContentError(problems.items)

    portfolio = Portfolio(root=root, profile=Profile(name="?"), stories={}, applications={})
    _load_profile(portfolio, problems)
    portfolio.stories = _load_folder(portfolio, "stories", Story, problems)
    portfolio.applications = _load_folder(portfolio, "applications", Application, problems)
    portfolio.pages = _find_pages(root)
    checks.check_portfolio(portfolio, problems)

    items = problems.items
    if strict:
        items = [
            p if p.severity == "error" else type(p)(p.file, p.position, "error", p.message)
            for p in items
        ]
    if any(p.severity == "error" for p in items):
        raise ContentError(items)
    portfolio.warnings = sorted(items, key=lambda p: p.sort_key())
    return portfolio


def _load_profile(portfolio: Portfolio, problems: ProblemList) -> None:
    path = portfolio.root / "profile.yaml"
    if not path.is_file():
        alt = portfolio.root / "profile.yml"
        if alt.is_file():
            path = alt
        else:
            problems.error(path, Position(), "missing profile.yaml: create it with at least `name: Your Name`")
            return
    parsed = read_yaml(path, problems)
    if parsed is None:
        return
    data, source = parsed
    portfolio.sources[path] = source
    portfolio.profile_file = path
    profile = validate_file(Profile, data, source, problems)
    if profile is not None:
        portfolio.profile = profile


def _load_folder(portfolio, folder, model, problems):  # type: ignore[no-untyped-def]
    """Load every `<id>.yaml` of one folder into a dict of validated models."""
    directory = portfolio.root / folder
    files_of = portfolio.story_files if model is Story else portfolio.application_files
    result = {}
    if not directory.is_dir():
        return result
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue  # editor swap files, .gitkeep and the like
        if path.is_dir():
            problems.error(path, Position(), f"folders are not read inside {folder}/; move its files up")
            continue
        if path.suffix not in YAML_SUFFIXES:
            problems.error(
                path,
                Position(),
                f"only YAML files belong in {folder}/; rename it to `{path.stem}.yaml` or move it",
            )
            continue
        item_id = path.stem
        if not SLUG.match(item_id):
            problems.error(
                path,
                Position(),
                f"file name `{path.name}` is not a valid id: use lowercase letters, digits and "
                f"single hyphens, like `{slugify(item_id) or 'my-story'}.yaml`",
            )
        elif item_id in files_of:
            problems.error(path, Position(), f"id `{item_id}` is already used by {files_of[item_id].name}")
            continue
        parsed = read_yaml(path, problems)
        if parsed is None:
            continue
        data, source = parsed
        portfolio.sources[path] = source
        files_of[item_id] = path
        item = validate_file(model, data, source, problems)
        if item is not None:
            result[item_id] = item
    return result


def _find_pages(root: Path) -> list[HandPage]:
    pages_dir = root / "pages"
    if not pages_dir.is_dir():
        return []
    return [
        HandPage(path, path.relative_to(pages_dir).as_posix())
        for path in sorted(pages_dir.rglob("*.md"))
        if not any(part.startswith(".") for part in path.relative_to(pages_dir).parts)
    ]

