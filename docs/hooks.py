"""MkDocs hook for the documentation site: the format reference, made from the models.

A page holding a line `<!-- fields: profile -->` (or `story`, `application`)
gets, in its place, one table per object of that file: every field, its
type, whether it is required, whether it is private, and its description,
all read from the JSON Schema the models make (`generator.content.schema`),
so the reference cannot drift from what `portfolio check` accepts. Which
fields are private is not in the models (it is decided in
`generator/audience.py`); the contract's answer is the table `PRIVATE` below,
and a test keeps it naming only real fields.
"""

from __future__ import annotations

import re
from typing import Any

from generator.content.schema import SchemaKind, build_schema

MARKER = re.compile(r"^<!-- fields: (profile|story|application) -->$", re.MULTILINE)
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_ISH_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?|present)$"
EVENT_AT_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$"

# (object, field) → what stays private (CONTENT.md, "Private means"). An object
# named alone is private as a whole wherever it appears.
PRIVATE: dict[tuple[str, str], str] = {
    ("Story", "visibility"): "`private` makes the whole story private",
    ("Story", "notes"): "yes",
    ("Application", "status"): "yes",
    ("Application", "opened"): "yes",
    ("Application", "submitted"): "yes",
    ("Application", "deadline"): "yes",
    ("Application", "source"): "yes",
    ("Application", "posting"): "yes",
    ("Application", "mentions"): "yes",
    ("Application", "pack_pages"): "yes",
    ("Application", "contacts"): "yes",
    ("Application", "notes"): "yes",
    ("Application", "events"): "yes",
    ("Answer", "versions"): "every version but the final one",
}
PRIVATE_OBJECTS = {"Contact", "Event", "Posting"}

# What a field is for, where the model gives no description (CONTENT.md's
# words). The model's own `description` wins when it has one.
DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("Profile", "name"): "your name, at the top of every pack",
    ("Profile", "headline"): "one line under your name",
    ("Profile", "links"): "LinkedIn, a blog, a portfolio: shown with your contact details",
    ("Profile", "summary"): "a few sentences about you",
    ("Position", "highlights"): "bullets for the résumé",
    ("Story", "summary"): "one sentence a recruiter can skim",
    ("Story", "situation"): "at least one of situation, task, action and result is required",
    ("Story", "metrics"): "the numbers, one a line",
    ("Story", "visibility"): "`private`: the story is yours alone",
    ("Story", "notes"): "only you see it",
    ("Application", "url"): "the posting's address",
    ("Application", "criteria"): "what the posting asks for, and the stories that show it",
    ("Criterion", "stories"): "ids of the stories that show it",
    ("Answer", "prompt"): "the question as the company asked it",
    ("Answer", "limit"): "over the limit is a warning (an error with `--strict`)",
    ("Answer", "stories"): "ids of the stories this answer draws on",
    ("Answer", "versions"): "oldest first, never empty",
    ("Version", "note"): "what changed",
    ("Event", "stories"): "ids of the stories to tell",
    ("Event", "outcome"): "what happened, written afterwards",
    ("Posting", "text"): "the job posting as it read when saved",
    ("Posting", "saved"): "the day it was saved",
    ("Profile", "email"): "one way to reach you (email, phone or a link)",
    ("Link", "url"): "`http:`, `https:` or `mailto:`",
    ("Position", "stories"): "ids of stories told from this position",
    ("Story", "title"): "what happened, in a line",
    ("Story", "tags"): "groups the stories on the site's tag pages",
    ("Application", "answers"): "what you send, each answer with all its versions",
    ("Application", "contacts"): "people at the company",
    ("Application", "notes"): "only you see them",
    ("Application", "events"): "calls, interviews, deadlines, follow-ups",
    ("Criterion", "text"): "one thing the posting asks for",
    ("Answer", "id"): "unique in its application",
    ("Answer", "kind"): "what the text is; a `talking-points` answer is notes for a call",
    ("Limit", "words"): "counted as whitespace-separated tokens with a letter or digit",
    ("Limit", "chars"): "Unicode code points after trimming",
    ("Version", "id"): "unique in its answer (`v1`, `v2`, …)",
    ("Version", "text"): "the answer as written in this version",
    ("Event", "id"): "unique in its application",
    ("Event", "minutes"): "how long it lasts",
    ("Event", "prep"): "what to prepare",
    ("Event", "questions"): "what to ask",
}


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each `<!-- fields: KIND -->` line with that kind's tables."""
    return MARKER.sub(lambda match: render_fields(match.group(1)), markdown)


