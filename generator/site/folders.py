"""Where a site build reads and writes: its project's folders, the folder it builds into, the swap.

A build writes into a temporary folder beside the site (`.site.building-PID-…`)
and swaps it in only when it succeeded, so a failed build leaves the previous
site as it was; what a killed build left is removed by the next one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.diagnostics import PortfolioError
from generator.site import freshness
from generator.site.options import SiteOptions, portfolio_settings, read_config_leniently

LOCAL_OVERRIDES = "overrides"


class SiteBuildError(PortfolioError):
    """MkDocs could not build the site (the message says why)."""


@dataclass(frozen=True)
class Project:
    """Where a build reads (besides this tool) and writes."""

    config_file: Path | None
    docs_dir: Path
    content_dir: Path
    custom_dir: Path | None
    site_dir: Path


def configured_project(config: Any, options: SiteOptions) -> Project:
    """As MkDocs read the configuration."""
    base = Path(config.config_file_path or ".").absolute().parent
    return Project(
        config_file=Path(config.config_file_path) if config.config_file_path else None,
        docs_dir=Path(config.docs_dir),
        content_dir=options.content_folder(base, config.plugins["portfolio"].config.content),
        custom_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        site_dir=options.site_dir or Path(config.site_dir),
    )


def guess_project(config_file: Path, options: SiteOptions) -> tuple[Project, SiteOptions] | None:
    """What MkDocs will read from a local `config_file`, read before MkDocs is imported; None when unsure.

    Also the options the plugin will build with. Only plain values are
    taken (no `!ENV`, no `INHERIT`); the build checks the guess against
    what MkDocs then read (`configured_project`, and the plugin its options).
    """
    config = read_config_leniently(config_file)
    settings = portfolio_settings(config) if config is not None else None
    if config is None or settings is None or "INHERIT" in config:
        return None
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    paths = [config.get("docs_dir", "docs"), config.get("site_dir", "site"), settings.get("content", "content")]
    flags = {name: settings.get(name, True) for name in ("history", "packs", "speedups")}
    strict = settings.get("strict", False)
    plain = all(isinstance(path, str) for path in paths) and all(isinstance(f, bool) for f in [strict, *flags.values()])
    if not plain or not isinstance(custom_dir, str | None):
        return None
    base = config_file.absolute().parent
    docs_dir, site_dir, content = (str(path) for path in paths)
    early = options.with_plugin_settings(base, content=content, strict=strict, **flags)
    assert early.content_dir is not None  # named by `options` or the setting
    project = Project(
        config_file=config_file.absolute(),
        docs_dir=normal_path(base / docs_dir),
        content_dir=early.content_dir,
        custom_dir=base / custom_dir if custom_dir else None,  # MkDocs only joins it to the configuration's folder
        site_dir=options.site_dir or normal_path(base / site_dir),
    )
    return project, early


def normal_path(path: Path | str) -> Path:
    """Absolute, with `..` resolved as text (symbolic links are not followed): as MkDocs makes `docs_dir` and `site_dir`."""
    return Path(os.path.abspath(path))


@dataclass(frozen=True)
class Folders:
    """The site a build replaces, the folder it builds into, and its inputs as they were read."""

    final: Path
    staging: Path
    side: Path | None  # where the packs, résumé and calendar are made when started before MkDocs
    inputs: list[Path]
    inputs_digest: str


def prepare_folders(project: Project, *, side: bool) -> Folders:
    """Refuse an unsafe site folder, make the build's folders (`side`: the side files' too), digest the inputs."""
    final = project.site_dir
    _refuse_unsafe_site_dir(final, project)
    staging = _make_staging(final)  # 0700 while it holds the plain site; opened up just before the swap
    made = [staging]
    try:
        if side:
            made.append(_make_staging(final))  # named as a staging folder: removed if abandoned
        inputs = _input_paths(project)
        digest = freshness.digest_inputs(inputs)  # as read by this build, not as edited during it
    except BaseException:  # Ctrl-C while the inputs are read included
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return Folders(final=final, staging=staging, side=made[1] if side else None, inputs=inputs, inputs_digest=digest)


def _make_staging(final: Path) -> Path:
    """A new folder beside `final` to build into, after removing what killed builds left there."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(final)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-{os.getpid()}-", dir=final.parent))
    except OSError as error:
        raise SiteBuildError(f"cannot write the site to {final}: {error.strerror}") from None
    return staging


def _input_paths(project: Project) -> list[Path]:
    """What MkDocs and the plugin read besides this project's own files."""
    paths = [project.docs_dir, project.content_dir]
    if project.config_file is not None:
        paths.append(project.config_file)
    if project.custom_dir is not None:
        paths.append(project.custom_dir)
    local = Path(LOCAL_OVERRIDES)
    if local.is_dir():
        paths.append(local.absolute())  # the pack template is read from here too
    return [path.absolute() for path in paths]


def _refuse_unsafe_site_dir(site: Path, project: Project) -> None:
    """The site folder is replaced whole: never the project, the content or an unrelated folder."""
    site = site.resolve()
    protected = [Path.cwd().resolve(), project.docs_dir.resolve()]
    if project.config_file is not None:
        protected.append(project.config_file.resolve().parent)
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


def _remove_abandoned(final: Path) -> None:
    """Remove what a killed build left beside `final` (its staging may hold the unencrypted site).

    Each folder names the process that made it; one whose process is gone is
    abandoned. A site caught between the two renames of `swap_in` is put back.
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


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` with two renames, so the site is never half-written."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-{os.getpid()}-", dir=final.parent))
        os.rename(final, old / final.name)
    os.rename(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
