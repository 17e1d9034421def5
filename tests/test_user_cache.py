"""What the user's cache folder keeps between runs (compiled templates, Hunspell's answers) changes nothing built."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content import load_portfolio, spelling
from generator.site.build import build_site
from generator.site.options import SiteOptions
from generator.usercache import cache_root, user_cache
from tests.conftest import FIXTURE_PORTFOLIO


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(project: Path, name: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    options = SiteOptions(content_dir=project / "content", site_dir=project / name, packs=False)
    return _files(build_site(options))


@pytest.mark.slow
def test_compiled_templates_are_kept_and_the_site_is_the_same_bytes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_home = project / "cache"
    first = _build(project, "first", cache_home, monkeypatch)  # compiles every template and keeps it
    compiled = list((cache_home / "portfolio" / "templates").glob("*.cache"))
    assert len(compiled) > 30  # Material's templates, and the site's own
    assert (cache_home / "portfolio" / "templates").stat().st_mode & 0o077 == 0  # loaded as code: the user's only
    again = _build(project, "again", cache_home, monkeypatch)  # every template from the cache
    (project / "not-a-folder").write_text("")
    without = _build(project, "without", project / "not-a-folder", monkeypatch)  # no cache can be made
    assert again == first
    assert without == first


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    shared = cache_root() / "shared"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    assert user_cache("shared") is None
    assert user_cache("own") == cache_root() / "own"


@pytest.fixture
def answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[spelling.HunspellAnswers]:
    """This process's Hunspell answers, kept under a new cache folder (and forgotten after the test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    spelling.hunspell_answers.cache_clear()
    yield spelling.hunspell_answers()
    spelling.hunspell_answers.cache_clear()


def test_hunspell_answers_are_kept_and_the_dictionary_is_not_loaded_for_known_words(
    answers: spelling.HunspellAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert answers.spell("receive") is True and answers.spell("recieve") is False
    assert answers.suggest("recieve") == "receive"
    answers.keep()
    assert answers.path is not None and answers.path.is_file()

    def no_dictionary() -> None:
        raise AssertionError("the dictionary was loaded for a word whose answer is kept")

    monkeypatch.setattr(spelling, "english", no_dictionary)
    kept = spelling.HunspellAnswers(answers.path)
    assert kept.spell("receive") is True and kept.spell("recieve") is False
    assert kept.suggest("recieve") == "receive"


def test_a_broken_answers_file_is_asked_again(answers: spelling.HunspellAnswers) -> None:
    assert answers.path is not None
    for broken in ("{not json", json.dumps({"spell": ["a"], "suggest": {}}), json.dumps([1, 2])):
        answers.path.write_text(broken)
        fresh = spelling.HunspellAnswers(answers.path)
        assert fresh.spell("recieve") is False and fresh.spell("receive") is True


def test_a_typo_is_found_the_same_with_kept_answers(answers: spelling.HunspellAnswers, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_PORTFOLIO, content)
    story = content / "stories" / "teaching-ml.yaml"
    text = story.read_text(encoding="utf-8").replace("Wrote a curriculum", "Wrote a Recieve curriculum")
    story.write_text(text, encoding="utf-8")

    def typos() -> list[str]:
        return [p.format() for p in load_portfolio(content).warnings if "Recieve" in p.message]

    asked = typos()  # Hunspell asked, answers kept
    assert len(asked) == 1 and "did you mean `Receive`?" in asked[0]
    assert answers.path is not None and "Recieve" in answers.path.read_text()
    spelling.hunspell_answers.cache_clear()  # as a new process: the answers read from the file
    assert typos() == asked
