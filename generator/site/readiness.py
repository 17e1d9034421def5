"""What the site shows of an application's readiness, and the Copy button of a final answer.

The readiness itself is computed with the private view (audience.py,
content/readiness.py); these filters only lay it out.
"""

from __future__ import annotations

import functools
import html

from markupsafe import Markup

from generator.content.diagnostics import Problem
from generator.content.textchecks import Owner
from generator.render.plaintext import plain_text
from generator.site.markup import escape_text


def readiness_link(owner: Owner) -> str:
    """Where on the site the thing a problem is about is (from an application page)."""
    if owner[0] == "profile":
        return "../profile.md"
    if owner[0] == "story":
        return f"../stories/{owner[1]}.md"
    if owner[0] == "answer":
        return f"#{owner[2]}"
    return "#answers" if owner[2] == "answers" else "#readiness"


def readiness_item(item: tuple[Problem, Owner]) -> Markup:
    """One thing left to do, linking to its place, with the file and line to edit."""
    problem, owner = item
    folder = problem.file.parent.name
    name = f"{folder}/{problem.file.name}" if folder in ("stories", "applications") else problem.file.name
    where = f"{name}:{problem.position.line}"
    return Markup(f"[{escape_text(problem.message)}]({readiness_link(owner)}) <small>{html.escape(where)}</small>")


_ATTRIBUTE_REFERENCES = {ord(c): f"&#{ord(c)};" for c in "\t\n\r{}"}


def copy_button(text: str) -> Markup:
    """A button that copies a final answer as plain text (Material's clipboard: `data-clipboard-text`).

    It is part of a line of finished HTML (passthrough.py) that no Markdown
    extension reads once it is stashed; what runs before that sees it as
    typed, so the characters those use are references too: tabs (Python-Markdown
    expands them) and braces (CriticMarkup, if a mkdocs.yml adds it).
    """
    # A final answer is text: the same one gives the same button (`portfolio serve` asks again at every build).
    return _copy_button(text) if type(text) is str else _make_copy_button(text)


def _make_copy_button(text: str) -> Markup:
    plain = html.escape(plain_text(text)).translate(_ATTRIBUTE_REFERENCES)
    return Markup(
        f'<button class="md-button pf-copy" type="button" data-clipboard-text="{plain}" '
        'title="Copy the text as counted, without Markdown, for the application form">Copy</button>'
    )


_copy_button = functools.lru_cache(maxsize=8192)(_make_copy_button)
