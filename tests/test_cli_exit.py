"""The `portfolio` program ends its process at once when a command is done: nothing printed is lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import _exit_status
from tests.conftest import FIXTURE_PORTFOLIO, PROGRAM, run


def _program(cwd: Path, *args: str, stdout: int = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PROGRAM, *args], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)


def test_every_line_a_command_prints_is_written_before_the_process_ends(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    done = _program(tmp_path, "schema")
    monkeypatch.chdir(tmp_path)
    assert (done.returncode, done.stdout) == (0, run("schema").stdout)
    assert done.stdout.count("\n") > 1000


def test_the_exit_status_is_the_command_s(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    (tmp_path / "content" / "profile.yaml").write_text("name: [\n", encoding="utf-8")
    broken = _program(tmp_path, "check")
    assert broken.returncode == 1 and "profile.yaml:" in broken.stderr and "Traceback" not in broken.stderr
    unknown = _program(tmp_path, "--no-such-option")
    assert unknown.returncode == 2 and "No such option" in unknown.stderr
    assert _program(tmp_path, "--version").stdout.startswith("portfolio, version ")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_PORTFOLIO, tmp_path / "content")
    command = subprocess.Popen([PROGRAM, "schema"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert command.stdout is not None and command.stderr is not None
    command.stdout.read(10)
    command.stdout.close()  # as `| head -c 10` does
    stderr = command.stderr.read().decode()
    command.wait(timeout=120)
    assert "Traceback" not in stderr


def test_the_program_is_run_not_main() -> None:
    from importlib.metadata import entry_points

    [script] = entry_points(group="console_scripts", name="portfolio")
    assert script.value == "generator.cli:run"


@pytest.mark.parametrize(
    ("code", "status", "printed"), [(None, 0, ""), (3, 3, ""), (258, 2, ""), (-1, 255, ""), ("no", 1, "no\n")]
)
def test_an_exit_code_gives_the_status_python_would(code: object, status: int, printed: str, capsys) -> None:
    assert _exit_status(code) == status
    assert capsys.readouterr().err == printed


EXIT_NEEDED = """
import sys, threading
from generator.cli import _python_exit_needed as needed
seen = [needed()]
done = threading.Event()
worker = threading.Thread(target=done.wait)
worker.start()
seen.append(needed())
done.set()
worker.join()
seen.append(needed())
sys.setprofile(lambda *args: None)
seen.append(needed())
sys.setprofile(None)
print(seen)
"""


def test_python_s_own_exit_is_kept_for_a_thread_still_running_or_a_profiler() -> None:
    """In a process of its own: the test's may run other threads, a debugger or coverage."""
    done = subprocess.run([sys.executable, "-c", EXIT_NEEDED], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["[False,", "True,", "False,", "True]"], done.stderr
