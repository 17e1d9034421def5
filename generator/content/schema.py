"""JSON Schemas of the content files, made from the models.

Editors that speak the YAML language server read the `$schema` line at the top
of each content file and autocomplete and flag errors from these schemas.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from generator.content.model import Application, Profile, Story

SchemaKind = Literal["profile", "story", "application"]
MODELS: dict[SchemaKind, type[BaseModel]] = {
    "profile": Profile,
    "story": Story,
    "application": Application,
}
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema(kind: SchemaKind) -> dict[str, Any]:
    """The JSON Schema of one kind of content file."""
    schema = MODELS[kind].model_json_schema()
    return {"$schema": SCHEMA_DIALECT, "$id": f"{kind}.schema.json", **schema}


def build_bundle() -> dict[str, Any]:
    """One schema that accepts any content file (for `portfolio schema`)."""
    defs: dict[str, Any] = {}
    refs = []
    for model in MODELS.values():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[schema["title"]] = schema
        refs.append({"$ref": f"#/$defs/{schema['title']}"})
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Portfolio content file",
        "anyOf": refs,
        "$defs": dict(sorted(defs.items())),
    }


def render_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every kind; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in MODELS:
        path = directory / f"{kind}.schema.json"
        path.write_text(render_schema(build_schema(kind)), encoding="utf-8")
        written.append(path)
    return written
