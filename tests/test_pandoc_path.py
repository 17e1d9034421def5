"""Where Pandoc is: pypandoc's answer, remembered while nothing pypandoc looks at changes (pandocpath.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIND = """
import json, sys
from generator.pack.pandoc import find_pandoc
found = find_pandoc()
print(json.dumps([found.path, found.version, "pypandoc" in sys.modules]))
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pypandoc is always asked on Windows")


def _find(cache: Path, path: str | None = None, home: Path | None = None) -> tuple[str, str, bool]:
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    if path is not None:
        environ["PATH"] = path
    if home is not None:
        environ["HOME"] = str(home)
    done = subprocess.run([sys.executable, "-c", FIND], env=environ, capture_output=True, text=True, check=True)
    path_found, version, imported = json.loads(done.stdout)
    return path_found, version, imported


def _script(path: Path, version: str, mode: int = 0o755) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho 'pandoc {version}'\n")
    path.chmod(mode)
    return path


def test_the_second_run_finds_pypandocs_pandoc_without_asking_it(tmp_path: Path) -> None:
    import pypandoc

    first = _find(tmp_path / "cache")
    assert first == (str(pypandoc.get_pandoc_path()), pypandoc.get_pandoc_version(), True)
    assert _find(tmp_path / "cache") == (first[0], first[1], False)  # pypandoc not even imported


def test_a_pandoc_made_runnable_in_home_bin_is_found_at_once(tmp_path: Path) -> None:
    cache, home = tmp_path / "cache", tmp_path / "home"
    newer = _script(home / "bin" / "pandoc", "99.1", mode=0o644)  # pypandoc cannot run it: the bundled one
    bundled = _find(cache, home=home)
    assert bundled[1] != "99.1"
    assert _find(cache, home=home) == (bundled[0], bundled[1], False)
    newer.chmod(0o755)  # the same bytes and modification time, runnable now
    assert _find(cache, home=home) == (str(newer), "99.1", True)
    assert _find(cache, home=home) == (str(newer), "99.1", False)
    _script(newer, "99.2")  # replaced in place
    assert _find(cache, home=home) == (str(newer), "99.2", True)
    newer.unlink()
    assert _find(cache, home=home) == bundled


def test_a_script_on_path_is_asked_about_every_time(tmp_path: Path) -> None:
    """A version manager's shim may run another Pandoc in another folder: nothing is kept."""
    shim = _script(tmp_path / "shims" / "pandoc", "99.1")
    on_path = f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    assert _find(tmp_path / "cache", on_path) == ("pandoc", "99.1", True)  # pypandoc names it as on PATH
    assert _find(tmp_path / "cache", on_path) == ("pandoc", "99.1", True)
