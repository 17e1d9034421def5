"""The speed-ups' contract: the site is the same bytes with them off, on, on every core and from memory.

generator/site/speedups replaces MkDocs' `Page.render` and Material's search
index; these tests are what allows it. They also check that the installed
MkDocs and Material are those the speed-ups were written for (so the
contract is tested where it applies), and that any other version is built
as plain MkDocs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from importlib import metadata
from pathlib import Path

import jinja2
import mkdocs.commands.build as mkdocs_build
import pytest

from generator.audience import view_for
from generator.content.loader import load_portfolio
from generator.site import LOGGER_NAME
from generator.site.build import BUILTIN_CONFIG, build_site
from generator.site.options import SiteOptions
from generator.site.pages import render_site_pages
from generator.site.plugin import PortfolioPlugin
from generator.site.speedups import WRITTEN_FOR, Speedups, final_pages, forking, unsupported_versions
from tests.conftest import FIXTURE_PORTFOLIO


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _parallel(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(forking.WORKERS, "parallel_from", 1 if on else 10**9)
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 2)


def _the_plugin(content: Path) -> PortfolioPlugin:
    """The portfolio plugin every build of this process uses (MkDocs keeps one that has `on_startup`)."""
    from mkdocs.config import load_config

    first = load_config(str(BUILTIN_CONFIG), docs_dir=str(content)).plugins["portfolio"]
    assert load_config(str(BUILTIN_CONFIG), docs_dir=str(content)).plugins["portfolio"] is first
    assert isinstance(first, PortfolioPlugin)
    return first


def _versions(**changed: str) -> dict[str, str]:
    return {name: changed.get(name.replace("-", "_"), metadata.version(name)) for name in WRITTEN_FOR}


def test_page_markdown_is_the_same_made_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    view = view_for(load_portfolio(FIXTURE_PORTFOLIO), "private")
    today = dt.date(2025, 3, 1)
    _parallel(monkeypatch, on=False)
    serial = render_site_pages(view, today=today)
    _parallel(monkeypatch, on=True)
    parallel = render_site_pages(view, today=today)
    assert list(parallel) == list(serial)  # same pages, same order
    assert parallel == serial


def test_map_in_forks_keeps_order_and_runs_in_other_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    _parallel(monkeypatch, on=True)
    results = forking.map_in_forks(lambda n: (n * n, os.getpid()), list(range(100)))
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}
    # Handed out biggest first (by `size`), still returned in the items' order.
    sized = forking.map_in_forks(lambda n: (n * n, os.getpid()), list(range(100)), size=lambda n: n % 7)
    assert [square for square, _ in sized] == [n * n for n in range(100)]
    assert os.getpid() not in {pid for _, pid in sized}


def test_the_installed_mkdocs_and_material_are_those_the_speedups_were_written_for() -> None:
    # When this fails after an upgrade: run the contract below with the new
    # versions, then add their series to WRITTEN_FOR (or fix the speed-ups).
    assert unsupported_versions() == []
    assert Speedups().usable


def test_another_version_of_mkdocs_or_material_falls_back_with_one_debug_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    for installed in (_versions(mkdocs="1.7.0"), _versions(mkdocs_material="10.0.1")):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger=LOGGER_NAME):
            speedups = Speedups(version=installed.__getitem__)
        assert not speedups.usable
        (line,) = [record for record in caplog.records if record.name == LOGGER_NAME]
        assert line.levelno == logging.DEBUG
        assert "plain MkDocs" in line.getMessage()
        assert any(f"{name} {version}" in line.getMessage() for name, version in installed.items())
    assert unsupported_versions({"mkdocs": "1.6.9", "mkdocs-material": "9.8.0"}.__getitem__) == []


@pytest.mark.slow
def test_site_is_the_same_bytes_with_speedups_off_on_parallel_from_memory_and_on_other_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    plugin = _the_plugin(tmp_path / "content")

    def build(name: str, speedups: bool = True) -> dict[str, bytes]:
        options = SiteOptions(content_dir=tmp_path / "content", site_dir=tmp_path / name, speedups=speedups)
        return _files(build_site(options))

    monkeypatch.setattr(plugin, "speedups", Speedups())  # nothing kept from an earlier build
    _parallel(monkeypatch, on=False)
    plain = build("plain", speedups=False)  # the switch off: MkDocs and Material as they are
    assert plugin.speedups.kept_pages == 0
    assert mkdocs_build._build_page is final_pages.MKDOCS_BUILD_PAGE
    serial = build("serial")  # pages converted one by one, and kept for the next build
    kept = plugin.speedups.kept_pages
    assert kept > 10
    assert plugin.speedups.pages_written_in_workers == 0

    monkeypatch.setattr(plugin, "speedups", Speedups())
    _parallel(monkeypatch, on=True)
    parallel = build("parallel")  # every page converted ahead, rendered and written in workers
    assert plugin.speedups.kept_pages == kept
    assert plugin.speedups.pages_written_in_workers == kept - 1  # all but the first, written here
    again = build("again")  # every page from memory

    monkeypatch.setattr(plugin, "speedups", Speedups(version=_versions(mkdocs="1.7.0").__getitem__))
    other_version = build("other-version")
    assert plugin.speedups.kept_pages == 0
    assert mkdocs_build._build_page is final_pages.MKDOCS_BUILD_PAGE

    assert len(plain) > 20 and any(name.endswith(".pdf") for name in plain)
    for made in (serial, parallel, again, other_version):
        assert made.keys() == plain.keys()
        assert [name for name in plain if plain[name] != made[name]] == []


@pytest.mark.slow
def test_a_kept_page_still_changes_with_its_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    options = SiteOptions(content_dir=tmp_path / "content", site_dir=tmp_path / "site", packs=False)
    site = build_site(options)
    story = tmp_path / "content" / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("Teaching machine learning", "Teaching ML KEPT-CHECK"))
    build_site(options)
    assert "Teaching ML KEPT-CHECK" in (site / "stories" / "teaching-ml" / "index.html").read_text()


def test_serving_never_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    _parallel(monkeypatch, on=True)
    monkeypatch.setattr(forking.WORKERS, "allowed", True)
    forking.forbid_forks()  # what the plugin does for `serve`
    assert {pid for pid in forking.map_in_forks(lambda n: os.getpid(), list(range(100)))} == {os.getpid()}


@pytest.mark.slow
def test_a_page_that_fails_in_a_worker_fails_the_build_as_mkdocs_alone_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "broken.html").write_text("{{ page.title }} {{ nothing.at_all }}\n")
    (tmp_path / "content" / "pages" / "broken.md").write_text("---\ntemplate: broken.html\n---\n\n# Broken\n")
    monkeypatch.chdir(tmp_path)  # overrides/ is the theme's custom_dir (build.py)
    plugin = _the_plugin(tmp_path / "content")
    errors = []
    for speedups in (False, True):
        monkeypatch.setattr(plugin, "speedups", Speedups())
        _parallel(monkeypatch, on=speedups)
        options = SiteOptions(
            content_dir=tmp_path / "content", site_dir=tmp_path / "site", packs=False, speedups=speedups
        )
        with pytest.raises(jinja2.UndefinedError) as raised:  # a theme's bug: MkDocs lets it through
            build_site(options)
        errors.append((str(raised.value), capsys.readouterr()))
    assert plugin.speedups.pages_written_in_workers > 0  # the page failed in a worker, then here
    assert errors[0] == errors[1]
    assert errors[1][0] == "'nothing' is undefined"
    assert not (tmp_path / "site").exists()  # nothing half-built swapped in


def test_pages_are_left_to_mkdocs_when_another_plugin_handles_a_page_event(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    class Stamps(BasePlugin):  # type: ignore[type-arg]
        def on_post_page(self, output: str, *, page: object, config: object) -> str:
            return output + "<!-- stamped -->"

    config = load_config(str(BUILTIN_CONFIG), docs_dir=str(FIXTURE_PORTFOLIO))
    assert final_pages.known_handlers_only(config)  # Material's search and ours
    config.plugins["stamps"] = Stamps()
    assert not final_pages.known_handlers_only(config)


def test_the_theme_files_are_those_mkdocs_lists_without_the_speedup(tmp_path: Path) -> None:
    """theme_env.py skips dot folders (Material's 14,000 icons): MkDocs' filter leaves out all of them."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.theme import Theme

    overrides = tmp_path / "overrides"
    for name in ["extra.css", "js/a.js", ".hidden/b.css", "js/.cache/c.js", "js/.d.js", "partials/e.html"]:
        (overrides / name).parent.mkdir(parents=True, exist_ok=True)
        (overrides / name).write_text("x")
    theme = {"name": "material", "custom_dir": str(overrides)}
    config = load_config(
        str(BUILTIN_CONFIG), docs_dir=str(FIXTURE_PORTFOLIO), site_dir=str(tmp_path / "s"), theme=theme
    )
    config = config.plugins.on_config(config)

    def listed(env: jinja2.Environment) -> list[tuple[str, str | None]]:
        files = get_files(config)
        files.add_files_from_theme(env, config)
        return [(file.src_uri, file.abs_src_path) for file in files]

    quick = config.theme.get_env()
    assert type(quick.loader).__name__ == "ThemeLoader"  # the plugin's on_config gave it
    assert listed(quick) == listed(Theme.get_env(config.theme))
    assert ("extra.css", str(overrides / "extra.css")) in listed(quick)
