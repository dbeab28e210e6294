"""What the channel tests share: a file-backed journal, small media files, posts, a sleep recorder."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline.channels.base import Post

TOKENS = {
    "instagram": "IGQVJ-instagram-secret-token-0001",
    "facebook": "EAAB-facebook-page-secret-token-0002",
    "tiktok": "act.tiktok-secret-token-0003",
    "youtube": "ya29.youtube-access-secret-0004",
    "youtube_refresh": "1//youtube-refresh-secret-0005",
    "youtube_client_secret": "GOCSPX-youtube-client-secret-0006",
}


class FileJournal:
    """A journal kept in one JSON file, rewritten atomically and synced on every note."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def data(self) -> dict[str, Any]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data().get(key, default)

    def note(self, key: str, value: Any) -> None:
        data = self.data()
        data[key] = value
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("w") as handle:
            json.dump(data, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


class Sleeps(list[float]):
    """A sleep that only remembers how long it was asked to wait."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def jpeg(path: Path, size: tuple[int, int] = (64, 80)) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def mp4(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that starts like an MP4 (an ftyp box) and carries varied bytes."""
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    with path.open("wb") as handle:
        handle.write(head)
        left = size - len(head)
        block = bytes(range(256)) * 4096
        counter = 0
        while left > 0:
            piece = block[: min(len(block), left)]
            piece = bytes([counter % 256]) + piece[1:]
            handle.write(piece)
            left -= len(piece)
            counter += 1
    return path


def post(
    folder: Path,
    channel: str,
    fields: Mapping[str, Any],
    *,
    publish_at: datetime | None = None,
    site: str = "https://humas.example.ac.id/2025/wisuda/",
) -> Post:
    media = {p.name: f"{site}{p.name}" for p in folder.iterdir() if p.is_file()}
    return Post(
        publication="2025/wisuda",
        channel=channel,
        title="Wisuda Angkatan 2025",
        fields=dict(fields),
        folder=folder,
        page_url=site,
        media_urls=media,
        publish_at=publish_at,
    )
