"""`portfolio new story|application`: commented scaffolds that pass `portfolio check` as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.loader import load_portfolio
from tests.conftest import run

ROOT = Path(__file__).parent.parent


def test_new_story_is_commented_and_passes_check(in_portfolio: Path) -> None:
    result = run("new", "story", "on-call-rotation")
    assert result.exit_code == 0, result.output
    path = in_portfolio / "stories" / "on-call-rotation.yaml"
    assert result.stdout.strip() == "wrote content/stories/on-call-rotation.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/story.schema.json"
    assert sum(line.lstrip().startswith("#") for line in text.splitlines()) >= 10, "guiding comments"
    check = run("check")
    assert check.exit_code == 0, check.output
    story = load_portfolio(in_portfolio).portfolio.stories["on-call-rotation"]
    assert story.title == "On call rotation"
    assert story.situation and story.action and story.result


def test_new_application_is_commented_and_passes_check(in_portfolio: Path) -> None:
    company, role = 'Acme: "AI" #1', "yes"  # a colon, quotes, a hash and a YAML 1.1 boolean
    result = run("new", "application", "acme-2026", "--company", company, "--role", role)
    assert result.exit_code == 0, result.output
    path = in_portfolio / "applications" / "acme-2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/application.schema.json"
    assert "# answers:" in text and "#   - id: why-company" in text
    check = run("check")
    assert check.exit_code == 0, check.output
    app = load_portfolio(in_portfolio).portfolio.applications["acme-2026"]
    assert (app.company, app.role, app.status) == (company, role, "drafting")
    assert app.opened is not None


@pytest.mark.parametrize("kind", ["story", "application"])
def test_schema_line_points_at_the_repository_schema(kind: str) -> None:
    """The scaffold's relative schema path, from content/<folder>/, lands on schema/<kind>.schema.json."""
    from generator.authoring.scaffold import APPLICATION_SCHEMA_LINE, STORY_SCHEMA_LINE

    line = STORY_SCHEMA_LINE if kind == "story" else APPLICATION_SCHEMA_LINE
    relative = line.split("$schema=", 1)[1]
    target = (ROOT / "content" / f"{kind}s" / relative).resolve()
    assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve()
    assert target.is_file()


@pytest.mark.parametrize(
    "args, existing",
    [
        (["new", "story", "gpu-playbook"], "stories/gpu-playbook.yaml"),
        (["new", "application", "acme-pm", "--company", "A", "--role", "R"], "applications/acme-pm.yaml"),
    ],
)
def test_an_existing_file_is_never_overwritten(in_portfolio: Path, args: list[str], existing: str) -> None:
    before = (in_portfolio / existing).read_bytes()
    result = run(*args)
    assert result.exit_code == 1
    assert "already exists; it was not overwritten" in result.stderr
    assert (in_portfolio / existing).read_bytes() == before


def test_a_yml_twin_counts_as_existing(in_portfolio: Path) -> None:
    twin = in_portfolio / "stories" / "twin.yml"
    twin.write_text("title: Twin\naction: x\n", encoding="utf-8")
    result = run("new", "story", "twin")
    assert result.exit_code == 1
    assert not (in_portfolio / "stories" / "twin.yaml").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["new", "story", "Bad_Id"],
        ["new", "story", "trailing-"],
        ["new", "application", "Acme PM", "--company", "A", "--role", "R"],
        ["new", "application", "acme", "--company", "A"],  # --role is required
        ["new", "essay", "x"],
    ],
)
def test_wrong_usage_exits_2_and_writes_nothing(in_portfolio: Path, args: list[str]) -> None:
    before = sorted(p.relative_to(in_portfolio) for p in in_portfolio.rglob("*"))
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(in_portfolio) for p in in_portfolio.rglob("*")) == before


def test_invalid_id_message_says_what_an_id_is(in_portfolio: Path) -> None:
    result = run("new", "story", "My Story")
    assert "`My Story` is not a valid id" in result.stderr


def test_missing_content_folder_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "story", "first", "--content", "nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith("nowhere:1:1: error: content folder not found; create it or pass --content DIR")
    assert not (tmp_path / "nowhere").exists()


def test_empty_company_is_refused(in_portfolio: Path) -> None:
    result = run("new", "application", "blank", "--company", " ", "--role", "R")
    assert result.exit_code == 1
    assert "--company must not be empty" in result.stderr
