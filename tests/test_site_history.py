"""History on pages and the dashboard counts only commits that touched the content folder."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.audience import private_view
from generator.content.loader import load_portfolio
from generator.site.dashboard import build_dashboard
from generator.site.history import read_history
from tests.conftest import FIXTURE_PORTFOLIO, git


def _commit(repo: Path, message: str, day: int) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


def test_a_commit_that_touched_nothing_under_content_appears_nowhere(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE_PORTFOLIO, repo / "content")
    (repo / "generator").mkdir()
    (repo / "generator" / "tool.py").write_text("x = 1\n")
    git(repo, "init", "-q")
    _commit(repo, "First stories and applications", day=1)
    (repo / "generator" / "tool.py").write_text("x = 2\n")
    (repo / "README.md").write_text("the tool\n")
    _commit(repo, "Refactor the tool", day=3)
    story = next((repo / "content" / "stories").glob("*.yaml"))
    story.write_text(story.read_text(encoding="utf-8") + "# one more line\n", encoding="utf-8")
    (repo / "generator" / "tool.py").write_text("x = 3\n")
    _commit(repo, "Tighten a story", day=2)

    view = private_view(load_portfolio(repo / "content"))
    history = read_history(view.files)
    messages = {commit.message for file_history in history.values() for commit in file_history.commits}
    assert messages == {"First stories and applications", "Tighten a story"}
    assert history == read_history(view.files, repo / "content")
    assert all(h.state == "clean" for h in history.values())

    dashboard = build_dashboard(view, history, dt.date(2025, 7, 8))
    assert [event.title for event in dashboard.recent] == ["Tighten a story", "First stories and applications"]
