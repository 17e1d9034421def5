"""Filling the empty fields of profile.yaml from an imported profile, keeping the file as written.

A field counts as empty when it is missing, null, "" or an empty list; a
filled field is never changed (not even a list that lacks an imported
item: merging two lists of positions cannot be done without guessing). The
file keeps its comments, key order, quotes and layout (yamldoc.edit_text);
new keys go in the order CONTENT.md lists them. Nothing is written when
nothing is added, or when what would be written does not validate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from generator.atomic import write_atomically
from generator.authoring.yamldoc import dump_document, edit_text, insert_after, literal, take_lines_below
from generator.content import require_content_folder
from generator.content.checks import url_problem
from generator.content.diagnostics import PortfolioError, display_path
from generator.content.model import Profile
from generator.content.yamlsource import SAFE_LOADER
from generator.interop.imported import ImportedProfile

PROFILE_SCHEMA_LINE = "yaml-language-server: $schema=../schema/profile.schema.json"
# The profile's fields in CONTENT.md's order: where a new key goes.
FIELD_ORDER = tuple(Profile.model_fields)
_MULTI_LINE = (CommentedMap, CommentedSeq, LiteralScalarString)


@dataclass(frozen=True)
class FillReport:
    """What an import did to profile.yaml (or, dry, would do)."""

    profile: Path
    source: Path
    added: dict[str, Any] = field(default_factory=dict)  # field -> value written
    kept: list[str] = field(default_factory=list)  # imported fields the profile already had
    left_out: list[str] = field(default_factory=list)
    text: str = ""  # the new profile.yaml ("" when nothing is added)


def fill_profile(content_dir: Path, imported: ImportedProfile, *, dry_run: bool = False) -> FillReport:
    """Add the imported fields that profile.yaml lacks; write it (unless `dry_run`) and say what changed."""
    require_content_folder(content_dir)
    path = next((p for p in (content_dir / "profile.yaml", content_dir / "profile.yml") if p.exists()), None)
    path = path or content_dir / "profile.yaml"
    original = _read(path) if path.exists() else None
    current = _data(original, path) if original is not None else {}
    added = {key: value for key, value in imported.fields.items() if _is_empty(current.get(key))}
    kept = [key for key in imported.fields if key not in added]
    if not added:
        return FillReport(path, imported.source, {}, kept, imported.left_out)
    if "name" not in added and _is_empty(current.get("name")):
        where = f"{display_path(path)} has none" if original is not None else f"there is no {display_path(path)} yet"
        raise PortfolioError(
            f"{display_path(imported.source)} gives no name, and {where}: "
            f"write `name: Your Name` in {display_path(path)}, then import again"
        )
    if original is None:
        text = _new_file(added, PROFILE_SCHEMA_LINE)
    elif not current:  # a file of comments only: they stay, the fields go below them
        text = original.rstrip("\r\n") + ("\n" if original.strip() else "") + _new_file(added, None)
    else:
        text = _fill(original, added)
    _check(text, path, imported.source)
    if not dry_run:
        write_atomically(path, text)
    return FillReport(path, imported.source, added, kept, imported.left_out, text)


def _read(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", newline="") as file:  # line ends as they are: a CRLF file stays CRLF
            return file.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise PortfolioError(f"cannot read {display_path(path)}: {exc}") from None


def _data(text: str, path: Path) -> dict[str, Any]:
    """The profile as it stands; it must be valid already (the import changes nothing else)."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        raise PortfolioError(f"{display_path(path)} is not valid YAML: run `portfolio check`") from None
    if data is None:  # empty, or comments only
        return {}
    if not isinstance(data, dict):
        raise PortfolioError(f"{display_path(path)} is not a mapping of fields; run `portfolio check`")
    try:
        Profile.model_validate(data if "name" in data else {**data, "name": "-"})
    except ValidationError:
        raise PortfolioError(
            f"{display_path(path)} has errors: run `portfolio check`, fix them, then import again"
        ) from None
    return data


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _fill(text: str, added: dict[str, Any]) -> str:
    def edit(document: Any) -> None:
        for key in FIELD_ORDER:
            if key not in added:
                continue
            value = _yaml_value(added[key])
            if key in document:
                document[key] = value
                continue
            before = [k for k in FIELD_ORDER[: FIELD_ORDER.index(key)] if k in document]
            if before:
                _insert_after(document, before[-1], key, value)
            else:
                document.insert(0, key, value)

    try:
        return edit_text(text, edit)
    except YAMLError:
        raise PortfolioError("profile.yaml cannot be read as YAML: run `portfolio check`") from None


