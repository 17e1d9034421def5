"""The Pages workflow publishes an encrypted private build or the shared site, never the clear private one.

Its build and check steps are run as written, with bash, on the fixture
portfolio, for each value of the one `PUBLISH:` line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURE_PORTFOLIO, planted_markers
from tests.test_encrypt_site import searchable_text

ROOT = Path(__file__).parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"

pytestmark = pytest.mark.slow


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def step(name: str) -> dict:
    return next(s for s in workflow()["jobs"]["build"]["steps"] if s.get("name") == name)


def run_step(folder: Path, name: str, publish: str, secret: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTFOLIO_")}
    env.update(PUBLISH=publish, PORTFOLIO_PASSWORD=secret, PORTFOLIO_TEST_ONLY_KDF_ITERATIONS="1000")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", step(name)["run"]], cwd=folder, capture_output=True, text=True, timeout=300, env=env
    )


def test_the_workflow_deploys_with_deploy_pages_chosen_by_one_line() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert len(re.findall(r"^\s*PUBLISH:", text, re.MULTILINE)) == 1
    assert workflow()["env"]["PUBLISH"] in ("encrypted", "shared")
    [deploy] = workflow()["jobs"]["deploy"]["steps"]
    assert deploy["uses"].startswith("actions/deploy-pages@")
    assert workflow()["jobs"]["deploy"]["needs"] == "build"
    upload = workflow()["jobs"]["build"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"].rstrip("/") == "site"
    check = step("Refuse anything but the encrypted files")
    assert check["if"] == "env.PUBLISH == 'encrypted'"
    assert "pages.yml" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_encrypted_without_the_secret_publishes_nothing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    done = run_step(tmp_path, "Build the site to publish", "encrypted", "")
    assert done.returncode == 1
    assert "PORTFOLIO_PASSWORD is not set" in done.stdout
    assert not (tmp_path / "site").exists()


def test_encrypted_and_shared_builds_hold_nothing_private_and_the_check_refuses_strays(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    built = run_step(tmp_path, "Build the site to publish", "encrypted", "correct horse battery staple")
    assert built.returncode == 0, built.stderr
    assert "encrypted" in built.stdout
    checked = run_step(tmp_path, "Refuse anything but the encrypted files", "encrypted", "")
    assert checked.returncode == 0, checked.stderr
    text = searchable_text(tmp_path / "site")
    assert not [m for m in planted_markers() if m.lower() in text]

    (tmp_path / "site" / "notes.html").write_text("in the clear")
    refused = run_step(tmp_path, "Refuse anything but the encrypted files", "encrypted", "")
    assert refused.returncode == 1 and "notes.html" in refused.stderr

    shared = run_step(tmp_path, "Build the site to publish", "shared", "")
    assert shared.returncode == 0, shared.stderr
    text = searchable_text(tmp_path / "site")
    assert (tmp_path / "site" / "stories").is_dir() and not (tmp_path / "site" / "applications").exists()
    assert not [m for m in planted_markers() if m.lower() in text]
