"""The git hook and the GitHub workflow for the user's repository run what the README documents."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "portfolio"
# The install command the workflow runs; the README's quick start installs the
# same way (`pip install -e .`) inside a virtual environment.
INSTALL_COMMAND = "python -m pip install -e ."


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def hook() -> dict:
    """The portfolio owners' hook (the file also holds the contributors' linters)."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [entry] = [
        h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"] if h["id"] == "portfolio-check"
    ]
    return entry


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "portfolio.yml").read_text(encoding="utf-8"))


def steps() -> list[dict]:
    [job] = workflow()["jobs"].values()
    return job["steps"]


def runs() -> list[str]:
    """Every command line the workflow runs, in order."""
    return [line.strip() for step in steps() if "run" in step for line in step["run"].splitlines() if line.strip()]


def documented(command: str) -> bool:
    """Whether the README documents `portfolio <sub> [--options]` (subcommand and each option)."""
    words = shlex.split(command)
    assert words[0] == "portfolio"
    text = readme()
    return f"portfolio {words[1]}" in text and all(w in text for w in words[2:] if w.startswith("--"))


def test_pre_commit_hook_runs_strict_check_on_content_changes() -> None:
    entry = hook()
    assert entry["entry"] == "portfolio check --strict"
    assert entry["language"] == "system"
    assert entry["pass_filenames"] is False
    assert re.match(entry["files"], "content/stories/x.yaml")
    assert not re.match(entry["files"], "generator/cli.py")
    assert documented(entry["entry"])


def test_pre_commit_entry_really_fails_on_warnings(tmp_path: Path) -> None:
    """Run the hook's command as pre-commit would: warnings block the commit, a clean portfolio passes."""
    shutil.copytree(FIXTURE, tmp_path / "content")
    portfolio = Path(sys.executable).with_name("portfolio")
    argv = [str(portfolio), *shlex.split(hook()["entry"])[1:]]
    blocked = subprocess.run(argv, check=False, cwd=tmp_path, capture_output=True, text=True)
    assert blocked.returncode == 1
    assert "error: criterion has no evidence" in blocked.stderr
    app = tmp_path / "content" / "applications" / "acme-pm.yaml"
    app.write_text(
        app.read_text("utf-8").replace(
            "  - text: Unconventional backgrounds welcome.\n",
            "  - text: Unconventional backgrounds welcome.\n    stories: [teaching-ml]\n",
        ),
        encoding="utf-8",
    )
    passed = subprocess.run(argv, check=False, cwd=tmp_path, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr


def test_workflow_runs_on_push_with_python_311() -> None:
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # PyYAML reads a bare `on` key as True
    assert "push" in triggers
    setup = next(step for step in steps() if step.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    assert steps()[0]["uses"].startswith("actions/checkout@")


def test_workflow_installs_with_the_readme_command() -> None:
    assert INSTALL_COMMAND in runs()
    install = INSTALL_COMMAND.split("python -m ", 1)[1]  # `pip install -e .`
    assert re.search(rf"(^|[\s/]){re.escape(install)}(\s|$)", readme(), re.MULTILINE), (
        "the README must document the install command the workflow runs"
    )


def test_workflow_checks_builds_and_uploads_the_site() -> None:
    commands = runs()
    portfolio_commands = [c for c in commands if c.startswith("portfolio ")]
    assert all(c.startswith(("portfolio ", "python -m pip ", "[ -n ")) for c in commands), commands
    assert portfolio_commands[:2] == ["portfolio check", "portfolio build"]
    assert commands.index(INSTALL_COMMAND) < commands.index("portfolio check")
    for command in portfolio_commands:
        assert documented(command), f"README does not document `{command}`"
    upload = next(step for step in steps() if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert steps().index(upload) == len(steps()) - 1


def test_workflow_encrypts_when_the_secret_is_set() -> None:
    build = next(step for step in steps() if "portfolio build" in step.get("run", "").splitlines())
    assert build["env"]["PORTFOLIO_PASSWORD"] == "${{ secrets.PORTFOLIO_PASSWORD }}"
    # an unset secret is an empty variable; the step drops it rather than fail on it
    assert build["run"].splitlines()[0] == '[ -n "$PORTFOLIO_PASSWORD" ] || unset PORTFOLIO_PASSWORD'


@pytest.mark.parametrize("name", [".pre-commit-config.yaml", ".github/workflows/portfolio.yml"])
def test_readme_mentions_the_file(name: str) -> None:
    assert name in readme(), f"README should explain {name} (see /work/notes/authoring-readme.md)"
