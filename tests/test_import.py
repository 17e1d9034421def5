"""`portfolio import NOTE.md`: "Why <Company>" sections become application files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml.comments import CommentedMap

from generator.authoring.notes import find_sections, parse_limit, read_note
from generator.authoring.yamldoc import dump_document, literal
from generator.content.diagnostics import ProblemList
from generator.content.loader import load_portfolio
from generator.content.yamlsource import read_yaml
from tests.conftest import run

DATA = Path(__file__).parent / "data" / "import"
SEED = DATA / "seed-note.md"  # a copy of the owner's real note, unchanged


def import_text(folder: Path, text: str, name: str = "note.md", *extra: str):
    note = folder.parent / name
    note.write_text(text, encoding="utf-8")
    return run("import", str(note), *extra)


def seed_lines_between(first: str, last: str) -> str:
    """The seed's text from the line starting `first` to the line starting `last`, as written."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    return "\n".join(lines[start : end + 1]) + "\n"


# --- the seed note ----------------------------------------------------------


def test_seed_note_gives_perplexity_with_its_limit_and_the_drafts_verbatim(in_portfolio: Path, golden) -> None:
    result = run("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wrote content/applications/perplexity.yaml (Perplexity, 1 answer(s))",
        "wrote content/applications/anthropic.yaml (Anthropic, 2 answer(s))",
    ]
    check = run("check")
    assert check.exit_code == 0, check.output  # a warning: the drafts are far over 400 words

    loaded = load_portfolio(in_portfolio)
    app = loaded.portfolio.applications["perplexity"]
    assert (app.company, app.role, app.opened) == ("Perplexity", "To confirm", dt.date(2025, 7, 21))
    [answer] = app.answers
    assert answer.id == "why-perplexity"
    assert answer.prompt.startswith("How do you meet the APM program criteria? In 400 words or less")
    assert answer.limit.words == 400 and answer.limit.chars is None
    [version] = answer.versions
    # Every draft, in the note's order, byte for byte (curly quotes, "..", double blank lines).
    assert version.text == seed_lines_between("Curiosity is the thread", "Focus on what you make")
    assert "Since high school, I've been a tinkerer. Organizing hackathons, writing AI curriculum, \n" in version.text

    anthropic = loaded.portfolio.applications["anthropic"]
    points, prose = anthropic.answers
    assert (points.kind, points.versions[0].text.splitlines()[0]) == (
        "talking-points",
        "- first foray into ai was ai ethics",
    )
    assert prose.versions[0].text == seed_lines_between("Annie is an exceptional fit", "When discussing")

    golden("import/seed-perplexity.yaml", (in_portfolio / "applications" / "perplexity.yaml").read_text("utf-8"))
    golden("import/seed-anthropic.yaml", (in_portfolio / "applications" / "anthropic.yaml").read_text("utf-8"))


def test_role_placeholder_is_explained_in_a_comment(in_portfolio: Path) -> None:
    run("import", str(SEED))
    text = (in_portfolio / "applications" / "perplexity.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/application.schema.json\n")
    assert '# The note does not name the role: replace "To confirm"' in text


