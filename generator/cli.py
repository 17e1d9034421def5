"""The `portfolio` command: parses options and calls one library function each."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from generator import __version__
from generator.content import load_portfolio
from generator.content.diagnostics import ContentError, PortfolioError, Problem
from generator.content.loader import Loaded
from generator.site.options import SITE_AUDIENCES, SiteAudience, command_options

if TYPE_CHECKING:
    from generator.pack.build import PackAudience, PackFormat

F = TypeVar("F", bound=Callable[..., Any])

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder.",
)


def print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


def reports_errors(command: F) -> F:
    """Print content errors as `FILE:LINE:COL: error: ...` and exit 1, with no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ContentError as exc:
            print_problems(exc.problems)
            errors = len(exc.errors)
            warnings = len(exc.problems) - errors
            click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
            sys.exit(1)
        except PortfolioError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="portfolio")
def main() -> None:
    """Career stories and application answers, kept as YAML, as a private site and PDF packs."""


@main.command()
@content_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (typography notes stay notes).")
@click.option("--no-typography", "no_typography", is_flag=True, help="Leave out the typography notes.")
@reports_errors
def check(content_dir: Path, strict: bool, no_typography: bool) -> None:
    """Validate everything and print every problem at once."""
    from generator.content.textchecks import typography_notes

    loaded = load_portfolio(content_dir, strict=strict)
    portfolio = loaded.portfolio
    notes = [] if no_typography else typography_notes(portfolio, loaded.files, loaded.sources)
    print_problems(sorted([*loaded.warnings, *notes], key=Problem.sort_key))
    shown_notes = f", {len(notes)} typography notes" if notes else ""
    click.echo(
        f"ok: {len(portfolio.applications)} applications, {len(portfolio.stories)} stories, "
        f"{portfolio.answer_count} answers, {len(loaded.warnings)} warnings{shown_notes}"
    )


@main.command()
@click.argument("folder", metavar="[DIR]", type=click.Path(path_type=Path), default=Path("."))
@reports_errors
def init(folder: Path) -> None:
    """Start a new portfolio in DIR (default: here): content, mkdocs.yml, hooks, workflow; never overwrites."""
    from generator.authoring.init import init_portfolio

    result = init_portfolio(folder)
    for name in result.written:
        click.echo(f"wrote {folder / name}")
    if result.git_initialised:
        click.echo(f"initialised a git repository in {folder}")
    click.echo(f"next: cd {folder} && portfolio check --strict && portfolio serve")


@main.command()
@click.option("--kind", type=click.Choice(["profile", "story", "application"]), help="One kind of file only.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write <kind>.schema.json files here instead.",
)
@content_option
def schema(kind: str | None, out_dir: Path | None, content_dir: Path) -> None:
    """Print the JSON Schema of the content files."""
    from generator.content.schema import SchemaKind, build_bundle, build_schema, render_schema, write_schemas

    if out_dir is not None:
        for path in write_schemas(out_dir):
            click.echo(f"wrote {path}")
        return
    click.echo(render_schema(build_schema(cast("SchemaKind", kind)) if kind else build_bundle()), nl=False)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a date; write YYYY-MM-DD") from None


