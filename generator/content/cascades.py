"""Keeping one error from causing others: what a broken file leaves unknown.

A file that could not be read or validated is left out of the Portfolio, so
without care its story references vanish ("story … is used nowhere") and its
id looks unknown ("unknown story", "is gone"). Those secondary problems are
explained by the file's own error and are not reported.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.model import Portfolio
from generator.content.yamlsource import YAML_SUFFIXES


def file_ids(root: Path, folder: str) -> set[str]:
    """The ids of every YAML file in `root/folder`, loaded or not."""
    directory = root / folder
    if not directory.is_dir():
        return set()
    return {path.stem for path in directory.iterdir() if path.suffix in YAML_SUFFIXES and not path.name.startswith(".")}


def stories_named_by_broken_applications(portfolio: Portfolio) -> set[str] | None:
    """Story ids written in application files that did not load; None: any story may be."""
    named: set[str] = set()
    directory = portfolio.root / "applications"
    if not directory.is_dir():
        return named
    for path in directory.iterdir():
        if path.suffix not in YAML_SUFFIXES or path.name.startswith(".") or path.stem in portfolio.applications:
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        named.update(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text))
    return named
