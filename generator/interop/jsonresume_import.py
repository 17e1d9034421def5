"""`portfolio import resume.json`: a JSON Resume document read into profile fields.

The reverse of jsonresume.py, field for field, so that JSON Resume ->
profile -> JSON Resume keeps everything the profile models. Besides:
`basics.location` is joined into one line (city, region, country code, or
the address); a profile in `basics.profiles` without a `url` is left out (a
link needs one); a job's `summary` becomes its first highlight (the profile
has no other place for it); the older `company`/`website` names of a job are
read too. What has no place in the profile (an image, awards, projects, a
job's url...) is named in the report, never silently dropped.

A document that is not JSON, or not valid against the official schema, or
whose dates are not real ones, is refused with every problem at its line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.content.diagnostics import ContentError, Position, ProblemList
from generator.content.yamlsource import SourceMap, read_yaml
from generator.interop.imported import ImportedProfile, check_dateish, control_character_problem, drop_empty
from generator.interop.jsonresume import WEBSITE_LABEL, schema_validator

# Top-level sections of JSON Resume the profile has no place for.
_UNMODELLED = (
    "volunteer",
    "awards",
    "certificates",
    "publications",
    "languages",
    "interests",
    "references",
    "projects",
)
_DATE_FIELDS = ("startDate", "endDate")


def read_jsonresume(path: Path) -> ImportedProfile:
    """The profile fields of the JSON Resume document at `path`; ContentError naming each problem's line."""
    problems = ProblemList()
    document = _parse(path, problems)
    source = _source_map(path)
    for error in schema_validator().iter_errors(document):
        where = tuple(error.absolute_path)
        problems.error(path, source.value(where), _schema_message(where, error.validator, error.message))
    if not problems.items:
        _check_dates(document, path, source, problems)
        _check_text(document, (), path, source, problems)
    if problems.items:
        raise ContentError(problems.items)
    left_out: list[str] = []
    fields = _basics(document.get("basics", {}), left_out)
    fields["experience"] = [_position(job, n, left_out) for n, job in enumerate(document.get("work", []))]
    fields["education"] = [_education(item, n, left_out) for n, item in enumerate(document.get("education", []))]
    fields["skills"] = [_skills(item, n, left_out) for n, item in enumerate(document.get("skills", []))]
    for key in ("experience", "education", "skills"):
        fields[key] = [item for item in fields[key] if item is not None]
    left_out += [f"{name} ({len(document[name])})" for name in _UNMODELLED if document.get(name)]
    return ImportedProfile(path, drop_empty(fields), left_out)


def _parse(path: Path, problems: ProblemList) -> Any:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(path, Position(), f"not UTF-8 text (byte {exc.start}); save it as UTF-8")
        raise ContentError(problems.items) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        problems.error(path, Position(exc.lineno, exc.colno), f"not valid JSON: {exc.msg}")
        raise ContentError(problems.items) from None


def _source_map(path: Path) -> SourceMap:
    """Where each value of the document starts: JSON is YAML, whose reader keeps positions."""
    read = read_yaml(path, ProblemList())
    return read[1] if read is not None else SourceMap(path)


def _schema_message(where: tuple[str | int, ...], validator: object, message: str) -> str:
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where).lstrip(".")
    if validator == "pattern" and where and where[-1] in (*_DATE_FIELDS, "date", "releaseDate"):
        message = "not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    prefix = f"`{field}`: " if field else ""
    return f"{prefix}{message} (the JSON Resume schema)"


def _check_dates(document: dict[str, Any], path: Path, source: SourceMap, problems: ProblemList) -> None:
    """Dates the schema's pattern lets through but the calendar does not (`2020-13`, `2021-02-30`)."""
    for section in ("work", "education"):
        for n, item in enumerate(document.get(section, [])):
            for key in _DATE_FIELDS:
                value = item.get(key)
                if value is not None and check_dateish(value) is None:
                    where = (section, n, key)
                    problems.error(path, source.value(where), f"`{section}[{n}].{key}`: `{value}` is not a real date")


def _check_text(value: Any, where: tuple[str | int, ...], path: Path, source: SourceMap, problems: ProblemList) -> None:
    """Every string of the document, for characters content cannot hold."""
    if isinstance(value, str):
        problem = control_character_problem(value)
        if problem:
            problems.error(path, source.value(where), problem)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(item, (*where, key), path, source, problems)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _check_text(item, (*where, n), path, source, problems)


def _basics(basics: dict[str, Any], left_out: list[str]) -> dict[str, Any]:
    links = [{"label": WEBSITE_LABEL, "url": basics["url"]}] if basics.get("url") else []
    for n, profile in enumerate(basics.get("profiles", [])):
        if profile.get("url"):
            links.append({"label": profile.get("network") or "Profile", "url": profile["url"]})
        else:
            left_out.append(f"basics.profiles[{n}] (no url)")
    if basics.get("image"):
        left_out.append("basics.image")
    return {
        "name": basics.get("name"),
        "headline": basics.get("label"),
        "email": basics.get("email"),
        "phone": basics.get("phone"),
        "location": _location(basics.get("location") or {}),
        "links": links,
        "summary": basics.get("summary"),
    }


def _location(location: dict[str, Any]) -> str | None:
    parts = [location.get(key) for key in ("city", "region", "countryCode")]
    line = ", ".join(part for part in parts if part)
    return line or location.get("address") or None


def _position(job: dict[str, Any], n: int, left_out: list[str]) -> dict[str, Any] | None:
    org, role = job.get("name") or job.get("company"), job.get("position")
    if not org or not role:
        left_out.append(f"work[{n}] (no name or no position)")
        return None
    left_out += [f"work[{n}].{key}" for key in ("url", "website", "description") if job.get(key)]
    start = job.get("startDate")
    return drop_empty(
        {
            "org": org,
            "role": role,
            "start": start,
            "end": job.get("endDate") or ("present" if start else None),
            "location": job.get("location"),
            "highlights": ([job["summary"]] if job.get("summary") else []) + list(job.get("highlights", [])),
        }
    )


def _education(item: dict[str, Any], n: int, left_out: list[str]) -> dict[str, Any] | None:
    if not item.get("institution"):
        left_out.append(f"education[{n}] (no institution)")
        return None
    left_out += [f"education[{n}].{key}" for key in ("url", "score", "courses") if item.get(key)]
    return drop_empty(
        {
            "school": item["institution"],
            "degree": item.get("studyType"),
            "field": item.get("area"),
            "start": item.get("startDate"),
            "end": item.get("endDate"),
            "notes": item.get("summary"),
        }
    )


def _skills(item: dict[str, Any], n: int, left_out: list[str]) -> dict[str, Any] | None:
    if not item.get("name") and not item.get("keywords"):
        return None
    if item.get("level"):
        left_out.append(f"skills[{n}].level")
    return {"group": item.get("name") or "Skills", "items": list(item.get("keywords", []))}
