"""`portfolio import Basic_LinkedInDataExport_*.zip`: LinkedIn's data export into the profile."""

from __future__ import annotations

import json
from pathlib import Path

from generator.content.loader import load_portfolio
from tests.conftest import run
from tests.interop_fixtures import linkedin_export
from tests.test_interop_jsonresume import export, official_validator


def is_subsequence(lines: list[str], within: list[str]) -> bool:
    rest = iter(within)
    return all(line in rest for line in lines)


def new_content(folder: Path, profile: str = "# Only my name so far.\nname: Linh Export\n") -> Path:
    content = folder / "content"
    content.mkdir()
    (content / "profile.yaml").write_text(profile, encoding="utf-8")
    return content


def test_linkedin_export_fills_the_profile(tmp_path: Path, monkeypatch) -> None:
    content = new_content(tmp_path)
    zip_path = linkedin_export(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("import", zip_path.name)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        (
            "added to content/profile.yaml from Basic_LinkedInDataExport_01-05-2026.zip: headline, location, summary, "
            "links (3), email, experience (2), education (1), skills (3 in 1 group(s))"
        ),
        "kept as they were (already filled): name",
    ]
    assert run("check").exit_code == 0
    profile = load_portfolio(content).portfolio.profile
    assert profile.headline == "Data engineer at Example Corp"
    assert profile.location == "New York, New York, United States"
    assert profile.summary == "I build data pipelines.\nAnd teach SQL.\n"
    assert profile.email == "linh@example.com"  # the primary address, not the first
    assert [(link.label, link.url) for link in profile.links] == [
        ("Website", "https://linh.example.com"),
        ("Blog", "https://blog.linh.example.com"),
        ("github.com", "https://www.github.com/linh-export"),
    ]
    current, earlier = profile.experience
    assert (current.org, current.role, current.start, current.end) == (
        "Example Corp",
        "Data Engineer",
        "2022-01",
        "present",
    )
    assert current.highlights == ["Built the billing pipeline", "Cut costs by 30%"]
    assert (earlier.start, earlier.end, earlier.location, earlier.highlights) == (
        "2019",
        "2021-12",
        None,
        ["Reported weekly metrics."],
    )
    [school] = profile.education
    assert (school.school, school.degree, school.start, school.end) == (
        "City College",
        "Bachelor of Science - BS",
        "2015",
        "2019",
    )
    assert school.notes == "Dean's list\n\nActivities and societies: Chess club\n"
    assert [(group.group, group.items) for group in profile.skills] == [("Skills", ["SQL", "Python", "Airflow"])]
    text = (content / "profile.yaml").read_text("utf-8")
    assert text.startswith("# Only my name so far.\nname: Linh Export\nheadline: Data engineer at Example Corp\n")


def test_linkedin_then_json_resume_export_is_valid(tmp_path: Path, monkeypatch) -> None:
    new_content(tmp_path)
    zip_path = linkedin_export(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run("import", zip_path.name).exit_code == 0
    document = export()
    assert list(official_validator().iter_errors(document)) == []
    assert document["work"][0]["startDate"] == "2022-01"


def test_linkedin_never_overwrites_a_filled_field(tmp_path: Path, monkeypatch) -> None:
    profile = "name: Linh E.\nheadline: My own words   # keep\nexperience:\n  - org: Mine\n    role: Kept\n"
    content = new_content(tmp_path, profile)
    zip_path = linkedin_export(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("import", zip_path.name)
    assert result.exit_code == 0, result.output
    assert "kept as they were (already filled): name, headline, experience" in result.stdout
    text = (content / "profile.yaml").read_text("utf-8")
    assert is_subsequence(profile.splitlines(), text.splitlines())  # every line kept, in order, as written
    loaded = load_portfolio(content).portfolio.profile
    assert [p.org for p in loaded.experience] == ["Mine"]
    assert loaded.email == "linh@example.com"


def test_an_export_missing_some_files_gives_what_it_has(tmp_path: Path, monkeypatch) -> None:
    content = new_content(tmp_path)
    zip_path = linkedin_export(tmp_path, Profile=None, Positions=None, Education=None, Email_Addresses=None)
    monkeypatch.chdir(tmp_path)
    result = run("import", zip_path.name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "added to content/profile.yaml from Basic_LinkedInDataExport_01-05-2026.zip: skills"
    )
    assert json.dumps(load_portfolio(content).portfolio.profile.model_dump()).count("SQL") == 1
