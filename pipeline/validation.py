"""Turn pydantic validation errors into located problems with allowed values named.

Models are strict (``extra="forbid"``); this module walks the model classes to name the keys a
place allows, so that an unknown key reads ``unknown key 'foo' (allowed: a, b, c)``.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .located_yaml import LocatedData
from .messages import _
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


def problems_from(error: ValidationError, model: type[BaseModel], path: str, located: LocatedData) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line = located.line_of(loc)
        if item["type"] == "extra_forbidden":
            allowed = ", ".join(allowed_keys(model, loc[:-1])) or _("none")
            problems.append(
                Problem(path, line, field_name(loc), _("unknown key (allowed: {allowed})", allowed=allowed))
            )
            continue
        problems.append(Problem(path, line, field_name(loc), describe_error(item)))
    return problems


def _fixed(kinds: tuple[str, ...], message: Callable[[], str]) -> dict[str, Callable[[], str]]:
    return dict.fromkeys(kinds, message)


_FIXED: dict[str, Callable[[], str]] = {
    **_fixed(("missing",), lambda: _("is required")),
    **_fixed(("string_type", "string_sub_type"), lambda: _("must be text")),
    **_fixed(("int_type", "int_parsing", "int_from_float"), lambda: _("must be a whole number")),
    **_fixed(("bool_type", "bool_parsing"), lambda: _("must be true or false")),
    **_fixed(("list_type", "tuple_type", "set_type"), lambda: _("must be a list")),
    **_fixed(
        ("dict_type", "model_type", "model_attributes_type"), lambda: _("must be a mapping of fields (name: value)")
    ),
}
"""The errors whose sentence names no value (translated when asked for: the reader's language)."""


def describe_error(item: Any) -> str:
    """One pydantic error as a sentence for the SOP's people: what is wrong, what is allowed."""
    kind = item["type"]
    value = item.get("input")
    if kind in _FIXED:
        return _FIXED[kind]()
    if kind.startswith("value_error") or kind == "assertion_error":
        return str(item["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.startswith("date_") and not kind.startswith("datetime"):
        return _("{value} is not a date (allowed: YYYY-MM-DD, for example 2025-02-10)", value=_shown(value))
    if kind.startswith("datetime"):
        return _(
            "{value} is not a date and time (allowed: YYYY-MM-DDTHH:MM:SS with an offset, for example "
            "2025-02-10T08:00:00+07:00)",
            value=_shown(value),
        )
    return _bounded(item, kind, item.get("ctx") or {}, value)


def _bounded(item: Any, kind: str, ctx: Any, value: Any) -> str:
    """The errors of a value outside what is allowed: a choice, a length, a bound, a pattern."""
    if kind == "literal_error":
        allowed = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return _("{value!r} is not allowed (allowed: {allowed})", value=value, allowed=allowed)
    if kind == "string_too_short":
        return _("has fewer than {count} character(s)", count=ctx.get("min_length"))
    if kind == "string_too_long":
        return _("{length} characters (at most {count})", length=len(str(value)), count=ctx.get("max_length"))
    if kind == "too_short":
        return _("{length} item(s) (at least {count})", length=ctx.get("actual_length"), count=ctx.get("min_length"))
    if kind == "too_long":
        return _("{length} item(s) (at most {count})", length=ctx.get("actual_length"), count=ctx.get("max_length"))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "")
        return {
            "greater_than": _("must be greater than {bound}", bound=bound),
            "greater_than_equal": _("must be at least {bound}", bound=bound),
            "less_than": _("must be less than {bound}", bound=bound),
            "less_than_equal": _("must be at most {bound}", bound=bound),
        }[kind]
    if kind == "string_pattern_mismatch":
        return _("{value!r} does not match the pattern {pattern}", value=value, pattern=ctx.get("pattern"))
    return _("not valid: {detail}", detail=_lower_first(str(item["msg"])))


def _shown(value: Any) -> str:
    """A value as written: a date or time YAML already read is shown in ISO form, not as Python."""
    return repr(value.isoformat() if isinstance(value, dt.date) else value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
