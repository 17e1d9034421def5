"""Bad input to `portfolio import FILE.json|.zip` and `export jsonresume`: one clear line naming the
file (and line), exit 1, nothing written."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from generator.interop.linkedin import MAX_CSV_BYTES
from tests.conftest import run
from tests.interop_fixtures import LINKEDIN_FILES, csv_text, linkedin_export, write_zip

PROFILE = "# Mine.\nname: X\n"
ZIP = "Basic_LinkedInDataExport_01-05-2026.zip"
POSITIONS_HEADER = ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"]


def json_file(text: str):
    def make(folder: Path) -> str:
        (folder / "in.json").write_text(text, encoding="utf-8")
        return "in.json"

    return make


def raw_file(name: str, data: bytes):
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name

    return make


def linkedin(**changes: str | None):
    def make(folder: Path) -> str:
        return linkedin_export(folder, **changes).name

    return make


def zip_of(files: dict[str, str]):
    def make(folder: Path) -> str:
        return write_zip(folder / "export.zip", files).name

    return make


CASES = {
    "malformed JSON": (
        json_file('{\n  "basics": {\n    "name": "A",\n  }\n}\n'),
        ["in.json:4:3: error: not valid JSON: Expecting property name enclosed in double quotes"],
    ),
    "not UTF-8": (
        raw_file("in.json", b'{"basics": {"name": "\xe9"}}'),
        ["in.json:1:1: error: not UTF-8 text (byte 21); save it as UTF-8"],
    ),
    "a value of the wrong type": (
        json_file(json.dumps({"basics": {"name": 5, "label": "L"}}, indent=2)),
        ["in.json:3:13: error: `basics.name`: 5 is not of type 'string' (the JSON Resume schema)"],
    ),
    "not an object": (
        json_file("[1, 2]\n"),
        ["in.json:1:1: error: [1, 2] is not of type 'object' (the JSON Resume schema)"],
    ),
    "a date the schema refuses": (
        json_file('{"work": [\n  {"name": "A", "position": "B",\n   "startDate": "2020/01"}\n]}\n'),
        [
            "in.json:3:17: error: `work[0].startDate`: not a date: write YYYY, YYYY-MM or YYYY-MM-DD (the JSON Resume schema)"
        ],
    ),
    "a date that is not a real one": (
        json_file('{"education": [\n  {"institution": "A", "endDate": "2021-02-30"}\n]}\n'),
        ["in.json:2:35: error: `education[0].endDate`: `2021-02-30` is not a real date"],
    ),
    "a control character": (
        json_file('{"basics": {\n  "name": "A",\n  "label": "bell\\u0007"\n}}\n'),
        ["in.json:3:12: error: this text holds the control character U+0007, which content cannot hold; remove it"],
    ),
    "a zip that is not a zip": (
        raw_file(ZIP, b"PK? not really"),
        [f"error: {ZIP} is not a zip file (a LinkedIn data export is one)"],
    ),
    "a zip that is not a LinkedIn export": (
        zip_of({"resume.pdf": "%PDF-1.7", "notes/Profile.txt": "hello"}),
        [
            (
                "error: export.zip is not a LinkedIn data export: it holds none of Profile.csv, Email Addresses.csv, "
                "Positions.csv, Education.csv, Skills.csv"
            )
        ],
    ),
    "a CSV with missing columns": (
        linkedin(Positions=csv_text(["Company Name", "Title", "Description"], [["A", "B", "C"]])),
        [
            (
                f'{ZIP}/Positions.csv:1:1: error: missing column(s) "Location", "Started On", "Finished On": '
                "a LinkedIn export's Positions.csv has them"
            )
        ],
    ),
    "a LinkedIn date that is not one": (
        linkedin(
            Positions=csv_text(
                POSITIONS_HEADER,
                [
                    ["A", "B", "line one\nline two", "", "Jan 2020", ""],
                    ["C", "D", "", "", "Sometime 2019", "Smarch 2019"],
                ],
            )
        ),
        [
            f'{ZIP}/Positions.csv:4:1: error: "Finished On": `Smarch 2019` is not a date (LinkedIn writes "Jan 2020" or "2020")',
            f'{ZIP}/Positions.csv:4:1: error: "Started On": `Sometime 2019` is not a date (LinkedIn writes "Jan 2020" or "2020")',
        ],
    ),
    "a control character in a CSV": (
        linkedin(Skills=csv_text(["Name"], [["SQL"], ["Py\x1bthon"]])),
        [
            (
                f'{ZIP}/Skills.csv:3:1: error: "Name": this text holds the control character U+001B, which content '
                "cannot hold; remove it"
            )
        ],
    ),
    "a position without a company": (
        linkedin(Positions=csv_text(POSITIONS_HEADER, [["", "B", "", "", "2020", ""]])),
        [f'{ZIP}/Positions.csv:2:1: error: "Company Name" is empty: a position needs one'],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_one_clear_line_at_its_place_and_nothing_is_written(
    tmp_path: Path, monkeypatch, case: str
) -> None:
    make, expected = CASES[case]
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    name = make(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)
    result = run("import", name)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.splitlines()
    assert lines[: len(expected)] == expected
    assert (content / "profile.yaml").read_text("utf-8") == PROFILE
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_csv_that_is_not_utf8_is_named(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    files = {name: text.encode("utf-8") for name, text in LINKEDIN_FILES.items()}
    files["Skills.csv"] = "Name\nCaf\xe9\n".encode("latin-1")
    with zipfile.ZipFile(tmp_path / ZIP, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    monkeypatch.chdir(tmp_path)
    result = run("import", ZIP)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{ZIP}/Skills.csv:1:1: error: not UTF-8 text (byte 8)"
    assert (tmp_path / "content" / "profile.yaml").read_text("utf-8") == PROFILE


def test_export_of_a_date_json_resume_cannot_hold_is_an_error_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "profile.yaml").write_text("name: X\nexperience:\n  - {org: A, role: B, start: '3001'}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("export", "jsonresume", "--out", "resume.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the profile cannot be written as JSON Resume: work/0/startDate:")
    assert not Path("resume.json").exists()


def test_a_zip_bomb_stops_at_the_size_limit(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / ZIP, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Skills.csv", b"Name\n" + b"A" * (MAX_CSV_BYTES + 10))
    monkeypatch.chdir(tmp_path)
    result = run("import", ZIP)
    assert result.exit_code == 1
    assert result.stderr == f"error: Skills.csv in {ZIP} is larger than 50 MB: not a LinkedIn export's\n"


def test_a_new_profile_needs_a_name(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "in.json").write_text('{"skills": [{"name": "S", "keywords": ["a"]}]}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: in.json gives no name, and there is no content/profile.yaml yet: "
        "write `name: Your Name` in content/profile.yaml, then import again\n"
    )
    assert not (tmp_path / "content" / "profile.yaml").exists()


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ("name: [unclosed\n", "error: content/profile.yaml is not valid YAML: run `portfolio check`"),
        ("- a list\n", "error: content/profile.yaml is not a mapping of fields; run `portfolio check`"),
        (
            "name: X\nlinks: 5\n",
            "error: content/profile.yaml has errors: run `portfolio check`, fix them, then import again",
        ),
    ],
)
def test_a_broken_profile_is_left_as_it_is(tmp_path: Path, monkeypatch, profile: str, message: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "profile.yaml").write_text(profile, encoding="utf-8")
    (tmp_path / "in.json").write_text('{"basics": {"label": "L"}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert (tmp_path / "content" / "profile.yaml").read_text("utf-8") == profile


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "https://example.org/" + "a" * 2000])
def test_an_imported_link_that_check_would_refuse_is_not_written(tmp_path: Path, monkeypatch, url: str) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "profile.yaml").write_text("name: Ada\n", encoding="utf-8")
    resume = {"basics": {"name": "Ada", "profiles": [{"network": "Site", "url": url}]}}
    (tmp_path / "in.json").write_text(json.dumps(resume), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("import", "in.json")
    assert result.exit_code == 1, result.output
    assert "nothing written" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "content" / "profile.yaml").read_text(encoding="utf-8") == "name: Ada\n"
