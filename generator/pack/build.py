"""Packs: one PDF or Word file per application, built in parallel and cached.

Each pack is made from `pack_view` only: the view → Markdown in parts
(Jinja2) → Pandoc → a Typst body → the `typst` package (in-process) → PDF;
or the same parts → Pandoc → DOCX. A run converts each distinct part once
(batches.py). Packs are written to temporary files and renamed into place
only when every pack of the run has been made, so a failed or interrupted
run leaves earlier packs as they were.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import __version__
from generator.audience import AnyView, pack_view
from generator.content.diagnostics import PortfolioError, Problem
from generator.content.loader import Loaded
from generator.content.model import ContentFiles, Portfolio
from generator.pack.batches import PackSource, make_each, make_pdfs
from generator.atomic import write_temporary
from generator.pack.cache import PackCache, cache_key
from generator.pack.glyphs import glyph_problems, unprinted_characters
from generator.pack.markdown import render_pack_parts
from generator.pack.pandoc import FILTERS, READER, Pandoc, find_pandoc
from generator.pack.typst import PackTemplate, compile_pdf, find_template

PackAudience = Literal["recruiter", "private"]
PackFormat = Literal["pdf", "docx"]
FORMATS: tuple[PackFormat, ...] = ("pdf", "docx")
PACK_AUDIENCES: tuple[PackAudience, ...] = ("recruiter", "private")
CACHE_FOLDER = Path(".portfolio-cache") / "packs"


class UnknownApplicationError(PortfolioError):
    """A pack was asked for an application that does not exist."""


class PackError(PortfolioError):
    """One or more packs could not be made; names each application and what failed."""


@dataclass(frozen=True)
class PackMaker:
    """Everything a pack is made with besides its view; fixed for one run."""

    fmt: PackFormat
    audience: PackAudience
    pandoc: Pandoc
    template: PackTemplate | None  # PDF only
    tools: str  # a hash of the tools, filters and template: part of every cache key

    def source(self, view: AnyView) -> PackSource:
        """The pack's Markdown parts and the metadata handed to the Typst template."""
        return PackSource(tuple(render_pack_parts(view)), pack_metadata(view))

    def key(self, source: PackSource) -> str:
        return cache_key(self.tools, self.fmt, json.dumps(source.meta, sort_keys=True), *source.parts)

    def compile(self, body: str, meta: dict[str, str]) -> bytes:
        assert self.template is not None
        return compile_pdf(body, self.template, meta)

    def make(self, sources: dict[str, PackSource], workers: int, done: Callable[[str, bytes | PortfolioError], None]) -> None:
        """Make every pack in `sources`, calling `done` with each one's bytes or error."""
        if self.fmt == "docx":
            make_each(sources, lambda source: self.pandoc.docx(source.parts), workers, done)
        else:
            make_pdfs(sources, self.pandoc, self.compile, workers, done)


def pack_metadata(view: AnyView) -> dict[str, str]:
    """The strings the Typst template reads from `sys.inputs` (title, owner, ...)."""
    ((application),) = view.applications.values()
    owner = view.profile.name
    return {
        "title": f"{owner} — {application.role}, {application.company}",
        "owner": owner,
        "company": application.company,
        "role": application.role,
        "audience": view.audience,
    }


