"""`portfolio pdf` end to end, as a user runs it, with the real tools.

The command line runs in-process (tests/conftest.py `portfolio`), and in a
real process where it writes to a terminal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_PORTFOLIO, portfolio

PORTFOLIO = [sys.executable, "-c", "from generator.cli import main; main()"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    return tmp_path


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return portfolio(project, *args)


def test_pdf_writes_every_applications_pack_into_packs(project: Path) -> None:
    result = run(project, "pdf")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (project / "packs").iterdir()) == ["acme-pm.pdf", "zyx-tpm.pdf"]
    assert (project / "packs" / "acme-pm.pdf").read_bytes().startswith(b"%PDF-")
    assert "wrote 2 recruiter pack(s) (pdf) to packs" in result.stdout
    assert "[1/2]" not in result.stderr  # no progress lines when stderr is not a terminal
    assert "Traceback" not in result.stderr


def test_pdf_of_named_applications_as_word_files_elsewhere(project: Path) -> None:
    result = run(
        project,
        "pdf",
        "acme-pm",
        "--format",
        "docx",
        "--audience",
        "private",
        "--out",
        "out/docs",
        "--content",
        "content",
    )
    assert result.returncode == 0, result.stderr
    assert [path.name for path in (project / "out" / "docs").iterdir()] == ["acme-pm.private.docx"]


def test_an_unknown_application_is_a_usage_error_listing_the_known_ones(project: Path) -> None:
    result = run(project, "pdf", "acme-pm", "nope")
    assert result.returncode == 2
    assert "no application `nope`; known applications: acme-pm, zyx-tpm" in result.stderr
    assert not (project / "packs").exists()


def test_a_broken_template_is_an_error_naming_the_application(project: Path) -> None:
    (project / "overrides" / "pack").mkdir(parents=True)
    (project / "overrides" / "pack" / "pack.typ").write_text(
        '#let pack(meta, body) = { panic("my template is broken") }\n'
    )
    result = run(project, "pdf", "acme-pm")
    assert result.returncode == 1
    assert "error: 1 of 1 pack(s) failed" in result.stderr
    assert "acme-pm: typst:" in result.stderr and "my template is broken" in result.stderr
    assert "Traceback" not in result.stderr


def test_progress_is_shown_on_a_terminal(project: Path) -> None:
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [*PORTFOLIO, "pdf"], cwd=project, stdout=subprocess.PIPE, stderr=follower, text=True, check=False
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed: everything has been read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    lines = shown.decode().splitlines()
    assert sorted(line.split(" ", 1)[1] for line in lines if line.startswith("[")) == [
        "acme-pm.pdf built",
        "zyx-tpm.pdf built",
    ]


def test_a_private_pack_never_takes_the_place_of_the_one_to_send(project: Path) -> None:
    for audience in ("recruiter", "private"):
        for fmt in ("pdf", "docx", "txt"):
            result = run(project, "pdf", "acme-pm", "--audience", audience, "--format", fmt, "--content", "content")
            assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in (project / "packs").iterdir())
    assert names == sorted(f"acme-pm.{kind}{fmt}" for kind in ("", "private.") for fmt in ("docx", "pdf", "txt"))
    assert b"CONTACT-MARKER" not in (project / "packs" / "acme-pm.txt").read_bytes()
