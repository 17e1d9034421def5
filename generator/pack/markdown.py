"""The pack's Markdown, rendered from one audience view by `pack.md.j2`.

The template only lays out what the view holds (audience.py has already
removed whatever this audience may not see). Plain-text fields (titles,
company, criteria, metrics) are escaped so they print exactly as typed;
each Markdown field (answers, STAR sections, notes) is inserted as a code
block of its own, whose blocks are the site parser's reading of that
field alone (fieldast.py; untrusted.lua puts them in place): nothing typed
in a field (an unclosed fence, an HTML block, a link or footnote
definition) reaches the template's Markdown or another field.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import jinja2

from generator.audience import AnyView, RecruiterApplication
from generator.content.counting import count_chars, count_words
from generator.content.model import Application, Profile, Story
from generator.render.templatecache import keep_compiled

TEMPLATE_DIR = Path(__file__).parent
TEMPLATE_NAME = "pack.md.j2"

# Inline syntax (CommonMark and Pandoc's extensions) that a plain string must not trigger.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#$@^~|&!])")
# Text at the start of a line that would open a block (list, quote, heading...).
_BLOCK_START = re.compile(r"^(?:([-+*>#%:=|])|(\(?)([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(?=\s|$))")
_MONTHS = ("January February March April May June July August September October November December").split()


# Where one part of a pack ends and the next begins. Content can hold no NUL
# (the loader refuses control characters), so the mark cannot be forged.
PART_BREAK = "\x00"


def render_pack_markdown(view: AnyView) -> str:
    """The Markdown of the pack of the one application in `view`."""
    return "".join(render_pack_parts(view))


def render_pack_parts(view: AnyView) -> list[str]:
    """The pack's Markdown in parts: the cover, criteria and answers, then one part per story.

    Each part is read by Pandoc on its own (a footnote or link definition in
    one story never applies to another), and a story's part is the same in
    every pack that holds it, so a run converts it once.
    """
    if len(view.applications) != 1:
        raise ValueError("a pack view holds exactly one application")
    ((app_id, application),) = view.applications.items()
    markdown = (
        _environment()
        .get_template(TEMPLATE_NAME)
        .render(
            view=view,
            app_id=app_id,
            application=application,
            profile=view.profile,
            stories=[(sid, view.stories[sid]) for sid in story_order(view, application)],
            part_break=PART_BREAK,
        )
    )
    return markdown.split(PART_BREAK)


def story_order(view: AnyView, application: Application | RecruiterApplication) -> list[str]:
    """The view's stories in the order a reader meets them: answers first, then criteria."""
    mentioned = [sid for answer in application.answers for sid in answer.stories]
    mentioned += [sid for criterion in application.criteria for sid in criterion.stories]
    mentioned += list(view.stories)
    return [sid for sid in dict.fromkeys(mentioned) if sid in view.stories]


def escape_inline(text: str) -> str:
    """A plain string as Markdown that reads back as exactly that string, on one line."""
    text = " ".join(str(text).split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):  # a block marker as first character
        return "\\" + text
    if match.group(2):  # "(a) ..."
        return "\\" + text
    cut = match.end(4) - 1  # escape the list delimiter: "2025\. A year"
    return text[:cut] + "\\" + text[cut:]


def escape_url(url: str) -> str:
    """A URL safe inside `[label](...)`: no spaces, parentheses or angle brackets."""
    return quote(str(url).strip(), safe="/:?#[]@!$&'*+,;=%~-._")


FieldKind = Literal["pf-field", "pf-quoted-field"]
_BACKTICKS = re.compile(r"`+")


def field_block(text: str | None, kind: FieldKind = "pf-field") -> str:
    """A content Markdown field as a fenced code block of class `kind`, which untrusted.lua replaces.

    The block holds the field as typed and its key (`field_key`): Pandoc is
    handed each field's blocks as the site's parser reads them
    (fieldast.py, pandoc.py), and the filter puts them in its place. The
    fence is longer than any run of backticks in the text, so no line of
    the field can close it.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence} {{.{kind} field={field_key(text)}}}\n{text}\n{fence}"


def field_key(text: str) -> str:
    """The name of a field's blocks in Pandoc's run: a hash of its text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


