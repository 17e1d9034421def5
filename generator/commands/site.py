"""`portfolio build` and `serve`: the site."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.common import content_option, reports_errors
from generator.site.options import SITE_AUDIENCES, SiteAudience, command_options


@click.command()
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


@click.command()
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
