"""The JSON Schemas editors read are the ones the models make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.content.schema import MODELS, build_schema, render_schema

ROOT = Path(__file__).parent.parent
SCHEMA_DIR = ROOT / "schema"


@pytest.mark.parametrize("kind", list(MODELS))
def test_committed_schema_files_match_the_models(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(build_schema(kind)), (
        f"schema/{kind}.schema.json is stale: run `portfolio schema --out schema`"
    )


def _schema_line_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path} does not start with the schema line"
    return (path.parent / first[len(prefix) :]).resolve()


@pytest.mark.parametrize(
    "content_dir", [ROOT / "content", ROOT / "tests" / "fixtures" / "portfolio"], ids=["owner", "fixture"]
)
def test_every_content_file_points_at_its_schema(content_dir: Path) -> None:
    expected = {"profile.yaml": "profile", "stories": "story", "applications": "application"}
    files = [content_dir / "profile.yaml", *sorted(content_dir.glob("*/*.yaml"))]
    for path in files:
        key = path.name if path.parent == content_dir else path.parent.name
        assert _schema_line_target(path) == (SCHEMA_DIR / f"{expected[key]}.schema.json").resolve()


def test_schema_command_prints_a_bundle_that_knows_every_field() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    bundle = json.loads(result.stdout)
    assert {"Profile", "Story", "Application", "Answer", "Version"} <= set(bundle["$defs"])
    story = bundle["$defs"]["Story"]
    assert story["additionalProperties"] is False
    assert "situation" in story["properties"]
    assert story["properties"]["visibility"]["enum"] == ["shared", "private"]


def test_schema_command_prints_one_kind() -> None:
    result = CliRunner().invoke(main, ["schema", "--kind", "application"])
    assert json.loads(result.stdout)["required"] == ["company", "role"]
