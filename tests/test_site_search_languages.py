"""Only the search languages a site uses are published: fewer files, and search still works in a browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files

from generator.site import theme
from generator.site.theme import LUNR_FOLDER, MATERIAL_TEMPLATES, WORKERS_FOLDER, lunr_files
from tests.chromium import TIMEOUT_MS
from tests.conftest import FIXTURE_PORTFOLIO, portfolio
from tests.localhost import serving

TWO_LANGUAGES = """\
site_name: Fixture
docs_dir: content
theme:
  name: material
plugins:
  - search:
      lang: [en, de]
  - portfolio
"""


@pytest.mark.parametrize(
    ("languages", "scripts"),
    [
        (["en"], set()),
        (["de"], {"min/lunr.de.min.js", "min/lunr.stemmer.support.min.js"}),
        (["en", "de"], {"min/lunr.de.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js"}),
        (["ja"], {"min/lunr.ja.min.js", "tinyseg.js", "min/lunr.stemmer.support.min.js"}),
        (["th"], {"min/lunr.th.min.js", "wordcut.js", "min/lunr.stemmer.support.min.js"}),
        (["hi"], {"min/lunr.hi.min.js", "wordcut.js", "min/lunr.stemmer.support.min.js"}),
    ],
)
def test_the_lunr_files_a_set_of_languages_needs(languages: list[str], scripts: set[str]) -> None:
    assert lunr_files(languages) == {LUNR_FOLDER + script for script in scripts}


def test_material_s_search_worker_loads_what_lunr_files_says() -> None:
    """A contract with the installed Material (9.x): the worker's loading code, as `lunr_files` mirrors it."""
    [worker] = (MATERIAL_TEMPLATES / WORKERS_FOLDER).glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    loading = re.search(r"for\(let (\w) of \w\.lang\)\{switch\(\1\)\{(.*?)\.length&&\(yield importScripts\(", code)
    assert loading is not None, "Material's search worker loads its languages otherwise now: check lunr_files"
    assert loading.group(2).count("case") == 3  # ja; hi and th
    for script in ("/tinyseg.js", "/wordcut.js", "/min/lunr.${", "/min/lunr.multi.min.js"):
        assert script in loading.group(2)
    assert "/min/lunr.stemmer.support.min.js" in code[loading.end() : loading.end() + 80]
    shipped = {
        path.relative_to(MATERIAL_TEMPLATES).as_posix() for path in (MATERIAL_TEMPLATES / LUNR_FOLDER).rglob("*.js")
    }
    languages = [name.split(".")[1] for name in shipped if re.fullmatch(r".*/lunr\.\w\w\.min\.js", name)]
    assert len(languages) > 25 and lunr_files(languages) <= shipped
    assert theme._worker_loads_as_expected()  # the exact code the build checks before it leaves any out


def _lunr_file(folder: Path, name: str) -> File:
    return File(f"{LUNR_FOLDER}min/{name}", str(folder), "/site", use_directory_urls=True)


@pytest.mark.parametrize("worker_as_expected", [True, False])
def test_only_material_s_own_unused_files_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker_as_expected: bool
) -> None:
    monkeypatch.setattr(theme, "_search_languages", lambda config: ["en"])
    monkeypatch.setattr(theme, "_worker_loads_as_expected", lambda: worker_as_expected)
    material_s, mine = _lunr_file(MATERIAL_TEMPLATES, "lunr.de.min.js"), _lunr_file(tmp_path, "lunr.xx.min.js")
    files = Files([material_s, mine])  # `mine` as from a custom_dir: always kept
    theme.drop_unused_search_languages(files, config=None)  # type: ignore[arg-type]
    assert list(files) == ([mine] if worker_as_expected else [material_s, mine])


def _published_lunr(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in (site / LUNR_FOLDER).rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The fixture built with the built-in configuration (English), and with a search in English and German."""
    sites = {}
    for name, config in (("en", None), ("en+de", TWO_LANGUAGES)):
        root = tmp_path_factory.mktemp(f"search-{name}")
        shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
        if config is not None:
            (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        done = portfolio(root, "build")
        assert done.returncode == 0, done.stderr
        sites[name] = root / "site"
    return sites


@pytest.mark.slow
def test_a_site_publishes_the_lunr_files_of_its_search_languages_only(two_sites: dict[str, Path]) -> None:
    assert _published_lunr(two_sites["en"]) == set()
    assert _published_lunr(two_sites["en+de"]) == lunr_files(["en", "de"])
    assert any((two_sites["en"] / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", ["en", "en+de"])
def test_search_finds_a_story_and_no_file_is_missing(chromium, two_sites: dict[str, Path], name: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    failed: list[str] = []
    with serving(two_sites[name]) as url:
        context = chromium.new_context()
        context.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        try:
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator("input.md-search__input").press_sequentially("machine learning", delay=20)
            sync_api.expect(page.locator(".md-search-result__item a").first).to_contain_text("machine learning")
        finally:
            context.close()
    assert failed == []
