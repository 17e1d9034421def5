"""Nothing lost: failed or interrupted builds keep what was built before; no output escapes its folder.

The real `portfolio` command line on copies of the fixture portfolio: in a
subprocess where a build is interrupted by a signal, in-process elsewhere
(tests/conftest.py `portfolio`). (`portfolio new` and `import` never
overwriting a file is proven in test_new.py and test_import.py.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PORTFOLIO, PROGRAM, BuiltOnce, portfolio

SECRET = "SECRET-OUTSIDE-CONTENT-5d0c"
BROKEN_TEMPLATE = '#let pack(meta, body) = { panic("my template is broken") }\n'


def _project(root: Path, extra_stories: int = 0) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, root / "content")
    story = (root / "content" / "stories" / "gpu-playbook.yaml").read_text(encoding="utf-8")
    for i in range(extra_stories):  # a site big enough to be caught while it is being written
        text = story.replace("title: GPU maintenance playbook", f"title: Story number {i}")
        (root / "content" / "stories" / f"story-{i}.yaml").write_text(text, encoding="utf-8")
    return root


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("PORTFOLIO_PASSWORD", None)
    return env


def _portfolio(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return portfolio(root, *args, env=env)


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (modes included) with a hash of each file's bytes."""
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir")
        + f" {p.stat().st_mode:o}"
        for p in sorted(folder.rglob("*"))
    }


def _good_build(built_once: BuiltOnce, root: Path, extra_stories: int = 0) -> tuple[dict[str, str], dict[str, str]]:
    """`root` as a project (see `_project`) after a good `portfolio build` and `portfolio pdf`.

    The project is built once per pytest worker and copied (files, modes, the
    cache) into `root`, whose site and packs are then the previous outputs.
    """

    def make(folder: Path) -> Path:
        project = _project(folder, extra_stories)
        for args in (["build"], ["pdf"]):
            done = _portfolio(project, *args)
            assert done.returncode == 0, done.stderr
        return project

    shutil.copytree(built_once(f"good-build-{extra_stories}", make), root, symlinks=True, dirs_exist_ok=True)
    assert (root / "site" / "pdf" / "acme-pm.pdf").is_file() and (root / "packs" / "acme-pm.pdf").is_file()
    return _snapshot(root / "site"), _snapshot(root / "packs")


