"""The `portfolio` command: parses options and calls one library function each."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__
from generator.diagnostics import ContentError, PortfolioError, Problem
from generator.loader import load_portfolio

F = TypeVar("F", bound=Callable[..., Any])

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder.",
)


def print_problems(problems: list[Problem]) -> None:
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
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@reports_errors
def check(content_dir: Path, strict: bool) -> None:
    """Validate everything and print every problem at once."""
    portfolio = load_portfolio(content_dir, strict=strict)
    print_problems(portfolio.warnings)
    click.echo(
        f"ok: {len(portfolio.applications)} applications, {len(portfolio.stories)} stories, "
        f"{portfolio.answer_count} answers, {len(portfolio.warnings)} warnings"
    )


@main.command()
@click.option("--kind", type=click.Choice(["profile", "story", "application"]), help="One kind of file only.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Write <kind>.schema.json files here instead.")
@content_option
def schema(kind: str | None, out_dir: Path | None, content_dir: Path) -> None:
    """Print the JSON Schema of the content files."""
    from generator.schema import build_bundle, build_schema, render_schema, write_schemas

    if out_dir is not None:
        for path in write_schemas(out_dir):
            click.echo(f"wrote {path}")
        return
    click.echo(render_schema(build_schema(kind) if kind else build_bundle()), nl=False)


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a date; write YYYY-MM-DD") from None
