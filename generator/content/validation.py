"""Turning pydantic's validation errors into positioned, helpful problems."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.diagnostics import ProblemList
from generator.content.yamlsource import PathKey, SourceMap

M = TypeVar("M", bound=BaseModel)

# What each kind of value looks like in YAML, for "expected ..." messages.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with `- `)",
    "model_type": "a mapping of `field: value` lines",
    "model_attributes_type": "a mapping of `field: value` lines",
    "dict_type": "a mapping of `field: value` lines",
    "date_type": "a date written YYYY-MM-DD",
}


def validate_file(model: type[M], data: dict[str, Any], source: SourceMap, problems: ProblemList) -> M | None:
    """Validate one file's data against `model`; report every error with its position."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A typo (`titel:`) also makes the real field missing; say it once, as the typo.
        guessed = {
            (*error["loc"][:-1], guess)
            for error in errors
            if error["type"] == "extra_forbidden"
            for guess in _guess(model, tuple(error["loc"]))
        }
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in guessed:
                continue
            if error["type"] == "missing" and tuple(error["loc"]) in source.values:
                continue  # written, but its value was refused while reading (reported there)
            _report(model, error, source, problems)
        return None


def _guess(model: type[BaseModel], loc: PathKey) -> list[str]:
    known = sorted(field_names(model, loc[:-1]))
    return difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)


def _report(model: type[BaseModel], error: Any, source: SourceMap, problems: ProblemList) -> None:
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    if kind == "missing":
        where = source.value(loc[:-1])
        parent = _describe(loc[:-1])
        problems.error(source.path, where, f"missing required field `{loc[-1]}`{parent}")
        return
    if kind == "extra_forbidden":
        known = sorted(field_names(model, loc[:-1]))
        message = f"unknown field `{_short(loc[-1])}`"
        guess = _guess(model, loc)
        if guess:
            message += f"; did you mean `{guess[0]}`?"
        elif known:
            message += f"; allowed here: {', '.join(known)}"
        problems.error(source.path, source.key(loc), message)
        return
    where = source.value(loc)
    given = error.get("input")
    if kind == "literal_error":
        allowed = [str(a) for a in typing.get_args(field_annotation(model, loc))] or [error["ctx"]["expected"]]
        message = f"`{name}` must be one of: {', '.join(allowed)} (got `{_short(given)}`)"
        guess = difflib.get_close_matches(str(given), allowed, n=1, cutoff=0.6)
        if guess:
            message += f"; did you mean `{guess[0]}`?"
    elif kind == "string_pattern_mismatch":
        message = (
            f"`{_short(given)}` is not a valid id for `{name}`: use lowercase letters, digits and "
            "single hyphens, like `why-perplexity`"
        )
    elif kind == "too_short" and isinstance(given, list):
        message = f"`{name}` needs at least one entry"
    elif kind == "greater_than":
        message = f"`{name}` must be greater than {error['ctx']['gt']} (got {_short(given)})"
    elif kind == "value_error":
        message = f"`{name}`: {error['ctx']['error']}"
    elif kind in _EXPECTED:
        shown = "nothing" if given is None else f"`{_short(given)}`"
        message = f"`{name}` should be {_EXPECTED[kind]}, not {shown}"
    else:
        message = f"`{name}`: {error['msg']}"
    problems.error(source.path, where, message)


def _describe(parent: PathKey) -> str:
    if not parent:
        return ""
    names = [p for p in parent if isinstance(p, str)]
    return f" in this item of `{names[-1]}`" if names else ""


def _short(value: Any) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated, Optional and list[...] down to the item type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        elif origin is list:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: PathKey) -> Any:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or _by_alias(current).get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current


def field_names(model: type[BaseModel], loc: PathKey) -> list[str]:
    """The fields allowed in the mapping at `loc` of a `model` document."""
    target = _model_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [info.alias or name for name, info in target.model_fields.items()]
    return []


def _by_alias(model: type[BaseModel]) -> dict[str, Any]:
    """Fields written under another name in YAML (`with`, a Python keyword)."""
    return {info.alias: info for info in model.model_fields.values() if info.alias}


def field_annotation(model: type[BaseModel], loc: PathKey) -> Any:
    """The (unwrapped) type of the value at `loc` of a `model` document."""
    return _model_at(model, loc)