def write_packs(
    loaded: Loaded,
    out_dir: Path,
    *,
    app_ids: Sequence[str] | None = None,
    audience: PackAudience = "recruiter",
    fmt: PackFormat = "pdf",
    progress: Callable[[str], None] | None = None,
    cache: bool = True,
    jobs: int | None = None,
    warn: Callable[[Problem], None] | None = None,
) -> list[Path]:
    """Write `<out_dir>/<app-id>.<fmt>` for each application (all when `app_ids` is None).

    Packs are built in parallel (`jobs` threads, default one per CPU); an
    unchanged pack is copied from `.portfolio-cache/packs/` in the current
    folder instead (`cache=False` rebuilds everything, with the same bytes).
    `warn` gets a warning (`FILE:LINE:COL`) for each place in the content
    holding characters that a PDF pack's fonts cannot print (glyphs.py).
    Raises `UnknownApplicationError` for an id not in the portfolio,
    `PandocMissingError` without Pandoc, and `PackError` naming every pack
    that failed; in every case no existing file in `out_dir` is changed.
    """
    if audience not in PACK_AUDIENCES:
        raise ValueError(f"a pack is for `recruiter` or `private`, not `{audience}`")
    if fmt not in FORMATS:
        raise ValueError(f"a pack is a `pdf` or a `docx`, not `{fmt}`")
    if isinstance(app_ids, str):
        app_ids = [app_ids]
    portfolio = loaded.portfolio
    wanted = list(dict.fromkeys(portfolio.applications if app_ids is None else app_ids))
    check_application_ids(portfolio, wanted)
    if not wanted:
        return []
    maker = _pack_maker(fmt, audience)
    store = PackCache(Path.cwd() / CACHE_FOLDER) if cache else None
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackError(f"cannot write packs to {out_dir}: {exc.strerror}") from None

    temporaries: dict[str, Path] = {}  # removed at the end unless renamed into place
    failures: dict[str, PortfolioError] = {}
    finished = 0

    def report(app_id: str, status: str) -> None:
        nonlocal finished
        finished += 1
        if progress:
            progress(f"[{finished}/{len(wanted)}] {app_id}.{fmt} {status}")

    glyph_warnings: dict[str, list[Problem]] = {}
    story_ids: dict[str, list[str]] = {}

    def check_glyphs(app_id: str, source: PackSource, pdf: bytes) -> None:
        if fmt == "pdf" and warn is not None:
            chars = unprinted_characters(source.parts, pdf, maker.template)
            if chars:
                glyph_warnings[app_id] = _glyph_warnings(portfolio.root, loaded.files, app_id, story_ids[app_id], chars)

    def done(app_id: str, result: bytes | PortfolioError) -> None:
        if isinstance(result, PortfolioError):
            failures[app_id] = result
            report(app_id, "failed")
            return
        if store:
            store.put(_cache_name(maker, app_id), keys[app_id], result)
        temporaries[app_id] = write_temporary(out_dir, f"{app_id}.{fmt}", result)
        check_glyphs(app_id, sources[app_id], result)
        report(app_id, "built")

    try:
        sources: dict[str, PackSource] = {}
        keys: dict[str, str] = {}
        for app_id in wanted:
            view = pack_view(loaded, app_id, audience)
            story_ids[app_id] = list(view.stories)
            source = maker.source(view)
            keys[app_id] = maker.key(source)  # hashed once: looked up now, stored when built
            cached = store.get(_cache_name(maker, app_id), keys[app_id]) if store else None
            if cached is None:
                sources[app_id] = source
            else:
                temporaries[app_id] = write_temporary(out_dir, f"{app_id}.{fmt}", cached)
                check_glyphs(app_id, source, cached)
                report(app_id, "cached")
        maker.make(sources, max(1, min(len(sources), jobs or os.cpu_count() or 1)), done)
        for app_id in wanted:
            for problem in glyph_warnings.get(app_id, []):
                warn(problem)  # type: ignore[misc]
        if failures:
            raise PackError(_failure_message(failures, len(wanted)))
        written = []
        for app_id in wanted:
            written.append(out_dir / f"{app_id}.{fmt}")
            os.replace(temporaries.pop(app_id), written[-1])
        return written
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def _cache_name(maker: PackMaker, app_id: str) -> str:
    return f"{app_id}.{maker.audience}.{maker.fmt}"


def _glyph_warnings(
    root: Path, files: ContentFiles, app_id: str, story_ids: list[str], chars: list[str]
) -> list[Problem]:
    """Warnings at the places in the pack's content files that hold `chars`."""
    app_file = files.applications.get(app_id) or root / "applications" / f"{app_id}.yaml"
    paths = [app_file, *(files.stories[sid] for sid in story_ids if sid in files.stories)]
    if files.profile:
        paths.append(files.profile)
    return glyph_problems(chars, paths, f"{app_id}.pdf")


def check_application_ids(portfolio: Portfolio, app_ids: Sequence[str]) -> None:
    """Raise `UnknownApplicationError` naming unknown ids and listing the known ones."""
    unknown = [app_id for app_id in app_ids if app_id not in portfolio.applications]
    if unknown:
        known = ", ".join(sorted(portfolio.applications)) or "none"
        raise UnknownApplicationError(
            f"no application {', '.join(f'`{a}`' for a in unknown)}; known applications: {known}"
        )


def _pack_maker(fmt: PackFormat, audience: PackAudience) -> PackMaker:
    pandoc = find_pandoc()
    template = find_template() if fmt == "pdf" else None
    filters = b"".join(path.read_bytes() for path in FILTERS)
    tools = cache_key(
        __version__, READER, pandoc.version, filters, template.fingerprint() if template else "", audience
    )
    return PackMaker(fmt=fmt, audience=audience, pandoc=pandoc, template=template, tools=tools)


def _failure_message(failures: dict[str, PortfolioError], total: int) -> str:
    lines = [f"{len(failures)} of {total} pack(s) failed; no pack was written:"]
    lines += [f"  {app_id}: {error}" for app_id, error in sorted(failures.items())]
    return "\n".join(lines)