def test_dry_run_prints_and_writes_nothing(in_portfolio: Path) -> None:
    before = sorted(p.name for p in (in_portfolio / "applications").iterdir())
    result = run("import", str(SEED), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write content/applications/perplexity.yaml" in result.stdout
    assert "limit: {words: 400}" in result.stdout
    assert sorted(p.name for p in (in_portfolio / "applications").iterdir()) == before


def test_import_never_overwrites_it_picks_a_free_id(in_portfolio: Path) -> None:
    taken = in_portfolio / "applications" / "perplexity.yaml"
    taken.write_text("company: Mine\nrole: Mine\n", encoding="utf-8")
    result = run("import", str(SEED))
    assert result.exit_code == 0, result.output
    assert taken.read_text("utf-8") == "company: Mine\nrole: Mine\n"
    assert "wrote content/applications/perplexity-2.yaml" in result.stdout
    again = run("import", str(SEED))
    assert "wrote content/applications/perplexity-3.yaml" in again.stdout


def test_same_company_twice_in_one_note(in_portfolio: Path) -> None:
    result = import_text(in_portfolio, "## Why Acme\nFirst.\n\n## Why Acme\nSecond.\n")
    assert result.exit_code == 0, result.output
    apps = load_portfolio(in_portfolio).portfolio.applications
    assert apps["acme"].answers[0].versions[0].text == "First.\n"
    assert apps["acme-2"].answers[0].versions[0].text == "Second.\n"


# --- what counts as a "Why" heading, and where its section ends ---------------


@pytest.mark.parametrize(
    "heading, company",
    [
        ("## why  OpenAI?", "OpenAI"),
        ("### Why Fireworks AI:", "Fireworks AI"),
        ("# WHY ACME", "ACME"),
        ("###### Why Acme ###", "Acme"),
        ("## **Why Acme**", "Acme"),
        ("Why Acme\n========", "Acme"),
        ("Why Acme\n---", "Acme"),
        ("   ## Why Acme Corp.", "Acme Corp"),
    ],
)
def test_odd_headings(heading: str, company: str) -> None:
    note = read_note(f"intro\n\n{heading}\nBody.\n")
    [section] = find_sections(note)
    assert section.company == company


@pytest.mark.parametrize(
    "text",
    [
        "## Whyte Corp\nBody.\n",
        "## Why\nBody.\n",
        "## Reasons why Acme\nBody.\n",
        "Why Acme is great, a sentence.\n",
        "```\n## Why Acme\n```\n",
        "- ## Why Acme inside a list? no: a list item\n",
    ],
)
def test_not_why_headings(text: str) -> None:
    assert find_sections(read_note(text)) == []


def test_note_without_why_heading_is_an_error_and_writes_nothing(in_portfolio: Path) -> None:
    before = sorted(p.name for p in (in_portfolio / "applications").iterdir())
    result = import_text(in_portfolio, "# Groceries\n\n- milk\n- eggs\n")
    assert result.exit_code == 1
    assert "nothing to import: no heading in " in result.stderr and '"Why <Company>"' in result.stderr
    assert sorted(p.name for p in (in_portfolio / "applications").iterdir()) == before


def test_section_runs_to_next_heading_of_same_or_higher_level(in_portfolio: Path) -> None:
    note = """# Job hunt
## Why Acme
Why do you want to join Acme?

I like tools.

### Draft 2
I love tools.

#### a detail heading
More.
## Groceries
Milk.
### Why Beta
Beta prose.
# Unrelated
Not Beta.
"""
    result = import_text(in_portfolio, note)
    assert result.exit_code == 0, result.output
    apps = load_portfolio(in_portfolio).portfolio.applications
    [answer] = apps["acme"].answers
    assert answer.prompt == "Why do you want to join Acme?\n"
    assert [v.text for v in answer.versions] == [
        "I like tools.\n",
        "I love tools.\n\n#### a detail heading\nMore.\n",
    ]
    assert apps["beta"].answers[0].versions[0].text == "Beta prose.\n"


# --- prompts, limits and talking points ----------------------------------------


@pytest.mark.parametrize(
    "text, words, chars",
    [
        ("How do you meet the criteria? In 400 words or less, share how.", 400, None),
        ("Why us? 200 words max", 200, None),
        ("Tell us about yourself (1,500 characters).", None, 1500),
        ("1,500 characters", None, 1500),
        ("Describe a failure. Max 300 words.", 300, None),
        ("Describe a failure, up to 250 words.", 250, None),
        ("Maximum of 2000 characters.", None, 2000),
        ("Answer in no more than 1 000 chars.", None, 1000),
        ("A 250-word limit applies.", 250, None),
        ("Word limit: 300", 300, None),
        ("Character limit of 3,000 — be brief.", None, 3000),
        ("Your story (400 words).", 400, None),
        ("≤ 150 words please", 150, None),
        ("In 300 words (2,000 characters max).", 300, 2000),
        ("I wrote 200 words a day for a year.", None, None),
        ("Tell us about 3 words that describe you", None, None),
        ("We reached 5,000 users and 1,500 characters of docs per day", None, None),
    ],
)
def test_limits_written_in_different_ways(text: str, words: int | None, chars: int | None) -> None:
    assert parse_limit(text) == (words, chars)


def test_limits_and_several_prompts_end_to_end(in_portfolio: Path) -> None:
    note = """---
date: 2025-03-04
---
## Why Acme
Why Acme? 200 words max

I want to build tools.

What is a project you are proud of? Up to 1,500 characters.

The playbook, in two points:

- a bullet that belongs to the draft
- because the paragraph introduces it
"""
    result = import_text(in_portfolio, note)
    assert result.exit_code == 0, result.output
    app = load_portfolio(in_portfolio).portfolio.applications["acme"]
    assert app.opened == dt.date(2025, 3, 4)
    first, second = app.answers
    assert (first.id, first.title, first.limit.words) == ("why-acme", "Why Acme", 200)
    assert first.versions[0].text == "I want to build tools.\n"
    assert second.id == "what-is-a-project-you"
    assert (second.limit.words, second.limit.chars) == (None, 1500)
    assert second.versions[0].text == (
        "The playbook, in two points:\n\n- a bullet that belongs to the draft\n- because the paragraph introduces it\n"
    )


def test_a_long_paragraph_ending_in_a_question_is_prose_not_a_prompt(in_portfolio: Path) -> None:
    rhetorical = "I write to think. " * 20 + "How do we make the invisible visible?"
    result = import_text(in_portfolio, f"## Why Acme\nWhy Acme?\n\nFirst draft.\n\n{rhetorical}\n")
    assert result.exit_code == 0, result.output
    [answer] = load_portfolio(in_portfolio).portfolio.applications["acme"].answers
    assert answer.versions[0].text == f"First draft.\n\n{rhetorical}\n"


@pytest.mark.parametrize(
    "body, kinds",
    [
        ("- ethics\n- interpretability\n", ["talking-points"]),
        ("- ethics\n- interpretability\n\nI like Acme.\n", ["talking-points", "answer"]),
        ("I like Acme. Three reasons:\n\n- ethics\n- safety\n", ["answer"]),  # introduced by ":"
        ("I like Acme.\n- ethics\n- safety\n", ["answer"]),  # touching the paragraph
        ("I like Acme.\n\n- ethics\n\nAnd more.\n", ["answer"]),  # prose on both sides
        ("first point\nsecond point here\nthird point\n\nI like Acme.\n", ["talking-points", "answer"]),
        ("Why Acme? 100 words max\n\n- ethics\n- safety\n", ["talking-points"]),  # points for a prompt
        ("Why Acme? 100 words max\n\n- ethics\n\n1. safety\n", ["talking-points"]),  # one list, two styles
        ("I like Acme.\n\nfast\nkind\ncheap\n\nThat is all.\n", ["answer"]),  # short lines inside a draft
    ],
)
def test_bullet_lists_with_no_prose_around_them_are_talking_points(
    in_portfolio: Path, body: str, kinds: list[str]
) -> None:
    result = import_text(in_portfolio, f"## Why Acme\n{body}")
    assert result.exit_code == 0, result.output
    app = load_portfolio(in_portfolio).portfolio.applications["acme"]
    assert [a.kind for a in app.answers] == kinds


def test_prompt_with_no_draft_gets_a_placeholder_version(in_portfolio: Path) -> None:
    result = import_text(in_portfolio, "### Why Fireworks AI:\nWhat excites you about inference? (300 words)\n")
    assert result.exit_code == 0, result.output
    [answer] = load_portfolio(in_portfolio).portfolio.applications["fireworks-ai"].answers
    assert answer.limit.words == 300 and answer.versions[0].text == "To write.\n"


def test_heading_with_nothing_under_it_still_opens_an_application(in_portfolio: Path) -> None:
    result = import_text(in_portfolio, "## Why OpenRouter\n## Why Fireworks AI\n")
    assert result.exit_code == 0, result.output
    apps = load_portfolio(in_portfolio).portfolio.applications
    assert apps["openrouter"].answers == [] and apps["fireworks-ai"].company == "Fireworks AI"


# --- the note's date ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, opened",
    [
        ("---\ndate: 2025-01-02\ntitle: Prep\n---\n## Why Acme\nHi.\n", "note.md", dt.date(2025, 1, 2)),
        ('---\ntitle: "2025-07-21"\n---\n## Why Acme\nHi.\n', "note.md", dt.date(2025, 7, 21)),
        ("# 2025-05-06\n## Why Acme\nHi.\n", "note.md", dt.date(2025, 5, 6)),
        ("## Why Acme\nHi.\n", "2025-03-09.md", dt.date(2025, 3, 9)),
        ("## Why Acme\nHi.\n", "note.md", None),
        ("---\ndate: [broken\n---\n## Why Acme\nHi.\n", "note.md", None),
    ],
)
def test_opened_comes_from_the_notes_date(in_portfolio: Path, text: str, name: str, opened) -> None:
    result = import_text(in_portfolio, text, name)
    assert result.exit_code == 0, result.output
    assert load_portfolio(in_portfolio).portfolio.applications["acme"].opened == opened


# --- text survives the trip through YAML exactly ----------------------------------


def test_awkward_whitespace_survives_import(in_portfolio: Path) -> None:
    draft = "  Indented start.  \n\tTabbed line\n   \n\n\nTrailing spaces   \nlast line  "
    result = import_text(in_portfolio, f"## Why Acme\nWhy?\n\n{draft}\n")
    assert result.exit_code == 0, result.output
    [answer] = load_portfolio(in_portfolio).portfolio.applications["acme"].answers
    assert answer.versions[0].text == draft + "\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_round_trips_through_the_content_reader(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("rt") / "a.yaml"
    path.write_text(dump_document(CommentedMap(company=text, notes=literal(text))), encoding="utf-8", newline="")
    problems = ProblemList()
    parsed = read_yaml(path, problems)
    assert parsed is not None, problems.items
    assert parsed[0] == {"company": text, "notes": text}
