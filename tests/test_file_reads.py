"""`portfolio serve` keeps each content file's reading between loads; every load is exactly a fresh one's.

Each case of the broken-content table (check_error_cases.py) is loaded
with nothing kept, then twice while keeping (the second takes every file
from what the first kept), and after an edit from the good fixture: the
content, the files, the positions of every value and every problem are
the same each time.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.content import filecache
from generator.content.diagnostics import ContentError
from generator.content.loader import load_portfolio
from tests.check_error_cases import CASES, Case
from tests.conftest import FIXTURE_PORTFOLIO


def _outcome(content: Path, strict: bool) -> tuple[Any, ...]:
    """Everything a load gives, in a form that compares by value."""
    try:
        loaded = load_portfolio(content, strict=strict)
    except ContentError as error:
        return ("errors", [(p.file, p.position, p.severity, p.message) for p in error.problems])
    sources = {
        path: (
            {key: (mark.line, mark.column, mark.index) for key, mark in source.values.items()},
            {key: (mark.line, mark.column, mark.index) for key, mark in source.keys.items()},
        )
        for path, source in loaded.sources.items()
    }
    return ("loaded", loaded.portfolio, loaded.files, sources, loaded.warnings, loaded.sent)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_load_from_kept_reads_is_a_fresh_load(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    strict = "--strict" in case.args
    kept: dict[object, object] = {}
    monkeypatch.setattr(filecache._kept, "items", kept)  # keeping, as in a serve session
    good = _outcome(content, strict)
    case.write(content)  # an edit while serving
    edited = _outcome(content, strict)
    again = _outcome(content, strict)  # every file from what was kept
    monkeypatch.setattr(filecache._kept, "items", None)
    assert edited == again == _outcome(content, strict)
    assert edited[0] == "errors", "every case of the table is broken content"
    shutil.rmtree(content)
    shutil.copytree(FIXTURE_PORTFOLIO, content)  # the edit undone
    monkeypatch.setattr(filecache._kept, "items", kept)
    assert _outcome(content, strict) == good


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    monkeypatch.setattr(filecache._kept, "items", {})
    first = load_portfolio(content)
    story = content / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8")
    second = load_portfolio(content)
    assert second.portfolio.profile is first.portfolio.profile
    assert second.portfolio.stories["gpu-playbook"] is first.portfolio.stories["gpu-playbook"]
    assert second.portfolio.stories["teaching-ml"].title.startswith("New ")
    assert second.sources[story] is not first.sources[story]


def test_a_deleted_file_is_not_kept_and_the_others_still_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    story = content / "stories" / "extra-story.yaml"  # a story no application references
    shutil.copy(content / "stories" / "teaching-ml.yaml", story)
    kept: dict[object, object] = {}
    monkeypatch.setattr(filecache._kept, "items", kept)
    first = load_portfolio(content)
    assert any(path == story for path, _ in kept)
    story.unlink()
    second = load_portfolio(content)
    assert "extra-story" not in second.portfolio.stories
    assert not any(path == story for path, _ in kept)  # a long serve session does not keep what is gone
    assert second.portfolio.stories["gpu-playbook"] is first.portfolio.stories["gpu-playbook"]
    assert sorted(str(path.relative_to(content)) for path, _ in kept) == sorted(
        str(path.relative_to(content)) for path in second.sources
    )
    with pytest.raises(ContentError):
        load_portfolio(tmp_path / "no-such-folder")  # a load that reads nothing drops nothing
    assert len(kept) == len(second.sources)
