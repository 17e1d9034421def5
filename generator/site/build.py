"""`portfolio build` and `portfolio serve`: MkDocs with the right configuration.

A `mkdocs.yml` in the current folder is used when there is one; otherwise
the configuration packaged beside this file, with a local `overrides/` as
Material's `custom_dir` when present (the built-in look stays under it).
A build writes into a temporary folder beside the site and swaps it in only
when it succeeded, so a failed build leaves the previous site as it was
(folders.py).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import new_folder_mode
from generator.content import require_content_folder
from generator.content.diagnostics import ContentError, PortfolioError
from generator.site import LOGGER_NAME, freshness
from generator.site.folders import (
    LOCAL_OVERRIDES,
    Folders,
    Project,
    SiteBuildError,
    configured_project,
    guess_project,
    normal_path,
    prepare_folders,
    swap_in,
)
from generator.site.options import DEFAULT_CONTENT, LOCAL_CONFIG, SiteOptions, serve_environment

if TYPE_CHECKING:
    from generator.site.plugin import PortfolioPlugin
    from generator.site.sitefiles import SiteFiles

# MkDocs (and the plugin, which imports it) is imported only when a build
# runs, and the content's loader only when it loads: a build skipped because
# nothing changed must not pay for importing them.

BUILTIN_CONFIG = Path(__file__).parent / "mkdocs.yml"


@dataclass(frozen=True)
class SiteBuild:
    """The site folder, and whether it was rebuilt (False: nothing had changed)."""

    site: Path
    rebuilt: bool


def build_site_if_changed(options: SiteOptions, *, force: bool = False) -> SiteBuild:
    """`build_site`, skipped when nothing it reads changed since the last build (see freshness.py).

    A skipped build prints the warnings the last build printed, so a skip
    never hides a problem. `force` always builds.
    """
    stamp = None if force else freshness.current_site(options)
    if stamp is not None:
        with _build_logging(options.verbose):
            for message in stamp.messages:
                logging.getLogger(LOGGER_NAME).warning(message)
        return SiteBuild(Path(stamp.site), rebuilt=False)
    return SiteBuild(build_site(options), rebuilt=True)


def build_site(options: SiteOptions) -> Path:
    """Build the site and return its folder; on failure the previous site is untouched.

    All that the packs, résumé and calendar need is known before MkDocs is
    imported (the built-in configuration's settings, or a local one's read
    as plain YAML): the content is loaded and they start then (sitefiles.py),
    while MkDocs, Material and the plugin are imported; the plugin takes the
    loaded content over. What MkDocs then reads is checked against that
    guess: when they differ, the early start is dropped and MkDocs' own
    configuration used.
    """
    from mkdocs.exceptions import Abort, MkDocsException  # MkDocs' package and its errors only: light

    config_file, overrides = _configuration(options)
    messages: list[str] = []
    with _build_logging(options.verbose, messages):
        guess = _early_guess(config_file, options, overrides)
        folders = prepare_folders(guess[0], side=True) if guess is not None else None
        started: SiteFiles | None = None
        plugin: PortfolioPlugin | None = None
        try:
            if guess is not None and folders is not None:
                started = _start_early(guess[1], folders)
            # Once the packs are under way (they need none of it), before MkDocs reads the
            # git history: a commit made during the build is not missed.
            key = freshness.build_key(options)
            config, plugin = _load_configuration(config_file, options, overrides)
            project = configured_project(config, options)
            if guess is not None and project != guess[0]:  # MkDocs read something else: start again from it
                _abandon(folders, started, None)
                folders, started = None, None
            if folders is None:
                folders = prepare_folders(project, side=False)
            config.site_dir = str(folders.staging)
            plugin.use_options(options, started)
            _run_mkdocs(config)  # the plugin's on_post_build puts the packs into `staging/pdf`
            plugin.hosting.finish_build(folders.staging)  # after every plugin: encrypt, then check
        except (Abort, MkDocsException) as error:
            _abandon(folders, started, plugin)
            cause = _cause(error, PortfolioError)  # content errors and failed packs, as they were raised
            if cause is not None:
                raise cause from None
            raise SiteBuildError(_reason(error)) from None
        except BaseException:  # Ctrl-C included: MkDocs' on_build_error sees only an Exception
            _abandon(folders, started, plugin)
            raise
        finally:
            if plugin is not None:
                plugin.use_options(None)
        folders.staging.chmod(new_folder_mode())  # the 0700 of mkdtemp would make the site unservable
        swap_in(folders.staging, folders.final)
        if folders.side is not None:
            shutil.rmtree(folders.side, ignore_errors=True)  # emptied into the site
    _record_build(options, key, folders.inputs, folders.inputs_digest, folders.final, messages)
    return folders.final


def _start_early(options: SiteOptions, folders: Folders) -> SiteFiles:
    """Load the content and start the packs, résumé and calendar beside the build (sitefiles.py).

    What is made until then (the loader's modules and classes, the content)
    lives as long as the build, so Python's cycle collector, which would walk
    it over and over for nothing (about fifty collections), is off while the
    loader is imported and the content loaded, and it is all frozen (set aside
    from every collection) while the packs' process is forked, as Python's
    docs advise before a fork: that process's collections never walk (and so
    copy) it. This process puts it back among its old objects afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        from generator.site.sitefiles import start_site_files

        started = start_site_files(options, folders.staging, made_in=folders.side, start=False)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    try:
        started.start()
    finally:
        gc.unfreeze()
    return started


