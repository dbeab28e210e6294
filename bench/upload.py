"""Upload memory and throughput: a video published to the local YouTube (tests/platforms/youtube.py).

    python bench/upload.py video PATH MIB       write a video file of MIB mebibytes
    python bench/upload.py serve                run the local YouTube; prints its URL, stops on end of input
    python bench/upload.py upload URL PATH      publish PATH with the YouTube channel (resumable, chunked)
    python bench/upload.py sink                 a raw loopback TCP receiver; prints its port
    python bench/upload.py copy PORT PATH       send PATH to the sink (the reference: a raw loopback copy)

Each side runs in its own process, so the uploader's peak memory is its own (the server keeps a running
hash of what it receives, never the bytes).
"""

from __future__ import annotations

import pathlib
import socket
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 1024 * 1024


def serve() -> None:
    from tests.channels.support import TOKENS
    from tests.platforms.youtube import YouTubeServer

    YouTubeServer.lifetime = 3600.0
    with YouTubeServer(
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        access_token=TOKENS["youtube"],
    ) as server:
        print(server.url, flush=True)
        sys.stdin.read()
        if len(server.posts) < 1:
            raise SystemExit("bench: the local YouTube received no video")


def upload(url: str, path: pathlib.Path) -> None:
    from pipeline.channels.runner import run_channel
    from pipeline.channels.youtube import YouTubeChannel
    from tests.channels.support import TOKENS, FileJournal, post

    with tempfile.TemporaryDirectory(prefix="humas-bench-upload-") as scratch:
        channel = YouTubeChannel(token=TOKENS["youtube"], base_url=url, sleep=lambda _: None)
        publication = post(path.parent, "youtube", {"title": "Wisuda", "video": path.name})
        run_channel(channel, publication, FileJournal(pathlib.Path(scratch) / "journal.json"))


def sink() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        print(server.getsockname()[1], flush=True)
        connection, _ = server.accept()
        with connection:
            while connection.recv(CHUNK):
                pass


def copy(port: int, path: pathlib.Path) -> None:
    with socket.create_connection(("127.0.0.1", port)) as connection, path.open("rb") as handle:
        while block := handle.read(CHUNK):
            connection.sendall(block)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "video":
        from tests.channels.support import mp4

        mp4(pathlib.Path(sys.argv[2]), int(sys.argv[3]) * CHUNK)
    elif command == "serve":
        serve()
    elif command == "upload":
        started = time.perf_counter()
        upload(sys.argv[2], pathlib.Path(sys.argv[3]))
        print(f"seconds={time.perf_counter() - started}")
    elif command == "sink":
        sink()
    elif command == "copy":
        started = time.perf_counter()
        copy(int(sys.argv[2]), pathlib.Path(sys.argv[3]))
        print(f"seconds={time.perf_counter() - started}")
    else:
        raise SystemExit(f"unknown command {command!r}")
