"""What a reader of another format found for the profile, before it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.content.model import DateIsh

_DATEISH: TypeAdapter[str] = TypeAdapter(DateIsh)
# What content cannot hold (yamlsource.py refuses it): C0 controls but tab and line ends, DEL, C1.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ImportedProfile:
    """Profile fields (named as in profile.yaml, plain data) read from `source`.

    `left_out` names what the source holds that the profile has no place for,
    so the report can say so rather than drop it silently.
    """

    source: Path
    fields: dict[str, Any]
    left_out: list[str] = field(default_factory=list)


def check_dateish(value: str) -> str | None:
    """`value` as a profile date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), or None when it is not a real one."""
    try:
        return _DATEISH.validate_python(value)
    except ValidationError:
        return None


def drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    """`record` without its empty values (None, "", []), in the same order."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot go into the content (a control character), or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return f"this text holds the control character U+{ord(found.group()):04X}, which content cannot hold; remove it"
