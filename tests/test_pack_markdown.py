"""The pack's Markdown: a golden file per audience, and plain strings escaped."""

from __future__ import annotations

import pytest

from generator.audience import pack_view
from generator.content.loader import load_portfolio
from generator.pack.markdown import escape_inline, format_dateish, render_pack_markdown, story_order
from tests.conftest import FIXTURE_PORTFOLIO


@pytest.fixture(scope="module")
def loaded():
    return load_portfolio(FIXTURE_PORTFOLIO)


@pytest.mark.parametrize("audience", ["recruiter", "private"])
def test_pack_markdown_matches_golden_file(loaded, golden, audience: str) -> None:
    markdown = render_pack_markdown(pack_view(loaded, "acme-pm", audience))
    golden(f"pack/acme-pm.{audience}.md", markdown)


def test_recruiter_markdown_holds_only_what_the_view_holds(loaded) -> None:
    markdown = render_pack_markdown(pack_view(loaded, "acme-pm", "recruiter"))
    assert "MARKER" not in markdown
    for public in [
        "Ada Fixture",
        "Acme AI",
        "Why do you want to work at Acme?",
        "spent three years",
        "GPU maintenance playbook",
        "50% faster recovery",
        "Unconventional backgrounds welcome.",
    ]:
        assert public in markdown


def test_private_markdown_adds_status_dates_notes_contacts_and_drafts(loaded) -> None:
    markdown = render_pack_markdown(pack_view(loaded, "acme-pm", "private"))
    for private in [
        "interviewing",
        "10 July 2025",
        "CONTACT-MARKER-8a2b",
        "CONTACTNOTE-MARKER-44c1",
        "APPNOTE-MARKER-6b7d",
        "DRAFT-MARKER-3d9f",
        "DRAFTNOTE-MARKER-5e1b",
        "STORYNOTE-MARKER-7f3a",
        "PRIVSTORY-MARKER-91bd",
    ]:
        assert private in markdown
    assert "OTHER" not in markdown  # nothing of the other application, whatever the audience


def test_stories_come_in_the_order_a_reader_meets_them(loaded) -> None:
    view = pack_view(loaded, "acme-pm", "private")
    assert story_order(view, view.applications["acme-pm"]) == ["gpu-playbook", "secret-side-project", "teaching-ml"]


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("GPU maintenance playbook", "GPU maintenance playbook"),
        ("C# & *stars* _under_ <tag> [x](y)", r"C\# \& \*stars\* \_under\_ \<tag\> \[x\](y)"),
        ("100% $5 @me ~5 2^3 a|b back\\slash {x}", r"100% \$5 \@me \~5 2\^3 a\|b back\\slash \{x\}"),
        ("- not a list", r"\- not a list"),
        ("2025. A year", r"2025\. A year"),
        ("(a) not a list", r"\(a) not a list"),
        ("> not a quote", r"\> not a quote"),
        ("one\nline", "one line"),
    ],
)
def test_plain_strings_are_escaped(text: str, markdown: str) -> None:
    assert escape_inline(text) == markdown


@pytest.mark.parametrize(
    ("value", "shown"),
    [("2016", "2016"), ("2023-05", "May 2023"), ("2025-07-05", "5 July 2025"), ("present", "present")],
)
def test_dates_read_as_words(value: str, shown: str) -> None:
    assert format_dateish(value) == shown
