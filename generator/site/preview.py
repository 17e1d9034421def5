"""The live preview: MkDocs' development server, rebuilding only what an edit changed.

This is MkDocs' `serve` (mkdocs/commands/serve.py, 1.6) with two changes,
made through MkDocs' public classes:

- builds are MkDocs' "dirty" ones, whose `is_modified()` answers are
  exact here (speedups/incremental.py), whenever the speed-ups are usable
  and no plugin besides search and this one is configured; otherwise
  every rebuild is a clean one, as MkDocs does it;
- on a local Linux filesystem the watcher is inotify, which reports a
  saved file at once, instead of MkDocs' polling, which looks twice a
  second (a quarter of a second late on average) and reads the whole
  content folder at every look. Elsewhere (a network drive, WSL's `/mnt`)
  inotify may never report a change, so MkDocs' polling stays.

Every rebuild loads the same content files, converts the same content
fields to HTML and makes the same story pages and packs' Markdown again:
the session keeps each file's reading while its bytes are unchanged
(`keep_file_reads`), every field's HTML (`remember_every_field`, not
only the last 4096), each story page's Markdown while what it shows is
unchanged (`keep_story_pages`; on the shared site, whose stories are copies
without their notes, each story's copy too: `keep_public_copies`) and each
pack's Markdown while its view is unchanged (`keep_pack_sources`). After the
first build, the packs, résumé and calendar are made once the build's pages
are served (afterpages.py).

MkDocs' dirty build warns at every rebuild that its navigation may be
inaccurate; here it is not, so that one warning is not shown (and not
counted by `strict`).
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from os.path import isfile, join
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

from generator.audience import keep_public_copies
from generator.content.filecache import keep_file_reads
from generator.render.markdown import remember_every_field
from generator.site.afterpages import AfterPages, collect_later
from generator.site.speedups.incremental import KNOWN_PLUGINS
from generator.site.storypages import keep_story_pages

if TYPE_CHECKING:
    from generator.site.plugin import PortfolioPlugin

log = logging.getLogger("mkdocs.commands.serve")

# Filesystems whose changes inotify reports (not network or FUSE mounts, not WSL's drvfs/9p).
LOCAL_FILESYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs", "bcachefs", "reiserfs"}
)
DIRTY_WARNING = "A 'dirty' build is being performed"


class PreviewBuilds:
    """The builds of one `serve` session: the first, then one per saved change (MkDocs' `builder`)."""

    def __init__(self, config_file: str, overrides: dict[str, Any], site_dir: str, *, incremental: bool = True) -> None:
        self.config_file = config_file
        self.overrides = overrides
        self.site_dir = site_dir
        self.after_pages = AfterPages()
        self.config = self.load()
        self.dirty = incremental and incremental_possible(self.config)
        self.config.plugins.on_startup(command="serve", dirty=self.dirty)
        _keep_between_builds(True)  # for the session: `close` lets it go
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.config.site_url = self.url = f"http://{host}:{port}{_normalize_mount_path(self.mount_path)}"

    def load(self) -> MkDocsConfig:
        config = load_config(config_file=self.config_file, site_dir=self.site_dir, **self.overrides)
        plugin = _portfolio_plugin(config)
        if plugin is not None:  # a rebuild leaves its packs, résumé and calendar for after its pages
            plugin.after_pages = self.after_pages.add
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """One build: of `config` (the first), else of the configuration read again.

        A rebuild returns once its pages are written: what it left for
        after them is started then (afterpages.py), and its full garbage
        collection comes after that.
        """
        self.after_pages.wait()  # the last rebuild's packs are written before anything is built again
        log.info("Building documentation...")
        if config is not None:  # the first build, on every core: collected as any build
            build(config, serve_url=self.url, dirty=self.dirty)
            plugin = _portfolio_plugin(config)
            if plugin is not None and plugin.side_files is not None:
                self.after_pages.expect(plugin.side_files.outputs())
            return
        self.after_pages.begin()
        release = collect_later()
        try:
            config = self.load()
            config.site_url = self.url
            build(config, serve_url=self.url, dirty=self.dirty)
        except BaseException:
            self.after_pages.discard()
            release()
            raise
        self.after_pages.start(then=release)

    def settle(self) -> None:
        """Wait for what the last rebuild left for after its pages."""
        self.after_pages.wait()

    def close(self) -> None:
        try:
            self.after_pages.stopping = True
            self.after_pages.wait()
            self.config.plugins.on_shutdown()
        finally:
            _keep_between_builds(False)  # what the session kept goes with it


def _portfolio_plugin(config: MkDocsConfig) -> PortfolioPlugin | None:
    from generator.site.plugin import PortfolioPlugin

    plugin = config.plugins.get("portfolio")
    return plugin if isinstance(plugin, PortfolioPlugin) else None


def _keep_between_builds(keep: bool) -> None:
    """Every rebuild loads the same content files, converts the same fields, makes the same story pages and packs' Markdown."""
    from generator.pack.planning import keep_pack_sources  # the packs' code loads only when they are made

    keep_file_reads(keep)
    remember_every_field(keep)
    keep_pack_sources(keep)
    keep_story_pages(keep)
    keep_public_copies(keep)


def serve_preview(config_file: str, overrides: dict[str, Any]) -> None:
    """Build, serve and rebuild on every saved change until interrupted (MkDocs' `serve`)."""
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    dirty_warning = _DropDirtyWarning()
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(dirty_warning)
    try:
        builds = PreviewBuilds(config_file, overrides, site_dir)
        try:
            _serve(builds)
        finally:
            builds.close()
    finally:
        build_log.removeFilter(dirty_warning)
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(builds: PreviewBuilds) -> None:
    config = builds.config
    host, port = config.dev_addr
    server: LiveReloadServer = _Server(
        builds.after_pages,
        builder=builds.build,
        host=host,
        port=port,
        root=builds.site_dir,
        mount_path=builds.mount_path,
    )
    server.error_handler = _error_pages(builds.site_dir)
    # The first build runs on every core (and makes the packs in a forked
    # process): no thread may run yet, and an inotify observer starts one.
    builds.build(config)
    # Before anything is watched; MkDocs annotates it as its own polling observer.
    server.observer = choose_observer(Path(config.docs_dir))  # type: ignore[assignment]
    server.watch(config.docs_dir)
    if config.config_file_path:
        server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=builds.build)
    for item in config.watch:
        server.watch(item)
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        server.shutdown()


