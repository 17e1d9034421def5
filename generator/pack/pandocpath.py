"""Where Pandoc is, as pypandoc finds it, remembered while nothing it looks at has changed.

pypandoc looks in several places (`pandoc` on PATH, the binary it bundles,
`~/bin`, the interpreter's `bin`, ...), runs `--version` of each one there
and takes the newest. Importing it costs about 40 ms (it imports urllib for
its downloader) and the search about 10 ms more, at every run that makes a
pack: a fifth of the owner's packs' process. The answer is kept in the
user's cache (generator/usercache.py: a folder only this user can write,
since the path kept there is run) with the identity (inode, size,
modification time) of every place pypandoc looks and of pypandoc's own
code, `PYPANDOC_PANDOC` and `PATH`: when any of them differs, pypandoc is
asked again. It is always asked on Windows, where it looks in other places,
and when `pandoc` on PATH is a script (a version manager's shim, which may
run another Pandoc in another folder).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from generator.atomic import write_atomically
from generator.usercache import user_cache

Found = tuple[str, str]  # Pandoc's path and version


def remembered(find: Callable[[], Found]) -> Found:
    """`find()`'s answer, from the user's cache while every place pypandoc looks at is unchanged."""
    places = _places()
    folder = user_cache("pandoc") if places is not None else None
    if folder is None:
        return find()
    file = folder / "found.json"
    try:
        kept = json.loads(file.read_text(encoding="utf-8"))
        if kept["places"] == places and isinstance(kept["path"], str) and isinstance(kept["version"], str):
            return kept["path"], kept["version"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not kept yet, or unreadable: asked again
    path, version = find()
    with contextlib.suppress(OSError):  # else kept next time, perhaps
        write_atomically(file, json.dumps({"places": places, "path": path, "version": version}))
    return path, version


def _places() -> list[object] | None:
    """What pypandoc's answer depends on (pypandoc 1.x, `_ensure_pandoc_path`), or None (not known here)."""
    if sys.platform == "win32":
        return None
    spec = importlib.util.find_spec("pypandoc")  # found, not imported
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    on_path = shutil.which("pandoc") or ""
    if on_path and _is_script(on_path):
        return None  # a version manager's shim (asdf, mise): which Pandoc it runs is not a file's identity
    try:
        home, prefix = Path.home(), Path(sys.exec_prefix)
    except RuntimeError:  # no home folder: pypandoc is asked
        return None
    looked_at: list[Path | str] = [
        package / "__init__.py",  # another pypandoc may look elsewhere
        package / "pandoc_download.py",
        on_path,
        package / "files" / "pandoc",
        home / "bin" / "pandoc",
        home / "Applications" / "pandoc" / "pandoc",
        home / ".bin" / "pandoc",
        prefix / "bin" / "pandoc.exe",
        prefix / "bin" / "pandoc",
    ]
    return [os.environ.get("PYPANDOC_PANDOC", ""), os.environ.get("PATH", ""), *map(_identity, looked_at)]


def _identity(path: Path | str) -> list[object]:
    """A file's identity: a new file, new bytes or new permissions change it (ctime cannot be set back)."""
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    if info is None:
        return [str(path)]
    return [str(path), info.st_dev, info.st_ino, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _is_script(path: str) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(2) == b"#!"
    except OSError:
        return False
