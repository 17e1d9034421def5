"""The README's quick start and CI agree: CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_two_commands() -> None:
    install_and_build, install_and_test = _quick_start_commands()
    assert "portfolio build" in install_and_build
    assert "pytest" in install_and_test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test_command = _quick_start_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci, ".ci/run must run the README's test command verbatim"


def test_readme_is_short_and_its_links_and_images_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    assert "docs/pages/img/dashboard.png" in targets and "docs/pages/img/pack.png" in targets
    for target in targets:
        if not target.startswith(("http:", "https:")):
            assert (ROOT / target).exists(), target
