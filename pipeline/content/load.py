"""Read one draft file: refuse hostile files quickly, split the front-matter, validate the model.

Every problem is collected; nothing raises for bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
from pydantic import ValidationError

from ..located_yaml import LocatedData, YamlProblem, load
from ..problems import Problem
from ..validation import StrictModel, problems_from
from .model import MODELS

MAX_DRAFT_BYTES = 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_YAML = frontmatter.YAMLHandler()


@dataclass(frozen=True)
class Draft:
    kind: str
    path: str
    """Repository-relative path, '/'-separated."""
    id: str
    """publikasi: ``<yyyy>/<slug>``; arahan and rencana: the file name without ``.md``."""
    meta: Any
    body: str
    located: LocatedData
    folder: Path


def kind_of(path: str) -> tuple[str | None, str, str | None]:
    """(kind, id, layout problem) for a repository-relative path under content/."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 2 and parts[0] == "content" and parts[1] in ("arahan", "rencana"):
        if len(parts) != 3 or not parts[2].endswith(".md"):
            return parts[1], "", f"an {parts[1]} is a Markdown file directly in content/{parts[1]}/"
        stem = parts[2][:-3]
        if not SLUG.match(stem):
            return parts[1], stem, "file name must be lower-case letters, digits and '-' (for example 2025-ganjil.md)"
        return parts[1], stem, None
    if len(parts) >= 2 and parts[0] == "content" and parts[1] == "publikasi":
        layout = "a publication is content/publikasi/<yyyy>/<slug>/index.md, media beside it"
        if len(parts) != 5 or parts[4] != "index.md":
            return "publikasi", "", layout
        year, slug = parts[2], parts[3]
        if not re.fullmatch(r"\d{4}", year):
            return "publikasi", "", f"folder {year!r} is not a year ({layout})"
        if not SLUG.match(slug):
            return "publikasi", "", f"folder {slug!r}: a slug is lower-case letters, digits and '-'"
        return "publikasi", f"{year}/{slug}", None
    return None, "", None


def read_draft(root: Path, path: str) -> tuple[Draft | None, list[Problem]]:
    kind, draft_id, layout = kind_of(path)
    if kind is None:
        return None, [Problem(path, 0, "", "not a draft (drafts live in content/arahan, content/rencana "
                                          "and content/publikasi/<yyyy>/<slug>/index.md)")]
    if layout:
        return None, [Problem(path, 0, "", layout)]
    file = root / path
    try:
        if file.is_symlink():
            return None, [Problem(path, 0, "", "is a symbolic link (a draft must be a regular file)")]
        size = file.stat().st_size
        if size > MAX_DRAFT_BYTES:
            return None, [Problem(path, 0, "", f"file is too large: {size} bytes (at most {MAX_DRAFT_BYTES} "
                                              "bytes for a draft; put media beside it)")]
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, 0, "", "file not found")]
    except OSError as error:
        return None, [Problem(path, 0, "", f"cannot be read: {error.strerror}")]
    if not raw.strip():
        return None, [Problem(path, 1, "", "file is empty (a draft starts with a front-matter block "
                                          "between two '---' lines)")]
    if b"\0" in raw:
        return None, [Problem(path, 1, "", "binary content (a draft is UTF-8 Markdown text)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "", "not valid UTF-8 text (a draft is UTF-8 Markdown text)")]
    text = text.replace("\r\n", "\n")
    if not _YAML.detect(text):
        return None, [Problem(path, 1, "", "missing front-matter (the file must start with a line '---', "
                                          "the fields, and another '---')")]
    try:
        head, body = _YAML.split(text)
    except ValueError:
        return None, [Problem(path, 1, "", "front-matter is not closed (add a line '---' after the fields)")]
    if len(head.encode()) > MAX_FRONT_MATTER_BYTES:
        return None, [Problem(path, 2, "", f"front-matter is too large (at most {MAX_FRONT_MATTER_BYTES} bytes)")]
    try:
        located = load(head, first_line=1)
    except YamlProblem as problem:
        return None, [Problem(path, problem.line, "", problem.message)]
    if not isinstance(located.data, dict):
        return None, [Problem(path, 2, "", "front-matter must be a mapping of fields (name: value)")]
    model: type[StrictModel] = MODELS[kind]
    try:
        meta = model.model_validate(located.data)
    except ValidationError as error:
        problems = problems_from(error, model, path, located)
        # Unknown keys alone need not hide every other problem: drop them and validate again.
        unknown = [tuple(e["loc"]) for e in error.errors() if e["type"] == "extra_forbidden"]
        if len(unknown) != error.error_count():
            return None, problems
        try:
            meta = model.model_validate(_without(located.data, unknown))
        except ValidationError:
            return None, problems
        return Draft(kind=kind, path=path, id=draft_id, meta=meta, body=body, located=located,
                     folder=file.parent), problems
    return Draft(kind=kind, path=path, id=draft_id, meta=meta, body=body, located=located,
                 folder=file.parent), []


def _without(data: Any, locs: list[tuple[Any, ...]]) -> Any:
    import copy

    pruned = copy.deepcopy(data)
    for loc in locs:
        target = pruned
        for part in loc[:-1]:
            target = target[part]
        target.pop(loc[-1], None)
    return pruned


def front_matter(raw: bytes) -> dict[str, Any] | None:
    """The front-matter of a draft's bytes as plain data, or None when it cannot be read."""
    if len(raw) > MAX_DRAFT_BYTES or b"\0" in raw:
        return None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        if not _YAML.detect(text):
            return None
        head, _ = _YAML.split(text)
        data = load(head, first_line=1).data
    except (UnicodeDecodeError, ValueError, YamlProblem):
        return None
    return data if isinstance(data, dict) else None


def publication_of(path: str) -> str | None:
    """The publication id (``<yyyy>/<slug>``) a repository path belongs to, if any."""
    parts = PurePosixPath(path).parts
    if len(parts) >= 5 and parts[:2] == ("content", "publikasi") and re.fullmatch(r"\d{4}", parts[2]):
        return f"{parts[2]}/{parts[3]}"
    return None
