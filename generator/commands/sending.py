"""What leaves the computer or prepares for a call: `submit`, `pdf`, `cv`, `calendar`, `coverage`."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from generator.commands.common import (
    F,
    content_option,
    out_file_option,
    parse_date,
    print_or_write,
    print_problems,
    reports_errors,
)
from generator.content.diagnostics import PortfolioError, Problem

if TYPE_CHECKING:
    from generator.content.loader import Loaded
    from generator.outputnames import PackAudience
    from generator.pack.build import PackFormat


def format_option(help_text: str) -> Callable[[F], F]:
    """`--format pdf|docx|txt` of what `pdf` and `cv` write."""
    return click.option(
        "--format", "fmt", type=click.Choice(["pdf", "docx", "txt"]), default="pdf", show_default=True, help=help_text
    )


def out_dir_option(help_text: str) -> Callable[[F], F]:
    """`--out DIR` (default packs/) of what `pdf` and `cv` write."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("packs"),
        show_default=True,
        help=help_text,
    )


@click.command()
@click.argument("app_id", metavar="APP-ID")
@click.option("--date", "date", callback=parse_date, help="The day it was sent (YYYY-MM-DD); default today.")
@content_option
@reports_errors
def submit(app_id: str, date: dt.date | None, content_dir: Path) -> None:
    """Record exactly what was sent; later edits to it become errors."""
    from generator.authoring.sendgate import NotReadyError
    from generator.authoring.submit import describe_submission, submit_application
    from generator.content.diagnostics import UnknownApplicationError

    try:
        result = submit_application(content_dir, app_id, date)
    except UnknownApplicationError as exc:  # wrong usage (exit 2), as `pdf` and `cv` answer it
        raise click.UsageError(str(exc)) from None
    except NotReadyError as exc:
        print_problems(list(exc.problems))
        click.echo(
            f"nothing was recorded: `{app_id}` is not ready to send ({len(exc.problems)} problem(s) above)", err=True
        )
        sys.exit(1)
    print_problems(result.warnings)
    click.echo(describe_submission(result))


@click.command()
@click.argument("app_ids", metavar="[APP-ID]...", nargs=-1)
@click.option(
    "--audience",
    type=click.Choice(["recruiter", "private"]),
    default="recruiter",
    show_default=True,
    help="Who the pack is for: a recruiter, or you (adds status, dates, notes, contacts, drafts).",
)
@format_option("PDF (Typst), Word (Pandoc), or plain text for application forms.")
@out_dir_option("Where to write <app-id>.<format>.")
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
    from generator.content import load_portfolio  # imported here: pydantic and the models load only when used
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


@click.command()
@click.argument("app_id", metavar="[APP-ID]", required=False)
@format_option("PDF (Typst), Word or plain text.")
@out_dir_option("Where to write cv.<format> (cv-<app-id>.<format> when tailored).")
@content_option
@reports_errors
def cv(app_id: str | None, fmt: str, out_dir: Path, content_dir: Path) -> None:
    """Write the résumé: the general one, or one tailored to an application (its stories first)."""
    from generator.content import load_portfolio
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


@click.command()
@out_file_option
@content_option
@reports_errors
def calendar(out_file: Path | None, content_dir: Path) -> None:
    """Write the events and deadlines as an iCalendar file (private: for your own calendar)."""
    from generator.audience import private_view
    from generator.calls.calendar import render_calendar
    from generator.content import load_portfolio

    loaded = load_portfolio(content_dir)
    print_problems(loaded.warnings)
    data = render_calendar(private_view(loaded))
    print_or_write(data, out_file)


@click.command()
@click.argument("app_id", metavar="APP-ID")
@click.option("--json", "as_json", is_flag=True, help="Print every term as JSON.")
@content_option
@reports_errors
def coverage(app_id: str, as_json: bool, content_dir: Path) -> None:
    """Which terms of the saved posting the final answers and stories cover, and which they miss."""
    from generator.calls.coverage import coverage_json, coverage_text, measure_coverage
    from generator.content import load_portfolio
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