def _early_guess(
    config_file: Path, options: SiteOptions, overrides: dict[str, Any]
) -> tuple[Project, SiteOptions] | None:
    """What MkDocs will read, and the options the plugin will build with, known before MkDocs is imported."""
    if config_file != BUILTIN_CONFIG:
        return guess_project(config_file, options)
    if options.content_dir is None:
        return None
    return _builtin_project(options, overrides), options  # the built-in `portfolio` has no settings


def _builtin_project(options: SiteOptions, overrides: dict[str, Any]) -> Project:
    """The built-in configuration's, known before MkDocs reads it (what `configured_project` would say)."""
    assert options.content_dir is not None  # `command_options` names it when there is no mkdocs.yml
    custom_dir = overrides["theme"].get("custom_dir")
    return Project(
        config_file=BUILTIN_CONFIG,
        docs_dir=normal_path(overrides["docs_dir"]),
        content_dir=options.content_dir,
        custom_dir=Path(custom_dir) if custom_dir else None,
        site_dir=options.site_dir or Path(overrides["site_dir"]),
    )


def _load_configuration(
    config_file: Path, options: SiteOptions, overrides: dict[str, Any]
) -> tuple[Any, PortfolioPlugin]:
    """MkDocs' configuration (this imports MkDocs, Material and the plugin), and the portfolio plugin in it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.site.plugin import PortfolioPlugin

    try:
        config = load_config(config_file=str(config_file), strict=options.strict, **overrides)
    except (ConfigurationError, Abort) as error:
        raise SiteBuildError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("portfolio")
    if not isinstance(plugin, PortfolioPlugin):
        # MkDocs alone would publish the content folder as it is, YAML and all, unencrypted.
        raise SiteBuildError(f"{config_file}: add `portfolio` under `plugins:`; without it nothing is private")
    return config, plugin


def _run_mkdocs(config: Any) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    mkdocs_build(config)


def _abandon(folders: Folders | None, started: SiteFiles | None, plugin: PortfolioPlugin | None) -> None:
    """Stop making the packs, résumé and calendar, then remove the failed build's folders."""
    if plugin is not None:
        plugin.stop_side_files()
    if started is not None:
        started.abort()
    if folders is not None:
        for folder in (folders.staging, folders.side):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def serve_site(options: SiteOptions, *, dev_addr: str | None = None) -> None:
    """Live preview: rebuilds what a saved file under the content folder changed (preview.py)."""
    from mkdocs.exceptions import Abort, ConfigurationError

    from generator.site.preview import serve_preview

    config_file, overrides = _configuration(options)
    overrides.pop("site_dir", None)  # serve builds into a temporary folder of its own
    if dev_addr:
        overrides["dev_addr"] = dev_addr
    with serve_environment(options), _build_logging(verbose=True):
        try:
            serve_preview(str(config_file), overrides)
        except (ConfigurationError, Abort) as error:
            content_error = _cause(error, ContentError)
            if content_error is not None:
                raise content_error from None
            raise SiteBuildError(_reason(error)) from None


def count_pages(site: Path) -> int:
    """Pages in a built site (each page is an index.html with directory URLs)."""
    return sum(1 for _ in site.rglob("index.html"))


def _configuration(options: SiteOptions) -> tuple[Path, dict[str, Any]]:
    """The config file, and what to override in it."""
    local = Path(LOCAL_CONFIG)
    if local.is_file():
        return local.absolute(), {}
    content = require_content_folder(options.content_dir or DEFAULT_CONTENT)
    theme: dict[str, Any] = {"name": "material"}
    if Path(LOCAL_OVERRIDES).is_dir():
        theme["custom_dir"] = str(Path(LOCAL_OVERRIDES).absolute())
    overrides = {"docs_dir": str(content), "site_dir": str(Path("site").absolute()), "theme": theme}
    return BUILTIN_CONFIG, overrides


class _Format(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.name == LOGGER_NAME or record.levelno < logging.WARNING:
            return message  # content problems are already `FILE:LINE:COL: warning: ...`
        return f"{record.levelname.lower()}: {message}"


def _not_build_error(record: logging.LogRecord) -> bool:
    # A failed build's error is raised to the caller, which prints it once.
    return not (record.name == "mkdocs.commands.build" and record.levelno >= logging.ERROR)


@contextlib.contextmanager
def _build_logging(verbose: bool, messages: list[str] | None = None) -> Iterator[None]:
    """MkDocs' INFO lines only with --verbose; warnings always, once, on stderr.

    Warnings are also appended to `messages` (when given), formatted as printed.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(_Format())
    handler.addFilter(_not_build_error)
    handlers: list[logging.Handler] = [handler]
    if messages is not None:
        handlers.append(_Collect(messages))
    loggers = [logging.getLogger("mkdocs")]  # the plugin's too (LOGGER_NAME is under it)
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        for one in handlers:
            lg.addHandler(one)
        lg.setLevel(logging.INFO if verbose else logging.WARNING)
        lg.propagate = False
    try:
        yield
    finally:
        for lg, level, propagate in saved:
            for one in handlers:
                lg.removeHandler(one)
            lg.setLevel(level)
            lg.propagate = propagate


class _Collect(logging.Handler):
    """Keeps the warnings of a build, formatted as printed, for the build's stamp."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages
        self.setFormatter(_Format())
        self.addFilter(_not_build_error)

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(self.format(record))


def _record_build(
    options: SiteOptions, key: str, inputs: list[Path], digest: str, site: Path, messages: list[str]
) -> None:
    """Stamp the site just built, so that building it again unchanged is skipped."""
    if options.encrypted:
        # Encrypted output differs at every build and a changed password
        # cannot be told from an unchanged one: always build it again.
        freshness.forget_stamp(options)
        return
    stamp = freshness.Stamp(
        key=key,
        inputs=[str(path) for path in inputs],
        inputs_digest=digest,
        site=str(site),
        site_files=freshness.list_site_files(site),
        messages=messages,
    )
    freshness.write_stamp(options, stamp)


def _cause(error: BaseException | None, kind: type[BaseException]) -> Any:
    """The first exception of `kind` in the chain of causes and contexts."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, kind):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _reason(error: BaseException) -> str:
    """The most useful message in the chain (MkDocs' `Abort` only says that it aborted)."""
    from mkdocs.exceptions import MkDocsException

    cause = error.__cause__ or error.__context__
    if isinstance(cause, MkDocsException) and str(cause):
        return str(cause)
    return str(error) or type(error).__name__
