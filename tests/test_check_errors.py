"""Bad input is a table: a broken file in, the positioned message out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.check_error_cases import APP_HEAD, CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_input_is_reported_with_its_position(
    case: Case, fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case.write(fixture_content)
    monkeypatch.chdir(fixture_content.parent)
    result = CliRunner().invoke(main, ["check", *case.args])
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    expected = f"{case.where}: error: "
    lines = [line for line in result.stderr.splitlines() if line.startswith(expected)]
    assert lines, f"no line starting {expected!r} in:\n{result.stderr}"
    assert any(case.fragment in line for line in lines), result.stderr


def test_every_problem_in_every_file_is_reported_at_once(
    fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    CASES[0].write(fixture_content)
    (fixture_content / "applications" / "b.yaml").write_text(APP_HEAD + "status: sent\nnotez: x\n")
    monkeypatch.chdir(fixture_content.parent)
    result = CliRunner().invoke(main, ["check"])
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [line.split(": error:")[0] for line in errors] == [
        "content/applications/b.yaml:3:9",
        "content/applications/b.yaml:4:1",
        "content/stories/s.yaml:1:1",
    ]
    assert result.stderr.rstrip().endswith("3 error(s), 1 warning(s)")


def test_valid_content_prints_a_summary(monkeypatch: pytest.MonkeyPatch, fixture_content: Path) -> None:
    monkeypatch.chdir(fixture_content.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok: 2 applications, 3 stories, 3 answers, 1 warnings"
    assert "criterion has no evidence" in result.stderr


def test_warning_is_not_an_error_without_strict(fixture_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    next(case for case in CASES if case.id == "over-limit-strict").write(fixture_content)
    monkeypatch.chdir(fixture_content.parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0
    assert "content/applications/a.yaml:8:15: warning: final version `v1` of `why` is 5 words" in result.stderr


def test_content_folder_elsewhere_is_named_relative_to_cwd(
    fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (fixture_content / "stories" / "s.yaml").write_text("titel: x\naction: y\n")
    monkeypatch.chdir(fixture_content / "stories")
    result = CliRunner().invoke(main, ["check", "--content", ".."])
    assert result.exit_code == 1
    assert "\ns.yaml:1:1: error: unknown field `titel`; did you mean `title`?\n" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["pdf"],
        ["build"],
        ["new", "story", "first"],
        ["import", "note.md", "--dry-run"],
        ["import", "note.md"],
    ],
)
def test_missing_content_folder_is_the_same_content_error_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.md").write_text("## Why Acme\n\nBecause.\n", encoding="utf-8")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "content:1:1: error: content folder not found; create it or pass --content DIR\n1 error(s), 0 warning(s)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["note.md"]


def test_wrong_usage_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", "--no-such-option"]).exit_code == 2
