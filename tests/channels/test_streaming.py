"""Uploads stream the file: memory does not grow with the video's size."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from pipeline.channels.runner import run_channel
from pipeline.channels.youtube import YouTubeChannel
from tests.channels.support import TOKENS, FileJournal, Sleeps, mp4, post
from tests.platforms.youtube import YouTubeServer

MB = 1024 * 1024


def test_peak_memory_stays_below_the_file_size(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    size = 32 * MB
    mp4(folder / "wisuda.mp4", size)
    chan = YouTubeChannel(token=TOKENS["youtube"], base_url=yt.url, sleep=sleeps, chunk_size=4 * MB)
    tracemalloc.start()
    try:
        run_channel(chan, post(folder, "youtube", {"title": "Besar", "video": "wisuda.mp4"}), journal)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(yt.posts) == 1
    # client and in-process server together hold about one chunk at a time, never the 32 MB file
    assert peak < 12 * MB, f"peak {peak / MB:.1f} MB"
