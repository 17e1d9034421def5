"""`portfolio serve` rewrites only what an edit changes, and its site is a clean build's, byte for byte.

Each test runs the builds of a real serve session (generator/site/preview.py:
MkDocs' dirty builds with the speed-ups' answers to `is_modified()`), edits
the content between them as a user would, and after each edit compares
every file of the served site with a clean build of the same content made
by a new plugin, as a newly started `portfolio serve` would make it.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig

from generator import audience
from generator.content import filecache
from generator.pack import planning as pack_planning
from generator.site import pages as site_pages
from generator.site import storypages
from generator.site.build import BUILTIN_CONFIG
from generator.site.options import SiteAudience, SiteOptions, serve_environment
from generator.site.preview import PreviewBuilds
from generator.site.theme import BUILTIN_THEME_DIR
from tests.conftest import FIXTURE_PORTFOLIO

pytestmark = pytest.mark.slow

# What a serve session keeps between builds (a new session starts without).
SESSION_STORES = [filecache._kept, pack_planning._kept_sources, storypages._kept, audience._public_copies]


class Session:
    """A serve session's builds in this process, and clean builds to compare them with."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.content = root / "content"
        self.monkeypatch = monkeypatch
        theme = {"name": "material", "custom_dir": str(root / "overrides")}  # as `portfolio serve` beside overrides/
        self.overrides = {"docs_dir": str(self.content), "theme": theme}
        self.cache = _fresh_plugins(monkeypatch)
        self.builds = PreviewBuilds(str(BUILTIN_CONFIG), self.overrides, str(root / "served"))
        assert self.builds.dirty
        self.builds.build(self.builds.config)
        self.clean_builds = 0

    @property
    def site(self) -> Path:
        return Path(self.builds.site_dir)

    def pdfs(self) -> list[Path]:
        return sorted((self.site / "pdf").glob("*.pdf"))

    def rebuild(self) -> dict[str, int]:
        """Build again after an edit; the modification times of the files before it."""
        before = {str(p.relative_to(self.site)): p.stat().st_mtime_ns for p in self.site.rglob("*") if p.is_file()}
        self.builds.build()
        self.builds.settle()  # the packs, résumé and calendar it made once its pages were served
        return before

    def clean_build(self) -> dict[str, bytes]:
        """A new serve session's first build (new plugins), of the content as it is now."""
        self.clean_builds += 1
        kept = _fresh_plugins(self.monkeypatch)
        # What the session keeps (files read, story pages, packs' Markdown) stays out of it, as in a new process.
        kept_items = [store.items for store in SESSION_STORES]
        try:
            fresh = PreviewBuilds(
                str(BUILTIN_CONFIG), self.overrides, str(self.root / f"clean-{self.clean_builds}"), incremental=False
            )
            for store in SESSION_STORES:
                store.items = None
            try:
                fresh.build(fresh.config)
            finally:
                fresh.close()
        finally:
            MkDocsConfig.plugins.plugin_cache = kept  # the session's plugins again
            for store, items in zip(SESSION_STORES, kept_items, strict=True):
                store.items = items
        return _files(Path(fresh.site_dir))

    def assert_same_as_clean(self) -> None:
        served, clean = _files(self.site), self.clean_build()
        assert sorted(served) == sorted(clean)
        assert [name for name in clean if served[name] != clean[name]] == []


