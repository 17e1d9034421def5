"""The user's cache folder for this tool: `$XDG_CACHE_HOME/portfolio`, else `~/.cache/portfolio`.

It keeps what is the same for every project and costs time to make again:
compiled templates (render/templatecache.py) and Hunspell's answers
(content/spelling.py). Deleting it only costs time. A folder that cannot
be made, or that is not the user's own and closed to others, is not used:
some of what it holds is loaded as code.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Mapping
from pathlib import Path


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the cache folder is (whether or not it exists)."""
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "portfolio"


def user_cache(name: str) -> Path | None:
    """`<cache root>/<name>`, made if need be, or None when it cannot be used."""
    return _usable(cache_root() / name)


@functools.cache
def _usable(folder: Path) -> Path | None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    others_own_it = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if others_own_it or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder
