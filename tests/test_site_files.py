"""Packs, résumé and calendar are made beside the pages (generator/site/sitefiles.py): in a forked
process, on a thread where a fork is not safe (a pytest worker runs threads: the tests here take
the thread unless they run `portfolio build` in a process of its own), the same bytes either way."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from generator.site import build as build_module
from generator.site import plugin as plugin_module
from generator.site.build import build_site
from generator.site.folders import configured_project, guess_project
from generator.site.options import SiteOptions
from generator.site.speedups import forking
from tests.conftest import FIXTURE_PORTFOLIO


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _children() -> set[str]:
    """This process's children, running or not yet waited for (a worker may run a browser of its own)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended while being listed
            if int(fields[1]) == os.getpid():  # its parent
                children.add(entry.name)
    return children


@pytest.fixture
def left_behind() -> Callable[[], list[str]]:
    """Threads making site files, and children this test started that are still there."""
    before = _children()

    def now() -> list[str]:
        threads = [thread.name for thread in threading.enumerate() if thread.name == "portfolio-site-files"]
        return threads + [f"child {pid}" for pid in sorted(_children() - before)]

    return now


@pytest.fixture
def another_thread() -> Iterator[None]:
    """A thread alive during the build, as `portfolio serve`'s server and watcher are: no fork then."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="like-a-server")
    thread.start()
    yield
    stop.set()
    thread.join()


@pytest.mark.slow
def test_the_site_is_the_same_with_its_files_made_in_a_process_or_on_a_thread(
    project: Path, request: pytest.FixtureRequest, left_behind: Callable[[], list[str]]
) -> None:
    forked = _files(build_site(SiteOptions(content_dir=project / "content", site_dir=project / "forked")))
    assert left_behind() == []
    request.getfixturevalue("another_thread")
    threaded = _files(build_site(SiteOptions(content_dir=project / "content", site_dir=project / "threaded")))
    assert left_behind() == []
    assert forking.WORKERS.allowed  # refused only while the thread ran
    assert forked["calendar.ics"].startswith(b"BEGIN:VCALENDAR")
    assert forked["pdf/cv.pdf"].startswith(b"%PDF")
    assert len([name for name in forked if name.startswith("pdf/")]) > 2  # the recruiter packs too
    assert threaded.keys() == forked.keys()
    assert [name for name in forked if forked[name] != threaded[name]] == []


@pytest.mark.slow
@pytest.mark.parametrize("beside", ["process", "thread"])
def test_a_build_failing_while_the_packs_are_made_waits_for_them_and_leaves_the_old_site(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    beside: str,
    left_behind: Callable[[], list[str]],
) -> None:
    options = SiteOptions(content_dir=project / "content", site_dir=project / "site")
    site = build_site(options)
    before = _files(site)
    shutil.rmtree(project / ".portfolio-cache")  # the packs take long enough to be in the making
    if beside == "thread":
        request.getfixturevalue("another_thread")
    pages: list[str] = []

    def fail_on_a_page(self, page, *, config, files):  # type: ignore[no-untyped-def]
        pages.append(page.file.src_uri)
        raise PluginError("a page failed")

    monkeypatch.setattr(plugin_module.PortfolioPlugin, "on_pre_page", fail_on_a_page)
    with pytest.raises(Exception, match="a page failed"):
        build_site(options)
    assert len(pages) == 1  # it stopped at its first page, while the packs were (almost surely) being made
    assert left_behind() == []  # waited for, before the failed build's folder was removed
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []
    assert _files(site) == before
    assert forking.WORKERS.allowed


FORK_PROBE = """
import os, sys
import generator.site.sitefiles as sitefiles
forks = []
fork = sitefiles._Child.fork
def probe(cls, make):
    forks.append(("mkdocs.config" in sys.modules, len(os.listdir("/proc/self/task"))))
    return fork(make)
sitefiles._Child.fork = classmethod(probe)
if os.environ.get("GUESS_WRONG"):  # as if MkDocs read something else than the guess
    import dataclasses
    import generator.site.build as build
    guess = build.guess_project
    def wrong(config_file, options):
        project, early = guess(config_file, options)
        return dataclasses.replace(project, docs_dir=project.docs_dir / "elsewhere"), early
    build.guess_project = wrong
from generator.cli import main
sys.argv = ["portfolio", "build", "--content", "content", "--site-dir", "site"]
try:
    main()
finally:
    print("forks (MkDocs imported, threads):", forks)
