"""Pages made on every core, or kept from the build before, are the same bytes as made one by one."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator.audience import view_for
from generator.content.loader import load_portfolio
from generator.site import forking, prerender
from generator.site.build import build_site
from generator.site.pages import render_site_pages
from tests.conftest import FIXTURE_PORTFOLIO


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _parallel(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(forking, "PARALLEL_FROM", 1 if on else 10**9)
    monkeypatch.setattr(forking.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(prerender, "PARALLEL_FROM", 0 if on else 10**9)


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
    import os

    _parallel(monkeypatch, on=True)
    results = forking.map_in_forks(lambda n: (n * n, os.getpid()), list(range(100)))
    assert [square for square, _ in results] == [n * n for n in range(100)]
    assert os.getpid() not in {pid for _, pid in results}


@pytest.mark.slow
def test_site_is_the_same_bytes_serial_parallel_and_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORTFOLIO_PASSWORD", raising=False)
    prerender._RENDERED.clear()
    _parallel(monkeypatch, on=False)
    serial = _files(build_site(Path("content"), site_dir=tmp_path / "serial"))
    kept = len(prerender._RENDERED)
    assert kept > 10  # pages converted one by one are kept for the next build

    prerender._RENDERED.clear()
    _parallel(monkeypatch, on=True)
    parallel = _files(build_site(Path("content"), site_dir=tmp_path / "parallel"))
    assert len(prerender._RENDERED) == kept

    again = _files(build_site(Path("content"), site_dir=tmp_path / "again"))  # all from memory
    assert serial.keys() == parallel.keys() == again.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []
    assert [name for name in serial if serial[name] != again[name]] == []


@pytest.mark.slow
def test_a_kept_page_still_changes_with_its_markdown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PORTFOLIO_PASSWORD", raising=False)
    site = build_site(Path("content"), site_dir=tmp_path / "site")
    story = tmp_path / "content" / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("Teaching machine learning", "Teaching ML KEPT-CHECK"))
    build_site(Path("content"), site_dir=site)
    assert "Teaching ML KEPT-CHECK" in (site / "stories" / "teaching-ml" / "index.html").read_text()


def test_serving_never_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    _parallel(monkeypatch, on=True)
    monkeypatch.setattr(forking, "_FORKS_ALLOWED", True)
    forking.forbid_forks()  # what the plugin does for `serve`
    assert {pid for pid in forking.map_in_forks(lambda n: os.getpid(), list(range(100)))} == {os.getpid()}
