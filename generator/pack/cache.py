"""Packs already made, kept by a hash of everything they are made from.

An unchanged pack is copied from here instead of being rebuilt. The folder
is `.portfolio-cache/packs/` in the folder `portfolio` runs from (outside
`site/`, ignored by git, like `.pytest_cache`); one file per application, audience and format is kept, so
the cache does not grow with every edit.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path


def cache_key(*parts: str | bytes) -> str:
    """A hash of the parts, each length-prefixed so no two lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class PackCache:
    folder: Path

    def get(self, name: str, key: str) -> bytes | None:
        """The cached bytes of pack `name` (e.g. `acme-pm.recruiter.pdf`) made with `key`."""
        try:
            return self._path(name, key).read_bytes()
        except OSError:
            return None

    def put(self, name: str, key: str, data: bytes) -> None:
        """Keep `data` for `key`, replacing older versions of the same pack."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self._path(name, key), data)
            for stale in self.folder.glob(f"{name}.*"):
                if stale.name != self._path(name, key).name and not stale.name.endswith(".tmp"):
                    stale.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs speed, never the pack

    def _path(self, name: str, key: str) -> Path:
        return self.folder / f"{name}.{key[:32]}"


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` completely or not at all: a temporary file, then a rename."""
    temp = write_temporary(path.parent, path.name, data)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_temporary(folder: Path, name: str, data: bytes) -> Path:
    """A new hidden file `.<name>.<random>.tmp` in `folder` holding `data`.

    Opened with the usual permissions (not mkstemp's 0600), so a pack
    renamed into a site can be served.
    """
    temp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        with open(temp, "xb") as file:
            file.write(data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp
