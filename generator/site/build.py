"""`portfolio build` and `portfolio serve`: MkDocs with the right configuration.

A `mkdocs.yml` in the current folder is used when there is one; otherwise
the configuration packaged beside this file, with a local `overrides/` as
Material's `custom_dir` when present (the built-in look stays under it).
A build writes into a temporary folder beside the site and swaps it in only
when it succeeded, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content import require_content_folder
from generator.content.diagnostics import ContentError, PortfolioError
from generator.site import LOGGER_NAME, freshness
from generator.site.options import DEFAULT_CONTENT, LOCAL_CONFIG, SiteOptions, serve_environment

# MkDocs (and the plugin, which imports it) is imported only when a build
# runs: a build skipped because nothing changed must not pay for importing it.

BUILTIN_CONFIG = Path(__file__).parent / "mkdocs.yml"
LOCAL_OVERRIDES = "overrides"


class SiteBuildError(PortfolioError):
    """MkDocs could not build the site (the message says why)."""


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
    """Build the site and return its folder; on failure the previous site is untouched."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    from generator.site.plugin import PortfolioPlugin

    key = freshness.build_key(options)  # before the build: a commit made during it is not missed
    config_file, overrides = _configuration(options)
    messages: list[str] = []
    with _build_logging(options.verbose, messages):
        try:
            config = load_config(config_file=str(config_file), strict=options.strict, **overrides)
        except (ConfigurationError, Abort) as error:
            raise SiteBuildError(f"{config_file}: {error}") from None
        plugin = config.plugins.get("portfolio")
        if not isinstance(plugin, PortfolioPlugin):
            # MkDocs alone would publish the content folder as it is, YAML and all, unencrypted.
            raise SiteBuildError(f"{config_file}: add `portfolio` under `plugins:`; without it nothing is private")
        final = options.site_dir or Path(config.site_dir)
        _refuse_unsafe_site_dir(final, config)
        staging = _make_staging(final)  # 0700 while it holds the plain site; opened up just before the swap
        inputs = _input_paths(config, options)
        inputs_digest = freshness.digest_inputs(inputs)  # as read by this build, not as edited during it
        try:
            config.site_dir = str(staging)
            plugin.use_options(options)
            # The plugin's on_post_build writes the packs into `staging/pdf`;
            # all of it is encrypted when asked, and swapped in only on success.
            mkdocs_build(config)
            plugin.hosting.finish_build(staging)  # after every plugin: encrypt, then check
        except (Abort, MkDocsException) as error:
            shutil.rmtree(staging, ignore_errors=True)
            cause = _cause(error, PortfolioError)  # content errors and failed packs, as they were raised
            if cause is not None:
                raise cause from None
            raise SiteBuildError(_reason(error)) from None
        except BaseException:  # Ctrl-C included: MkDocs' on_build_error sees only an Exception
            plugin.stop_side_files()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            plugin.use_options(None)
        staging.chmod(_new_folder_mode())  # the 0700 of mkdtemp would make the site unservable
        _swap_in(staging, final)
    _record_build(options, key, inputs, inputs_digest, final, messages)
    return final


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


def _make_staging(final: Path) -> Path:
    """A new folder beside `final` to build into, after removing what killed builds left there."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(final)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-{os.getpid()}-", dir=final.parent))
    except OSError as error:
        raise SiteBuildError(f"cannot write the site to {final}: {error.strerror}") from None
    return staging


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


def _input_paths(config: Any, options: SiteOptions) -> list[Path]:
    """What MkDocs and the plugin read besides this project's own files."""
    paths = [Path(config.docs_dir)]
    if config.config_file_path:
        paths.append(Path(config.config_file_path))
    plugin = config.plugins.get("portfolio")
    if plugin is not None:
        base = Path(config.config_file_path or ".").absolute().parent
        paths.append(options.content_folder(base, plugin.config.content))
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    local = Path(LOCAL_OVERRIDES)
    if local.is_dir():
        paths.append(local.absolute())  # the pack template is read from here too
    return [path.absolute() for path in paths]


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


def _refuse_unsafe_site_dir(site: Path, config: Any) -> None:
    """The site folder is replaced whole: never the project, the content or an unrelated folder."""
    site = site.resolve()
    protected = [Path.cwd().resolve(), Path(config.docs_dir).resolve()]
    if config.config_file_path:
        protected.append(Path(config.config_file_path).resolve().parent)
    for path in protected:
        if site == path or site in path.parents:
            raise SiteBuildError(f"refusing to replace {site}: it holds {path}; choose another --site-dir")
    if site.exists() and not site.is_dir():
        raise SiteBuildError(f"{site} is a file, not a site folder")
    if (
        site.is_dir()
        and any(site.iterdir())
        and not (site / "sitemap.xml").exists()
        and not (site / "index.html").exists()
    ):
        raise SiteBuildError(
            f"refusing to replace {site}: it is not empty and holds no site; choose another --site-dir"
        )


def _new_folder_mode() -> int:
    """The mode `mkdir` gives a new folder under the current umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def _remove_abandoned(final: Path) -> None:
    """Remove what a killed build left beside `final` (its staging may hold the unencrypted site).

    Each folder names the process that made it; one whose process is gone is
    abandoned. A site caught between the two renames of `_swap_in` is put back.
    """
    for entry in final.parent.glob(f".{final.name}.*-*-*"):
        kind, _, rest = entry.name[len(final.name) + 2 :].partition("-")
        pid = rest.partition("-")[0]
        if kind not in ("building", "old") or not pid.isdigit() or _is_running(int(pid)):
            continue
        if kind == "old" and not final.exists() and (entry / final.name).is_dir():
            os.rename(entry / final.name, final)
        shutil.rmtree(entry, ignore_errors=True)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames, so the site is never half-written."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-{os.getpid()}-", dir=final.parent))
        os.rename(final, old / final.name)
    os.rename(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
