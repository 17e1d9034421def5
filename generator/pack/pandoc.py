"""Finding and running Pandoc: a pack's Markdown to a Typst body or a Word file.

One Pandoc process per pack. The reader is CommonMark with only the
extensions the pack template needs (attributes, fenced divs) and the
everyday ones people type (tables, footnotes, strikeout, task lists): no
math, sub/superscripts, smart punctuation or citations, which would change
what a person typed, and no raw-format blocks. CommonMark always parses raw
HTML, so `untrusted.lua` turns it (and any raw block) back into text, drops
`typst:*` attributes (the Typst writer would run them as code), shows
images as their description and unlinks internal links to missing labels.
It is also a third faster than Pandoc's own Markdown reader.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.diagnostics import PortfolioError

FILTER_DIR = Path(__file__).parent
UNTRUSTED_FILTER = FILTER_DIR / "untrusted.lua"
DOCX_TITLE_FILTER = FILTER_DIR / "docx-title.lua"
SHORTHANDS_FILTER = FILTER_DIR / "typst-shorthands.lua"
FILTERS = (UNTRUSTED_FILTER, DOCX_TITLE_FILTER, SHORTHANDS_FILTER)

_EXTENSIONS = ("attributes", "fenced_divs", "pipe_tables", "footnotes", "strikeout", "task_lists")
READER = "commonmark" + "".join(f"+{extension}" for extension in _EXTENSIONS)
MINIMUM_VERSION = (3, 1)
# Word files carry a creation time; Pandoc takes it from here (1980-01-01,
# the earliest a zip entry can hold), so the same pack gives the same bytes.
FIXED_EPOCH = "315532800"

# A larger allocation area: a quarter less CPU per pack (measured on Pandoc 3.9).
GHC_RUNTIME_OPTIONS = "-A64m"

INSTALL_HINT = (
    "Pandoc is needed to write packs and was not found. Install the Python package "
    "that bundles it (`pip install pypandoc-binary`), or Pandoc itself "
    "(https://pandoc.org/installing.html, e.g. `apt install pandoc` or `brew install pandoc`), "
    "or point PYPANDOC_PANDOC at a pandoc binary."
)


class PandocMissingError(PortfolioError):
    """No usable Pandoc on this machine."""


class PandocFailedError(PortfolioError):
    """Pandoc refused a pack's Markdown."""


@dataclass(frozen=True)
class Pandoc:
    """One Pandoc binary and its version (part of every pack's cache key)."""

    path: str
    version: str

    def convert(self, markdown: str, to: Literal["typst", "docx"]) -> bytes:
        """The Markdown as a Typst body (UTF-8) or a Word document."""
        command = [self.path, "--from", READER, "--to", to, "--lua-filter", str(UNTRUSTED_FILTER), "--quiet"]
        if to == "docx":
            command += ["--lua-filter", str(DOCX_TITLE_FILTER), "--output", "-"]
        elif _has_typst_shorthand(markdown):
            command += ["--lua-filter", str(SHORTHANDS_FILTER)]
        env = dict(os.environ, SOURCE_DATE_EPOCH=FIXED_EPOCH)
        env.setdefault("GHCRTS", GHC_RUNTIME_OPTIONS)
        try:
            done = subprocess.run(command, input=markdown.encode("utf-8"), capture_output=True, env=env, check=False)
        except OSError as exc:
            raise PandocMissingError(f"cannot run {self.path}: {exc.strerror}. {INSTALL_HINT}") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
            raise PandocFailedError(f"pandoc failed: {message}")
        return done.stdout


def _has_typst_shorthand(markdown: str) -> bool:
    """Whether the text may hold `...` or `-?`, which Typst would change."""
    plain = markdown.replace("\\", "")
    return ".." in plain or "-?" in plain


def find_pandoc() -> Pandoc:
    """The Pandoc that `pypandoc` finds (its bundled binary, or a newer one on PATH)."""
    try:
        import pypandoc
    except ImportError:
        raise PandocMissingError(INSTALL_HINT) from None
    # pypandoc logs a traceback for a pandoc it finds but cannot run; our message says it all.
    pypandoc_log = logging.getLogger("pypandoc")
    was_disabled, pypandoc_log.disabled = pypandoc_log.disabled, True
    try:
        path = pypandoc.get_pandoc_path()
        version = pypandoc.get_pandoc_version()
    except OSError:
        raise PandocMissingError(INSTALL_HINT) from None
    finally:
        pypandoc_log.disabled = was_disabled
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if numbers < MINIMUM_VERSION:
        wanted = ".".join(map(str, MINIMUM_VERSION))
        raise PandocMissingError(f"Pandoc {version} at {path} is too old; packs need {wanted} or newer. {INSTALL_HINT}")
    return Pandoc(path=str(path), version=version)
