"""Private material never reaches anything shared.

Every private field of the fixture portfolio (and everything of its second
application) carries a unique `-MARKER-` string. Each shared output — the
shared site, every recruiter pack (PDF and DOCX) and the encrypted private
site — is searched byte by byte (compressed files unpacked, PDF text and
metadata extracted, DOCX parts unzipped) for every marker; the strings that
must be there are asserted too, so these tests can fail.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content.loader import load_portfolio
from tests.conftest import FIXTURE_PORTFOLIO, planted_markers

pytestmark = pytest.mark.slow


MARKERS = planted_markers()
# Application material that is not private in a pack but never belongs on the shared site.
APPLICATION_STRINGS = ["Acme AI", "acme-pm", "Why Acme", "Can hold their own with top engineers", "spent three years"]
PUBLIC_PROFILE = ["Ada Fixture", "Product manager for developer tools"]
SHARED_STORIES = ["GPU maintenance playbook", "Teaching machine learning"]
# The calendar and the call sheets are the owner's alone.
CALENDAR_STRINGS = ["calendar.ics", "BEGIN:VCALENDAR", "Call sheet", "Coming up", "screen.acme-pm.event"]


def _texts_of(path: Path) -> Iterator[str]:
    """Every readable form of one output file."""
    data = path.read_bytes()
    yield data.decode("utf-8", "replace")
    yield path.name
    if path.suffix == ".gz":
        yield gzip.decompress(data).decode("utf-8", "replace")
    elif path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        yield "\n".join(page.extract_text() or "" for page in reader.pages)
        yield repr(dict(reader.metadata or {}))
    elif path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield name
                yield archive.read(name).decode("utf-8", "replace")


def _corpus(root: Path) -> str:
    parts: list[str] = []
    for path in sorted(p for p in root.rglob("*")):
        parts.append(path.relative_to(root).as_posix())
        if path.is_file():
            parts.extend(_texts_of(path))
    return "\n".join(parts)


def _assert_absent(corpus: str, strings: list[str] | set[str], where: str) -> None:
    lowered = corpus.lower()
    leaked = sorted(s for s in strings if s.lower() in lowered)
    assert not leaked, f"{where} leaks: {leaked}"


def _assert_present(corpus: str, strings: list[str], where: str) -> None:
    missing = [s for s in strings if s not in corpus]
    assert not missing, f"{where} lacks: {missing}"


def test_the_fixture_plants_markers_in_every_private_field() -> None:
    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    acme = loaded.portfolio.applications["acme-pm"]
    planted = " ".join(MARKERS)
    assert len(MARKERS) >= 12
    for private in [
        acme.notes,
        acme.contacts[0].name,
        acme.contacts[0].notes,
        acme.answers[0].versions[0].text,
        acme.answers[0].versions[0].note,
        loaded.portfolio.stories["gpu-playbook"].notes,
        loaded.portfolio.stories["secret-side-project"].title,
        loaded.portfolio.applications["zyx-tpm"].company,
        acme.events[1].prep,
        acme.events[1].outcome,
        acme.events[1].questions[0],
        acme.events[2].title,
        acme.posting.text if acme.posting else None,
    ]:
        assert any(token in planted for token in (private or "").split()), private


def test_shared_site_holds_no_application_and_nothing_private(tmp_path: Path, monkeypatch) -> None:
    from generator.site.build import build_site
    from generator.site.options import command_options

    monkeypatch.delenv("PORTFOLIO_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    site = build_site(command_options(content_dir=FIXTURE_PORTFOLIO, audience="shared", site_dir=tmp_path / "public"))
    corpus = _corpus(site)
    _assert_absent(corpus, MARKERS, "shared site")
    _assert_absent(corpus, APPLICATION_STRINGS, "shared site")
    _assert_present(corpus, PUBLIC_PROFILE + SHARED_STORIES + ["About this portfolio"], "shared site")
    _assert_absent(corpus, CALENDAR_STRINGS, "shared site")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_recruiter_pack_holds_only_its_application(tmp_path: Path, fmt: str) -> None:
    from generator.pack import write_packs

    loaded = load_portfolio(FIXTURE_PORTFOLIO)
    (_pack,) = write_packs(loaded, tmp_path / "out", app_ids=["acme-pm"], fmt=fmt)
    corpus = _corpus(tmp_path / "out")
    _assert_absent(corpus, MARKERS, f"recruiter {fmt}")
    _assert_absent(corpus, ["zyx", "Zyxcorp", "interviewing", "2025-07-10", "jane@example.org"], f"recruiter {fmt}")
    _assert_absent(corpus, CALENDAR_STRINGS + ["Recruiter screen", "Thank-you note"], f"recruiter {fmt}")
    _assert_present(
        corpus,
        PUBLIC_PROFILE
        + ["Acme AI", "Can hold their own with top engineers", "spent three years", "GPU maintenance playbook"],
        f"recruiter {fmt}",
    )


def test_encrypted_private_site_holds_no_text_in_the_clear(tmp_path: Path, monkeypatch) -> None:
    from generator.site.build import build_site
    from generator.site.options import command_options

    monkeypatch.setenv("PORTFOLIO_PASSWORD", "correct horse battery staple")
    monkeypatch.setenv("PORTFOLIO_TEST_ONLY_KDF_ITERATIONS", "1000")  # speed; the default is tested elsewhere
    monkeypatch.chdir(tmp_path)
    site = build_site(command_options(content_dir=FIXTURE_PORTFOLIO, audience="private", site_dir=tmp_path / "site"))
    corpus = _corpus(site)
    _assert_absent(corpus, MARKERS, "encrypted site")
    _assert_absent(
        corpus,
        APPLICATION_STRINGS + PUBLIC_PROFILE + SHARED_STORIES + ["gpu-playbook", "teaching-ml", "About this portfolio"],
        "encrypted site",
    )
    assert "correct horse" not in corpus


def test_private_site_alone_has_the_calendar_and_call_sheets(tmp_path: Path, monkeypatch) -> None:
    import icalendar

    from generator.site.build import build_site
    from generator.site.options import command_options

    monkeypatch.delenv("PORTFOLIO_PASSWORD", raising=False)
    monkeypatch.chdir(tmp_path)
    site = build_site(
        command_options(content_dir=FIXTURE_PORTFOLIO, audience="private", site_dir=tmp_path / "site", packs=False)
    )
    calendar = icalendar.Calendar.from_ical((site / "calendar.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == 4
    sheet = (site / "applications" / "acme-pm" / "screen" / "index.html").read_text("utf-8")
    assert "PREP-MARKER-2c4e" in sheet and "OUTCOME-MARKER-9e3f" in sheet
