"""Which files of a publication's folder go on the website, and putting them beside its page.

Only regular files with a media extension are published. Symlinks (which could lead out of the
folder), hidden files, Markdown (it would become an unsanitised page) and HTML, SVG or scripts (they
would run in the site's origin) are skipped with a warning. The content checks of ``humas check``
already verify media by their bytes; this is the website's own allow-list, a second line of defence.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from dataclasses import dataclass

IMAGE = "image"
VIDEO = "video"
AUDIO = "audio"
DOCUMENT = "document"

KINDS = {
    ".jpg": IMAGE,
    ".jpeg": IMAGE,
    ".png": IMAGE,
    ".gif": IMAGE,
    ".webp": IMAGE,
    ".avif": IMAGE,
    ".mp4": VIDEO,
    ".m4v": VIDEO,
    ".webm": VIDEO,
    ".mov": VIDEO,
    ".mp3": AUDIO,
    ".m4a": AUDIO,
    ".ogg": AUDIO,
    ".wav": AUDIO,
    ".pdf": DOCUMENT,
}


@dataclass(frozen=True)
class MediaFile:
    name: str  # POSIX path relative to the publication folder, e.g. "foto-1.jpg" or "galeri/a.jpg"
    path: pathlib.Path
    kind: str


def select_media(folder: pathlib.Path) -> tuple[list[MediaFile], list[str]]:
    """The publishable media of `folder` (sorted by name) and a warning for every file skipped."""
    media: list[MediaFile] = []
    skipped: list[str] = []
    _walk(folder, "", media, skipped)
    media.sort(key=lambda m: m.name)
    return media, skipped


def _walk(directory: pathlib.Path, prefix: str, media: list[MediaFile], skipped: list[str]) -> None:
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = prefix + entry.name
            if prefix == "" and entry.name == "index.md":
                continue
            if entry.name.startswith("."):
                skipped.append(f"{name}: hidden file, not published")
            elif entry.is_symlink():
                skipped.append(f"{name}: symbolic link, not published")
            elif entry.is_dir(follow_symlinks=False):
                _walk(pathlib.Path(entry.path), name + "/", media, skipped)
            elif not entry.is_file(follow_symlinks=False):
                skipped.append(f"{name}: not a regular file, not published")
            else:
                kind = KINDS.get(os.path.splitext(entry.name)[1].lower())
                if kind is None:
                    allowed = ", ".join(sorted(KINDS))
                    skipped.append(f"{name}: not a media type the website publishes ({allowed})")
                else:
                    media.append(MediaFile(name, pathlib.Path(entry.path), kind))


def place_media(media: list[MediaFile], destination: pathlib.Path) -> None:
    """Put `media` under `destination` by hard link when possible (no copy of big videos), else copy."""
    for item in media:
        target = destination / item.name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(item.path, target)
        except OSError:
            shutil.copyfile(item.path, target)
