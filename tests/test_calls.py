"""Events, call sheets, the calendar and posting coverage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from generator.audience import private_view
from generator.calls.calendar import event_uid, render_calendar
from generator.calls.callsheet import build_call_sheet
from generator.calls.callsheet_pdf import render_call_sheet_parts
from generator.calls.coverage import (
    coverage_json,
    coverage_text,
    measure_coverage,
    normalize,
    requirement_lines,
)
from generator.cli import main
from generator.content.loader import load_portfolio
from generator.site.pages import render_site_pages
from tests.conftest import FIXTURE_PORTFOLIO, run

TODAY = dt.date(2025, 7, 8)
APP = "company: Acme AI\nrole: Product Manager\ncontacts:\n  - name: Jane Doe\n"


def _event(body: str) -> dict[str, str]:
    return {"applications/a.yaml": APP + "events:\n  - id: call\n    kind: call\n" + body}


EVENT_CASES = [
    (
        "unknown-contact",
        _event("    at: 2025-07-22\n    with: [Jane Do]\n"),
        "content/applications/a.yaml:9:12",
        "`Jane Do` in event `call` is not one of this application's contacts; did you mean `Jane Doe`?",
    ),
    (
        "unknown-story",
        _event("    at: 2025-07-22\n    stories: [gpu-playbok]\n"),
        "content/applications/a.yaml:9:15",
        "unknown story `gpu-playbok` in event `call`; did you mean `gpu-playbook`?",
    ),
    (
        "impossible-date",
        _event("    at: 2025-02-30\n"),
        "content/applications/a.yaml:8:9",
        "`2025-02-30` is not a real date",
    ),
    (
        "impossible-time",
        _event("    at: 2025-07-22T24:30\n"),
        "content/applications/a.yaml:8:9",
        "`at`: `2025-07-22T24:30` is not a real time of day",
    ),
    (
        "impossible-date-quoted",
        _event("    at: '2025-02-30T10:00'\n"),
        "content/applications/a.yaml:8:9",
        "`at`: `2025-02-30T10:00` is not a real date",
    ),
    (
        "time-with-seconds",
        _event("    at: 2025-07-22 10:00:00\n"),
        "content/applications/a.yaml:8:9",
        "`2025-07-22 10:00:00` is not a date",
    ),
    (
        "unknown-time-zone",
        _event("    at: 2025-07-22T10:00\n    timezone: Europe/Lisbn\n"),
        "content/applications/a.yaml:9:15",
        "unknown time zone `Europe/Lisbn`: use an IANA name like `America/New_York`; did you mean `Europe/Lisbon`?",
    ),
    (
        "profile-time-zone",
        {"profile.yaml": "name: Ada\nemail: ada@example.org\ntimezone: Mars/Olympus\n"},
        "content/profile.yaml:3:11",
        "unknown time zone `Mars/Olympus`",
    ),
    (
        "unknown-kind",
        {"applications/a.yaml": APP + "events:\n  - id: call\n    kind: meeting\n    at: 2025-07-22\n"},
        "content/applications/a.yaml:7:11",
        "`kind` must be one of: call, interview, deadline, follow-up, other",
    ),
    (
        "duplicate-event-id",
        {
            "applications/a.yaml": APP + "events:\n  - id: call\n    kind: call\n    at: 2025-07-22\n"
            "  - id: call\n    kind: interview\n    at: 2025-07-23\n"
        },
        "content/applications/a.yaml:9:9",
        "duplicate event id `call`",
    ),
    (
        "with-typo-field",
        _event("    at: 2025-07-22\n    whith: [Jane Doe]\n"),
        "content/applications/a.yaml:9:5",
        "unknown field `whith`; did you mean `with`?",
    ),
    (
        "posting-without-text",
        {"applications/a.yaml": APP + "posting:\n  url: https://example.org/job\n"},
        "content/applications/a.yaml:6:3",
        "missing required field `text`",
    ),
    (
        "posting-url-scheme",
        {"applications/a.yaml": APP + "posting:\n  text: A job.\n  url: javascript:alert(1)\n"},
        "content/applications/a.yaml:7:8",
        "is not a web or mail link",
    ),
]


@pytest.mark.parametrize(("files", "where", "fragment"), [c[1:] for c in EVENT_CASES], ids=[c[0] for c in EVENT_CASES])
def test_broken_events_are_reported_with_their_position(
    files: dict[str, str], where: str, fragment: str, fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for relative, text in files.items():
        (fixture_content / relative).write_text(text, encoding="utf-8")
    monkeypatch.chdir(fixture_content.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    assert result.stderr.count(": error: ") == 1, result.stderr  # said once, where it is
    assert f"{where}: error: " in result.stderr, result.stderr
    line = next(line for line in result.stderr.splitlines() if line.startswith(f"{where}: error: "))
    assert fragment in line, result.stderr


def test_call_sheet_page_matches_golden(golden) -> None:
    pages = render_site_pages(private_view(load_portfolio(FIXTURE_PORTFOLIO)), today=TODAY)
    assert {
        "applications/acme-pm/screen.md",
        "applications/acme-pm/thank-you.md",
        "applications/acme-pm/onsite.md",
    } <= set(pages)
    golden("site/private/applications/acme-pm/screen.md", pages["applications/acme-pm/screen.md"])
    sheet = pages["applications/acme-pm/screen.md"]
    assert "(America/New&#95;York, UTC-4)" in sheet and "(Europe/Lisbon, UTC+1)" in sheet


def test_call_sheet_markdown_for_print_matches_golden(golden) -> None:
    sheet = build_call_sheet(private_view(load_portfolio(FIXTURE_PORTFOLIO)), "acme-pm", "screen")
    golden("calls/acme-pm.screen.pack.md", "\n<!-- part -->\n".join(render_call_sheet_parts(sheet)))


def test_call_sheet_pdf_is_one_private_page(in_portfolio: Path) -> None:
    from pypdf import PdfReader

    result = run("pdf", "acme-pm", "--event", "screen", "--out", "sheets")
    assert result.exit_code == 0, result.output
    reader = PdfReader("sheets/acme-pm.screen.pdf")
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "Private notes",
        "Call: Acme AI",
        "15:00",
        "PREP-MARKER-2c4e",
        "QUESTION-MARKER-7d1a",
        "GPU maintenance playbook",
        "Why Acme",
        "Excellent writers who make complicated systems legible",
    ):
        assert expected in text, expected
    assert run("pdf", "acme-pm", "--event", "nope").exit_code == 2
    assert run("pdf", "acme-pm", "--event", "screen", "--audience", "recruiter").exit_code == 2
    assert not Path("packs").exists()


def _parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def test_calendar_parses_back_with_stable_uids_alarms_and_zones() -> None:
    data = render_calendar(private_view(load_portfolio(FIXTURE_PORTFOLIO)))
    assert data == render_calendar(private_view(load_portfolio(FIXTURE_PORTFOLIO)))  # same bytes every build
    events = {str(e["uid"]): e for e in _parse(data).walk("VEVENT")}
    assert set(events) == {
        event_uid("acme-pm", "thank-you"),
        event_uid("acme-pm", "screen"),
        event_uid("acme-pm", "onsite"),
        event_uid("acme-pm", None),
    }
    screen = events[event_uid("acme-pm", "screen")]
    assert str(screen["summary"]) == "Call: Acme AI — Recruiter screen"
    assert "/applications/acme-pm/screen/" in str(screen["description"])
    start = screen.decoded("dtstart")
    assert start.tzinfo is not None and start.astimezone(dt.UTC) == dt.datetime(2025, 7, 14, 14, tzinfo=dt.UTC)
    assert [a.decoded("trigger") for a in screen.walk("VALARM")] == [-dt.timedelta(hours=1)]
    deadline = events[event_uid("acme-pm", None)]
    assert deadline.decoded("dtstart") == dt.date(2025, 7, 15)
    assert [a.decoded("trigger") for a in deadline.walk("VALARM")] == [-dt.timedelta(days=1)]
    assert not list(events[event_uid("acme-pm", "thank-you")].walk("VALARM"))
    assert [tz["tzid"] for tz in _parse(data).walk("VTIMEZONE")] == ["America/New_York"]


def test_calendar_times_cross_a_dst_change(fixture_content: Path) -> None:
    """09:30 in New York is 13:30 UTC in summer and 14:30 UTC after the clocks change."""
    data = render_calendar(private_view(load_portfolio(fixture_content)))
    events = {str(e["uid"]): e for e in _parse(data).walk("VEVENT")}
    onsite = events[event_uid("acme-pm", "onsite")].decoded("dtstart")
    assert onsite.astimezone(dt.UTC) == dt.datetime(2025, 11, 3, 14, 30, tzinfo=dt.UTC)
    screen = events[event_uid("acme-pm", "screen")].decoded("dtstart")
    assert screen.astimezone(dt.UTC).hour == 14  # 10:00 EDT
    # The VTIMEZONE holds the change between them, so a client without tz data agrees.
    (zone,) = _parse(data).walk("VTIMEZONE")
    assert any(c.name == "STANDARD" and "20251102T020000" in c.to_ical().decode() for c in zone.walk())
    # Renaming nothing but adding an event keeps every other UID.
    app = fixture_content / "applications" / "acme-pm.yaml"
    app.write_text(app.read_text() + "  - id: later\n    kind: other\n    at: 2026-01-05\n", encoding="utf-8")
    after = {
        str(e["uid"]) for e in _parse(render_calendar(private_view(load_portfolio(fixture_content)))).walk("VEVENT")
    }
    assert set(events) < after


def test_calendar_command_writes_the_file(in_portfolio: Path) -> None:
    result = run("calendar", "--out", "out/jobs.ics")
    assert result.exit_code == 0, result.output
    assert _parse(Path("out/jobs.ics").read_bytes()).walk("VEVENT")
    printed = run("calendar")
    assert printed.stdout.startswith("BEGIN:VCALENDAR")


def test_coverage_matches_golden_and_is_the_same_every_run(in_portfolio: Path, golden) -> None:
    first = run("coverage", "acme-pm", "--json")
    assert first.exit_code == 0, first.output
    assert first.stdout == run("coverage", "acme-pm", "--json").stdout
    golden("calls/acme-pm.coverage.json", first.stdout)
    text = run("coverage", "acme-pm")
    golden("calls/acme-pm.coverage.txt", text.stdout)
    data = json.loads(first.stdout)
    terms = {t["term"]: t for t in data["terms"]}
    assert terms["maintenance playbook"]["covered_by"] == ["story:gpu-playbook"]
    assert terms["legible"]["covered_by"] == ["answer:why-acme"]
    assert terms["gpu cluster"]["covered_by"] == [] and terms["gpu cluster"]["requirement"]
    missing = [t for t in data["terms"] if not t["covered_by"]]
    assert data["terms"][: len(missing)] == missing  # missing first, heaviest first
    assert [t["weight"] for t in missing] == sorted((t["weight"] for t in missing), reverse=True)
    assert run("coverage", "zyx-tpm").exit_code == 1  # no saved posting


def test_coverage_normalises_case_and_plurals_and_finds_requirement_lines() -> None:
    assert normalize("GPU Clusters, Policies and Tinkerer’s") == ["gpu", "cluster", "policy", "and", "tinkerer"]
    assert requirement_lines("Intro.\n\n- One thing\n* Another\n") == ["One thing", "Another"]
    assert requirement_lines("We want:\n\nCurious people.\n\nWriters.\n") == ["Curious people.", "Writers."]
    portfolio = load_portfolio(FIXTURE_PORTFOLIO).portfolio
    result = measure_coverage("acme-pm", portfolio.applications["acme-pm"], portfolio.stories)
    assert result is not None and 0 < result.score < 100
    assert coverage_text(result).splitlines()[0].startswith("acme-pm: ")
    assert coverage_json(result) == coverage_json(
        measure_coverage("acme-pm", portfolio.applications["acme-pm"], portfolio.stories)
    )


def test_coverage_never_edits_content(in_portfolio: Path) -> None:
    before = {p: p.read_bytes() for p in in_portfolio.rglob("*") if p.is_file()}
    run("coverage", "acme-pm")
    assert {p: p.read_bytes() for p in in_portfolio.rglob("*") if p.is_file()} == before


def test_dashboard_lists_overdue_follow_ups_first_then_the_next_14_days() -> None:
    pages = render_site_pages(private_view(load_portfolio(FIXTURE_PORTFOLIO)), today=TODAY)
    home = pages["index.md"]
    section = home[home.index("## Coming up") : home.index("## Needs attention")]
    order = [section.index(s) for s in ("Thank-you note", "Recruiter screen", "[Deadline]")]
    assert order == sorted(order) and "1 day overdue" in section
    assert "Onsite" not in section  # months away
    app = pages["applications/acme-pm.md"]
    timeline = app[app.index("## Timeline") : app.index("## Posting")]
    facts = [
        "Opened",
        "Posting saved",
        "Why Acme, v1",
        "Why Acme, v2",
        "Thank-you note",
        "Submitted",
        "Recruiter screen",
        "Deadline",
        "Onsite",
    ]
    positions = [timeline.index(f) for f in facts]
    assert positions == sorted(positions)
    assert "**Coverage:**" in app


def test_submit_pins_the_posting_and_check_warns_when_it_changes(in_portfolio: Path) -> None:
    assert run("submit", "acme-pm", "--date", "2025-07-10").exit_code == 0
    lock = (in_portfolio / "sent.lock").read_text("utf-8")
    assert "postings:\n  acme-pm:\n    - sha256: " in lock and "date: 2025-07-10" in lock
    assert run("check").exit_code == 0
    app = in_portfolio / "applications" / "acme-pm.yaml"
    app.write_text(app.read_text("utf-8").replace("GPU clusters.\n", "GPU clusters and more.\n", 1), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 0
    assert "warning: the posting changed after this was sent on 2025-07-10" in result.stderr
    line = next(i for i, text in enumerate(app.read_text("utf-8").splitlines(), 1) if text.startswith("  text: |"))
    assert f"content/applications/acme-pm.yaml:{line}:" in result.stderr


def test_a_line_break_in_the_owners_name_stays_inside_the_calendars_name(fixture_content: Path) -> None:
    profile = fixture_content / "profile.yaml"
    profile.write_text(profile.read_text().replace("name: Ada Fixture", 'name: "Ada\\nFixture"'))
    calendar = icalendar.Calendar.from_ical(render_calendar(private_view(load_portfolio(fixture_content))))
    assert str(calendar["x-wr-calname"]) == "Job search — Ada Fixture"
