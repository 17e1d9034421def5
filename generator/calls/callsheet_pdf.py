"""`portfolio pdf APP-ID --event EVENT-ID`: a call sheet on one printable page (owner only).

Made through the packs' own pipeline: Markdown (`callsheet.pack.md.j2`) ->
Pandoc -> a Typst body -> the pack template, as a private pack (its header
says "Private notes — do not send"), so it looks like the packs and honours
a user's `overrides/pack/pack.typ`.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from generator.atomic import write_atomically
from generator.audience import private_view
from generator.calls.callsheet import CallSheet, build_call_sheet
from generator.content.diagnostics import PortfolioError
from generator.content.loader import Loaded
from generator.pack.markdown import PART_BREAK, escape_inline, field_block, pandoc_markdown_environment
from generator.pack.pandoc import find_pandoc
from generator.pack.typst import compile_pdf, find_template
from generator.render.templatecache import keep_compiled

TEMPLATE_NAME = "callsheet.pack.md.j2"


class UnknownEventError(PortfolioError):
    """A call sheet was asked for an event the application does not have."""


def render_call_sheet_parts(sheet: CallSheet) -> list[str]:
    """The call sheet's Markdown in parts (each content Markdown field read on its own)."""
    text = _environment().get_template(TEMPLATE_NAME).render(sheet=sheet, part_break=PART_BREAK)
    return [part for part in text.split(PART_BREAK) if part.strip()]


def write_call_sheet(loaded: Loaded, app_id: str, event_id: str, out_dir: Path) -> Path:
    """Write `<out_dir>/<app-id>.<event-id>.pdf`; nothing is written when it fails."""
    view = private_view(loaded)
    app = view.applications[app_id]
    if not any(event.id == event_id for event in app.events):
        known = ", ".join(event.id for event in app.events) or "none"
        raise UnknownEventError(f"application `{app_id}` has no event `{event_id}` (its events: {known})")
    sheet = build_call_sheet(view, app_id, event_id)
    body = "\n\n".join(find_pandoc().typst_parts(render_call_sheet_parts(sheet)))
    meta = {
        "title": f"{sheet.heading} — call sheet",
        "owner": view.profile.name,
        "company": app.company,
        "role": app.role,
        "audience": "private",
    }
    pdf = compile_pdf(body, find_template(), meta)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{app_id}.{event_id}.pdf"
    write_atomically(path, pdf)
    return path


@functools.cache
def _environment() -> jinja2.Environment:
    env = pandoc_markdown_environment(Path(__file__).parent)
    env.filters.update(inline=escape_inline, block=field_block)
    return keep_compiled(env)
