"""Is the built site still what a build would make? A stamp of its inputs and its files.

MkDocs has no cache of its own, so `portfolio build` skips MkDocs altogether
when nothing it reads has changed since the last build (issue 7). After a
successful build, a stamp is written to `.portfolio-cache/site-<hash>.json`
in the current folder, holding

- a key of everything the build depends on beyond its input folders: the
  project's own files (stat only), the versions of the tools it runs, the
  build options (audience, strict, site folder, content folder), whether a
  password was set (never the password, nor any hash of it), the day (the
  dashboard counts days to deadlines) and the git commit (pages show history);
- a digest of the input files (the configuration file, the content folder,
  `overrides/` and any docs folder): every file's path, size, mtime and bytes;
- a manifest of the site's files (path, size, mtime), so a site that was
  changed or deleted since is rebuilt.

Nothing here imports MkDocs: checking costs a few milliseconds plus reading
the content once, not the second it takes to import MkDocs and Material.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import __version__
from generator.atomic import write_atomically
from generator.site.options import SiteOptions
from generator.usercache import code_fingerprint

CACHE_FOLDER = ".portfolio-cache"
STAMP_FORMAT = 1
# What turns the same content into other bytes when upgraded (the parser, the
# sanitiser, the typesetters): a new version rebuilds.
TOOLS = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "pydantic",
    "pyyaml",
    "markdown-it-py",
    "mdit-py-plugins",
    "linkify-it-py",
    "nh3",
    "typst",
    "pypandoc-binary",
    "chunspell",
)
# Folders never read as inputs, even inside an input folder.
SKIPPED_FOLDERS = {".git", "__pycache__", CACHE_FOLDER, ".hypothesis", ".pytest_cache"}


def stamp_path(options: SiteOptions) -> Path:
    """One stamp per (folder, content, site folder, audience): both sites of a project can be current."""
    name = json.dumps([str(options.content_dir), str(options.site_dir), options.audience])
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return Path.cwd().absolute() / CACHE_FOLDER / f"site-{digest}.json"


@dataclass(frozen=True)
class Stamp:
    key: str
    inputs: list[str]  # absolute paths of input files and folders
    inputs_digest: str
    site: str  # absolute path of the site folder
    site_files: dict[str, list[int]]  # relative path -> [size, mtime_ns]
    messages: list[str]  # warnings the build printed, printed again when it is skipped


def build_key(options: SiteOptions, today: dt.date | None = None) -> str:
    """A hash of everything the build depends on besides its input folders."""
    cwd = Path.cwd().absolute()
    parts: list[object] = [
        STAMP_FORMAT,
        __version__,
        _tool_versions(),
        code_fingerprint(),  # this tool's own files: an edit to any rebuilds
        str(cwd),
        str(options.content_dir),
        str(options.site_dir),
        options.audience,
        options.strict,
        options.packs,
        # Only whether a password is set: never the password, nor a hash of it.
        options.encrypted,
        (today or dt.date.today()).isoformat(),
        _git_head(options.content_dir or cwd),
        # Which configuration is used (a new mkdocs.yml or overrides/ changes it);
        # their contents are among the inputs once used.
        (cwd / "mkdocs.yml").is_file(),
        (cwd / "overrides").is_dir(),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


def digest_inputs(paths: Iterable[Path]) -> str:
    """Hash of every file under `paths`: relative path, size, mtime and bytes."""
    digest = hashlib.sha256()
    for root in sorted({Path(p).absolute() for p in paths}):
        digest.update(f"\0root\0{root}\0".encode())
        for path in _files_under(root):
            try:
                info = path.stat()
                data = path.read_bytes()
            except OSError:
                continue  # vanished while being read: the next check sees it
            name = path.relative_to(root).as_posix() if path != root else ""
            digest.update(f"\0{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
            digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def list_site_files(site: Path) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns] of every file in the site folder."""
    files: dict[str, list[int]] = {}
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in names:
            path = os.path.join(folder, name)
            info = os.stat(path)
            files[os.path.relpath(path, site)] = [info.st_size, info.st_mtime_ns]
    return files


def read_stamp(options: SiteOptions) -> Stamp | None:
    try:
        raw = json.loads(stamp_path(options).read_text(encoding="utf-8"))
        return Stamp(**raw)
    except (OSError, ValueError, TypeError):
        return None


def write_stamp(options: SiteOptions, stamp: Stamp) -> None:
    """Keep the stamp (written whole or not at all); a stamp that cannot be written only costs speed."""
    path = stamp_path(options)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps(stamp.__dict__))
    except OSError:
        pass


def forget_stamp(options: SiteOptions) -> None:
    with contextlib.suppress(OSError):  # a stamp left behind no longer matches the files of the site
        stamp_path(options).unlink(missing_ok=True)


def current_site(options: SiteOptions) -> Stamp | None:
    """The stamp of the last build when nothing it was made from changed since; else None."""
    if options.encrypted:
        return None  # encrypted builds are never skipped (build.py, _record_build)
    stamp = read_stamp(options)
    if stamp is None or stamp.key != build_key(options):
        return None
    site = Path(stamp.site)
    if not site.is_dir():
        return None
    try:
        if list_site_files(site) != stamp.site_files:
            return None
    except OSError:
        return None
    if digest_inputs(Path(p) for p in stamp.inputs) != stamp.inputs_digest:
        return None
    return stamp


def _files_under(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        found += [Path(folder, name) for name in sorted(names)]
    return found


def _tool_versions() -> list[str]:
    found = _dist_info_versions()
    versions = []
    for name in TOOLS:
        version = found.get(_normalized(name))
        if not version:  # not installed as a plain *.dist-info folder: ask importlib (slower)
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = None
        versions.append(f"{name}=={version}" if version else f"{name} missing")
    return versions


def _dist_info_versions() -> dict[str, str]:
    """Installed distributions' versions, read from their `NAME-VERSION.dist-info` folder names.

    One listing of each folder on `sys.path`, where `importlib.metadata.version`
    searches every folder for every name (a tenth of a no-change build).
    The first folder on the path wins, as for imports.
    """
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info"):
                name, _, version = entry[: -len(".dist-info")].partition("-")
                versions.setdefault(_normalized(name), version)
    return versions


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _git_head(folder: Path) -> str:
    """The current commit (pages show each file's commits), or '' outside a repository."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"],
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except OSError:
        return ""
    return done.stdout.decode("ascii", "replace").strip() if done.returncode == 0 else ""
