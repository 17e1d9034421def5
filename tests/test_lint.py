"""The linters every contributor runs: ruff (lint and format) and mypy, configured in pyproject.toml.

They run here, from the virtual environment pytest runs in, so the README's test
command (and CI, which runs exactly that) fails on a finding, with the tool's own
report as the failure message.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent

# What each tool checks is in pyproject.toml: ruff, the whole project (generator/,
# tests/, bench/); mypy, strict, `files = ["generator"]`. Neither writes a cache
# into the repository.
TOOLS = {
    "ruff check": ["ruff", "check", "--no-cache", "--output-format=concise"],
    "ruff format": ["ruff", "format", "--no-cache", "--check", "--diff"],
    "mypy": ["mypy", "--cache-dir", "{tmp}"],
}


@pytest.mark.parametrize("tool", TOOLS)
def test_the_code_passes(tool: str, tmp_path: Path) -> None:
    # `python -m` finds the tools installed beside pytest, whether or not the venv is activated.
    done = subprocess.run(
        [sys.executable, "-m", *(arg.format(tmp=tmp_path) for arg in TOOLS[tool])],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{tool} found problems:\n{done.stdout}{done.stderr}"


def test_the_contributors_git_hooks_run_the_same_tools_on_code_only() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"] if h["id"] != "portfolio-check"}
    assert sorted(hooks) == ["mypy", "ruff-check", "ruff-format"]
    for tool, hook in zip(["ruff check", "ruff format", "mypy"], ["ruff-check", "ruff-format", "mypy"], strict=True):
        assert hook in hooks and hooks[hook]["entry"].startswith(tool), hook
        assert hooks[hook]["language"] == "system"  # the pinned versions of the test extras, not pre-commit's own
        assert not re.search(hooks[hook]["files"], "content/stories/x.yaml")
        assert re.search(hooks[hook]["files"], "generator/cli.py")
    assert all(
        re.search(hooks[h]["files"], f"{d}/x.py") for h in ["ruff-check", "ruff-format"] for d in ["tests", "bench"]
    )
    assert hooks["mypy"]["pass_filenames"] is False  # strict needs the whole package
