"""`portfolio import Basic_LinkedInDataExport_*.zip`: LinkedIn's data export read into profile fields.

LinkedIn's "Get a copy of your data" gives a zip of CSV files; five of them
hold what a profile needs:

- Profile.csv: "First Name" + "Last Name" (name), "Headline", "Summary",
  "Geo Location" (location), and "Websites" when there ("[PERSONAL:url,...]"
  or "COMPANY:url, OTHER:url");
- Email Addresses.csv: the "Primary" one (else the first) is the email;
- Positions.csv: one position a row ("Company Name", "Title", "Location",
  "Started On", "Finished On": "Jan 2020" or "2020"; an empty "Finished On"
  is `present`); the "Description" lines become highlights;
- Education.csv: "School Name", "Degree Name", "Start Date", "End Date";
  "Notes" and "Activities" become the notes;
- Skills.csv: one group, "Skills", of every "Name".

Any of the five may be missing from an export; a zip with none of them is
not one. A file that lacks a column named here, or a date LinkedIn would
not write, is an error at its line.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from generator.content.diagnostics import ContentError, PortfolioError, Position, Problem, ProblemList, display_path
from generator.interop.imported import ImportedProfile, check_dateish, control_character_problem, drop_empty

COLUMNS: dict[str, tuple[str, ...]] = {
    "Profile.csv": ("First Name", "Last Name", "Headline", "Summary", "Geo Location"),
    "Email Addresses.csv": ("Email Address", "Primary"),
    "Positions.csv": ("Company Name", "Title", "Description", "Location", "Started On", "Finished On"),
    "Education.csv": ("School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"),
    "Skills.csv": ("Name",),
}
_MONTHS = {name: n for n, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_LINKEDIN_DATE = re.compile(r"^(?:([A-Za-z]{3})[a-z]*\.? +)?(\d{4})$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–—]|\d+[.)])\s+")
_WEBSITE = re.compile(r"(?:^|,)\s*(?:([A-Z]+):)?([^,\[\]\s]+)")
_WEBSITE_LABELS = {"PERSONAL": "Website", "COMPANY": "Company", "BLOG": "Blog", "PORTFOLIO": "Portfolio", "RSS": "RSS"}

MAX_CSV_BYTES = 50_000_000
Row = tuple[int, dict[str, str]]  # the row's first line, and its values


def read_linkedin_export(path: Path) -> ImportedProfile:
    """The profile fields of a LinkedIn data export; ContentError naming each file and line at fault."""
    tables = _read_tables(path)
    problems = ProblemList()
    fields: dict[str, Any] = {}
    fields |= _profile(tables.get("Profile.csv", []), path / "Profile.csv", problems)
    fields["email"] = _email(tables.get("Email Addresses.csv", []))
    fields["experience"] = [_position(row, path / "Positions.csv", problems) for row in tables.get("Positions.csv", [])]
    fields["education"] = [_education(row, path / "Education.csv", problems) for row in tables.get("Education.csv", [])]
    skills = [row["Name"].strip() for _, row in tables.get("Skills.csv", []) if row["Name"].strip()]
    fields["skills"] = [{"group": "Skills", "items": skills}] if skills else []
    if problems.items:
        raise ContentError(problems.items)
    return ImportedProfile(path, drop_empty(fields))


def _read_tables(path: Path) -> dict[str, list[Row]]:
    """The rows of each of the five files the export holds; refuses a zip that is not an export."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise PortfolioError(f"{display_path(path)} is not a zip file (a LinkedIn data export is one)") from None
    with archive:
        members = {PurePosixPath(name).name: name for name in archive.namelist() if not name.endswith("/")}
        found = [name for name in COLUMNS if name in members]
        if not found:
            raise PortfolioError(
                f"{display_path(path)} is not a LinkedIn data export: it holds none of " + ", ".join(COLUMNS)
            )
        problems = ProblemList()
        tables = {name: list(_rows(_member(archive, members[name], path), path / name, problems)) for name in found}
    if problems.items:
        raise ContentError(problems.items)
    return tables


def _member(archive: zipfile.ZipFile, member: str, path: Path) -> bytes:
    """One file of the export, read whole (up to a size no LinkedIn CSV comes near: a zip bomb stops there)."""
    try:
        with archive.open(member) as file:
            data = file.read(MAX_CSV_BYTES + 1)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise PortfolioError(f"cannot read {member} in {display_path(path)}: {exc}") from None
    if len(data) > MAX_CSV_BYTES:
        raise PortfolioError(
            f"{member} in {display_path(path)} is larger than {MAX_CSV_BYTES // 1_000_000} MB: not a LinkedIn export's"
        )
    return data


