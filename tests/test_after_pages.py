"""A `serve` rebuild's packs are made once its pages are served, and never served stale (afterpages.py)."""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.content.diagnostics import PortfolioError
from generator.site.afterpages import AfterPages, collect_later
from generator.site.plugin import PortfolioPlugin
from generator.site.preview import _Server
from generator.site.sitefiles import SiteFiles


def _asked(after: AfterPages, path: Path) -> threading.Event:
    """A request for `path` in a thread of its own, as the server has one per request: set once it is answered."""
    answered = threading.Event()

    def ask() -> None:
        after.wait_for(str(path))
        answered.set()

    threading.Thread(target=ask, daemon=True).start()
    return answered


def test_a_request_for_a_file_being_made_waits_for_it_and_others_do_not(tmp_path: Path) -> None:
    after, release = AfterPages(), threading.Event()
    pack, page = tmp_path / "pdf" / "acme.pdf", tmp_path / "index.html"
    order: list[str] = []
    after.add(lambda: (release.wait(10), order.append("pack")), [pack])
    after.start(then=lambda: order.append("then"))

    assert _asked(after, page).wait(10)  # a page is served at once
    waiting = _asked(after, tmp_path / "pdf" / ".." / "pdf" / "acme.pdf")  # however the path is spelt
    assert not waiting.wait(0.2)
    release.set()
    assert waiting.wait(10)
    after.wait()
    assert order == ["pack", "then"]
    assert _asked(after, pack).wait(10)


def test_a_failed_job_is_logged_and_the_files_are_served_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    after, ran = AfterPages(), []

    def broken() -> None:
        raise RuntimeError("a bug")

    after.add(broken, [tmp_path / "pdf" / "cv.pdf"])
    after.add(lambda: ran.append("next"), [])
    after.start(then=lambda: ran.append("then"))
    after.wait()
    assert ran == ["next", "then"]
    assert "making the packs, résumé and calendar failed" in caplog.text
    assert _asked(after, tmp_path / "pdf" / "cv.pdf").wait(10)


def test_nothing_left_runs_then_at_once_and_a_failed_build_leaves_nothing(tmp_path: Path) -> None:
    after, ran = AfterPages(), []
    after.add(lambda: ran.append("pack"), [tmp_path / "pdf" / "cv.pdf"])
    after.discard()
    after.start(then=lambda: ran.append("then"))
    assert ran == ["then"]  # no thread: done before `start` returned
    after.wait()
    assert ran == ["then"]


def test_full_collections_are_held_back_until_released() -> None:
    before = gc.get_threshold()
    release = collect_later()
    try:
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] > 1_000_000
    finally:
        release()
    assert gc.get_threshold() == before


class _FailingFiles(SiteFiles):
    def finish(self) -> list:  # type: ignore[type-arg]
        raise PortfolioError("pdf/acme.pdf: Typst failed")

    def outputs(self) -> list[Path]:
        return [self.site / "pdf" / "acme.pdf", self.site / "calendar.ics"]


def _failing_files(site: Path) -> SiteFiles:
    (site / "pdf").mkdir()
    for name in ("pdf/acme.pdf", "calendar.ics"):
        (site / name).write_text("last build's")
    files = _FailingFiles.__new__(_FailingFiles)
    files.site = site
    return files


def test_a_pack_failing_after_the_pages_is_reported_and_its_old_files_are_not_served(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    after, files = AfterPages(), _failing_files(tmp_path)
    after.add(lambda: PortfolioPlugin()._finish_after_pages(files), files.outputs())
    with caplog.at_level(logging.INFO):
        after.start()
        after.wait()
    assert "pdf/acme.pdf: Typst failed (the packs, résumé and calendar are not served until it is fixed)" in caplog.text
    assert "Traceback" not in caplog.text
    assert not (tmp_path / "pdf" / "acme.pdf").exists()
    assert not (tmp_path / "calendar.ics").exists()


def test_a_pack_interrupted_by_the_end_of_the_session_is_no_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Ctrl-C reaches Pandoc too (the same process group): its failure then is not the content's."""
    after, files = AfterPages(), _failing_files(tmp_path)
    after.add(lambda: PortfolioPlugin()._finish_after_pages(files), files.outputs())
    after.stopping = True
    with caplog.at_level(logging.INFO):
        after.start()
        after.wait()
    assert "serve stopped before the packs, résumé and calendar were made" in caplog.text
    assert "Typst failed" not in caplog.text


def _response(server: LiveReloadServer, path: str) -> bytes:
    got: list[str] = []
    body = server.serve_request({"PATH_INFO": path}, lambda status, headers: got.append(status))
    return got[0].encode() + b" " + b"".join(body)


def test_a_pack_asked_for_while_a_rebuild_runs_is_the_rebuilds(tmp_path: Path) -> None:
    """The request waits for the build (MkDocs), then for the packs the build left for after its pages."""
    after, pack = AfterPages(), tmp_path / "pdf" / "acme.pdf"
    pack.parent.mkdir()
    pack.write_bytes(b"the last build's")
    after.expect([pack])
    building, build_ends, packs_go = threading.Event(), threading.Event(), threading.Event()

    def rebuild() -> None:  # as PreviewBuilds.build: begin, build, leave the packs for after the pages
        after.begin()
        building.set()
        build_ends.wait(10)
        after.add(lambda: (packs_go.wait(10), pack.write_bytes(b"this build's")), [pack])
        after.start()

    server = _Server(after, builder=rebuild, host="127.0.0.1", port=0, root=str(tmp_path))
    loop = threading.Thread(target=server._build_loop, daemon=True)  # MkDocs' own: epochs, then `builder`
    loop.start()
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
    assert building.wait(10)
    answers: list[bytes] = []
    asking = threading.Thread(target=lambda: answers.append(_response(server, "/pdf/../pdf//acme.pdf")))
    asking.start()
    build_ends.set()
    asking.join(0.3)
    assert answers == []  # the build returned, its packs are being made
    packs_go.set()
    asking.join(10)
    assert answers == [b"200 OK this build's"]
    assert _response(server, "/pdf/acme.pdf") == b"200 OK this build's"
    with server._rebuild_cond:
        server._shutdown = True
        server._rebuild_cond.notify_all()
    loop.join(10)
    after.wait()
