"""`portfolio export jsonresume`: the profile as a JSON Resume document.

JSON Resume (https://jsonresume.org/schema) is the résumé format most other
tools read and write. The document is made from the shared view only (the
profile and shared stories), so nothing private reaches it, and it is
checked against the official schema, vendored in `jsonresume_schema/`.

Where our fields go:

- name, headline (`label`), email, phone, summary: `basics`;
- location: `basics.location.city` (one free-text line, as we keep it);
- links: `basics.profiles` (`network` is the label), except the first one
  labelled "Website", which is `basics.url`;
- experience: `work` (`name` is the org, `position` the role; an `end` of
  `present` is no `endDate`, as JSON Resume has it); its highlights, then one
  line per shared story told from that position (its title and summary);
- education: `education` (`studyType` is the degree, `area` the field; the
  notes go in `summary`, a field JSON Resume allows but does not name);
- skills: `skills` (`name` is the group, `keywords` the items).

The time zone has no place in JSON Resume and is left out.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator

from generator.audience import PublicView
from generator.content.diagnostics import PortfolioError
from generator.content.model import Education, Position, Profile, Story
from generator.interop.imported import drop_empty

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
WEBSITE_LABEL = "Website"


@cache
def jsonresume_schema() -> dict[str, Any]:
    """The official JSON Resume schema (vendored, MIT; see jsonresume_schema/SOURCE)."""
    text = resources.files("generator.interop").joinpath("jsonresume_schema/schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_validator() -> Draft7Validator:
    return Draft7Validator(jsonresume_schema(), format_checker=Draft7Validator.FORMAT_CHECKER)


def render_jsonresume(view: PublicView) -> dict[str, Any]:
    """The JSON Resume document of a shared view's profile and stories."""
    profile = view.profile
    document: dict[str, Any] = {"$schema": SCHEMA_URL, "basics": _basics(profile)}
    placed: set[str] = set()
    work = [_work(position, _stories_of(position, view.stories, placed)) for position in profile.experience]
    sections = {
        "work": work,
        "education": [_education(item) for item in profile.education],
        "skills": [drop_empty({"name": group.group, "keywords": list(group.items)}) for group in profile.skills],
    }
    document |= drop_empty(sections)
    problems = sorted(schema_validator().iter_errors(document), key=lambda error: list(error.absolute_path))
    if problems:  # a date before 1000 or after 2999, which the schema's pattern refuses
        where = "/".join(str(part) for part in problems[0].absolute_path)
        raise PortfolioError(f"the profile cannot be written as JSON Resume: {where}: {problems[0].message}")
    return document


def dump_jsonresume(document: dict[str, Any]) -> str:
    """The document as JSON text: two-space indent, UTF-8 characters as they are, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _basics(profile: Profile) -> dict[str, Any]:
    website = next((link for link in profile.links if link.label == WEBSITE_LABEL), None)
    profiles = [{"network": link.label, "url": link.url} for link in profile.links if link is not website]
    return drop_empty(
        {
            "name": profile.name,
            "label": profile.headline,
            "email": profile.email,
            "phone": profile.phone,
            "url": website.url if website else None,
            "summary": _text(profile.summary),
            "location": {"city": profile.location} if profile.location else None,
            "profiles": profiles,
        }
    )


def _work(position: Position, stories: list[Story]) -> dict[str, Any]:
    told = [f"{story.title}: {story.summary}" if story.summary else story.title for story in stories]
    return drop_empty(
        {
            "name": position.org,
            "position": position.role,
            "location": position.location,
            "startDate": position.start,
            "endDate": None if position.end == "present" else position.end,
            "highlights": [_text(line) for line in position.highlights] + told,
        }
    )


def _education(item: Education) -> dict[str, Any]:
    return drop_empty(
        {
            "institution": item.school,
            "studyType": item.degree,
            "area": item.field,
            "startDate": item.start,
            "endDate": item.end,
            "summary": _text(item.notes),
        }
    )


def _text(markdown: str | None) -> str | None:
    """A Markdown field without the final line break a YAML block gives it."""
    return markdown.rstrip("\n") if markdown is not None else None


def _stories_of(position: Position, stories: dict[str, Story], placed: set[str]) -> list[Story]:
    """The shared stories told from `position`: those it lists, then those whose org (and role) match it.

    A story goes under one position only, the first that claims it.
    """
    matching = [
        sid for sid, story in stories.items() if story.org == position.org and story.role in (None, position.role)
    ]
    found = [sid for sid in dict.fromkeys([*position.stories, *matching]) if sid in stories and sid not in placed]
    placed.update(found)
    return [stories[sid] for sid in found]