def parse_id(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from generator.content.model import SLUG

    if not SLUG.match(value):
        raise click.BadParameter(
            f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens, "
            "like `gpu-maintenance-playbook`"
        )
    return value


@main.group()
def new() -> None:
    """Scaffold a commented story or application file (never overwrites)."""


@new.command("story")
@click.argument("story_id", metavar="ID", callback=parse_id)
@content_option
@reports_errors
def new_story(story_id: str, content_dir: Path) -> None:
    """Write stories/ID.yaml."""
    from generator.authoring.scaffold import write_story_scaffold

    click.echo(f"wrote {write_story_scaffold(content_dir, story_id)}")


@new.command("application")
@click.argument("app_id", metavar="ID", callback=parse_id)
@click.option("--company", required=True, help="The company's name.")
@click.option("--role", required=True, help="The role applied for.")
@content_option
@reports_errors
def new_application(app_id: str, company: str, role: str, content_dir: Path) -> None:
    """Write applications/ID.yaml."""
    from generator.authoring.scaffold import write_application_scaffold

    click.echo(f"wrote {write_application_scaffold(content_dir, app_id, company, role)}")


@main.command("import")
@click.argument("note", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@content_option
@reports_errors
def import_(note: Path, dry_run: bool, content_dir: Path) -> None:
    """Read FILE into the content: a Markdown note's "Why <Company>" sections become application files;
    a JSON Resume document (.json) or a LinkedIn data export (.zip) fills the profile's empty fields."""
    if note.suffix.lower() in (".json", ".zip"):
        _import_profile(note, dry_run, content_dir)
        return
    from generator.authoring.importer import describe, import_note

    for planned in import_note(note, content_dir, dry_run=dry_run):
        click.echo(describe(planned, dry_run))
        if dry_run:
            click.echo(planned.text)


def _import_profile(source: Path, dry_run: bool, content_dir: Path) -> None:
    from generator.interop.jsonresume_import import read_jsonresume
    from generator.interop.linkedin import read_linkedin_export
    from generator.interop.profile_fill import describe_fill, fill_profile

    imported = read_jsonresume(source) if source.suffix.lower() == ".json" else read_linkedin_export(source)
    report = fill_profile(content_dir, imported, dry_run=dry_run)
    for line in describe_fill(report, dry_run):
        click.echo(line)
    if dry_run and report.text:
        click.echo(report.text, nl=False)


@main.group()
def export() -> None:
    """Write the profile in another format."""


@export.command("jsonresume")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the file here instead of printing it.",
)
@content_option
@reports_errors
def export_jsonresume(out_file: Path | None, content_dir: Path) -> None:
    """The profile and shared stories as a JSON Resume document (nothing private)."""
    from generator.atomic import write_atomically
    from generator.audience import shared_view
    from generator.interop.jsonresume import dump_jsonresume, render_jsonresume

    loaded = load_portfolio(content_dir)
    print_problems(loaded.warnings)
    text = dump_jsonresume(render_jsonresume(shared_view(loaded)))
    if out_file is None:
        click.echo(text, nl=False)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out_file, text)
    click.echo(f"wrote {out_file}", err=True)


@main.command()
@click.argument("app_id", metavar="APP-ID")
@click.option("--date", "date", callback=parse_date, help="The day it was sent (YYYY-MM-DD); default today.")
@content_option
@reports_errors
def submit(app_id: str, date: dt.date | None, content_dir: Path) -> None:
    """Record exactly what was sent; later edits to it become errors."""
    from generator.authoring.sendgate import NotReadyError
    from generator.authoring.submit import describe_submission, submit_application

    try:
        result = submit_application(content_dir, app_id, date)
    except NotReadyError as exc:
        print_problems(list(exc.problems))
        click.echo(
            f"nothing was recorded: `{app_id}` is not ready to send ({len(exc.problems)} problem(s) above)", err=True
        )
        sys.exit(1)
    print_problems(result.warnings)
    click.echo(describe_submission(result))


