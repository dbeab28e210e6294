"""Media files of a draft: where they may be and what they must contain.

A media reference is a file name inside the draft's own folder: no ``..``, no absolute path, no
symlink leading out. Its type is read from its first bytes (magic numbers), not from its name.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import filetype

from ..messages import _

KIND_NAMES = {
    "jpg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WebP",
    "bmp": "BMP",
    "tif": "TIFF",
    "mp4": "MP4",
    "mov": "MOV",
    "webm": "WebM",
    "heic": "HEIC",
    "m4v": "MP4",
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
        return _("must be a file name inside the draft's folder")
    if pure.is_absolute() or "\\" in name or ".." in pure.parts or name.startswith("~"):
        return _(
            "{name!r} leaves the draft's folder (allowed: a file name inside the draft's folder, no '..')", name=name
        )
    path = folder / pure
    try:
        resolved = path.resolve(strict=False)
        root = folder.resolve()
    except OSError as error:
        return _("{name!r} cannot be read: {why}", name=name, why=error.strerror)
    if root not in resolved.parents:
        return _("{name!r} is a link leading out of the draft's folder (allowed: a file inside it)", name=name)
    if not path.exists():
        if path.is_symlink():
            return _("{name!r} is a broken link (allowed: a regular file inside the draft's folder)", name=name)
        return _("file not found: {name} (put it beside index.md)", name=name)
    if not path.is_file():
        return _("{name!r} is not a regular file (allowed: a file inside the draft's folder)", name=name)
    size = path.stat().st_size
    if size == 0:
        return _("{name} is empty (allowed: {allowed})", name=name, allowed=describe(allowed))
    if size > max_bytes:
        return _(
            "{name} is {size} MB (at most {limit} MB)",
            name=name,
            size=f"{size / MB:.1f}",
            limit=f"{max_bytes / MB:.0f}",
        )
    kind = sniff(path)
    if kind not in allowed:
        if not kind:
            return _(
                "{name} is not a recognised image or video (allowed: {allowed})", name=name, allowed=describe(allowed)
            )
        return _(
            "{name} contains {found} (allowed: {allowed})",
            name=name,
            found=KIND_NAMES.get(kind, kind.upper()),
            allowed=describe(allowed),
        )
    return MediaFile(name=name, path=path, size=size, kind=kind)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels from the image's header (Pillow reads no pixel data), or None."""
    from PIL import Image, UnidentifiedImageError  # start-up time: only a check of an image needs Pillow

    try:
        with Image.open(path) as image:
            return int(image.width), int(image.height)
    except (OSError, UnidentifiedImageError, ValueError):
        return None


# The length of an MP4 or QuickTime video, from its movie header box (``moov/mvhd``). An ISO base media
# file is a sequence of boxes: a 32-bit size (1: a 64-bit size follows the type; 0: the box runs to the
# end of the file), a four-letter type, the payload. ``moov`` may come before or after the media data
# (``mdat``), which is skipped, never read. ``mvhd`` holds the movie's ``timescale`` (units per second)
# and ``duration`` (in those units): version 0 with 32-bit times, version 1 with 64-bit ones
# (ISO/IEC 14496-12, 8.2.2).

UNKNOWN = {0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF}


def duration(path: Path) -> float | None:
    """Seconds, or None when the file has no readable movie header (not an MP4, or damaged)."""
    try:
        with path.open("rb") as handle:
            end = handle.seek(0, 2)
            moov = _find(handle, 0, end, b"moov")
            mvhd = _find(handle, *moov, b"mvhd") if moov else None
            if mvhd is None:
                return None
            handle.seek(mvhd[0])
            head = handle.read(min(32, mvhd[1] - mvhd[0]))
    except OSError:
        return None
    if len(head) >= 20 and head[0] == 0:
        timescale, length = struct.unpack(">II", head[12:20])
    elif len(head) >= 32 and head[0] == 1:
        timescale, length = struct.unpack(">IQ", head[20:32])
    else:
        return None
    if timescale == 0 or length in UNKNOWN:
        return None
    return length / timescale


def _find(handle: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(first, end) byte of the payload of the first box of type ``kind`` between ``start`` and ``end``."""
    position = start
    while position + 8 <= end:
        handle.seek(position)
        size, found = struct.unpack(">I4s", handle.read(8))
        header = 8
        if size == 1:
            extended = handle.read(8)
            if len(extended) < 8:
                return None
            size, header = struct.unpack(">Q", extended)[0], 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            return None
        if found == kind:
            return position + header, position + size
        position += size
    return None