def _rows(data: bytes, file: Path, problems: ProblemList) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(file, Position(), f"not UTF-8 text (byte {exc.start})")
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [column for column in COLUMNS[file.name] if column not in header]
    if missing:
        quoted = ", ".join(f'"{column}"' for column in missing)
        problems.error(file, Position(), f"missing column(s) {quoted}: a LinkedIn export's {file.name} has them")
        return
    line = reader.line_num + 1
    for row in reader:
        values = {key: (value or "") for key, value in row.items() if isinstance(key, str)}
        for column, value in values.items():
            problem = control_character_problem(value)
            if problem:
                _row_error(problems, file, line, f'"{column}": {problem}')
        yield line, values
        line = reader.line_num + 1


def _profile(rows: list[Row], file: Path, problems: ProblemList) -> dict[str, Any]:
    if not rows:
        return {}
    _, row = rows[0]
    name = " ".join(part for part in (row["First Name"].strip(), row["Last Name"].strip()) if part)
    return {
        "name": name,
        "headline": row["Headline"].strip(),
        "location": row["Geo Location"].strip(),
        "summary": row["Summary"].strip(),
        "links": _websites(row.get("Websites", "")),
    }


def _websites(value: str) -> list[dict[str, str]]:
    """LinkedIn's "[PERSONAL:https://a.example,BLOG:b.example]" (or "COMPANY:url, OTHER:url") as links.

    The label is the kind LinkedIn gives, or, for OTHER, the site's host name (`github.com`).
    """
    links = []
    for kind, url in _WEBSITE.findall(value.strip().strip("[]")):
        full = url if re.match(r"^https?://", url) else f"https://{url}"
        host = urlsplit(full).hostname or full
        links.append({"label": _WEBSITE_LABELS.get(kind, host.removeprefix("www.")), "url": full})
    return links


def _email(rows: list[Row]) -> str | None:
    addresses = [(row["Primary"].strip().lower() == "yes", row["Email Address"].strip()) for _, row in rows]
    addresses = [(primary, address) for primary, address in addresses if address]
    primary = [address for is_primary, address in addresses if is_primary]
    found = primary or [address for _, address in addresses]
    return found[0] if found else None


def _position(row: Row, file: Path, problems: ProblemList) -> dict[str, Any]:
    line, values = row
    for column in ("Company Name", "Title"):
        if not values[column].strip():
            _row_error(problems, file, line, f'"{column}" is empty: a position needs one')
    start = _date(values, "Started On", line, file, problems)
    end = _date(values, "Finished On", line, file, problems)
    return drop_empty(
        {
            "org": values["Company Name"].strip(),
            "role": values["Title"].strip(),
            "start": start,
            "end": end or ("present" if start else None),
            "location": values["Location"].strip(),
            "highlights": _highlights(values["Description"]),
        }
    )


def _education(row: Row, file: Path, problems: ProblemList) -> dict[str, Any]:
    line, values = row
    if not values["School Name"].strip():
        _row_error(problems, file, line, '"School Name" is empty: an education entry needs one')
    notes = [values["Notes"].strip()]
    if values["Activities"].strip():
        notes.append(f"Activities and societies: {values['Activities'].strip()}")
    return drop_empty(
        {
            "school": values["School Name"].strip(),
            "degree": values["Degree Name"].strip(),
            "start": _date(values, "Start Date", line, file, problems),
            "end": _date(values, "End Date", line, file, problems),
            "notes": "\n\n".join(note for note in notes if note),
        }
    )


def _date(values: dict[str, str], column: str, line: int, file: Path, problems: ProblemList) -> str | None:
    """LinkedIn's "Jan 2020", "January 2020" or "2020" (or an ISO date) as `2020-01` or `2020`."""
    value = values[column].strip()
    if not value:
        return None
    match = _LINKEDIN_DATE.match(value)
    if match and (match[1] is None or match[1].lower() in _MONTHS):
        return f"{match[2]}-{_MONTHS[match[1].lower()]:02d}" if match[1] else match[2]
    if check_dateish(value) is not None and value != "present":
        return value
    _row_error(problems, file, line, f'"{column}": `{value}` is not a date (LinkedIn writes "Jan 2020" or "2020")')
    return None


def _row_error(problems: ProblemList, file: Path, line: int, message: str) -> None:
    """An error at a row (several may share it: a row's columns have no column number of their own here)."""
    problems.items.append(Problem(file, Position(line, 1), "error", message))


def _highlights(description: str) -> list[str]:
    """A description's bullets (or, written without bullets, its lines) as highlights."""
    lines = [line.strip() for line in description.replace("\r\n", "\n").split("\n") if line.strip()]
    return [_BULLET.sub("", line) for line in lines]
