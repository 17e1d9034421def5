"""The résumé's Markdown, rendered from a ResumeView by `cv.md.j2`.

The same filters as the packs (generator/pack/markdown.py): plain strings
escaped to print as typed, each Markdown field (a highlight, a summary) a
code block whose blocks are that field's own reading (generator/pack/fieldast.py).
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from generator.audience import ResumeView
from generator.pack.markdown import (
    date_range,
    escape_inline,
    escape_url,
    field_block,
    format_dateish,
    pandoc_markdown_environment,
)
from generator.render.templatecache import keep_compiled

TEMPLATE_DIR = Path(__file__).parent
TEMPLATE_NAME = "cv.md.j2"


def render_cv_markdown(resume: ResumeView) -> str:
    """The résumé's Markdown: name, contact, summary, experience, education, skills."""
    return _environment().get_template(TEMPLATE_NAME).render(resume=resume, profile=resume.profile)


@functools.cache
def _environment() -> jinja2.Environment:
    env = pandoc_markdown_environment(TEMPLATE_DIR)
    env.filters.update(inline=escape_inline, url=escape_url, field=field_block, dateish=format_dateish)
    env.globals.update(date_range=date_range)
    return keep_compiled(env)
