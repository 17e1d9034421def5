"""Packs: one PDF or Word file per application, built in parallel and cached.

Each pack is made from `pack_view` only: the view → Markdown in parts
(Jinja2) → Pandoc → a Typst body → the `typst` package (in-process) → PDF;
or the same parts → Pandoc → DOCX. A run converts each distinct part once
(batches.py). Packs are written to temporary files and renamed into place
only when every pack of the run has been made, so a failed or interrupted
run leaves earlier packs as they were. A run may make other PDFs with the
same tools beside its packs (`ExtraPdf`: the résumé), in the same Pandoc
process and with the same Typst compilers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import __version__
from generator.atomic import write_atomically, write_temporary
from generator.audience import AnyView
from generator.content.diagnostics import PortfolioError, Problem, UnknownApplicationError
from generator.content.loader import Loaded
from generator.content.model import ContentFiles, Portfolio
from generator.outputnames import PackAudience, pack_file_name
from generator.pack.batches import Made, PackSource, make_each, make_pdfs
from generator.pack.cache import PackCache, cache_key
from generator.pack.glyphs import glyph_problems, unprinted_characters
from generator.pack.markdown import render_pack_parts
from generator.pack.pandoc import READER, Pandoc, find_pandoc, reading_fingerprint
from generator.pack.planning import PlannedPack, plan_extra, plan_packs
from generator.pack.typst import PackTemplate, compile_pdf, find_template

PackFormat = Literal["pdf", "docx"]
FORMATS: tuple[PackFormat, ...] = ("pdf", "docx")
PACK_AUDIENCES: tuple[PackAudience, ...] = ("recruiter", "private")
CACHE_FOLDER = Path(".portfolio-cache") / "packs"


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

    def compile(self, body: str, source: PackSource) -> bytes:
        template = source.template or self.template
        assert template is not None
        return compile_pdf(body, template, source.meta)

    def make(
        self, sources: dict[str, PackSource], workers: int, pandoc_jobs: int | None = None
    ) -> Generator[Made, None, None]:
        """Make every pack in `sources`, yielding each one's bytes or error as it is known."""
        if self.fmt == "docx":
            return make_each(sources, self.docx, workers)
        return make_pdfs(sources, self.pandoc, self.compile, workers, pandoc_jobs)

    def docx(self, source: PackSource) -> bytes:
        return self.pandoc.docx(source.parts)


@dataclass(frozen=True)
class PackRun:
    """One run of `write_packs`: what it makes packs from and where it puts them."""

    loaded: Loaded
    maker: PackMaker
    store: PackCache | None
    out_dir: Path
    check_glyphs: bool  # PDF packs, for a caller who wants the warnings

    def file_name(self, app_id: str) -> str:
        """`<app-id>.pdf` to send; the owner's own `<app-id>.private.pdf` never takes its place."""
        return pack_file_name(app_id, self.maker.audience, self.maker.fmt)

    def cache_name(self, app_id: str) -> str:
        return f"{app_id}.{self.maker.audience}.{self.maker.fmt}"


@dataclass(frozen=True)
class ExtraPdf:
    """A PDF made in a run of PDF packs beside them (the résumé: cv/build.py `resume_pdf`).

    Its parts go to Pandoc with the packs' and it is compiled by the same
    Typst compilers, with its own template (`source.template`); it has its
    own cache key and file, and is written after the packs, only if every
    one of them was. Its bytes are those it has when made on its own.
    """

    name: str  # its file in the run's folder, and its name in the cache
    source: PackSource
    key: str
    what: str  # what it is, for a message (`the résumé`)