@main.command()
@content_option
@click.option(
    "--audience",
    type=click.Choice(SITE_AUDIENCES),
    default=None,
    help="Who the site is for: you (private), or anyone (shared: no applications). Default: the plugin's `audience` in mkdocs.yml, else private.",
)
@click.option(
    "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Where to write the site (default: site/)."
)
@click.option("--strict", is_flag=True, help="Treat warnings (content and MkDocs) as errors.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.option("--no-packs", "no_packs", is_flag=True, help="Leave the recruiter packs (site/pdf) out.")
@reports_errors
def build(
    content_dir: Path,
    audience: SiteAudience | None,
    site_dir: Path | None,
    strict: bool,
    verbose: bool,
    force: bool,
    no_packs: bool,
) -> None:
    """Build the site into site/ (the previous site stays if the build fails)."""
    from generator.encrypt import PASSWORD_ENV
    from generator.site.build import build_site_if_changed, count_pages

    options = command_options(
        content_dir=_explicit_content(content_dir),
        audience=audience,
        site_dir=site_dir,
        strict=strict,
        verbose=verbose,
        packs=not no_packs,
    )
    done = build_site_if_changed(options, force=force)
    site = done.site
    if options.encrypted:
        click.echo(f"built the private site, encrypted with {PASSWORD_ENV}, into {site}")
        return
    if done.rebuilt:
        click.echo(f"built {count_pages(site)} pages ({options.audience}) into {site}")
    else:
        click.echo(
            f"site is up to date ({options.audience}) in {site}: nothing changed since the last build (--force rebuilds)"
        )
    if options.audience == "private":
        click.echo(
            f"note: {site.name}/ is NOT encrypted and holds your private notes: for viewing on this "
            f"computer only (set {PASSWORD_ENV} to build it for hosting)",
            err=True,
        )


@main.command()
@content_option
@click.option("-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on (default: 127.0.0.1:8000).")
@reports_errors
def serve(content_dir: Path, dev_addr: str | None) -> None:
    """Live preview: saving a file under content/ updates the open page."""
    from generator.site.build import serve_site

    options = command_options(
        content_dir=_explicit_content(content_dir), audience="private", site_dir=None, verbose=True, serving=True
    )
    serve_site(options, dev_addr=dev_addr)


def _explicit_content(content_dir: Path) -> Path | None:
    """The --content folder if given; None lets a local mkdocs.yml name it."""
    source = click.get_current_context().get_parameter_source("content_dir")
    return None if source == click.core.ParameterSource.DEFAULT else content_dir


@main.command()
@click.argument("app_ids", metavar="[APP-ID]...", nargs=-1)
@click.option(
    "--audience",
    type=click.Choice(["recruiter", "private"]),
    default="recruiter",
    show_default=True,
    help="Who the pack is for: a recruiter, or you (adds status, dates, notes, contacts, drafts).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx", "txt"]),
    default="pdf",
    show_default=True,
    help="PDF (Typst), Word (Pandoc), or plain text for application forms.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("packs"),
    show_default=True,
    help="Where to write <app-id>.<format>.",
)
@click.option(
    "--event",
    "event_id",
    metavar="EVENT-ID",
    help="Write that event's call sheet (one page, for you) instead of a pack.",
)
@content_option
@reports_errors
def pdf(
    app_ids: tuple[str, ...], audience: str, fmt: str, out_dir: Path, event_id: str | None, content_dir: Path
) -> None:
    """Write packs, one per application (all when none is named)."""
    from generator.pack import UnknownApplicationError, check_application_ids, write_packs

    loaded = load_portfolio(content_dir)
    try:
        check_application_ids(loaded.portfolio, app_ids)
    except UnknownApplicationError as exc:
        raise click.UsageError(str(exc)) from None
    print_problems(loaded.warnings)
    if event_id is not None:
        _write_call_sheet(loaded, app_ids, event_id, out_dir)
        return
    progress = (lambda line: click.echo(line, err=True)) if sys.stderr.isatty() else None
    if fmt == "txt":
        from generator.pack.textpack import write_text_packs

        wanted = list(app_ids) or list(loaded.portfolio.applications)
        written = write_text_packs(loaded, out_dir, wanted, cast("PackAudience", audience))
    else:
        written = write_packs(
            loaded,
            out_dir,
            app_ids=list(app_ids) or None,
            audience=cast("PackAudience", audience),
            fmt=cast("PackFormat", fmt),
            progress=progress,
            warn=lambda problem: print_problems([problem]),
        )
    if audience == "recruiter":
        _report_readiness(loaded, written, fmt)
    click.echo(f"wrote {len(written)} {audience} pack(s) ({fmt}) to {out_dir}")