def _fresh_plugins(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Make MkDocs start new plugins (it keeps those with `on_startup` for the process); return the kept ones."""
    kept = MkDocsConfig.plugins.plugin_cache
    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})
    return kept


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    yield from _session(tmp_path, monkeypatch, "private")


@pytest.fixture
def shared_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    yield from _session(tmp_path, monkeypatch, "shared")


def _session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: SiteAudience) -> Iterator[Session]:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    (tmp_path / "overrides" / "assets").mkdir(parents=True)
    (tmp_path / "overrides" / "assets" / "extra.js").write_text("// a static file\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751328000")  # 2025-07-01: the footer's date
    options = SiteOptions(content_dir=tmp_path / "content", audience=audience)
    with serve_environment(options):
        made = Session(tmp_path, monkeypatch)
        try:
            yield made
        finally:
            made.builds.close()


def _rewritten(session: Session, before: dict[str, int]) -> set[str]:
    now = {str(p.relative_to(session.site)): p.stat().st_mtime_ns for p in session.site.rglob("*") if p.is_file()}
    return {name for name, mtime in now.items() if before.get(name) != mtime and name.endswith(".html")}


def test_an_edit_to_a_story_body_rewrites_its_page_and_the_site_is_a_clean_builds(session: Session) -> None:
    story = session.content / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("Forty students", "Forty-two students"))
    before = session.rebuild()
    assert "Forty-two students" in (session.site / "stories" / "teaching-ml" / "index.html").read_text()
    # Its own page and the 404 page (a theme template: always rendered); not the other stories.
    rewritten = _rewritten(session, before)
    assert "stories/teaching-ml/index.html" in rewritten
    assert "stories/gpu-playbook/index.html" not in rewritten
    assert "profile/index.html" not in rewritten
    session.assert_same_as_clean()


def test_on_the_shared_site_an_edit_to_a_story_makes_its_page_only(
    shared_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its stories are copies without their notes, the same copy while the story is (audience.py)."""
    made: list[str] = []
    make_page = site_pages._make_page
    monkeypatch.setattr(
        site_pages, "_make_page", lambda env, common, job: made.append(job[0]) or make_page(env, common, job)
    )
    story = shared_session.content / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("Forty students", "Forty-two students"))
    before = shared_session.rebuild()
    assert "Forty-two students" in (shared_session.site / "stories" / "teaching-ml" / "index.html").read_text()
    story_pages = [path for path in made if path.startswith("stories/") and path != "stories/index.md"]
    assert story_pages == ["stories/teaching-ml.md"]  # gpu-playbook's page is the last build's
    rewritten = _rewritten(shared_session, before)
    assert "stories/teaching-ml/index.html" in rewritten
    assert "stories/gpu-playbook/index.html" not in rewritten
    assert not (shared_session.site / "applications").exists()
    shared_session.assert_same_as_clean()


def test_titles_added_and_deleted_stories_and_hand_pages_match_a_clean_build(session: Session) -> None:
    story = session.content / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("title: Teaching machine learning", "title: Teaching ML, renamed"))
    session.rebuild()
    assert "Teaching ML, renamed" in (session.site / "stories" / "index.html").read_text()
    # A rebuild makes the packs once the pages are written (on a thread beside, they would slow them).
    written = {p.name: p.stat().st_mtime_ns for p in (session.site / "stories" / "index.html", *session.pdfs())}
    assert min(written[p.name] for p in session.pdfs()) >= written["index.html"]
    session.assert_same_as_clean()

    added = session.content / "stories" / "new-story.yaml"
    added.write_text("title: A new story\ntags: [education]\naction: Did a new thing.\n")
    session.rebuild()
    assert (session.site / "stories" / "new-story" / "index.html").is_file()
    session.assert_same_as_clean()

    added.unlink()
    session.rebuild()
    assert not (session.site / "stories" / "new-story").exists()
    session.assert_same_as_clean()

    hand_page = session.content / "pages" / "about.md"  # in the navigation: every page shows its title
    hand_page.write_text(hand_page.read_text().replace("# About this portfolio", "# About these stories"))
    session.rebuild()
    assert "About these stories" in (session.site / "profile" / "index.html").read_text()
    session.assert_same_as_clean()


def test_story_pages_show_what_applications_and_other_stories_changed(session: Session) -> None:
    """A story page is kept from the last build only while what it shows is unchanged (storypages.py)."""
    app = session.content / "applications" / "acme-pm.yaml"
    app.write_text(app.read_text().replace("role: Product Manager", "role: Product Lead"))
    before = session.rebuild()
    assert "Product Lead" in (session.site / "stories" / "gpu-playbook" / "index.html").read_text()
    assert "stories/teaching-ml/index.html" in _rewritten(session, before)
    session.assert_same_as_clean()

    # A tag that sorts and slugifies as `education` does, first: that one's anchor moves (teaching-ml's chip).
    story = session.content / "stories" / "gpu-playbook.yaml"
    story.write_text(story.read_text().replace("tags: [infrastructure, operations]", "tags: [Education, operations]"))
    session.rebuild()
    assert "tags/#tag-education-2" in (session.site / "stories" / "teaching-ml" / "index.html").read_text()
    session.assert_same_as_clean()


def test_application_pages_show_what_the_stories_they_reference_changed(session: Session) -> None:
    """An application page is kept while what it shows is unchanged (applicationpages.py)."""
    story = session.content / "stories" / "secret-side-project.yaml"  # referenced by acme-pm only
    story.write_text(
        story.read_text().replace("title: PRIVSTORY-MARKER-91bd side project", "title: Side project, renamed")
    )
    before = session.rebuild()
    assert "Side project, renamed" in (session.site / "applications" / "acme-pm" / "index.html").read_text()
    rewritten = _rewritten(session, before)
    assert "applications/acme-pm/index.html" in rewritten
    assert "applications/zyx-tpm/index.html" not in rewritten
    session.assert_same_as_clean()

    app = session.content / "applications" / "zyx-tpm.yaml"
    app.write_text(app.read_text().replace("stories: [teaching-ml]", "stories: [teaching-ml, secret-side-project]"))
    session.rebuild()
    assert "Side project, renamed" in (session.site / "applications" / "zyx-tpm" / "index.html").read_text()
    session.assert_same_as_clean()