def _edit_answer(root: Path, new: str = "Dear Acme folks", old: str = "Dear Acme team") -> None:
    """A change to the content, so the next build has work to do (and packs to remake)."""
    app = root / "content" / "applications" / "acme-pm.yaml"
    app.write_text(app.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _beside(folder: Path) -> list[str]:
    """Hidden entries next to `folder` that a build of it could have left (staging, old copies)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_an_interrupted_build_leaves_the_previous_site_as_it_was(
    tmp_path: Path, sig: signal.Signals, built_once: BuiltOnce
) -> None:
    root = tmp_path
    site_before, _ = _good_build(built_once, root, extra_stories=150)
    # On a loaded machine the build can end before the signal lands: it then
    # interrupted nothing, and is tried again after another edit (three times at most).
    greeting = "Dear Acme team"
    for attempt in ("folks", "friends", "people"):
        _edit_answer(root, f"Dear Acme {attempt}", greeting)
        greeting = f"Dear Acme {attempt}"
        returncode, stderr = _interrupt_a_build(root, sig)
        if returncode != 0:
            break
        site_before = _snapshot(root / "site")
    assert returncode != 0
    assert _snapshot(root / "site") == site_before
    if sig == signal.SIGINT:  # the build cleans up after itself, quietly
        assert "Traceback" not in stderr, stderr
        assert _beside(root / "site") == []
    # The next build works and leaves nothing beside the site.
    done = _portfolio(root, "build")
    assert done.returncode == 0, done.stderr
    assert greeting in (root / "site" / "applications" / "acme-pm" / "index.html").read_text()
    assert _beside(root / "site") == []


# `portfolio build` with Ctrl-C as in a terminal (the same process: exec): a suite started in the
# background (`cmd &` in a script) has SIGINT ignored, and every process it starts inherits that.
AS_IN_A_TERMINAL = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
)


def _interrupt_a_build(root: Path, sig: signal.Signals) -> tuple[int, str]:
    """`portfolio build`, sent `sig` once MkDocs is writing into the staging folder: its exit code and stderr.

    The signal is sent once the theme's files are copied, before the pages
    are written: pages are now written in parallel, packs made beside them,
    and the last page is too close to the end of a build to aim at reliably.
    """
    build = subprocess.Popen(
        [sys.executable, "-c", AS_IN_A_TERMINAL, str(PROGRAM), "build"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 120
        while not any(root.glob(".site.building-*/assets/stylesheets/*.css")):
            assert build.poll() is None, "the build ended before it could be interrupted"
            assert time.monotonic() < deadline, "no staging folder appeared"
            time.sleep(0.005)
        assert build.poll() is None
        build.send_signal(sig)
        _, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    return build.returncode, stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("template", "my template is broken"),  # Typst fails on the user's own overrides/pack.typ
        ("pandoc", "pandoc"),  # Pandoc itself fails (here: bad runtime options in the environment)
    ],
)
def test_a_pack_that_cannot_be_made_leaves_the_previous_site_and_packs(
    tmp_path: Path, breakage: str, message: str, built_once: BuiltOnce
) -> None:
    root = tmp_path
    site_before, packs_before = _good_build(built_once, root)
    _edit_answer(root)  # so no pack can come from the cache
    env = {}
    if breakage == "template":
        (root / "overrides" / "pack").mkdir(parents=True)
        (root / "overrides" / "pack" / "pack.typ").write_text(BROKEN_TEMPLATE, encoding="utf-8")
    else:
        env["GHCRTS"] = "-Xno-such-option"
    for args in (["build"], ["pdf"]):
        done = _portfolio(root, *args, **env)
        assert done.returncode == 1, done.stderr
        assert message in done.stderr.lower() and "Traceback" not in done.stderr
        assert "\nerror: " in done.stderr
    assert _snapshot(root / "site") == site_before
    assert _snapshot(root / "packs") == packs_before
    assert _beside(root / "site") == []
    assert sorted(p.name for p in (root / "packs").iterdir()) == ["acme-pm.pdf", "zyx-tpm.pdf"]


def test_a_pack_for_a_path_instead_of_an_id_is_refused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (tmp_path / "outside").mkdir()
    for app_id in ["../outside/evil", "/tmp/evil", "acme-pm/../../evil", ".."]:
        done = _portfolio(root, "pdf", app_id, "--out", "packs")
        assert done.returncode == 2, done.stderr  # a usage error: ids are slugs, never paths
        assert "no application" in done.stderr and "Traceback" not in done.stderr
    assert not (root / "packs").exists() and list((tmp_path / "outside").iterdir()) == []


@pytest.mark.parametrize("name", ["..evil.yaml", "a..b.yaml", "Evil Name.yaml", "x_y.yaml"])
def test_an_application_file_whose_name_is_no_id_is_a_positioned_error(tmp_path: Path, name: str) -> None:
    root = _project(tmp_path)
    shutil.copy(root / "content" / "applications" / "acme-pm.yaml", root / "content" / "applications" / name)
    for args in (["check"], ["pdf"], ["build"]):
        done = _portfolio(root, *args)
        if name.startswith("."):  # a hidden file (an editor's) is not read at all
            assert done.returncode == 0, done.stderr
            continue
        assert done.returncode == 1, done.stderr
        assert f"content/applications/{name}:1:1: error: file name `{name}` is not a valid id" in done.stderr
    assert not (root / "site").exists() or name.startswith(".")


@pytest.mark.parametrize("site_dir", ["content", "..", "content/..", "notes"])
def test_the_site_folder_never_replaces_the_project_the_content_or_other_files(tmp_path: Path, site_dir: str) -> None:
    root = _project(tmp_path / "project")
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("my notes\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    done = _portfolio(root, "build", "--site-dir", site_dir)
    assert done.returncode == 1, done.stderr
    assert "refusing to replace" in done.stderr and "Traceback" not in done.stderr
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [["build", "--site-dir"], ["pdf", "--out"]])
def test_an_output_folder_that_cannot_be_made_is_an_error_not_a_traceback(tmp_path: Path, command: list[str]) -> None:
    root = _project(tmp_path)
    done = _portfolio(root, *command, "content/profile.yaml/out")
    assert done.returncode == 1, done.stderr
    assert "error: cannot write" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in root.iterdir() if p.name != ".portfolio-cache") == ["content"]


def _secret_outside(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "key.md").write_text(f"# Key\n\n{SECRET}\n", encoding="utf-8")
    return outside


def _holds_secret(folder: Path) -> list[str]:
    return [p.as_posix() for p in folder.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_a_hand_written_page_linked_to_a_file_outside_the_pages_folder_is_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    outside = _secret_outside(tmp_path)
    (root / "content" / "pages" / "key.md").symlink_to(outside / "key.md")
    for args in (["check"], ["build"], ["build", "--audience", "shared", "--site-dir", "public"]):
        done = _portfolio(root, *args)
        assert done.returncode == 1, done.stderr
        assert "content/pages/key.md:1:1: error: `pages/key.md` is a link to" in done.stderr
        assert SECRET not in done.stderr and "Traceback" not in done.stderr
    assert not (root / "site").exists() and not (root / "public").exists()


@pytest.mark.slow
def test_files_linked_into_the_content_folder_are_never_published(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    outside = _secret_outside(tmp_path)
    (root / "content" / "key.md").symlink_to(outside / "key.md")
    (root / "content" / "notes.txt").symlink_to(outside / "key.md")
    (root / "content" / "linked").symlink_to(outside, target_is_directory=True)
    (root / "content" / "pages" / "inside.md").symlink_to(root / "content" / "pages" / "about.md")
    for args, site in ((["build"], "site"), (["build", "--audience", "shared", "--site-dir", "public"], "public")):
        done = _portfolio(root, *args)
        assert done.returncode == 0, done.stderr
        assert _holds_secret(root / site) == []
        # A link inside pages/ to a page inside pages/ is an ordinary page.
        assert (root / site / "pages" / "inside" / "index.html").is_file()


@pytest.mark.slow
def test_a_rebuilt_site_folder_can_be_served_like_any_new_folder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "plain").mkdir()
    for _ in range(2):
        done = _portfolio(root, "build")
        assert done.returncode == 0, done.stderr
        assert (root / "site").stat().st_mode == (root / "plain").stat().st_mode
