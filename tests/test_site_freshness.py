"""`portfolio build` skips MkDocs when nothing it reads changed, and rebuilds when anything did.

The command line runs in-process (tests/conftest.py `portfolio`): about twenty builds.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PORTFOLIO, portfolio

UP_TO_DATE = "site is up to date"
CONTENT_WARNING = "acme-pm.yaml:14:5: warning: criterion has no evidence"


def _build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = portfolio(root, "build", *args, env=env)
    assert done.returncode == 0, done.stderr
    return done


def _mtimes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _rebuilt(done: subprocess.CompletedProcess[str]) -> bool:
    if UP_TO_DATE in done.stdout:
        return False
    assert done.stdout.startswith("built "), done.stdout
    return True


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    first = _build(tmp_path)
    assert _rebuilt(first)
    return tmp_path


@pytest.mark.slow
def test_an_unchanged_build_is_skipped_and_says_so_with_its_warnings(project: Path) -> None:
    before = _mtimes(project / "site")
    again = _build(project)
    assert not _rebuilt(again)
    assert _mtimes(project / "site") == before  # not one file written
    assert CONTENT_WARNING in again.stderr  # a skip never hides a warning
    forced = _build(project, "--force")
    assert _rebuilt(forced)
    assert any((project / "site" / "pdf").glob("*.pdf"))
    assert _rebuilt(_build(project, "--no-packs"))  # another kind of build: not skipped
    assert not (project / "site" / "pdf").exists()
    assert not _rebuilt(_build(project, "--no-packs"))


@pytest.mark.slow
def test_a_change_to_content_config_or_overrides_rebuilds(project: Path) -> None:
    story = project / "content" / "stories" / "teaching-ml.yaml"
    story.write_text(story.read_text().replace("Teaching machine learning", "Teaching ML well"), encoding="utf-8")
    assert _rebuilt(_build(project))
    assert "Teaching ML well" in (project / "site" / "stories" / "teaching-ml" / "index.html").read_text()
    assert not _rebuilt(_build(project))

    (project / "overrides" / "partials").mkdir(parents=True)
    assert _rebuilt(_build(project))  # a new overrides/ folder
    (project / "overrides" / "partials" / "copyright.html").write_text("<div>OVERRIDE-MARK</div>")
    assert _rebuilt(_build(project))  # a file in it
    assert "OVERRIDE-MARK" in (project / "site" / "index.html").read_text()
    assert not _rebuilt(_build(project))

    (project / "mkdocs.yml").write_text(
        "site_name: Fixture\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - search\n  - portfolio\n"
    )
    assert _rebuilt(_build(project))  # a new mkdocs.yml
    assert not _rebuilt(_build(project))
    with (project / "mkdocs.yml").open("a") as config:
        config.write("copyright: CONFIG-MARK\n")
    assert _rebuilt(_build(project))
    assert "CONFIG-MARK" in (project / "site" / "index.html").read_text()


@pytest.mark.slow
def test_a_deleted_or_changed_site_another_audience_or_a_password_rebuilds(project: Path) -> None:
    shutil.rmtree(project / "site")
    assert _rebuilt(_build(project))
    (project / "site" / "index.html").write_text("tampered")
    assert _rebuilt(_build(project))
    assert "tampered" not in (project / "site" / "index.html").read_text()
    (project / "site" / "stray.html").write_text("left behind")
    assert _rebuilt(_build(project))
    assert not (project / "site" / "stray.html").exists()

    assert _rebuilt(_build(project, "--audience", "shared"))
    assert not (project / "site" / "applications").exists()
    assert _rebuilt(_build(project))  # back to private, into the same folder
    assert (project / "site" / "applications").is_dir()

    locked = {"PORTFOLIO_PASSWORD": "correct horse", "PORTFOLIO_TEST_ONLY_KDF_ITERATIONS": "1000"}
    assert "encrypted" in _build(project, env=locked).stdout
    assert "encrypted" in _build(project, env=locked).stdout  # encrypted builds always run (new salt)
    stamps = list((project / ".portfolio-cache").glob("site-*.json"))
    assert not any("correct horse" in stamp.read_text() for stamp in stamps)
    assert _rebuilt(_build(project))  # unencrypted again


def test_the_tool_versions_in_the_stamp_are_those_importlib_reports() -> None:
    from importlib import metadata

    from generator.site import freshness

    assert freshness._tool_versions() == [f"{name}=={metadata.version(name)}" for name in freshness.TOOLS]
