"""The `portfolio` command: parses options and calls one library function each.

The commands live in generator/commands/ by what they work on; this module
is the group, the content commands, and where the others join it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from pathlib import Path
from typing import NoReturn, cast

import click

from generator import __version__
from generator.commands.common import (
    content_option,
    out_file_option,
    parse_id,
    print_or_write,
    print_problems,
    reports_errors,
)
from generator.commands.sending import calendar, coverage, cv, pdf, submit
from generator.commands.site import build, serve
from generator.content.diagnostics import Problem


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
    from generator.content import load_portfolio  # imported here: pydantic and the models load only when used
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
@out_file_option
@content_option
@reports_errors
def export_jsonresume(out_file: Path | None, content_dir: Path) -> None:
    """The profile and shared stories as a JSON Resume document (nothing private)."""
    from generator.audience import shared_view
    from generator.content import load_portfolio
    from generator.interop.jsonresume import dump_jsonresume, render_jsonresume

    loaded = load_portfolio(content_dir)
    print_problems(loaded.warnings)
    text = dump_jsonresume(render_jsonresume(shared_view(loaded)))
    print_or_write(text, out_file)


for command in (build, serve, submit, pdf, cv, calendar, coverage):
    main.add_command(command)


def run() -> NoReturn:
    """The `portfolio` program: `main`, then an exit that leaves the process's memory to the system.

    Python's own exit walks every object the process made for reference
    cycles, then frees them one by one (after a build: modules, pages, the
    content), only for the memory to go back to the system anyway: about
    50 ms of a build's half second. Once the command is done and its output
    and logs flushed, the process ends at once, as mypy's does
    (`mypy.util.hard_exit`). Python's exit is kept when something may still
    need it: a thread that is not a daemon still running (a plugin's, say),
    or a profiler or tracer (cProfile, coverage) that writes its results at
    exit; and a bug's traceback is printed by it as always. Exit handlers
    (`atexit`) are not run: this project's code, MkDocs and Material
    register none that matter once a command is done.
    """
    try:
        main()
        done = SystemExit(0)
    except SystemExit as ended:
        done = ended
    if _python_exit_needed():
        raise done
    code = _exit_status(done.code)
    logging.shutdown()  # what Python's exit would flush: the log handlers, then the standard streams
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that went away (`| head`), a closed stream
            stream.flush()
    os._exit(code)


def _python_exit_needed() -> bool:
    """Whether something may still need Python's own exit: a profiler, a tracer, a thread not done."""
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: cProfile and coverage may use it instead
    if monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6)):
        return True
    main_thread = threading.main_thread()
    return any(thread is not main_thread and not thread.daemon for thread in threading.enumerate())


def _exit_status(code: object) -> int:
    """The exit status `sys.exit(code)` gives: 0 for None, an int as POSIX keeps it (its low byte), else 1 (printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    with contextlib.suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1


__all__ = ["build", "main", "run"]
