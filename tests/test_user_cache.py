"""What the user's cache folder keeps between runs (compiled templates, Hunspell's answers) changes nothing built."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import pytest

from generator.content import load_portfolio, spelling
from generator.render.templatecache import keep_compiled
from generator.usercache import cache_root, user_cache
from tests.conftest import FIXTURE_PORTFOLIO

BIN = Path(sys.executable).parent


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _build(project: Path, name: str, cache_home: Path) -> dict[str, bytes]:
    """`portfolio build` in a new process (each process makes its environments, and their caches, anew)."""
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    environ.pop("PORTFOLIO_PASSWORD", None)
    command = [str(BIN / "portfolio"), "build", "--no-packs", "--site-dir", name, "--content", "content"]
    done = subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return _files(project / name)


def _compiled(cache_home: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in (cache_home / "portfolio" / "templates").rglob("*.cache")}


@pytest.mark.slow
def test_compiled_templates_are_kept_and_the_site_is_the_same_bytes(project: Path) -> None:
    cache_home = project / "cache"
    first = _build(project, "first", cache_home)  # compiles every template and keeps it
    compiled = _compiled(cache_home)
    assert len(compiled) > 30  # Material's templates, and the site's own
    folders = {path.parent for path in compiled}
    assert len(folders) == 2  # one for the theme's environment, one for the pages'
    assert all(folder.stat().st_mode & 0o077 == 0 for folder in folders)  # loaded as code: the user's only
    again = _build(project, "again", cache_home)  # every template from the cache
    assert _compiled(cache_home) == compiled  # read, not compiled and written again
    (project / "not-a-folder").write_text("")
    without = _build(project, "without", project / "not-a-folder")  # no cache can be made: compiled as before
    assert again == first
    assert without == first


def test_an_environment_with_other_settings_keeps_its_templates_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "t.html").write_text("{{ '<b>' }}{{ 'a'|shout }}")

    def render(autoescape: bool, shout: Callable[[str], str]) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path), autoescape=autoescape)
        env.filters["shout"] = shout
        return keep_compiled(env).get_template("t.html").render()

    def loud(text: str) -> str:
        return text.upper()

    def quiet(text: str) -> str:
        return text

    assert render(False, loud) == "<b>A"
    assert render(True, loud) == "&lt;b&gt;A"  # not the code compiled without escaping
    assert render(False, quiet) == "<b>a"  # not the code with the other filter folded in
    assert render(False, loud) == "<b>A"


def test_a_cache_folder_that_goes_away_only_costs_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "t.html").write_text("{{ 1 + 1 }}")
    env = keep_compiled(jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path)))
    shutil.rmtree(tmp_path / "cache")
    assert env.get_template("t.html").render() == "2"


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache("own") == Path(os.path.realpath(cache_root() / "own"))
    shared = cache_root() / "shared"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    assert user_cache("shared") is None
    cache_root().chmod(0o777)  # a folder above it others can write to: they could swap ours
    assert user_cache("own") is None
    cache_root().chmod(0o777 | stat.S_ISVTX)  # unless it is sticky, as /tmp is
    assert user_cache("own") is not None


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
    spelling.suggestion.cache_clear()
    assert typos() == asked