@dataclass(frozen=True)
class StagedPack:
    """A pack made and written beside its place, with the warnings about what it cannot print."""

    temporary: Path
    warnings: tuple[Problem, ...]


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
    extras: Sequence[ExtraPdf] = (),
    pandoc_jobs: int | None = None,
) -> list[Path]:
    """Write `<out_dir>/<app-id>.<fmt>` for each application (all when `app_ids` is None).

    Packs are built in parallel (`jobs` threads, default one per CPU; a
    few PDF packs are converted by `pandoc_jobs` Pandoc processes, default
    as many: a caller whose own work keeps a core busy saves CPU with one); an
    unchanged pack is copied from `.portfolio-cache/packs/` in the current
    folder instead (`cache=False` rebuilds everything, with the same bytes).
    `warn` gets a warning (`FILE:LINE:COL`) for each place in the content
    holding characters that a PDF pack's fonts cannot print (glyphs.py).
    Raises `UnknownApplicationError` for an id not in the portfolio,
    `PandocMissingError` without Pandoc, and `PackError` naming every pack
    that failed; in every case no existing file in `out_dir` is changed.
    `extras` (PDF packs only): see `ExtraPdf`.

    The steps: plan each pack (planning.py), make those missing, stage each
    one (cache it, write it beside its place, check its glyphs) as soon as
    it is made, then commit them all at once.
    """
    wanted = _wanted_ids(loaded.portfolio, app_ids, audience, fmt)
    if extras and fmt != "pdf":
        raise ValueError("only a run of PDF packs makes other PDFs beside them")
    if not wanted and not extras:
        return []
    run = _start_run(loaded, _pack_maker(fmt, audience), Path(out_dir), cache=cache, check_glyphs=warn is not None)
    plans = plan_packs(run, wanted)
    extra_plans = {extra.name: plan_extra(run, extra) for extra in extras}
    staged: dict[str, StagedPack] = {}  # their temporaries are removed at the end unless renamed into place
    failures: dict[str, PortfolioError] = {}
    extras_made: dict[str, bytes | PortfolioError] = {}
    every_plan = [*plans, *extra_plans.values()]
    try:
        with closing(make_missing(run, every_plan, _workers(every_plan, jobs), pandoc_jobs)) as made:
            for plan, result in made:
                if plan.app_id in extra_plans:
                    extras_made[plan.app_id] = keep_extra(run, plan, result)
                elif isinstance(result, PortfolioError):
                    failures[plan.app_id] = result
                else:
                    staged[plan.app_id] = stage_pack(run, plan, result)
                if progress and plan.app_id not in extra_plans:
                    progress(_progress_line(run, plan, result, len(staged) + len(failures), len(plans)))
        return _commit_run(run, plans, staged, failures, warn, extras, extras_made)
    finally:
        for pack in staged.values():
            pack.temporary.unlink(missing_ok=True)


def _commit_run(
    run: PackRun,
    plans: Sequence[PlannedPack],
    staged: dict[str, StagedPack],
    failures: dict[str, PortfolioError],
    warn: Callable[[Problem], None] | None,
    extras: Sequence[ExtraPdf],
    extras_made: dict[str, bytes | PortfolioError],
) -> list[Path]:
    """Warn about what cannot be printed; then raise the failures, or put every pack in place and write the extras."""
    if warn is not None:
        for problem in _warnings_in_order(plans, staged):
            warn(problem)
    if failures:
        raise PackError(_failure_message(failures, len(plans)))
    written = commit_packs(run, plans, staged)
    write_extras(run, extras, extras_made)
    return written


def make_missing(
    run: PackRun, plans: Sequence[PlannedPack], workers: int, pandoc_jobs: int | None = None
) -> Generator[tuple[PlannedPack, bytes | PortfolioError], None, None]:
    """Each pack's bytes or error: the cached ones first, then the others as they are made."""
    for plan in plans:
        if plan.cached is not None:
            yield plan, plan.cached
    missing = {plan.app_id: plan for plan in plans if plan.cached is None}
    sources = {app_id: plan.source for app_id, plan in missing.items()}
    with closing(run.maker.make(sources, workers, pandoc_jobs)) as made:
        for pack in made:
            yield missing[pack.app_id], pack.result


def stage_pack(run: PackRun, plan: PlannedPack, data: bytes) -> StagedPack:
    """Keep a new pack in the cache, write it beside its place and check its glyphs."""
    if run.store and plan.cached is None:
        run.store.put(run.cache_name(plan.app_id), plan.key, data)
    temporary = write_temporary(run.out_dir, run.file_name(plan.app_id), data)
    return StagedPack(temporary, check_glyphs(run, plan, data))