def _report_readiness(loaded: Loaded, written: list[Path], fmt: str) -> None:
    """The sending checks of each recruiter pack written, as warnings: the pack is there to look at."""
    from generator.pack.pagecount import packs_readiness

    for readiness in packs_readiness(loaded, written, fmt):
        if not readiness.ready:
            print_problems([Problem(p.file, p.position, "warning", p.message) for p in readiness.problems])
            click.echo(
                f"{readiness.app_id}: not ready to send: {len(readiness.problems)} problem(s) "
                "(portfolio submit refuses it until they are fixed)",
                err=True,
            )


@main.command()
@click.argument("app_id", metavar="[APP-ID]", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx", "txt"]),
    default="pdf",
    show_default=True,
    help="PDF (Typst), Word or plain text.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("packs"),
    show_default=True,
    help="Where to write cv.<format> (cv-<app-id>.<format> when tailored).",
)
@content_option
@reports_errors
def cv(app_id: str | None, fmt: str, out_dir: Path, content_dir: Path) -> None:
    """Write the résumé: the general one, or one tailored to an application (its stories first)."""
    from generator.cv import write_cv
    from generator.pack import UnknownApplicationError, check_application_ids

    loaded = load_portfolio(content_dir)
    try:
        check_application_ids(loaded.portfolio, [app_id] if app_id else [])
    except UnknownApplicationError as exc:
        raise click.UsageError(str(exc)) from None
    print_problems(loaded.warnings)
    path = write_cv(loaded, out_dir, app_id=app_id, fmt=fmt)  # type: ignore[arg-type]
    click.echo(f"wrote the résumé {path}")


def _write_call_sheet(loaded: Loaded, app_ids: tuple[str, ...], event_id: str, out_dir: Path) -> None:
    """`pdf APP-ID --event EVENT-ID`: one call sheet, for the owner only, as a PDF."""
    from generator.calls.callsheet_pdf import UnknownEventError, write_call_sheet

    context = click.get_current_context()
    if len(app_ids) != 1:
        raise click.UsageError("--event needs exactly one APP-ID")
    if (
        context.get_parameter_source("audience") != click.core.ParameterSource.DEFAULT
        and context.params["audience"] != "private"
    ):
        raise click.UsageError("a call sheet is for you only: leave out --audience or use --audience private")
    if context.params["fmt"] != "pdf":
        raise click.UsageError("a call sheet is written as a PDF only")
    try:
        path = write_call_sheet(loaded, app_ids[0], event_id, out_dir)
    except UnknownEventError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote the call sheet {path} (private: do not send)")


@main.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the file here instead of printing it.",
)
@content_option
@reports_errors
def calendar(out_file: Path | None, content_dir: Path) -> None:
    """Write the events and deadlines as an iCalendar file (private: for your own calendar)."""
    from generator.atomic import write_atomically
    from generator.audience import private_view
    from generator.calls.calendar import render_calendar

    loaded = load_portfolio(content_dir)
    print_problems(loaded.warnings)
    data = render_calendar(private_view(loaded))
    if out_file is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    out_file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out_file, data)
    click.echo(f"wrote {out_file}", err=True)


@main.command()
@click.argument("app_id", metavar="APP-ID")
@click.option("--json", "as_json", is_flag=True, help="Print every term as JSON.")
@content_option
@reports_errors
def coverage(app_id: str, as_json: bool, content_dir: Path) -> None:
    """Which terms of the saved posting the final answers and stories cover, and which they miss."""
    from generator.calls.coverage import coverage_json, coverage_text, measure_coverage
    from generator.pack import UnknownApplicationError, check_application_ids

    portfolio = load_portfolio(content_dir).portfolio
    try:
        check_application_ids(portfolio, [app_id])
    except UnknownApplicationError as exc:
        raise click.UsageError(str(exc)) from None
    app = portfolio.applications[app_id]
    result = measure_coverage(app_id, app, portfolio.stories)
    if result is None:
        raise PortfolioError(
            f"application `{app_id}` has no saved posting: add `posting:` with the posting's `text` to "
            f"applications/{app_id}.yaml"
        )
    click.echo(coverage_json(result) if as_json else coverage_text(result), nl=False)
