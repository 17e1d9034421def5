"""What every command shares: the content option, printing problems, errors for people, parsers."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.atomic import write_atomically
from generator.content.diagnostics import ContentError, PortfolioError, Problem

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


out_file_option = click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the file here instead of printing it.",
)


def print_or_write(data: str | bytes, out_file: Path | None) -> None:
    """Print `data`, or write it to `out_file` whole or not at all."""
    if out_file is None:
        click.echo(data.decode("utf-8") if isinstance(data, bytes) else data, nl=False)
        return
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(out_file, data)
    except OSError as exc:
        raise PortfolioError(f"cannot write {out_file}: {exc.strerror}") from None
    click.echo(f"wrote {out_file}", err=True)
