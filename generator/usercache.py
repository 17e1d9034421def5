"""The user's cache folder for this tool: `$XDG_CACHE_HOME/portfolio`, else `~/.cache/portfolio`.

It keeps what is the same for every project and costs time to make again:
compiled templates (render/templatecache.py) and Hunspell's answers
(content/spelling.py). Deleting it only costs time, and a cache that
cannot be read or written is simply not used.

Compiled templates are loaded as code, so a folder is used only when no
other user can change it or swap it: it and every folder above it must
belong to this user or to root and be closed to others' writing (a shared
folder such as /tmp counts only with its sticky bit), as OpenSSH checks a
user's keys.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the cache folder is (whether or not it exists)."""
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "portfolio"


def user_cache(name: str) -> Path | None:
    """`<cache root>/<name>`, made if need be, or None when it cannot be used safely."""
    folder = cache_root() / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        real = Path(os.path.realpath(folder))
        if not all(_safe(path, own=path == real) for path in (real, *real.parents)):
            return None
    except OSError:
        return None
    return real


def _safe(path: Path, *, own: bool) -> bool:
    info = path.stat()
    uid = os.getuid() if hasattr(os, "getuid") else info.st_uid
    if info.st_uid not in ((uid,) if own else (uid, 0)):
        return False
    open_to_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return not open_to_others or (not own and bool(info.st_mode & stat.S_ISVTX))


@functools.cache
def code_fingerprint() -> str:
    """A hash of this tool's own files (paths, sizes, modification times): any edit changes it.

    Read once a process: the build stamp (site/freshness.py) and the
    compiled templates' folders are keyed by it.
    """
    digest = hashlib.sha256()
    for folder, dirs, names in sorted(os.walk(PACKAGE_DIR)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(n for n in names if not n.endswith(".pyc")):
            info = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()
