"""Validate the local GitHub's answers against GitHub's own OpenAPI description (the extracted subset).

OpenAPI 3.0 schemas are JSON Schema draft 4 plus ``nullable``; ``nullable: true`` is rewritten to
allow ``null`` before validating, and ``$ref``s resolve inside the extracted document.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "github-openapi" / "operations.json"
MORE = [SPEC.with_name("protection.json"), SPEC.with_name("labels.json")]
"""Further extracts of the same description, read as one with SPEC (paths and components joined)."""


def _nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable") is True:
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        elif "type" not in out:
            return {"anyOf": [out, {"type": "null"}]}
    return out


@cache
def spec() -> dict[str, Any]:
    joined = json.loads(SPEC.read_text())
    for extra in MORE:
        more = json.loads(extra.read_text())
        for route, operations in more["paths"].items():
            joined["paths"].setdefault(route, {}).update(operations)
        for kind, items in more["components"].items():
            joined["components"].setdefault(kind, {}).update(items)
    return joined


@cache
def _components() -> dict[str, Any]:
    return _nullable(spec()["components"])


def response_schema(route: str, method: str, status: int) -> dict[str, Any] | None:
    """The JSON schema of an answer, or None when the description defines no body for it."""
    operation = spec()["paths"][route][method.lower()]
    response = operation["responses"].get(str(status))
    if response is None and status >= 400:
        return _nullable({"$ref": "#/components/schemas/basic-error"})  # GitHub's error shape
    if response is None:
        raise KeyError(f"{method} {route}: the description has no {status} answer")
    if "$ref" in response:
        response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    schema = response.get("content", {}).get("application/json", {}).get("schema")
    return _nullable(schema) if schema is not None else None


@cache
def _validator(route: str, method: str, status: int) -> jsonschema.Draft4Validator | None:
    """One validator per answer (its ``$ref``s resolved once, not for every answer a test's run gave)."""
    schema = response_schema(route, method, status)
    if schema is None:
        return None
    return jsonschema.Draft4Validator({"components": _components(), "allOf": [schema]})


def validate(route: str, method: str, status: int, body: Any) -> None:
    """Raise jsonschema.ValidationError (or KeyError for an undocumented status) if ``body`` is wrong."""
    validator = _validator(route, method, status)
    if validator is None:
        if body is not None:
            raise KeyError(f"{method} {route} {status}: the description has no body, the answer has one")
        return
    validator.validate(body)
