"""`portfolio export jsonresume` and `portfolio import resume.json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from generator.content.loader import load_portfolio
from tests.conftest import run
from tests.interop_fixtures import RESUME, write_content

VENDORED = Path(__file__).parents[1] / "generator" / "interop" / "jsonresume_schema"
# The copy it was vendored from, where the project sits beside shared/ (developers, CI).
SHARED_SCHEMA = Path(__file__).parents[2] / "shared" / "data" / "jsonresume"


def official_validator() -> Draft7Validator:
    schema = json.loads((VENDORED / "schema.json").read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def export(*extra: str) -> dict:
    result = run("export", "jsonresume", "--out", "resume.json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(Path("resume.json").read_text("utf-8"))


def test_the_vendored_schema_is_the_official_one_with_its_licence() -> None:
    assert "Copyright &copy; 2024 JSON Resume" in (VENDORED / "LICENSE.md").read_text("utf-8")
    assert "jsonresume/resume-schema at commit" in (VENDORED / "SOURCE").read_text("utf-8")
    if SHARED_SCHEMA.exists():
        for name in ("schema.json", "LICENSE.md", "SOURCE"):
            assert (VENDORED / name).read_bytes() == (SHARED_SCHEMA / name).read_bytes()


def test_export_is_valid_against_the_official_schema_and_holds_the_profile(tmp_path: Path, monkeypatch, golden) -> None:
    write_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    document = export()
    assert list(official_validator().iter_errors(document)) == []
    assert document["basics"]["url"] == "https://ada.example.org"
    assert document["basics"]["profiles"] == [{"network": "GitHub", "url": "https://github.com/ada-fixture"}]
    current, earlier = document["work"]
    assert (current["name"], current["position"], current["startDate"]) == (
        "Hyperscale Cloud",
        "Technical Program Manager",
        "2023-02",
    )
    assert "endDate" not in current  # `present`, as JSON Resume writes it
    assert earlier["endDate"] == "2021-06-30"
    golden("interop/fixture-resume.json", Path("resume.json").read_text("utf-8"))


def test_export_puts_shared_stories_in_work_highlights_and_nothing_private(tmp_path: Path, monkeypatch) -> None:
    write_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    document = export()
    assert document["work"][0]["highlights"] == [
        "Ran planned maintenance for 5,000+ GPUs.",
        "The GPU maintenance playbook: A playbook that made GPU maintenance predictable.",
    ]
    text = Path("resume.json").read_text("utf-8")
    assert "MARKER" not in text and "Europe/Lisbon" not in text


def test_export_prints_to_standard_output_without_out(tmp_path: Path, monkeypatch) -> None:
    write_content(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("export", "jsonresume")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["basics"]["name"] == "Ada Fixture"


def test_json_resume_to_portfolio_to_json_resume_keeps_every_field_we_model(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text("# Mine.\nname: Grace Import\n", encoding="utf-8")
    Path(tmp_path / "in.json").write_text(json.dumps(RESUME, indent=2), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 0, result.output
    assert run("check").exit_code == 0
    assert export() == RESUME


def test_import_fills_empty_fields_only_and_keeps_comments_and_layout(tmp_path: Path, monkeypatch) -> None:
    original = (
        "# yaml-language-server: $schema=../schema/profile.schema.json\n"
        "# My profile, by hand.\n"
        "name:   Ada Lovelace     # my name\n"
        "headline: 'Analyst'\n"
        "email:\n"
        "\n"
        "# Where I am\n"
        "location: London\n"
        "skills: []\n"
    )
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text(original, encoding="utf-8")
    (tmp_path / "in.json").write_text(json.dumps(RESUME), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        (
            "added to content/profile.yaml from in.json: email, phone, links (2), summary, experience (2), "
            "education (1), skills (2 in 1 group(s))"
        ),
        "kept as they were (already filled): name, headline, location",
    ]
    text = (content / "profile.yaml").read_text("utf-8")
    assert text.startswith(original.split("email:")[0])  # every line before the first change, byte for byte
    assert "\n# Where I am\nlocation: London\n" in text
    profile = load_portfolio(content).portfolio.profile
    assert (profile.name, profile.headline, profile.location) == ("Ada Lovelace", "Analyst", "London")
    assert profile.email == "grace@example.com"
    assert [p.org for p in profile.experience] == ["Example Corp", "Startup Inc"]
    assert profile.experience[0].end == "present"
    assert profile.skills[0].items == ["Kubernetes", "Incident response"]

    again = run("import", "in.json")
    assert again.exit_code == 0
    assert again.stdout.startswith("nothing to add to content/profile.yaml from in.json")
    assert (content / "profile.yaml").read_text("utf-8") == text


def test_import_reports_what_has_no_place_in_the_profile(tmp_path: Path, monkeypatch) -> None:
    resume = json.loads(json.dumps(RESUME))
    resume["basics"]["image"] = "https://grace.example.com/me.jpg"
    resume["awards"] = [{"title": "Best on-call"}]
    resume["education"][0]["score"] = "3.9"
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text("name: G\n", encoding="utf-8")
    (tmp_path / "in.json").write_text(json.dumps(resume), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 0, result.output
    assert "not imported (no place in the profile): basics.image, education[0].score, awards (1)" in result.stdout


def test_import_writes_a_new_profile_when_there_is_none(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "in.json").write_text(json.dumps(RESUME), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("import", "in.json").exit_code == 0
    text = Path("content/profile.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/profile.schema.json\nname: Grace Import\n")
    assert load_portfolio(Path("content")).portfolio.profile.phone == "+1 555 0100"


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text("name: G\n", encoding="utf-8")
    (tmp_path / "in.json").write_text(json.dumps(RESUME), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.startswith("would add to content/profile.yaml from in.json: headline, email")
    assert (content / "profile.yaml").read_text("utf-8") == "name: G\n"


@pytest.mark.parametrize("name", ["note.md", "note.txt"])
def test_a_file_that_is_neither_json_nor_zip_is_still_a_note(tmp_path: Path, monkeypatch, name: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / name).write_text("# 2025-07-21\n\n## Why Acme\n\nWhy do you want to work here?\n\nBecause.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", name)
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote content/applications/acme.yaml (Acme, 1 answer(s))\n"


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_comments_below_a_key_stay_above_the_next_when_a_block_or_list_goes_in(
    tmp_path: Path, monkeypatch, line_end: str
) -> None:
    original = ["name: B   # me", "location: L", "", "# where I work from", "timezone: UTC", "# the end"]
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_bytes(line_end.join([*original, ""]).encode("utf-8"))
    resume = {"basics": {"label": "Two\nlines", "profiles": [{"network": "N", "url": "https://n.example.org"}]}}
    (tmp_path / "in.json").write_text(json.dumps(resume), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("import", "in.json").exit_code == 0
    expected = [
        "name: B   # me",
        "headline: |",
        "  Two",
        "  lines",
        "location: L",
        "links:",
        "  - label: N",
        "    url: https://n.example.org",
        "",
        "# where I work from",
        "timezone: UTC",
        "# the end",
        "",
    ]
    assert (content / "profile.yaml").read_bytes().decode("utf-8") == line_end.join(expected)


def test_a_profile_of_comments_only_keeps_them_above_the_fields(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text("# yaml-language-server: $schema=../schema/profile.schema.json\n", "utf-8")
    (tmp_path / "in.json").write_text('{"basics": {"name": "N", "label": "L"}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("import", "in.json").exit_code == 0
    assert (content / "profile.yaml").read_text("utf-8") == (
        "# yaml-language-server: $schema=../schema/profile.schema.json\nname: N\nheadline: L\n"
    )