def _insert_after(document: CommentedMap, before: str, key: str, value: Any) -> None:
    """`key: value` just after `before`, the comment lines below `before` staying above the key after it.

    yamldoc's insert_after moves them to the new key, which is right for a
    one-line value; below a block or a list they would print inside or after
    it, so they go before the next key instead (or, after the last key, stay).
    """
    keys = list(document)
    following = keys[keys.index(before) + 1] if keys.index(before) + 1 < len(keys) else None
    if not isinstance(value, _MULTI_LINE):
        insert_after(document, before, key, value)
        return
    document.insert(keys.index(before) + 1, key, value)
    if following is None:
        return  # the last key's comments end the file: they stay below it
    lines_below = take_lines_below(document, before)
    if lines_below is None:
        return
    slot = document.ca.items.setdefault(following, [None, None, None, None])
    slot[1] = [CommentToken(lines_below, CommentMark(0)), *(slot[1] or [])]


def _new_file(added: dict[str, Any], first_line: str | None) -> str:
    document = CommentedMap((key, _yaml_value(added[key])) for key in FIELD_ORDER if key in added)
    if first_line:
        document.yaml_set_start_comment(first_line)
    return dump_document(document)


def _yaml_value(value: Any) -> Any:
    """Plain data as ruamel's round-trip types: multi-line text as a literal block."""
    if isinstance(value, dict):
        return CommentedMap((key, _yaml_value(item)) for key, item in value.items())
    if isinstance(value, list):
        return CommentedSeq(_yaml_value(item) for item in value)
    if isinstance(value, str) and "\n" in value.rstrip("\n"):
        return literal(value if value.endswith("\n") else value + "\n")
    return value


def _check(text: str, path: Path, source: Path) -> None:
    """What is to be written must be a valid profile; the readers make sure, so failing is a bug or a gap."""
    try:
        profile = Profile.model_validate(yaml.load(text, Loader=SAFE_LOADER))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PortfolioError(
            f"{display_path(source)}: cannot fill {display_path(path)}: `{where}`: {first['msg']}; nothing written"
        ) from None
    for link in profile.links:  # what `portfolio check` would refuse is not written either
        problem = url_problem(link.url)
        if problem is not None:
            raise PortfolioError(f"{display_path(source)}: link `{link.label}`: {problem}; nothing written")


def describe_fill(report: FillReport, dry_run: bool) -> list[str]:
    """The lines `portfolio import` prints: what was added, what was kept, what had no place."""
    profile, source = display_path(report.profile), display_path(report.source)
    if report.added:
        verb = "would add" if dry_run else "added"
        lines = [f"{verb} to {profile} from {source}: " + ", ".join(_count(k, v) for k, v in report.added.items())]
    else:
        lines = [f"nothing to add to {profile} from {source}: every field it holds is already filled"]
    if report.kept:
        lines.append("kept as they were (already filled): " + ", ".join(report.kept))
    if report.left_out:
        lines.append("not imported (no place in the profile): " + ", ".join(report.left_out))
    return lines


def _count(key: str, value: Any) -> str:
    if key == "skills" and isinstance(value, list):
        return f"skills ({sum(len(group.get('items', [])) for group in value)} in {len(value)} group(s))"
    return f"{key} ({len(value)})" if isinstance(value, list) else key
