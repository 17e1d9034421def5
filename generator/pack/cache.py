"""Packs already made, kept by a hash of everything they are made from.

An unchanged pack is copied from here instead of being rebuilt. The folder
is `.portfolio-cache/packs/` in the folder `portfolio` runs from (outside
`site/`, ignored by git, like `.pytest_cache`); one file per application, audience and format is kept, so
the cache does not grow with every edit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_atomically


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
