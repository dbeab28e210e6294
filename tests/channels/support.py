"""What the channel tests share: a file-backed journal, small media files, posts, a sleep recorder."""

from __future__ import annotations

import io
import json
import os
import struct
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from PIL import Image

from pipeline.channels.base import Post
from pipeline.channels.specs import BY_NAME
from pipeline.content.limits import CheckContext
from pipeline.located_yaml import LocatedData
from pipeline.problems import Problem

TOKENS = {
    "instagram": "IGQVJ-instagram-secret-token-0001",
    "facebook": "EAAB-facebook-page-secret-token-0002",
    "tiktok": "act.tiktok-secret-token-0003",
    "youtube": "ya29.youtube-access-secret-0004",
    "youtube_refresh": "1//youtube-refresh-secret-0005",
    "youtube_client_secret": "GOCSPX-youtube-client-secret-0006",
    "threads": "THAA-threads-secret-token-0007",
}


class FileJournal:
    """A journal kept in one JSON file, rewritten atomically and synced on every note."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def data(self) -> dict[str, Any]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.data().get(key, default)

    def forget_all(self) -> None:
        self.path.unlink(missing_ok=True)

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


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mvhd(seconds: float, *, timescale: int = 1000, version: int = 0, length: int | None = None) -> bytes:
    """A movie header box (ISO/IEC 14496-12, 8.2.2) saying the movie lasts ``seconds``."""
    units = round(seconds * timescale) if length is None else length
    times = (
        struct.pack(">IIII", 0, 0, timescale, units) if version == 0 else struct.pack(">QQIQ", 0, 0, timescale, units)
    )
    matrix = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
    rest = struct.pack(">IH10x36s24xI", 0x00010000, 0x0100, matrix, 2)
    return box(b"mvhd", bytes([version, 0, 0, 0]) + times + rest)


def movie(
    path: Path,
    seconds: float,
    size: int,
    *,
    version: int = 0,
    moov_last: bool = False,
    large_mdat: bool = False,
    header: bytes | None = None,
) -> Path:
    """An MP4 of ``size`` bytes: ``ftyp``, ``moov`` with an ``mvhd`` of ``seconds`` (before or after the
    media), and an ``mdat`` of varied bytes (with a 64-bit size when ``large_mdat``)."""
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41")
    moov = box(b"moov", header if header is not None else mvhd(seconds, version=version))
    head = 16 if large_mdat else 8
    length = size - len(ftyp) - len(moov) - head
    assert length >= 0, "the movie is too small for its boxes"
    if large_mdat:
        mdat_head = struct.pack(">I4sQ", 1, b"mdat", head + length)
    else:
        mdat_head = struct.pack(">I4s", head + length, b"mdat")
    block = bytes(range(256)) * 4096
    with path.open("wb") as handle:
        handle.write(ftyp)
        if not moov_last:
            handle.write(moov)
        handle.write(mdat_head)
        left, counter = length, 0
        while left > 0:
            piece = bytes([counter % 256]) + block[1 : min(len(block), left)]
            handle.write(piece)
            left -= len(piece)
            counter += 1
        if moov_last:
            handle.write(moov)
    assert path.stat().st_size == size
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


def spec_check(item: Post) -> list[Problem]:
    """The channel spec's check (the one ``humas check`` runs) on the block of a post."""
    spec = BY_NAME[item.channel]
    block = spec.block.model_validate(dict(item.fields))
    path = f"content/publikasi/{item.publication}/index.md"
    ctx = CheckContext(path, item.folder, LocatedData(dict(item.fields)), ("channels", item.channel))
    return spec.check(block, ctx)