"""


# A `portfolio build` whose forked process is held back (`SLOW_SIDE=packs`: before the packs, until
# the pages' process, waiting for them, has made the calendar) or whose pages are (`SLOW_SIDE=pages`:
# until the forked process has made it, after its packs).
CALENDAR_PROBE = """
import os, sys, time
import generator.site.sitefiles as sitefiles
parent = os.getpid()
make_calendar = sitefiles.SiteFiles._make_calendar
def probe(self):
    took = os.path.exists(self.made_in / "calendar.ics") if self.made_in else None
    make_calendar(self)
    if self.made_in is not None and not took and (self.made_in / "calendar.ics").exists():
        print("calendar made by", "the pages' process" if os.getpid() == parent else "the forked one", flush=True)
sitefiles.SiteFiles._make_calendar = probe
def until_calendar(self):
    deadline = time.monotonic() + 20
    while not (self.made_in / "calendar.ics").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
make = sitefiles.SiteFiles._make
def slow_make(self):
    if os.environ["SLOW_SIDE"] == "packs":
        until_calendar(self)
    return make(self)
sitefiles.SiteFiles._make = slow_make
finish = sitefiles.SiteFiles.finish
def slow_finish(self):
    if os.environ["SLOW_SIDE"] == "pages":
        until_calendar(self)
    return finish(self)
sitefiles.SiteFiles.finish = slow_finish
from generator.cli import main
sys.argv = ["portfolio", "build", "--content", "content", "--site-dir", "site"]
main()
"""


LOCAL_CONFIG = (
    "site_name: Mine\ndocs_dir: {docs}\ntheme:\n  name: material\nplugins:\n  - portfolio:\n      strict: false\n"
)
# Where each configuration forks: (MkDocs imported yet, threads running) at each fork.
FORKS = {
    "built-in": "[(False, 1)]",  # before MkDocs is imported
    "content": "[(False, 1)]",  # a local mkdocs.yml of plain values: the same
    "!ENV [DOCS, content]": "[(True, 1)]",  # a value only MkDocs can read: in on_files
    "./content/../content": "[(False, 1)]",  # `..` resolved as MkDocs resolves it
    "guessed wrong": "[(False, 1), (True, 1)]",  # otherwise than MkDocs read it: dropped, and again in on_files
}


@pytest.mark.slow
@pytest.mark.parametrize("docs", FORKS)
def test_portfolio_build_makes_them_in_a_forked_process(project: Path, docs: str) -> None:
    """Before MkDocs is even imported when what it will read is known; else in `on_files`."""
    if docs != "built-in":
        (project / "mkdocs.yml").write_text(LOCAL_CONFIG.format(docs="content" if docs == "guessed wrong" else docs))
    environ = {key: value for key, value in os.environ.items() if key != "PORTFOLIO_PASSWORD"}
    if docs == "guessed wrong":
        environ["GUESS_WRONG"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", FORK_PROBE], cwd=project, env=environ, capture_output=True, text=True, timeout=300
    )
    assert f"threads): {FORKS[docs]}" in done.stdout, done.stdout + done.stderr
    assert (project / "site" / "pdf" / "cv.pdf").is_file() and (project / "site" / "calendar.ics").is_file()
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".site")) == []


# What the pages' process of `portfolio build` has imported when it starts waiting for the forked one.
IMPORTS_PROBE = """
import sys
import generator.site.sitefiles as sitefiles
seen = []
finish = sitefiles.SiteFiles.finish
def probe(self):
    seen.extend(name for name in sys.modules if name.split(".")[0] in ("typst", "icalendar", "pypandoc"))
    seen.extend(name for name in sys.modules if name.startswith(("generator.pack.", "generator.cv.")))
    return finish(self)
sitefiles.SiteFiles.finish = probe
from generator.cli import main
sys.argv = ["portfolio", "build", "--content", "content", "--site-dir", "site"]
try:
    main()
finally:
    print("imported:", sorted(seen))
