"""`portfolio init`: a new portfolio that every command accepts as written, and that never overwrites."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.authoring.init import starter_files
from tests.conftest import PROGRAM

ROOT = Path(__file__).parent.parent


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    return subprocess.run(
        [PROGRAM, *args], check=False, cwd=folder, capture_output=True, text=True, timeout=300, env=env
    )


@pytest.mark.slow
def test_a_new_portfolio_passes_every_command(tmp_path: Path) -> None:
    made = run(tmp_path, "init", "search")
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "search"
    assert (folder / ".git").is_dir()
    for name in (
        "content/profile.yaml",
        "content/dictionary.txt",
        "mkdocs.yml",
        "overrides/README.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/pages.yml",
        "README.md",
    ):
        assert (folder / name).is_file(), name
    assert len(list((folder / "content" / "stories").glob("*.yaml"))) == 1
    assert len(list((folder / "content" / "applications").glob("*.yaml"))) == 1
    for command in (
        ["check", "--strict"],
        ["build", "--strict"],
        ["pdf"],
        ["calendar", "--out", "search.ics"],
        ["cv"],
    ):
        done = run(folder, *command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "warning" not in done.stderr, (command, done.stderr)
    assert (folder / "site" / "index.html").is_file()
    assert list((folder / "packs").glob("*.pdf"))
    assert (folder / "packs" / "cv.pdf").is_file()
    assert "BEGIN:VEVENT" in (folder / "search.ics").read_text(encoding="utf-8")
    # what was built stays out of git
    status = subprocess.run(["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True)
    assert not [
        line for line in status.stdout.splitlines() if line[3:].startswith(("site", "packs", ".portfolio-cache"))
    ]


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "profile.yaml").write_text("name: Mine\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    done = run(tmp_path, "init")
    assert done.returncode == 1
    assert "content/profile.yaml" in done.stderr and "mkdocs.yml" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "content",
        "content/profile.yaml",
        "mkdocs.yml",
    ]
    assert (tmp_path / "content" / "profile.yaml").read_text(encoding="utf-8") == "name: Mine\n"


def test_init_inside_a_repository_does_not_start_another(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = run(tmp_path, "init", "sub")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "sub" / ".git").exists()


def test_the_starter_examples_read_like_content_not_placeholders() -> None:
    files = starter_files(dt.date(2026, 1, 5))
    for name in (
        "content/profile.yaml",
        "content/stories/weekly-release-checklist.yaml",
        "content/applications/harbor-analytics-pm.yaml",
    ):
        body = "\n".join(line for line in files[name].splitlines() if not line.lstrip().startswith("#"))
        assert not re.search(r"TODO|TBD|XXX|\[Company\]|<role>|\{\{|@TODAY@", body), name
    words = {w for w in files["content/dictionary.txt"].splitlines() if w and not w.startswith("#")}
    assert {"Rivera", "Northwind", "Harbor"} <= words


def test_the_starter_workflow_is_this_repository_s_pages_workflow() -> None:
    """The owner's deploy is the tested safe one; only the install line differs (no source tree there)."""
    ours = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8").splitlines()
    theirs = starter_files(dt.date.today())[".github/workflows/pages.yml"].splitlines()
    differ = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert differ == [
        (
            "        run: python -m pip install -e .",
            "        run: python -m pip install -r requirements.txt  # the portfolio tool, pinned",
        )
    ]
    hook = yaml.safe_load(starter_files(dt.date.today())[".pre-commit-config.yaml"])
    [repo] = hook["repos"]
    [entry] = repo["hooks"]
    mine = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"][0]
    assert entry == mine
