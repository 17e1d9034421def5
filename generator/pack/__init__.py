"""Packs: one PDF or Word file per application, for a recruiter or for the owner."""

from __future__ import annotations

from generator.content.diagnostics import UnknownApplicationError
from generator.outputnames import PackAudience
from generator.pack.build import (
    FORMATS,
    PACK_AUDIENCES,
    PackError,
    PackFormat,
    check_application_ids,
    write_packs,
)
from generator.pack.pandoc import PandocFailedError, PandocMissingError
from generator.pack.typst import TypstFailedError

__all__ = [
    "FORMATS",
    "PACK_AUDIENCES",
    "PackAudience",
    "PackError",
    "PackFormat",
    "PandocFailedError",
    "PandocMissingError",
    "TypstFailedError",
    "UnknownApplicationError",
    "check_application_ids",
    "write_packs",
]
