"""Read one draft file: refuse hostile files quickly, split the front-matter, validate the model.

Every problem is collected; nothing raises for bad input.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from hashlib import sha256
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..located_yaml import LocatedData, YamlProblem, load
from ..messages import _
from ..problems import Problem
from ..validation import StrictModel, problems_from
from .model import MODELS
from .paths import DRAFT_KINDS, new_publication_id
from .paths import publication_of as publication_of  # where every path below content/ is spelled

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
    """A publication's id (``content.paths``: ``<yyyy>/<slug>``, ``pengumuman/<yyyy>/<slug>``, ...); arahan and
    rencana: the file name without ``.md``."""
    meta: Any
    body: str
    located: LocatedData
    folder: Path
    invalid: frozenset[str | int] = frozenset()
    """The top-level fields that did not validate: ``meta`` then holds only the valid ones (see partial)."""
    body_start: int = 0
    """The line of the file on which ``body`` starts (the closing ``---`` line: the body begins after it)."""


def kind_of(path: str) -> tuple[str | None, str, str | None]:
    """(kind, id, layout problem) for a repository-relative path under content/."""
    parts: tuple[str, ...] | list[str] = path.split("/")
    if "" in parts or "." in parts:  # what PurePosixPath folds (``a//b``, ``./a``, ``a/``): the same parts as it
        parts = PurePosixPath(path).parts
    if len(parts) >= 2 and parts[0] == "content" and parts[1] in ("arahan", "rencana"):
        if len(parts) != 3 or not parts[2].endswith(".md"):
            return parts[1], "", _("an {kind} is a Markdown file directly in content/{kind}/", kind=parts[1])
        stem = parts[2][:-3]
        if not SLUG.match(stem):
            return (
                parts[1],
                stem,
                _("file name must be lower-case letters, digits and '-' (for example 2025-ganjil.md)"),
            )
        return parts[1], stem, None
    if len(parts) >= 2 and parts[0] == "content" and parts[1] in _PUBLICATION_FOLDERS:
        return _publication_kind(parts)
    return None, "", None


_PUBLICATION_FOLDERS = {draft_kind: kind for kind, draft_kind in DRAFT_KINDS.items()}
"""The folder below content/ of each publication kind (its draft kind) -> its kind (``paths.KINDS``)."""


def _publication_kind(parts: Sequence[str]) -> tuple[str, str, str | None]:
    """(kind, id, layout problem) of a path in one of the publication folders (see ``paths``)."""
    kind = parts[1]
    if kind == "halaman":
        if len(parts) != 4 or parts[3] != "index.md":
            return kind, "", _("a page is content/halaman/<slug>/index.md, media beside it")
        slug = parts[2]
        if not SLUG.match(slug):
            return kind, "", _("folder {slug!r}: a slug is lower-case letters, digits and '-'", slug=slug)
        return kind, new_publication_id("halaman", "", slug), None

    def layout() -> str:  # translated only when it is said: every draft read passes here
        return _("a publication is content/{folder}/<yyyy>/<slug>/index.md, media beside it", folder=kind)

    if len(parts) != 5 or parts[4] != "index.md":
        return kind, "", layout()
    year, slug = parts[2], parts[3]
    if not re.fullmatch(r"\d{4}", year):
        return kind, "", _("folder {year!r} is not a year ({layout})", year=year, layout=layout())
    if not SLUG.match(slug):
        return kind, "", _("folder {slug!r}: a slug is lower-case letters, digits and '-'", slug=slug)
    return kind, new_publication_id(_PUBLICATION_FOLDERS[kind], year, slug), None


def read_draft(root: Path, path: str) -> tuple[Draft | None, list[Problem]]:
    kind, draft_id, layout = kind_of(path)
    if kind is None:
        return None, [
            Problem(
                path,
                0,
                "",
                _(
                    "not a draft (drafts live in content/arahan, content/rencana, "
                    "content/publikasi/<yyyy>/<slug>/index.md, content/pengumuman/<yyyy>/<slug>/index.md, "
                    "content/agenda/<yyyy>/<slug>/index.md and content/halaman/<slug>/index.md)"
                ),
            )
        ]
    if layout:
        return None, [Problem(path, 0, "", layout)]
    file = root / path
    raw = _read_bytes(file, path)
    if isinstance(raw, Problem):
        return None, [raw]
    return _draft(raw, path, kind, draft_id, file.parent)


def _draft(raw: bytes, path: str, kind: str, draft_id: str, folder: Path) -> tuple[Draft | None, list[Problem]]:
    """The draft in ``raw`` (bytes within the size limit): decoded, split and validated against its kind's model."""
    text = _text_of(raw, path)
    if isinstance(text, Problem):
        return None, [text]
    split = _split(text, path)
    if isinstance(split, Problem):
        return None, [split]
    located, body = split
    meta, invalid, problems = _validated(MODELS[kind], located, path)
    return Draft(
        kind=kind,
        path=path,
        id=draft_id,
        meta=meta,
        body=body,
        located=located,
        folder=folder,
        invalid=invalid,
        body_start=text[: len(text) - len(body)].count("\n") + 1,
    ), problems