"""


@pytest.mark.slow
def test_the_pages_process_imports_nothing_that_makes_the_packs_before_it_waits_for_them(project: Path) -> None:
    """Typst, Pandoc's driver and icalendar cost it about 35 ms of a build's critical path for nothing.

    (It imports icalendar afterwards only when it makes the calendar while it waits.)
    """
    environ = {key: value for key, value in os.environ.items() if key != "PORTFOLIO_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE], cwd=project, env=environ, capture_output=True, text=True, timeout=300
    )
    assert "imported: []" in done.stdout, done.stdout + done.stderr
    assert (project / "site" / "pdf" / "cv.pdf").is_file() and (project / "site" / "calendar.ics").is_file()


@pytest.mark.slow
@pytest.mark.parametrize(("slow", "maker"), [("packs", "the pages' process"), ("pages", "the forked one")])
def test_a_forked_build_makes_the_calendar_once_in_whichever_process_is_free_first(
    project: Path, slow: str, maker: str
) -> None:
    from generator.audience import view_for
    from generator.calls.calendar import render_calendar
    from generator.content.loader import load_portfolio

    environ = {key: value for key, value in os.environ.items() if key != "PORTFOLIO_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-c", CALENDAR_PROBE],
        cwd=project,
        env={**environ, "SLOW_SIDE": slow},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if line.startswith("calendar")] == [f"calendar made by {maker}"]
    made = (project / "site" / "calendar.ics").read_bytes()
    assert made == render_calendar(view_for(load_portfolio(project / "content"), "private"))
    assert (project / "site" / "pdf" / "cv.pdf").is_file()


@pytest.mark.parametrize("overrides", [False, True])
def test_the_built_in_configuration_is_known_before_mkdocs_reads_it(project: Path, overrides: bool) -> None:
    """What `portfolio build` takes for granted to start the packs early is what MkDocs then reads."""
    from mkdocs.config import load_config

    if overrides:
        (project / "overrides").mkdir()
    options = SiteOptions(content_dir=project / "content", site_dir=project / "elsewhere")
    for given in (options, dataclasses.replace(options, site_dir=None)):
        config_file, settings = build_module._configuration(given)
        assert config_file == build_module.BUILTIN_CONFIG
        config = load_config(config_file=str(config_file), **settings)
        assert build_module._builtin_project(given, settings) == configured_project(config, given)
        plugin = config.plugins["portfolio"]
        assert (
            given.with_plugin_settings(
                project,
                content=plugin.config.content,
                strict=plugin.config.strict,
                history=plugin.config.history,
                packs=plugin.config.packs,
                speedups=plugin.config.speedups,
            )
            == given
        )  # so the plugin takes over what the command started (its options are the same)


@pytest.mark.parametrize(
    "config",
    [
        (
            "docs_dir: content\nsite_dir: out\ntheme:\n  name: material\n  custom_dir: overrides\n"
            "plugins:\n  - search\n  - portfolio:\n      content: content\n      packs: false\n"
        ),
        "docs_dir: content\ntheme: {name: material}\nplugins: {portfolio: {strict: true}}\n",
    ],
)
def test_a_local_configuration_of_plain_values_is_known_before_mkdocs_reads_it(project: Path, config: str) -> None:
    from mkdocs.config import load_config

    (project / "overrides").mkdir()
    (project / "mkdocs.yml").write_text("site_name: Mine\n" + config)
    options = SiteOptions(audience="private")
    guess = guess_project(project / "mkdocs.yml", options)
    assert guess is not None
    loaded = load_config(config_file=str(project / "mkdocs.yml"))
    assert guess[0] == configured_project(loaded, options)
    plugin = loaded.plugins["portfolio"]
    plugin.use_options(options)
    loaded.plugins.on_config(loaded)
    assert guess[1] == plugin.options  # the options the plugin builds with, so it takes over what was started


@pytest.mark.parametrize(
    "config",
    [
        "INHERIT: base.yml\nplugins:\n  - portfolio\n",
        "site_dir: !ENV [SITE, site]\nplugins:\n  - portfolio\n",
        "plugins:\n  - portfolio:\n      content: !relative content\n",
        "plugins:\n  - search\n",
        "[not, a, mapping]\n",
    ],
)
def test_a_configuration_only_mkdocs_can_read_is_not_guessed(project: Path, config: str) -> None:
    (project / "mkdocs.yml").write_text(config)
    assert guess_project(project / "mkdocs.yml", SiteOptions()) is None


def test_a_stopped_process_removes_its_temporary_folder_and_ends_what_it_started(tmp_path: Path) -> None:
    """As a failed build stops the packs' process while Pandoc runs: its folder holds answer text."""
    from generator.site.sitefiles import _Child

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    started = tmp_path / "started"

    def make() -> list:  # type: ignore[type-arg]
        with tempfile.TemporaryDirectory(dir=scratch) as folder:
            (Path(folder) / "answer.md").write_text("private words")
            with subprocess.Popen(["sleep", "60"]) as sleeper:
                started.write_text(str(sleeper.pid))
                sleeper.wait()
        return []

    child = _Child.fork(make)
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    sleeper = int(started.read_text())
    child.stop()
    assert list(scratch.iterdir()) == []
    assert not Path(f"/proc/{sleeper}").exists() or "Z" in Path(f"/proc/{sleeper}/stat").read_text().split(")")[1][:3]
