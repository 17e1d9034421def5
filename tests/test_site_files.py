"""Packs, résumé and calendar are made on a thread while the pages render (generator/site/sitefiles.py)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator.site import plugin as plugin_module
from generator.site.build import build_site
from generator.site.options import SiteOptions
from generator.site.speedups import forking
from tests.conftest import FIXTURE_PORTFOLIO


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _side_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "portfolio-site-files"]


@pytest.mark.slow
def test_the_site_has_its_packs_resume_and_calendar_and_no_thread_is_left(project: Path) -> None:
    site = build_site(SiteOptions(content_dir=project / "content", site_dir=project / "site"))
    assert (site / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (site / "pdf" / "cv.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (site / "pdf").glob("*.pdf") if p.name != "cv.pdf")  # the recruiter packs
    assert _side_threads() == []
    assert forking.WORKERS.allowed  # forks are refused only while the thread runs


@pytest.mark.slow
def test_a_build_failing_while_the_packs_are_made_waits_for_them_and_leaves_the_old_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = SiteOptions(content_dir=project / "content", site_dir=project / "site")
    site = build_site(options)
    before = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    shutil.rmtree(project / ".portfolio-cache")  # the packs take long enough to be running when the page fails

    running: list[bool] = []

    def fail_on_a_page(self, page, *, config, files):  # type: ignore[no-untyped-def]
        running.append(bool(_side_threads()))  # the packs are (almost always) still being made
        raise PluginError("a page failed")

    monkeypatch.setattr(plugin_module.PortfolioPlugin, "on_pre_page", fail_on_a_page)
    with pytest.raises(Exception, match="a page failed"):
        build_site(options)
    assert len(running) == 1  # the build stopped at its first page (whether the thread still ran is the machine's timing)
    assert _side_threads() == []  # waited for, before the failed build's folder was removed
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []
    assert {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert forking.WORKERS.allowed