def test_a_broken_file_shows_the_problems_and_its_fix_brings_back_a_clean_builds_site(session: Session) -> None:
    story = session.content / "stories" / "gpu-playbook.yaml"
    good = story.read_text()
    story.write_text(good + "\nbroken: [\n")
    session.rebuild()
    assert "Content errors" in (session.site / "stories" / "gpu-playbook" / "index.html").read_text()
    assert "Content errors" in (session.site / "stories" / "teaching-ml" / "index.html").read_text()

    story.write_text(good.replace("title: ", "title: Fixed ", 1))
    session.rebuild()
    assert "Fixed " in (session.site / "stories" / "gpu-playbook" / "index.html").read_text()
    session.assert_same_as_clean()


def test_a_changed_template_rewrites_every_page_and_a_removed_static_file_goes(session: Session) -> None:
    overrides = session.root / "overrides"
    (overrides / "partials").mkdir()
    footer = BUILTIN_THEME_DIR / "partials" / "copyright.html"
    (overrides / "partials" / "copyright.html").write_text(footer.read_text().replace("Built", "Made"))
    session.rebuild()
    assert "Made 2025-07-01." in (session.site / "stories" / "gpu-playbook" / "index.html").read_text()
    session.assert_same_as_clean()

    (overrides / "assets" / "extra.js").write_text("// changed\n")
    session.rebuild()
    assert (session.site / "assets" / "extra.js").read_text() == "// changed\n"
    (overrides / "assets" / "extra.js").unlink()
    session.rebuild()
    assert not (session.site / "assets" / "extra.js").exists()
    session.assert_same_as_clean()


def test_a_build_with_nothing_changed_rewrites_no_page(session: Session) -> None:
    before = session.rebuild()
    assert _rewritten(session, before) <= {"404.html"}
    session.assert_same_as_clean()


def test_the_watcher_reports_a_saved_file_at_once_and_never_a_read_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers.inotify import InotifyObserver
    from watchdog.observers.polling import PollingObserver

    from generator.site import preview

    story = tmp_path / "story.yaml"
    story.write_text("title: A\n")
    if preview.filesystem_type(tmp_path) in preview.LOCAL_FILESYSTEMS:
        observer = preview.choose_observer(tmp_path)
        assert isinstance(observer, InotifyObserver)
        seen: list[FileSystemEvent] = []
        handler = FileSystemEventHandler()
        handler.on_any_event = seen.append  # type: ignore[method-assign]
        observer.schedule(handler, str(tmp_path), recursive=True)
        observer.start()
        try:
            story.read_text()  # every build reads every file: that must not start another build
            time.sleep(0.3)
            assert seen == []
            story.write_text("title: B\n")
            deadline = time.monotonic() + 5
            while not seen and time.monotonic() < deadline:
                time.sleep(0.01)
            assert seen and all(not event.is_directory for event in seen)
        finally:
            observer.stop()
            observer.join()
    monkeypatch.setattr(preview, "filesystem_type", lambda path: "nfs")  # inotify would miss other machines' edits
    assert isinstance(preview.choose_observer(tmp_path), PollingObserver)


def test_a_watched_file_saved_by_renaming_is_seen_every_time(tmp_path: Path) -> None:
    """inotify follows a file's inode, which a save-by-rename replaces; watchdog watches its folder instead."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler

    from generator.site import preview

    if preview.filesystem_type(tmp_path) not in preview.LOCAL_FILESYSTEMS:
        pytest.skip("polling there, as MkDocs does")
    config, other = tmp_path / "mkdocs.yml", tmp_path / "notes.txt"
    config.write_text("site_name: A\n")
    seen: list[FileSystemEvent] = []
    handler = FileSystemEventHandler()
    handler.on_any_event = seen.append  # type: ignore[method-assign]
    observer = preview.choose_observer(tmp_path)
    observer.schedule(handler, str(config))  # as MkDocs watches its config file
    observer.start()
    try:
        for n in range(2):  # an editor's save: a new file renamed over the old one
            seen.clear()
            (tmp_path / "mkdocs.yml.tmp").write_text(f"site_name: B{n}\n")
            (tmp_path / "mkdocs.yml.tmp").replace(config)
            other.write_text("not watched\n")
            deadline = time.monotonic() + 5
            while not seen and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.2)
            assert seen, n
            assert all(str(config) in (event.src_path, event.dest_path) for event in seen)
    finally:
        observer.stop()
        observer.join()
