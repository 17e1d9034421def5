"""The names of the files made besides the pages: packs, résumés, the calendar.

Apart from the code that makes them (pack/, cv/, calls/), because a site
build needs the names long before the files, in the process that renders
the pages (sitefiles.py): that code imports Typst, Pandoc's driver and
icalendar, which that process never needs.
"""

from __future__ import annotations

from typing import Literal

PackAudience = Literal["recruiter", "private"]
CvFormat = Literal["pdf", "docx", "txt"]

CALENDAR_FILE = "calendar.ics"  # at the private site's root


def pack_file_name(app_id: str, audience: PackAudience, fmt: str) -> str:
    """The file a pack is written to: the private one is named so, and never overwrites the one to send."""
    return f"{app_id}.private.{fmt}" if audience == "private" else f"{app_id}.{fmt}"


def cv_file_name(app_id: str | None, fmt: CvFormat) -> str:
    """`cv.pdf`, or `cv-<app-id>.pdf` for one tailored to an application."""
    return f"cv-{app_id}.{fmt}" if app_id else f"cv.{fmt}"
