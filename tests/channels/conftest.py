from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.channels.support import TOKENS, FileJournal, Sleeps
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer


@pytest.fixture
def journal(tmp_path: Path) -> FileJournal:
    return FileJournal(tmp_path / "journal.json")


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "2025" / "wisuda"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def ig() -> Iterator[InstagramServer]:
    with InstagramServer(TOKENS["instagram"]) as server:
        yield server


@pytest.fixture
def fb() -> Iterator[FacebookServer]:
    with FacebookServer(TOKENS["facebook"]) as server:
        yield server


@pytest.fixture
def tt() -> Iterator[TikTokServer]:
    with TikTokServer(TOKENS["tiktok"], min_chunk=64 * 1024) as server:
        yield server


@pytest.fixture
def yt() -> Iterator[YouTubeServer]:
    with YouTubeServer(
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        access_token=TOKENS["youtube"],
    ) as server:
        yield server