def render_fields(kind: SchemaKind) -> str:
    """The tables of one kind of file: its top object, then each object it uses, in order of first use."""
    schema = build_schema(kind)
    defs: dict[str, Any] = schema.get("$defs", {})
    order = [str(schema["title"])]
    objects = {order[0]: schema, **defs}
    i = 0
    while i < len(order):
        for prop in objects[order[i]].get("properties", {}).values():
            for ref in _refs(prop):
                if ref not in order:
                    order.append(ref)
        i += 1
    return "\n\n".join(_render_object(name, objects[name], top=(i == 0)) for i, name in enumerate(order))


def fields_of(kind: SchemaKind) -> dict[str, set[str]]:
    """Object name → its field names (for the test that keeps PRIVATE honest)."""
    schema = build_schema(kind)
    objects = {str(schema["title"]): schema, **schema.get("$defs", {})}
    return {name: set(obj.get("properties", {})) for name, obj in objects.items()}


def _render_object(name: str, obj: dict[str, Any], *, top: bool) -> str:
    required = set(obj.get("required", []))
    whole = name in PRIVATE_OBJECTS
    lines = [f"### {name}", ""]
    if whole and not top:
        lines += ["Private as a whole: only you see it.", ""]
    lines += ["| field | type | required | private | description |", "|---|---|---|---|---|"]
    for field, prop in obj.get("properties", {}).items():
        private = "yes" if whole else PRIVATE.get((name, field), "")
        description = _description(prop) or DESCRIPTIONS.get((name, field), "")
        cells = [f"`{field}`", _type(prop), "yes" if field in required else "", private, description]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def _refs(prop: dict[str, Any]) -> list[str]:
    found = []
    if "$ref" in prop:
        found.append(prop["$ref"].rsplit("/", 1)[-1])
    for key in ("items", "additionalProperties"):
        if isinstance(prop.get(key), dict):
            found += _refs(prop[key])
    for option in prop.get("anyOf", []):
        found += _refs(option)
    return found


def _type(prop: dict[str, Any]) -> str:
    """A reader's name for a JSON Schema type, with the default when there is one."""
    text = _bare_type(prop)
    default = prop.get("default")
    if default not in (None, [], {}):
        text += f" (default `{default}`)"
    return text


def _bare_type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    if options:
        return " or ".join(_bare_type(o) for o in options)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_bare_type(prop.get('items', {}))}"
    if kind == "integer":
        return "integer > 0" if prop.get("exclusiveMinimum") == 0 else "integer"
    if kind == "object":
        return "mapping"
    if kind == "string":
        return _string_type(prop)
    return str(kind or "any")


def _string_type(prop: dict[str, Any]) -> str:
    fmt, pattern = prop.get("format"), prop.get("pattern")
    if fmt == "markdown":
        return "Markdown"
    if fmt == "date":
        return "date `YYYY-MM-DD`"
    if pattern == SLUG_PATTERN:
        return "id (lowercase letters, digits, single hyphens)"
    if pattern == EVENT_AT_PATTERN:
        return "`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`"
    if pattern == DATE_ISH_PATTERN:
        return "`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `present`"
    if pattern:
        return f"text matching `{pattern}`"
    return "text"


def _description(prop: dict[str, Any]) -> str:
    parts = [prop.get("description", "")] + [o.get("description", "") for o in prop.get("anyOf", [])]
    return " ".join(p for p in parts if p)
