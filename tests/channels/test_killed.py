"""Exactly once when the publishing process is killed (SIGKILL) mid-upload and run again."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.channels.support import TOKENS, jpeg, mp4
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer
from tests.platforms.server import FakeServer, Request, wait_until
from tests.platforms.threads import ThreadsServer
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer

ROOT = Path(__file__).resolve().parents[2]
SIZE = 5 * 256 * 1024 + 777


def env_for(platform: str, server: FakeServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HUMAS_")}
    env["CI"] = "true"
    if platform == "instagram":
        env |= {
            "HUMAS_INSTAGRAM_TOKEN": TOKENS["instagram"],
            "HUMAS_INSTAGRAM_USER_ID": server.user_id,  # type: ignore[attr-defined]
            "HUMAS_INSTAGRAM_API_BASE": f"{server.url}/v25.0",
        }
    if platform == "facebook":
        env |= {
            "HUMAS_FACEBOOK_TOKEN": TOKENS["facebook"],
            "HUMAS_FACEBOOK_PAGE_ID": server.page_id,  # type: ignore[attr-defined]
            "HUMAS_FACEBOOK_APP_ID": server.app_id,
            "HUMAS_FACEBOOK_API_BASE": f"{server.url}/v25.0",
        }  # type: ignore[attr-defined]
    if platform == "tiktok":
        env |= {"HUMAS_TIKTOK_TOKEN": TOKENS["tiktok"], "HUMAS_TIKTOK_API_BASE": server.url}
    if platform == "threads":
        env |= {
            "HUMAS_THREADS_TOKEN": TOKENS["threads"],
            "HUMAS_THREADS_USER_ID": server.user_id,  # type: ignore[attr-defined]
            "HUMAS_THREADS_API_BASE": f"{server.url}/v1.0",
        }
    if platform == "youtube":
        env |= {
            "HUMAS_YOUTUBE_CLIENT_ID": server.client_id,  # type: ignore[attr-defined]
            "HUMAS_YOUTUBE_CLIENT_SECRET": TOKENS["youtube_client_secret"],
            "HUMAS_YOUTUBE_REFRESH_TOKEN": TOKENS["youtube_refresh"],
            "HUMAS_YOUTUBE_API_BASE": server.url,
            "HUMAS_YOUTUBE_OAUTH_BASE": server.url,
        }
    return env


def server_for(platform: str) -> FakeServer:
    if platform == "instagram":
        return InstagramServer(TOKENS["instagram"])
    if platform == "facebook":
        return FacebookServer(TOKENS["facebook"])
    if platform == "tiktok":
        return TikTokServer(TOKENS["tiktok"], min_chunk=64 * 1024)
    if platform == "threads":
        return ThreadsServer(TOKENS["threads"])
    return YouTubeServer(
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        access_token=TOKENS["youtube"],
    )


FIELDS = {
    "instagram": {"caption": "Wisuda", "media": ["foto.jpg"]},
    "facebook": {"caption": "Wisuda", "video": "wisuda.mp4"},
    "tiktok": {"caption": "Wisuda", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"},
    "youtube": {"title": "Wisuda", "video": "wisuda.mp4"},
}
# the request during which the process dies: the second upload request, or Instagram's status polling
KILL_AT = {"instagram": ("GET", 2), "facebook": ("POST /v25.0/upload:", 1), "tiktok": ("PUT", 2), "youtube": ("PUT", 2)}


def run(platform: str, env: dict[str, str], journal: Path, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.channels.harness",
            platform,
            str(journal),
            str(folder),
            json.dumps(FIELDS[platform]),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("platform", ["instagram", "facebook", "tiktok", "youtube"])
def test_killed_mid_upload_then_run_again_posts_once(platform: str, tmp_path: Path) -> None:
    folder = tmp_path / "wisuda"
    folder.mkdir()
    video = mp4(folder / "wisuda.mp4", SIZE)
    jpeg(folder / "foto.jpg")
    journal = tmp_path / "journal.json"
    held = threading.Event()
    release = threading.Event()
    method, nth = KILL_AT[platform]
    count = {"n": 0}

    def hold(request: Request) -> None:
        if f"{request.method} {request.path}".startswith(method) and "content_publishing_limit" not in request.path:
            count["n"] += 1
            if count["n"] == nth and not held.is_set():
                held.set()
                release.wait(10)

    with server_for(platform) as server:
        server.hook = hold
        env = env_for(platform, server)
        first = run(platform, env, journal, folder)
        try:
            assert wait_until(held.is_set, 20), first.communicate(timeout=5)
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=10)
        finally:
            release.set()
        assert first.returncode == -signal.SIGKILL
        assert json.loads(journal.read_text()), "the journal holds the handles of the killed run"
        second = run(platform, env, journal, folder)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, out + err
        assert out.splitlines()[-1].startswith("posted: ")
        posts = server.posts  # type: ignore[attr-defined]
        assert len(posts) == 1, posts
        if platform in ("facebook", "tiktok", "youtube"):
            digest = hashlib.sha256(video.read_bytes()).hexdigest()
            got = {
                "facebook": lambda p: p.sha256,
                "tiktok": lambda p: p.digest.hexdigest(),
                "youtube": lambda p: p["sha256"],
            }[platform](posts[0])
            assert got == digest
        third = run(platform, env, journal, folder)  # and once more: the journal's receipt, nothing sent
        before = len(server.seen)
        out, err = third.communicate(timeout=60)
        assert third.returncode == 0, out + err
        assert len(server.posts) == 1  # type: ignore[attr-defined]
        assert not [
            s
            for s in server.seen[before:]
            if s.method in ("POST", "PUT")
            and "token" not in s.path
            and "status/fetch" not in s.path
            and "creator_info" not in s.path
            and s.headers.get("content-range", "").startswith("bytes */") is False
        ]
