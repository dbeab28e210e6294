"""Turn pydantic validation errors into located problems with allowed values named.

Models are strict (``extra="forbid"``); this module walks the model classes to name the keys a
place allows, so that an unknown key reads ``unknown key 'foo' (allowed: a, b, c)``.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .located_yaml import LocatedData
from .problems import Problem


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def field_name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(annotation):
            found.extend(_unwrap(arg))
        return found
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: Any = model
    for item in loc:
        candidates = _unwrap(current)
        nxt = None
        for candidate in candidates:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel) and item in candidate.model_fields:
                nxt = candidate.model_fields[item].annotation
            elif origin in (list, tuple) and isinstance(item, int):
                nxt = typing.get_args(candidate)[0]
            elif origin is dict:
                nxt = typing.get_args(candidate)[1]
            if nxt is not None:
                break
        if nxt is None:
            return None
        current = nxt
    for candidate in _unwrap(current):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    found = _model_at(model, loc)
    return list(found.model_fields) if found else []


def problems_from(
    error: ValidationError, model: type[BaseModel], path: str, located: LocatedData
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        line = located.line_of(loc)
        if kind == "extra_forbidden":
            allowed = ", ".join(allowed_keys(model, loc[:-1])) or "none"
            problems.append(Problem(path, line, field_name(loc), f"unknown key (allowed: {allowed})"))
            continue
        if kind == "missing":
            message = "is required"
        elif kind.startswith("value_error") or kind == "assertion_error":
            message = str(item["msg"]).removeprefix("Value error, ")
        else:
            message = _lower_first(str(item["msg"]))
        problems.append(Problem(path, line, field_name(loc), message))
    return problems


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