def keep_extra(run: PackRun, plan: PlannedPack, result: bytes | PortfolioError) -> bytes | PortfolioError:
    """Keep a new extra PDF in the cache (it is written with the packs)."""
    if run.store and plan.cached is None and not isinstance(result, PortfolioError):
        run.store.put(plan.app_id, plan.key, result)
    return result


def write_extras(run: PackRun, extras: Sequence[ExtraPdf], made: dict[str, bytes | PortfolioError]) -> None:
    """Write each extra PDF in its place, in turn; raises the error that stopped one."""
    for extra in extras:
        result = made[extra.name]
        if isinstance(result, PortfolioError):
            raise result
        try:
            write_atomically(run.out_dir / extra.name, result)
        except OSError as exc:
            raise PackError(f"cannot write {extra.what} to {run.out_dir}: {exc.strerror}") from None


def check_glyphs(run: PackRun, plan: PlannedPack, pdf: bytes) -> tuple[Problem, ...]:
    """Warnings at the places in the content holding characters the PDF's fonts cannot print."""
    if not run.check_glyphs:
        return ()
    chars = unprinted_characters(plan.source.parts, pdf, run.maker.template)
    if not chars:
        return ()
    return tuple(_glyph_warnings(run.loaded.portfolio.root, run.loaded.files, plan.app_id, plan.story_ids, chars))


def commit_packs(run: PackRun, plans: Sequence[PlannedPack], staged: dict[str, StagedPack]) -> list[Path]:
    """Rename every staged pack into place, in the run's order."""
    written = []
    for plan in plans:
        written.append(run.out_dir / run.file_name(plan.app_id))
        os.replace(staged[plan.app_id].temporary, written[-1])
    return written


def _wanted_ids(
    portfolio: Portfolio, app_ids: Sequence[str] | None, audience: PackAudience, fmt: PackFormat
) -> list[str]:
    """The applications asked for, each once; raises for an unknown one, audience or format."""
    if audience not in PACK_AUDIENCES:
        raise ValueError(f"a pack is for `recruiter` or `private`, not `{audience}`")
    if fmt not in FORMATS:
        raise ValueError(f"a pack is a `pdf` or a `docx`, not `{fmt}`")
    if isinstance(app_ids, str):
        app_ids = [app_ids]
    wanted = list(dict.fromkeys(portfolio.applications if app_ids is None else app_ids))
    check_application_ids(portfolio, wanted)
    return wanted


def _start_run(loaded: Loaded, maker: PackMaker, out_dir: Path, *, cache: bool, check_glyphs: bool) -> PackRun:
    store = PackCache(Path.cwd() / CACHE_FOLDER) if cache else None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackError(f"cannot write packs to {out_dir}: {exc.strerror}") from None
    return PackRun(loaded, maker, store, out_dir, check_glyphs and maker.fmt == "pdf")


def _workers(plans: Sequence[PlannedPack], jobs: int | None) -> int:
    missing = sum(plan.cached is None for plan in plans)
    return max(1, min(missing, jobs or os.cpu_count() or 1))


def _warnings_in_order(plans: Sequence[PlannedPack], staged: dict[str, StagedPack]) -> list[Problem]:
    return [problem for plan in plans if plan.app_id in staged for problem in staged[plan.app_id].warnings]


def _progress_line(run: PackRun, plan: PlannedPack, result: bytes | PortfolioError, finished: int, total: int) -> str:
    status = "failed" if isinstance(result, PortfolioError) else "built" if plan.cached is None else "cached"
    return f"[{finished}/{total}] {run.file_name(plan.app_id)} {status}"


def _glyph_warnings(
    root: Path, files: ContentFiles, app_id: str, story_ids: Sequence[str], chars: list[str]
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
    filters = reading_fingerprint()
    tools = cache_key(
        __version__, READER, pandoc.version, filters, template.fingerprint() if template else "", audience
    )
    return PackMaker(fmt=fmt, audience=audience, pandoc=pandoc, template=template, tools=tools)


def _failure_message(failures: dict[str, PortfolioError], total: int) -> str:
    lines = [f"{len(failures)} of {total} pack(s) failed; no pack was written:"]
    lines += [f"  {app_id}: {error}" for app_id, error in sorted(failures.items())]
    return "\n".join(lines)
