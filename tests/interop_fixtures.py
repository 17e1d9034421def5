"""Inputs for the interop tests: a content folder with a full profile, a JSON Resume document
and a LinkedIn data export built with LinkedIn's own file and column names."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

PROFILE = """\
# yaml-language-server: $schema=../schema/profile.schema.json
# Who I am: kept by hand.
name: Ada Fixture   # as on my passport
headline: Product manager for developer tools
email: ada@example.org
location: Lisbon, PT
timezone: Europe/Lisbon
links:
  - label: Website
    url: https://ada.example.org
  - label: GitHub
    url: https://github.com/ada-fixture
summary: |
  I make complicated systems **legible** to the people who run them.

  Ten years of developer tools.
experience:
  - org: Hyperscale Cloud
    role: Technical Program Manager
    start: 2023-02
    end: present
    location: Redmond, WA
    highlights:
      - Ran planned maintenance for 5,000+ GPUs.
    stories: [gpu-playbook]
  - org: Bookshop Co
    role: Technical Writer
    start: "2019"
    end: 2021-06-30
education:
  - school: Example University
    degree: BSc
    field: Computer Science
    start: "2015"
    end: "2019"
    notes: Thesis on program comprehension.
skills:
  - group: Programs
    items: [Planning, Risk reviews]
  - group: Languages
    items: [Python, SQL]
"""

SHARED_STORY = """\
title: The GPU maintenance playbook
summary: A playbook that made GPU maintenance predictable.
org: Hyperscale Cloud
situation: Maintenance windows were negotiated one by one.
notes: PRIVATE-MARKER-story-notes
"""

PRIVATE_STORY = """\
title: PRIVATE-MARKER-secret-title
summary: PRIVATE-MARKER-secret-summary
org: Hyperscale Cloud
role: Technical Program Manager
situation: Not for anyone else.
visibility: private
"""

# A JSON Resume document holding every field the profile models, written the way
# `export jsonresume` writes it: JSON Resume -> profile -> JSON Resume gives it back.
RESUME: dict[str, Any] = {
    "$schema": "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    "basics": {
        "name": "Grace Import",
        "label": "Site reliability engineer",
        "email": "grace@example.com",
        "phone": "+1 555 0100",
        "url": "https://grace.example.com",
        "summary": "Keeps large systems up.\n\nWrites about it, too.",
        "location": {"city": "New York, NY"},
        "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/grace-import"}],
    },
    "work": [
        {
            "name": "Example Corp",
            "position": "Staff SRE",
            "location": "New York, NY",
            "startDate": "2021-03",
            "highlights": ["Cut paging by half.", "Led the **on-call** rewrite."],
        },
        {
            "name": "Startup Inc",
            "position": "Engineer",
            "startDate": "2017",
            "endDate": "2021-02-28",
        },
    ],
    "education": [
        {
            "institution": "State University",
            "studyType": "BS",
            "area": "Mathematics",
            "startDate": "2013",
            "endDate": "2017",
            "summary": "Honours.",
        }
    ],
    "skills": [{"name": "Operations", "keywords": ["Kubernetes", "Incident response"]}],
}


def write_content(folder: Path, profile: str = PROFILE) -> Path:
    content = folder / "content"
    (content / "stories").mkdir(parents=True)
    (content / "profile.yaml").write_text(profile, encoding="utf-8")
    (content / "stories" / "gpu-playbook.yaml").write_text(SHARED_STORY, encoding="utf-8")
    (content / "stories" / "secret-side-project.yaml").write_text(PRIVATE_STORY, encoding="utf-8")
    return content


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


# The five files the import reads, as LinkedIn writes them (every column, in LinkedIn's order).
LINKEDIN_FILES: dict[str, str] = {
    "Profile.csv": csv_text(
        [
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ],
        [
            [
                "Linh",
                "Export",
                "",
                "",
                "Mar 3",
                "Data engineer at Example Corp",
                "I build data pipelines.\nAnd teach SQL.",
                "Software Development",
                "10001",
                "New York, New York, United States",
                "[linhexport]",
                "PERSONAL:https://linh.example.com, BLOG:blog.linh.example.com, OTHER:https://www.github.com/linh-export",
                "",
            ]
        ],
    ),
    "Positions.csv": csv_text(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [
            [
                "Example Corp",
                "Data Engineer",
                "• Built the billing pipeline\n• Cut costs by 30%",
                "New York, New York, United States",
                "Jan 2022",
                "",
            ],
            ["Old Co", "Analyst", "Reported weekly metrics.", "", "2019", "Dec 2021"],
        ],
    ),
    "Education.csv": csv_text(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [["City College", "2015", "2019", "Dean's list", "Bachelor of Science - BS", "Chess club"]],
    ),
    "Skills.csv": csv_text(["Name"], [["SQL"], ["Python"], ["Airflow"]]),
    "Email Addresses.csv": csv_text(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [["old@example.net", "Yes", "No", "4/1/20, 10:30 AM"], ["linh@example.com", "Yes", "Yes", "1/2/24, 9:00 AM"]],
    ),
}
# Files of an export the import has no use for.
LINKEDIN_OTHER_FILES = {
    "Connections.csv": 'Notes:\n"When exporting your connection data..."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n',
    "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n",
}


def write_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def linkedin_export(folder: Path, **changes: str | None) -> Path:
    """A LinkedIn export zip; a change replaces a file's text (None leaves it out)."""
    files = dict(LINKEDIN_FILES) | dict(LINKEDIN_OTHER_FILES)
    for name, text in changes.items():
        key = name.replace("_", " ") + ".csv"
        if text is None:
            files.pop(key)
        else:
            files[key] = text
    return write_zip(folder / "Basic_LinkedInDataExport_01-05-2026.zip", files)
