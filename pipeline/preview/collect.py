"""The publications of a change, read as data from git: front-matter, body and media bytes.

Nothing of the change runs: files are read with ``git cat-file`` at the change's head (no checkout,
no hooks, no filters), the front-matter is parsed by the same strict loader as ``humas check`` and
validated by the same model; a media reference is only a file name inside the publication's folder.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import frontmatter
from pydantic import ValidationError

from ..content.load import front_matter
from ..content.model import MODELS, PUBLICATION_MODELS, Halaman, Publikasi
from ..content.paths import DRAFT_KINDS, kind_of, publication_folder, publication_of
from ..git import GitRepo

MAX_MEDIA_BYTES = 300 * 1024 * 1024


@dataclass(frozen=True)
class Media:
    name: str
    data: bytes
    kind: str
    """image, video or other"""
    width: int = 0
    height: int = 0


@dataclass
class PreviewDraft:
    id: str
    """``<yyyy>/<slug>``"""
    path: str
    meta: Publikasi | Halaman | None
    body: str
    problems: list[str] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)

    def medium(self, name: str | None) -> Media | None:
        return self.media.get(name) if name else None


def change_publications(repo: GitRepo, head: str, base: str = "main") -> list[str]:
    """Publication ids (any kind: ``content.paths``) whose files the change ``base...head`` touches."""
    ids = {publication_of(path) for path in repo.changed_paths(base, head)}
    return sorted(i for i in ids if i)


def read_publication(repo: GitRepo, ref: str, publication: str) -> PreviewDraft | None:
    """The publication at ``ref``, or None when the change deletes it."""
    folder = publication_folder(publication)
    path = f"{folder}/index.md"
    raw = repo.show(ref, path)
    if raw is None:
        return None
    data = front_matter(raw)
    body = _body(raw)
    draft = PreviewDraft(id=publication, path=path, meta=None, body=body)
    if data is None:
        draft.problems.append(f"{path}: front-matter cannot be read (humas check tells why)")
        return draft
    try:
        meta = MODELS[DRAFT_KINDS[kind_of(publication) or "berita"]].model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            where = ".".join(str(p) for p in item["loc"])
            draft.problems.append(f"{path}: {where}: {item['msg']}")
        return draft
    assert isinstance(meta, PUBLICATION_MODELS)
    draft.meta = meta
    entries = repo.tree_entries(ref, [folder])
    for name in sorted(_referenced(meta)):
        pure = PurePosixPath(name)
        target = f"{folder}/{name}"
        if len(pure.parts) != 1 or name in ("..", ".") or target not in entries:
            draft.problems.append(f"{path}: {name!r}: not a file in the publication's folder")
            continue
        blob = repo.read_blobs([entries[target]]).get(entries[target], b"")
        if len(blob) > MAX_MEDIA_BYTES:
            draft.problems.append(f"{path}: {name}: larger than {MAX_MEDIA_BYTES // (1024 * 1024)} MB, not shown")
            continue
        draft.media[name] = _media(name, blob)
    return draft


def _body(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        return str(frontmatter.YAMLHandler().split(text)[1])
    except (UnicodeDecodeError, ValueError):
        return ""


def _referenced(meta: Publikasi | Halaman) -> set[str]:
    names: set[str] = set()
    if meta.image:
        names.add(meta.image)
    for channel in meta.channels.names():
        block: Any = getattr(meta.channels, channel)
        for attribute in ("media", "photos"):
            names.update(getattr(block, attribute, None) or [])
        for attribute in ("video", "cover", "thumbnail"):
            if value := getattr(block, attribute, None):
                names.add(value)
    return {name for name in names if name}


def _media(name: str, data: bytes) -> Media:
    import filetype
    from PIL import Image, UnidentifiedImageError

    guess = filetype.guess(data[:8192])
    mime = guess.mime if guess else ""
    if mime.startswith("image/"):
        try:
            with Image.open(io.BytesIO(data)) as image:
                return Media(name, data, "image", *image.size)
        except (UnidentifiedImageError, OSError, ValueError):
            return Media(name, data, "other")
    if mime.startswith("video/"):
        return Media(name, data, "video")
    return Media(name, data, "other")