# The first line of a field block as `field_block` writes it: its fence and key.
_FIELD_OPENING = re.compile(r"(`{3,}) \{\.pf-(?:quoted-)?field field=([0-9a-f]{24})\}\n")


def split_fields(markdown: str) -> tuple[str, dict[str, str]]:
    """Markdown written by the templates without its fields' text, and the fields by key.

    What Pandoc is given: each field's block is left empty (its text is read
    by fieldast.py, not by Pandoc). A template may indent a field
    (`|field|indent(2)` in a list item): the text is the block's lines with
    the indentation that gives back its key.
    """
    fields: dict[str, str] = {}
    kept: list[str] = []
    position = 0
    while opening := _FIELD_OPENING.search(markdown, position):
        fence, key = opening.groups()
        closing = re.compile(rf"^ *{fence}$", re.MULTILINE).search(markdown, opening.end())
        if closing is None:
            raise ValueError(f"field {key} has no closing fence")
        lines = markdown[opening.end() : closing.start() - 1].split("\n")
        fields[key] = _unindented(lines, key)
        kept.append(markdown[position : opening.end()])
        position = closing.start()  # a field's own text is never looked into
    kept.append(markdown[position:])
    return "".join(kept), fields


def _unindented(lines: list[str], key: str) -> str:
    for indent in range(9):
        text = "\n".join(line[min(indent, len(line) - len(line.lstrip(" "))) :] for line in lines)
        if field_key(text) == key:
            return text
    raise ValueError(f"field {key} does not read back as written")


def format_dateish(value: str | None) -> str:
    """`2023-05` → `May 2023`; `2016` and `present` unchanged."""
    if not value:
        return ""
    parts = str(value).split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        month = _MONTHS[int(parts[1]) - 1]
        return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
    return str(value)


# A story of fewer words than this is kept on one page (a US Letter page at
# 11 pt holds about 550 words with headings); a longer one may break.
KEEP_WORDS = 380


def story_fits(story: Story) -> bool:
    """Whether a story is short enough to be kept on one page of a pack."""
    texts = [story.title, story.summary or "", *story.star.values(), *story.metrics, story.notes or ""]
    return sum(count_words(text) for text in texts) < KEEP_WORDS


@dataclass(frozen=True)
class Place:
    """Where and when a story happened, as its appendix entry shows it."""

    org: str | None
    role: str | None
    start: str | None
    end: str | None


def story_place(profile: Profile, story_id: str, story: Story) -> Place:
    """The story's own org, role and dates; what it leaves out, from the position that lists it."""
    position = next((p for p in profile.experience if story_id in p.stories), None)
    if position is None:
        return Place(story.org, story.role, story.start, story.end)
    if story.start or story.end:
        start, end = story.start, story.end
    else:
        start, end = position.start, position.end
    return Place(story.org or position.org, story.role or position.role, start, end)


def date_range(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{format_dateish(start)} – {format_dateish(end)}"
    return format_dateish(start or end)


def indent_lines(text: str, width: int = 4, first: bool = False, blank: bool = False) -> str:
    """Jinja's `indent`, cutting lines only at `\n`: Jinja's also cuts at U+2028 and others, which a field may hold."""
    prefix = " " * width
    lines = str(text).split("\n")
    return "\n".join(prefix + line if (line or blank) and (n or first) else line for n, line in enumerate(lines))


def pandoc_markdown_environment(folder: Path) -> jinja2.Environment:
    """Jinja2 for the templates of `folder` that write Markdown for Pandoc (packs, résumé, call sheets)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: escaping is done by the filters (escape_inline, field_block)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
        # `{#id}` is Pandoc's attribute syntax, so Jinja comments are `{## ... ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["indent"] = indent_lines
    return env


@functools.cache
def _environment() -> jinja2.Environment:
    env = pandoc_markdown_environment(TEMPLATE_DIR)
    env.filters.update(
        inline=escape_inline,
        url=escape_url,
        field=field_block,
        dateish=format_dateish,
    )
    env.globals.update(
        story_fits=story_fits,
        story_place=story_place,
        date_range=date_range,
        count_words=count_words,
        count_chars=count_chars,
    )
    return keep_compiled(env)
