"""`portfolio init [DIR]`: a new portfolio repository that passes `portfolio check --strict` as written.

The files come from `starter/` beside this module (package data). Nothing is
ever overwritten: when any file to be written exists, the command names them
all and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.content.diagnostics import PortfolioError

STARTER = Path(__file__).parent / "starter"
# Starter files whose name in the new repository differs (package data cannot
# hold dot-files reliably).
RENAMED = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github/workflows/pages.yml": ".github/workflows/pages.yml",
}
TODAY_MARK = "@TODAY@"
SCHEMA_FILES = tuple(f"schema/{kind}.schema.json" for kind in ("profile", "story", "application"))
REQUIREMENTS = "requirements.txt"


class ExistingFilesError(PortfolioError):
    """`init` would write over files that are already there."""


@dataclass(frozen=True)
class InitResult:
    folder: Path
    written: tuple[str, ...]  # paths relative to `folder`
    git_initialised: bool


def starter_files(today: dt.date) -> dict[str, str]:
    """Every file `init` writes but the schemas: relative path → text."""
    files: dict[str, str] = {}
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(STARTER).as_posix()
        text = source.read_text(encoding="utf-8").replace(TODAY_MARK, today.isoformat())
        files[RENAMED.get(relative, relative)] = text
    files[REQUIREMENTS] = (
        "# The portfolio tool, at the version that wrote this repository. Installed by\n"
        "# `pip install -r requirements.txt` and by .github/workflows/pages.yml; if you\n"
        "# installed the tool from a clone, name it here as `portfolio-generator @ git+URL`.\n"
        f"portfolio-generator=={__version__}\n"
    )
    return files


def init_portfolio(folder: Path, today: dt.date | None = None) -> InitResult:
    """Write a new portfolio into `folder` (created if needed); `git init` it when outside a repository."""
    from generator.content.schema import build_schema, render_schema

    files = starter_files(today or dt.date.today())
    for kind in ("profile", "story", "application"):
        files[f"schema/{kind}.schema.json"] = render_schema(build_schema(kind))
    existing = sorted(name for name in files if (folder / name).exists() or (folder / name).is_symlink())
    if folder.exists() and not folder.is_dir():
        raise ExistingFilesError(f"{folder} exists and is not a folder; nothing was written")
    if existing:
        listed = ", ".join(str(folder / name) for name in existing)
        raise ExistingFilesError(f"{listed} already exist(s); nothing was written, nothing overwritten")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return InitResult(folder, tuple(files), _git_init_if_needed(folder))


def _git_init_if_needed(folder: Path) -> bool:
    """`git init` the folder unless it is inside a repository already (or git is missing)."""
    if shutil.which("git") is None:
        return False
    inside = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--is-inside-work-tree"], capture_output=True, check=False
    )
    if inside.returncode == 0:
        return False
    done = subprocess.run(["git", "init", "-q", str(folder)], capture_output=True, check=False)
    return done.returncode == 0
