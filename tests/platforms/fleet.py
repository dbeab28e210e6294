"""A publication for the five platforms, signed and merged with the real commands (``merged``), the five local
platform servers (``platforms``), the environment that points ``humas`` at them (``environment``), and the
repository once the real ``humas publish`` posted to them (``posted``): what corrections, takedowns and the
reach readings act on (tests/amend, tests/ralat, tests/insights). A test module imports the fixtures it uses
(each module gets its own servers)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.channels.support import TOKENS, movie
from tests.channels.test_killed import env_for
from tests.helpers import Repo, base_env, copied, jpeg, publikasi, run_humas
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer
from tests.platforms.server import FakeServer
from tests.platforms.threads import ThreadsServer
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer

FOLDER = "content/publikasi/2025/wisuda"
THREADS_TOKEN = "THAA-threads-secret-token-0007"
CHANNELS = """\
  website: {}
  instagram:
    caption: "Selamat kepada 1.024 wisudawan! #Wisuda2025"
    media: [foto.jpg]
  tiktok:
    caption: "Wisuda Angkatan 2025 #poltekkes"
    privacy: PUBLIC_TO_EVERYONE
    video: wisuda.mp4
  facebook:
    caption: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.
  youtube:
    title: Wisuda Angkatan 2025
    description: Upacara wisuda Poltekkes Kemenkes Jakarta II.
    video: wisuda.mp4
  threads:
    text: Wisuda Angkatan 2025 telah dilaksanakan.
"""


_TEMPLATE: list[Path] = []  # this test process's merged repository, made once


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, template_repo: Path) -> Path:
    """The merged repository, the module's own copy (a module posts from it): made once per test process with
    the real commands from a copy of ``template_repo`` (``humas init --example`` with the test people's keys),
    then copied."""
    if not _TEMPLATE:
        _TEMPLATE.append(_made(copied(template_repo, tmp_path_factory.mktemp("fleet-template") / "humas-repo").root))
    return copied(_TEMPLATE[0], tmp_path_factory.mktemp("template") / "humas-repo").root


def _made(root: Path) -> Path:
    repo = Repo(root)
    repo.branch("publikasi/wisuda")
    repo.write(f"{FOLDER}/index.md", publikasi(channels=CHANNELS))
    repo.write(f"{FOLDER}/foto.jpg", jpeg(1080, 1350))
    movie(root / FOLDER / "wisuda.mp4", 12.5, 300 * 1024)
    checked = repo.humas("check")
    assert checked.code == 0, checked.out + checked.err
    repo.commit("Desain konten: wisuda")
    repo.sign_all("publikasi/wisuda")
    assert repo.humas("merge", "publikasi/wisuda").code == 0
    repo.switch("main")
    return root


@pytest.fixture(scope="module")
def platforms() -> Iterator[dict[str, FakeServer]]:
    made = started()
    yield made
    for server in made.values():
        server.stop()


def started() -> dict[str, FakeServer]:
    """The five local platform servers, started (the caller stops them)."""
    made: dict[str, FakeServer] = {
        "instagram": InstagramServer(TOKENS["instagram"]),
        "tiktok": TikTokServer(TOKENS["tiktok"]),
        "facebook": FacebookServer(TOKENS["facebook"]),
        "youtube": YouTubeServer(
            client_secret=TOKENS["youtube_client_secret"],
            refresh_token=TOKENS["youtube_refresh"],
            access_token=TOKENS["youtube"],
        ),
        "threads": ThreadsServer(THREADS_TOKEN),
    }
    for server in made.values():
        server.processing_polls = 0  # type: ignore[attr-defined]
        server.start()
    return made


def environment(servers: dict[str, FakeServer]) -> dict[str, str]:
    env = base_env()
    for name in ("instagram", "tiktok", "facebook", "youtube"):
        env |= {k: v for k, v in env_for(name, servers[name]).items() if k.startswith("HUMAS_")}
    threads = servers["threads"]
    env |= {
        "HUMAS_THREADS_TOKEN": THREADS_TOKEN,
        "HUMAS_THREADS_USER_ID": threads.user_id,  # type: ignore[attr-defined]
        "HUMAS_THREADS_API_BASE": f"{threads.url}/v1.0",
        "CI": "true",
    }
    return env


@pytest.fixture(scope="module")
def posted(merged: Path, platforms: dict[str, FakeServer]) -> Path:
    """The repository once ``humas publish`` posted the publication to every platform (receipts on arsip)."""
    done = run_humas(["publish"], cwd=merged, env=environment(platforms), timeout=180)
    assert done.code == 0, done.out + done.err
    return merged


def receipts(repo: Repo) -> dict[str, dict[str, Any]]:
    paths = [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/2025/wisuda/" in p]
    return {Path(p).stem: json.loads(repo.git("show", f"arsip:{p}")) for p in paths}
