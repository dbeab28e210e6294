"""Media files of a draft: where they may be and what they must contain.

A media reference is a file name inside the draft's own folder: no ``..``, no absolute path, no
symlink leading out. Its type is read from its first bytes (magic numbers), not from its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import filetype

KIND_NAMES = {
    "jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "bmp": "BMP", "tif": "TIFF",
    "mp4": "MP4", "mov": "MOV", "webm": "WebM", "heic": "HEIC", "m4v": "MP4",
}
IMAGE_KINDS = frozenset({"jpg", "png", "gif", "webp"})
VIDEO_KINDS = frozenset({"mp4", "mov", "webm"})

MB = 1024 * 1024


def describe(kinds: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted({KIND_NAMES.get(kind, kind.upper()) for kind in kinds}))


@dataclass(frozen=True)
class MediaFile:
    name: str
    path: Path
    size: int
    kind: str


def sniff(path: Path) -> str | None:
    """The file's type from its content: a filetype extension ('jpg', 'mp4', …) or None."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    guess = filetype.guess(head)
    if guess is None:
        return None
    kind = guess.extension
    return "mp4" if kind == "m4v" else kind


def inspect(folder: Path, name: str, allowed: frozenset[str], max_bytes: int) -> MediaFile | str:
    """The media file, or what is wrong with it (a message ending with what is allowed)."""
    pure = PurePosixPath(name)
    if not name or name.strip() != name:
        return "must be a file name inside the draft's folder"
    if pure.is_absolute() or "\\" in name or ".." in pure.parts or name.startswith("~"):
        return f"{name!r} leaves the draft's folder (allowed: a file name inside the draft's folder, no '..')"
    path = folder / pure
    try:
        resolved = path.resolve(strict=False)
        root = folder.resolve()
    except OSError as error:
        return f"{name!r} cannot be read: {error.strerror}"
    if root not in resolved.parents:
        return f"{name!r} is a link leading out of the draft's folder (allowed: a file inside it)"
    if not path.exists():
        if path.is_symlink():
            return f"{name!r} is a broken link (allowed: a regular file inside the draft's folder)"
        return f"file not found: {name} (put it beside index.md)"
    if not path.is_file():
        return f"{name!r} is not a regular file (allowed: a file inside the draft's folder)"
    size = path.stat().st_size
    if size == 0:
        return f"{name} is empty (allowed: {describe(allowed)})"
    if size > max_bytes:
        return f"{name} is {size / MB:.1f} MB (at most {max_bytes / MB:.0f} MB)"
    kind = sniff(path)
    if kind not in allowed:
        found = KIND_NAMES.get(kind, kind.upper()) if kind else "not a recognised image or video"
        return f"{name} contains {found} (allowed: {describe(allowed)})"
    return MediaFile(name=name, path=path, size=size, kind=kind)
