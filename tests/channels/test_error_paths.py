"""One rule for every platform's error paths: a call that can create a post is never repeated before the
platform has been asked whether the first one took effect.

Every call a client declares in ``posting_calls`` is walked through 429, a 5xx, a connection dropped after
the platform committed the post, and a timeout after the platform committed it; each time the local
platform server holds exactly one post.

The timeout is the run's real client timing out: the faulted call alone is given a short read timeout, the
server commits the post and holds its answer until the client has closed the connection, and no other call
is answered before that post is committed (so the client's question "was it made?" always finds it, however
loaded the machine). Nothing waits a fixed time.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.channels.base import Channel
from pipeline.channels.registry import configured_channels
from pipeline.channels.runner import run_channel
from tests.channels.support import FileJournal, Sleeps, jpeg, mp4, post
from tests.channels.test_killed import env_for, server_for
from tests.platforms.server import FakeServer, Request

SIZE = 3 * 256 * 1024 + 99
# the post that makes each declared call: (platform, method, pattern) -> fields
SHAPES: dict[tuple[str, str, str], dict[str, Any]] = {
    ("instagram", "POST", r"/media_publish$"): {"caption": "Wisuda", "media": ["foto.jpg"]},
    ("facebook", "POST", r"/feed$"): {"caption": "Wisuda telah dilaksanakan."},
    ("facebook", "POST", r"/photos$"): {"caption": "Wisuda", "media": ["foto.jpg"]},
    ("facebook", "POST", r"/videos$"): {"caption": "Wisuda", "video": "wisuda.mp4"},
    ("tiktok", "POST", r"/v2/post/publish/content/init/"): {
        "caption": "Foto wisuda",
        "privacy": "PUBLIC_TO_EVERYONE",
        "photos": ["foto.jpg"],
    },
    ("tiktok", "PUT", r"/upload/"): {"caption": "Wisuda", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"},
    ("youtube", "PUT", r"/upload/youtube/v3/videos"): {"title": "Wisuda", "video": "wisuda.mp4"},
    ("threads", "POST", r"/threads_publish$"): {"text": "Wisuda", "media": ["foto.jpg"]},
}
FAULTS = ("429", "503", "dropped after commit", "timeout after commit")
REFUSALS = {
    "instagram": {"error": {"message": "Too many calls", "code": 4, "error_subcode": 2207051}},
    "facebook": {"error": {"message": "Please retry", "code": 2, "is_transient": True}},
    "tiktok": {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow down", "log_id": "x"}},
    "youtube": {"error": {"code": 503, "message": "Backend Error", "errors": [{"reason": "backendError"}]}},
    "threads": {"error": {"message": "Please retry", "code": 2, "is_transient": True}},
}


def test_every_posting_call_is_walked() -> None:
    servers = {platform: server_for(platform) for platform in ("instagram", "facebook", "tiktok", "youtube", "threads")}
    try:
        env = {k: v for p, server in servers.items() for k, v in env_for(p, server).items() if k.startswith("HUMAS_")}
        channels = configured_channels(env)
    finally:
        for server in servers.values():
            server.httpd.server_close()  # never started: only its address was used
    declared = {(name, method, pattern) for name, chan in channels.items() for method, pattern in chan.posting_calls}
    assert declared == set(SHAPES)


def posting(request: Request, method: str, pattern: str) -> bool:
    """Whether ``request`` is the declared call that makes the post (for an upload: its last chunk)."""
    if request.method != method or not re.search(pattern, request.path):
        return False
    if method == "PUT":
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", request.header("content-range"))
        return bool(match) and int(match.group(2)) == int(match.group(3)) - 1
    return True


def sent(request: httpx.Request, method: str, pattern: str) -> bool:
    """``posting`` seen from the client: whether ``request`` is the declared call that makes the post."""
    seen = Request(request.method, request.url.path, {}, {k.lower(): v for k, v in request.headers.items()}, b"")
    return posting(seen, method, pattern)


def time_out_once(chan: Channel, method: str, pattern: str, asked: threading.Event) -> None:
    """Give the run's client a short read timeout for the first posting call only (every other call keeps the
    run's own timeouts), and set ``asked`` as it is sent."""
    assert chan.session is not None  # one client for the run: every call goes through it

    def shorten(request: httpx.Request) -> None:
        if not asked.is_set() and sent(request, method, pattern):
            asked.set()
            request.extensions["timeout"] = {**request.extensions["timeout"], "read": 0.1}

    chan.session.client.event_hooks["request"].append(shorten)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("call", list(SHAPES), ids=lambda c: f"{c[0]} {c[1]} {c[2]}")
def test_a_fault_on_a_posting_call_never_posts_twice(
    call: tuple[str, str, str], fault: str, tmp_path: Path, sleeps: Sleeps
) -> None:
    platform, method, pattern = call
    folder = tmp_path / "2025" / "wisuda"
    folder.mkdir(parents=True)
    jpeg(folder / "foto.jpg", (1080, 1080))
    mp4(folder / "wisuda.mp4", SIZE)
    server: FakeServer = server_for(platform)
    if platform == "tiktok":
        server.verified_prefix = "http://127.0.0.1"  # type: ignore[attr-defined]
    with server:
        site = f"{server.url}/site/"
        item = post(folder, platform, SHAPES[call], site=site)
        env = env_for(platform, server)
        chan = configured_channels(env, sleep=sleeps)[platform]
        for name, value in (
            ("chunk_size", 256 * 1024),
            ("min_chunk", 64 * 1024),
            ("upload_piece", 4096),
            ("poll_interval", 0.0),
        ):
            if hasattr(chan, name):
                setattr(chan, name, value)
        if platform == "tiktok":
            chan.chunk_size = 64 * 1024  # type: ignore[attr-defined]
        asked, committed = threading.Event(), threading.Event()
        if fault == "timeout after commit":
            time_out_once(chan, method, pattern, asked)
        faulted = {"n": 0}

        def inject(request: Request) -> None:
            if faulted["n"] or not posting(request, method, pattern):
                if asked.is_set():  # the timed-out post is answered for only once it is committed
                    assert committed.wait(60), "the held post was never committed"
                return
            faulted["n"] = 1
            if fault in ("429", "503"):
                server.fail(request.method, "", int(fault), REFUSALS[platform], {"Retry-After": "2"})
            elif fault == "dropped after commit":
                server.drop(request.method, "")
            else:
                server.hold(request.method, "", committed)  # the post is made; answered after the client gave up

        server.hook = inject
        journal = FileJournal(tmp_path / "journal.json")
        receipt = run_channel(chan, item, journal)
        assert faulted["n"] == 1 and committed.is_set() == (fault == "timeout after commit")
        posts = server.posts  # type: ignore[attr-defined]
        assert len(posts) == 1, (fault, posts)
        again = run_channel(chan, item, journal)  # and a later run does not post again
        assert len(server.posts) == 1 and again.post_id == receipt.post_id  # type: ignore[attr-defined]