def _read_bytes(file: Path, path: str) -> bytes | Problem:
    """The draft's bytes: a regular file, not larger than a draft may be."""
    try:
        if file.is_symlink():
            return Problem(path, 0, "", _("is a symbolic link (a draft must be a regular file)"))
        size = file.stat().st_size
        if size > MAX_DRAFT_BYTES:
            return Problem(
                path,
                0,
                "",
                _(
                    "file is too large: {size} bytes (at most {limit} bytes for a draft; put media beside it)",
                    size=size,
                    limit=MAX_DRAFT_BYTES,
                ),
            )
        return file.read_bytes()
    except FileNotFoundError:
        return Problem(path, 0, "", _("file not found"))
    except OSError as error:
        return Problem(path, 0, "", _("cannot be read: {why}", why=error.strerror))


def _text_of(raw: bytes, path: str) -> str | Problem:
    """The draft as text: not empty, not binary, UTF-8 (a BOM allowed), with ``\\n`` line ends."""
    if not raw.strip():
        return Problem(
            path, 1, "", _("file is empty (a draft starts with a front-matter block between two '---' lines)")
        )
    if b"\0" in raw:
        return Problem(path, 1, "", _("binary content (a draft is UTF-8 Markdown text)"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(path, line, "", _("not valid UTF-8 text (a draft is UTF-8 Markdown text)"))
    return text.replace("\r\n", "\n")


def _split(text: str, path: str) -> tuple[LocatedData, str] | Problem:
    """The front-matter (a mapping, each value with its line) and the body."""
    if not _YAML.detect(text):
        return Problem(
            path,
            1,
            "",
            _("missing front-matter (the file must start with a line '---', the fields, and another '---')"),
        )
    try:
        head, body = _YAML.split(text)
    except ValueError:
        return Problem(path, 1, "", _("front-matter is not closed (add a line '---' after the fields)"))
    if len(head.encode()) > MAX_FRONT_MATTER_BYTES:
        return Problem(
            path, 2, "", _("front-matter is too large (at most {limit} bytes)", limit=MAX_FRONT_MATTER_BYTES)
        )
    try:
        located = load(head, first_line=1)
    except YamlProblem as problem:
        return Problem(path, problem.line, "", problem.message)
    if not isinstance(located.data, dict):
        return Problem(path, 2, "", _("front-matter must be a mapping of fields (name: value)"))
    return located, body


def _validated(
    model: type[StrictModel], located: LocatedData, path: str
) -> tuple[Any, frozenset[str | int], list[Problem]]:
    """(meta, the top-level fields that did not validate, the problems) of the front-matter."""
    try:
        return model.model_validate(located.data), frozenset(), []
    except ValidationError as error:
        # Not valid as a whole: report why, and keep the parts that are valid on their own so that every
        # other check still runs on them (one run of humas check lists every problem of the file).
        problems = problems_from(error, model, path, located)
        invalid = frozenset(e["loc"][0] for e in error.errors() if e["loc"])
        unknown = [tuple(e["loc"]) for e in error.errors() if e["type"] == "extra_forbidden"]
        return partial(model, _without(located.data, unknown)), invalid, problems


def partial(model: type[BaseModel], data: dict[Any, Any]) -> Any:
    """An instance of ``model`` holding only the fields of ``data`` that are valid on their own.

    A field that does not validate is left out (a required one is then absent: read it with
    ``getattr(meta, name, None)``); a mapping whose fields are all optional (the channels) keeps its
    valid entries. Only for checking: a partial instance comes with its problems, so it is never built,
    published or archived.
    """
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            continue
        try:
            values[name] = _adapter(model, name).validate_python(data[name])
        except ValidationError:
            inner = info.annotation
            if (
                isinstance(inner, type)
                and issubclass(inner, BaseModel)
                and isinstance(data[name], dict)
                and not any(f.is_required() for f in inner.model_fields.values())
            ):
                values[name] = partial(inner, data[name])
    return model.model_construct(**values)


def _without(data: Any, locs: list[tuple[Any, ...]]) -> Any:
    """``data`` without the unknown keys at ``locs`` (already reported), so that what they sit in is checked."""
    pruned = copy.deepcopy(data)
    for loc in locs:
        target = pruned
        for part in loc[:-1]:
            target = target[part]
        target.pop(loc[-1], None)
    return pruned


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def front_matter(raw: bytes) -> dict[str, Any] | None:
    """The front-matter of a draft's bytes (a blob of git) as plain data, or None when it cannot be read: read
    as :func:`read_draft` reads a file (the same limits, decoding and split), without the model."""
    if len(raw) > MAX_DRAFT_BYTES:
        return None
    text = _text_of(raw, "")
    split = _split(text, "") if isinstance(text, str) else text
    return None if isinstance(split, Problem) else split[0].data


def front_matter_and_body(raw: bytes) -> tuple[dict[str, Any], str] | None:
    """The front-matter and the body of a draft's bytes, read as :func:`front_matter` reads them; None when
    they cannot be read."""
    if len(raw) > MAX_DRAFT_BYTES:
        return None
    text = _text_of(raw, "")
    split = _split(text, "") if isinstance(text, str) else text
    if isinstance(split, Problem) or not isinstance(split[0].data, dict):
        return None
    return split[0].data, split[1]


def draft_of(raw: bytes, path: str, folder: Path | None = None) -> tuple[Draft | None, list[Problem]]:
    """:func:`read_draft` for a draft's bytes already read (a blob of git at some commit): the same layout
    check, limits, decoding, split and model. ``folder``: where its media would be (none: the path's)."""
    kind, draft_id, layout = kind_of(path)
    if kind is None or layout:  # the same refusal as read_draft's (it reads no file for it)
        return read_draft(Path(), path)
    if len(raw) > MAX_DRAFT_BYTES:
        why = _(
            "file is too large: {size} bytes (at most {limit} bytes for a draft; put media beside it)",
            size=len(raw),
            limit=MAX_DRAFT_BYTES,
        )
        return None, [Problem(path, 0, "", why)]
    key = (sha256(raw).digest(), path)
    draft = _PARSED.get(key)
    if draft is None:
        draft, problems = _draft(raw, path, kind, draft_id, Path(path).parent)
        if draft is None or problems:  # not kept: a problem is said in the language of the moment
            return (replace(draft, folder=folder) if draft is not None and folder is not None else draft), problems
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = draft
    return (replace(draft, folder=folder) if folder is not None and draft.folder != folder else draft), []


_PARSED: dict[tuple[bytes, str], Draft] = {}
"""{(SHA-256 of a draft's bytes, its path): the valid draft :func:`draft_of` made of them}: verifying main
reads each approved draft's bytes for its bidang, then the build loads the same bytes, and each is decoded,
split and validated once. Keyed by the digest, so no second copy of the bytes is kept; the drafts are frozen,
and the folder is each caller's. A draft with problems is not kept (they are said in the language of the
moment)."""
_PARSED_MAX = 1 << 15
"""The most drafts kept (then it starts again): the archive of three decades, as :func:`located_yaml.load`."""