class _Server(LiveReloadServer):
    """MkDocs' server, where a request for a file a rebuild is still making waits for it (afterpages.py)."""

    def __init__(self, after_pages: AfterPages, **options: Any) -> None:
        super().__init__(**options)
        self.after_pages = after_pages

    def serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")  # as MkDocs reads it
        if path.startswith(self.mount_path) and not path.startswith("/livereload/"):
            relative = posixpath.normpath("/" + path[len(self.mount_path) :]).lstrip("/")  # as MkDocs resolves it
            self._wait_for_file(os.path.join(self.root, relative))
        return super().serve_request(environ, start_response)

    def _wait_for_file(self, file: str) -> None:
        """Until no build runs and `file` is not being made after one (afterpages.py).

        MkDocs waits for a running build before it opens a file; a rebuild
        hands its packs over only as it returns, so the wait for them comes
        after that one, and again if another build started meanwhile.
        """
        epochs = getattr(self, "_epoch_cond", None)  # MkDocs' own (livereload, 1.6)
        while True:
            if epochs is not None:
                with epochs:
                    epochs.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
            self.after_pages.wait_for(file)
            if epochs is None:
                return
            with epochs:
                if self._visible_epoch == self._wanted_epoch == epoch:
                    return


def incremental_possible(config: MkDocsConfig) -> bool:
    """Whether rebuilds may be dirty: the portfolio plugin's speed-ups on and usable, no unknown plugin."""
    plugin = _portfolio_plugin(config)
    return (
        plugin is not None
        and plugin.speedups.usable
        and bool(plugin.config.speedups)
        and set(config.plugins) <= KNOWN_PLUGINS
    )


def choose_observer(folder: Path) -> BaseObserver:
    """inotify where it reports every change (see above), else MkDocs' own polling observer."""
    if sys.platform == "linux" and filesystem_type(folder) in LOCAL_FILESYSTEMS:
        try:
            probe = _changes_only_observer()  # fails here, not in the server, when inotify is out of watches
            try:
                probe.schedule(FileSystemEventHandler(), str(folder), recursive=True)
                probe.start()
            finally:
                probe.stop()
                if probe.is_alive():
                    probe.join()
            return _changes_only_observer()
        except (ImportError, OSError, TypeError):  # TypeError: a watchdog older than `event_filter`
            pass
    from watchdog.observers.polling import PollingObserver

    return PollingObserver(timeout=0.5)  # MkDocs' own (LiveReloadServer's polling_interval)


# What polling reports too: inotify also reports every file opened and closed
# unwritten, and each build reads every content file, so it would rebuild forever.
CHANGES = (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent)


def _changes_only_observer() -> BaseObserver:
    """inotify (Linux only, hence imported here), reporting only changes to files (see `CHANGES`)."""
    from watchdog.observers.inotify import InotifyObserver

    class ChangesOnlyObserver(InotifyObserver):
        def schedule(
            self,
            event_handler: FileSystemEventHandler,
            path: str | Path,
            *,
            recursive: bool = False,
            event_filter: list[type[FileSystemEvent]] | None = None,
            follow_symlink: bool = False,
        ) -> ObservedWatch:
            return super().schedule(
                event_handler, path, recursive=recursive, event_filter=list(CHANGES), follow_symlink=follow_symlink
            )

    return ChangesOnlyObserver()


def filesystem_type(path: Path) -> str | None:
    """The type of the filesystem `path` is on (Linux's /proc/self/mounts), or None."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace").splitlines()
        target = path.resolve()
    except OSError:
        return None
    best: tuple[int, str] | None = None
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = Path(fields[1].replace("\\040", " "))
        if target.is_relative_to(mount_point) and (best is None or len(mount_point.parts) >= best[0]):
            best = (len(mount_point.parts), fields[2])
    return best[1] if best else None


class _DropDirtyWarning(logging.Filter):
    """MkDocs' warning that a dirty build's navigation may be inaccurate (here it is exact)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING and str(record.msg).startswith(DIRTY_WARNING))


def _normalize_mount_path(mount_path: str) -> str:
    return ("/" + mount_path.lstrip("/")).rstrip("/") + "/"


def _error_pages(site_dir: str) -> Callable[[int], bytes | None]:
    """The site's own 404 page for a missing address (as MkDocs' `serve`)."""

    def error_page(code: int) -> bytes | None:
        if code in (404, 500):
            page = join(site_dir, f"{code}.html")
            if isfile(page):
                with open(page, "rb") as f:
                    return f.read()
        return None

    return error_page
