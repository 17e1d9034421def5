"""Files written whole or not at all: a temporary file beside the target, then a rename.

The lowest layer of writing: the pack cache, packs, the sent lock, edited
content files and the site's build stamp all go through here, so a crash or
a full disk leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_atomically(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` (text is written as UTF-8, newlines as they are).

    A file that already exists keeps its permissions.
    """
    temp = write_temporary(path.parent, path.name, data.encode("utf-8") if isinstance(data, str) else data)
    try:
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
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


def new_folder_mode() -> int:
    """The mode `mkdir` gives a new folder under the current umask (for folders made 0700 while they fill)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask
