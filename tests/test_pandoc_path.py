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


def _find(cache: Path, path: str | None = None) -> tuple[str, str, bool]:
    environ = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    if path is not None:
        environ["PATH"] = path
    done = subprocess.run([sys.executable, "-c", FIND], env=environ, capture_output=True, text=True, check=True)
    path_found, version, imported = json.loads(done.stdout)
    return path_found, version, imported


def test_the_second_run_finds_pypandocs_pandoc_without_asking_it(tmp_path: Path) -> None:
    import pypandoc

    first = _find(tmp_path / "cache")
    assert first == (str(pypandoc.get_pandoc_path()), pypandoc.get_pandoc_version(), True)
    assert _find(tmp_path / "cache") == (first[0], first[1], False)  # pypandoc not even imported


def test_a_newer_pandoc_on_path_is_found_at_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    bundled = _find(cache)
    newer = tmp_path / "bin" / "pandoc"
    newer.parent.mkdir()
    newer.write_text("#!/bin/sh\necho 'pandoc 99.1'\n")
    newer.chmod(0o755)
    on_path = f"{newer.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    assert _find(cache, on_path) == (
        "pandoc",
        "99.1",
        True,
    )  # PATH changed: pypandoc asked again (it names it as on PATH)
    assert _find(cache, on_path) == ("pandoc", "99.1", False)
    newer.write_text("#!/bin/sh\necho 'pandoc 99.2'\n")  # replaced in place: its size changed
    assert _find(cache, on_path) == ("pandoc", "99.2", True)
    newer.unlink()
    assert _find(cache, on_path)[:2] == bundled[:2]
