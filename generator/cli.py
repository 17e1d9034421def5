"""The `portfolio` command: parses options and calls one library function each.

The commands live in generator/commands/ by what they work on; this module
is the group, the content commands, and where the others join it.
"""

from __future__ import annotations

import atexit
import gc
from pathlib import Path
from typing import cast

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
    # When a command is done, Python's exit still walks every object the process
    # made (after a build: modules, pages, content) for reference cycles to free,
    # about 40 ms, only for the memory to go back to the system anyway. Frozen
    # first, they are skipped. What reference counting frees is freed as before
    # (Python empties the modules at exit), the standard streams are flushed, and
    # the exit handlers registered after this one (they run first) still run;
    # only cycles that nothing reaches are left to the system, as `os._exit` would.
    # Only for the command (a program importing the package keeps its exit as it was).
    atexit.unregister(gc.freeze)  # once, however many commands run in a process (tests)
    atexit.register(gc.freeze)


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

__all__ = ["build", "main"]
