"""Threads against the local Threads API server: text, image and carousel posts, a lost answer settled
without a second post, 429 and 5xx, the daily limit, and the check's limits (the one ``humas check``
runs, from the channel's spec)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.channels.base import PermanentError, RetryableError
from pipeline.channels.registry import configured_channels
from pipeline.channels.runner import run_channel
from pipeline.channels.specs import BY_NAME
from pipeline.channels.threads import ThreadsChannel, text_length
from pipeline.content.model import Publikasi
from pipeline.messages import speaking
from tests.channels.support import FileJournal, Sleeps, jpeg, mp4, post, spec_check
from tests.platforms.server import Reply
from tests.platforms.threads import ThreadsServer

TOKEN = "THAA-threads-secret-token-0007"


@pytest.fixture
def th() -> Iterator[ThreadsServer]:
    with ThreadsServer(TOKEN) as server:
        yield server


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


def channel(server: ThreadsServer, sleeps: Sleeps) -> ThreadsChannel:
    """Built the way a run builds it: from the environment, through the spec."""
    env = {
        "HUMAS_THREADS_TOKEN": TOKEN,
        "HUMAS_THREADS_USER_ID": server.user_id,
        "HUMAS_THREADS_API_BASE": f"{server.url}/v1.0",
    }
    chan = configured_channels(env, sleep=sleeps)["threads"]
    assert isinstance(chan, ThreadsChannel)
    return chan


def calls(server: ThreadsServer) -> list[str]:
    return [f"{s.method} {s.path.removeprefix('/v1.0')}" for s in server.seen]


def test_a_text_post(th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    item = post(folder, "threads", {"text": "Wisuda Angkatan 2025 telah dilaksanakan."})
    receipt = run_channel(channel(th, sleeps), item, journal)
    [thread] = th.posts
    assert (receipt.post_id, receipt.url) == (thread.id, f"https://www.threads.net/@poltekkesjkt2/post/{thread.id}")
    container = th.containers[thread.container]
    assert container.params == {"media_type": "TEXT", "text": "Wisuda Angkatan 2025 telah dilaksanakan."}
    uid = th.user_id
    assert calls(th) == [
        f"GET /{uid}/threads",  # is the publication already there (a lost receipt)?
        f"GET /{uid}/threads_publishing_limit",
        f"POST /{uid}/threads",
        f"GET /{container.id}",
        f"GET /{container.id}",
        f"POST /{uid}/threads_publish",
        f"GET /{thread.id}",
    ]
    assert sleeps == [60.0]  # Troubleshooting: the status once a minute while IN_PROGRESS
    assert th.quota_usage == 1 and journal.get("media_id") == thread.id


def test_an_image_post(th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "foto-1.jpg")
    item = post(folder, "threads", {"text": "Wisuda", "media": ["foto-1.jpg"]})
    run_channel(channel(th, sleeps), item, journal)
    [thread] = th.posts
    assert thread.kind == "IMAGE"
    assert th.containers[thread.container].params == {
        "media_type": "IMAGE",
        "image_url": "https://humas.example.ac.id/2025/wisuda/foto-1.jpg",
        "text": "Wisuda",
    }


def test_a_carousel_of_images_and_a_video(
    th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    for name in ("a.jpg", "b.jpg"):
        jpeg(folder / name)
    mp4(folder / "c.mp4", 4096)
    item = post(folder, "threads", {"text": "Tiga", "media": ["a.jpg", "b.jpg", "c.mp4"]})
    run_channel(channel(th, sleeps), item, journal)
    [thread] = th.posts
    assert thread.kind == "CAROUSEL" and len(thread.children) == 3
    kinds = [th.containers[c].params["media_type"] for c in thread.children]
    assert kinds == ["IMAGE", "IMAGE", "VIDEO"]
    assert all(th.containers[c].params["is_carousel_item"] == "true" for c in thread.children)
    assert th.containers[thread.container].params["children"] == ",".join(thread.children)
    assert th.quota_usage == 1  # Overview: "Carousels count as a single post"


def test_a_lost_publish_answer_is_settled_without_a_second_post(
    th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    th.drop("POST", "/threads_publish$")  # Threads posts, the answer never arrives
    item = post(folder, "threads", {"text": "Sekali saja"})
    receipt = run_channel(channel(th, sleeps), item, journal)
    [thread] = th.posts
    assert receipt.post_id == thread.id
    assert len(th.requests("POST", "/threads_publish$")) == 1  # never sent again
    assert th.requests("GET", f"/{thread.container}$")  # the container said PUBLISHED


def test_429_and_5xx(th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    th.fail("POST", f"/{th.user_id}/threads$", 500, {"error": {"message": "An unknown error", "code": 1}})
    th.fail("POST", "/threads_publish$", 429, {"error": {"message": "Too many calls", "code": 4}}, {"Retry-After": "7"})
    run_channel(channel(th, sleeps), post(folder, "threads", {"text": "x"}), journal)
    assert len(th.posts) == 1
    # the 429 on threads_publish is not repeated blindly: the container is read (FINISHED, not
    # PUBLISHED) before the call is sent again, after the platform's wait
    assert sleeps == [1.0, 60.0, 7.0]
    assert len(th.requests("POST", "/threads_publish$")) == 2


def test_a_5xx_after_threads_published_is_asked_about(
    th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    th.fail("POST", "/threads_publish$", 503, {"error": {"message": "Service unavailable", "code": 2}}, after=True)
    run_channel(channel(th, sleeps), post(folder, "threads", {"text": "Sekali"}), journal)
    assert len(th.posts) == 1 and len(th.requests("POST", "/threads_publish$")) == 1


def test_two_publications_with_the_same_text_are_two_posts(th: ThreadsServer, tmp_path: Path, sleeps: Sleeps) -> None:
    """Channel.choose: a thread given to one publication is never found again for another."""
    chan = channel(th, sleeps)
    folder = tmp_path / "2025" / "a"
    folder.mkdir(parents=True)
    first = post(folder, "threads", {"text": "Selamat Hari Kesehatan Nasional"})
    second = post(folder, "threads", {"text": "Selamat Hari Kesehatan Nasional"})
    second = type(second)(**{**second.__dict__, "publication": "2025/b"})
    one = run_channel(chan, first, FileJournal(tmp_path / "a.json"))
    two = run_channel(chan, second, FileJournal(tmp_path / "b.json"))
    assert one.post_id != two.post_id and len(th.posts) == 2


def test_the_daily_limit_waits(th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    th.quota_usage = 250
    with speaking("id"), pytest.raises(RetryableError) as caught:
        channel(th, sleeps).publish(post(folder, "threads", {"text": "x"}), journal)
    assert caught.value.message == (
        "threads: batas unggahan harian tercapai (250 dari 250 unggahan dalam 24 jam terakhir)"
    )
    assert th.posts == [] and th.requests("POST", "/threads$") == []


def test_a_container_in_error_says_why(th: ThreadsServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "v.mp4", 4096)
    th.next_outcome, th.next_error = "ERROR", "INVALID_DURATION"
    with speaking("id"), pytest.raises(PermanentError) as caught:
        channel(th, sleeps).publish(post(folder, "threads", {"text": "x", "media": ["v.mp4"]}), journal)
    assert caught.value.message == "threads: Threads tidak dapat memproses media: INVALID_DURATION"
    assert journal.get("container") is None and th.posts == []


def test_the_servers_refusals_follow_the_docs(th: ThreadsServer) -> None:
    """The local server refuses what Meta documents it refuses (the client's check never sends these)."""
    assert th.create({"media_type": "TEXT", "text": "a" * 501}).status == 400
    assert th.create({"media_type": "TEXT", "text": " ".join(f"https://x{i}.id" for i in range(6))}).status == 400
    assert th.create({"media_type": "CAROUSEL", "children": "1"}).status == 400
    assert th.create({"media_type": "TEXT", "text": "a" * 500}) == Reply(200, {"id": str(th.next_id)})


TOO_LONG = (
    "channels.threads.text: 501 karakter menurut hitungan Threads, emoji dihitung sebanyak byte UTF-8-nya "
    "(paling banyak 500)"
)
GIF = "channels.threads.media[0]: anim.gif berisi GIF (yang boleh: JPEG, PNG)"
CHECKS = [
    ({"text": "a" * 500}, []),
    (
        {"text": "a" * 501},
        [TOO_LONG],
    ),
    (
        {"text": "a" * 497 + "🎓"},  # an emoji counts its 4 UTF-8 bytes: 501
        [TOO_LONG],
    ),
    ({"text": " ".join(f"https://x{i}.id" for i in range(6))}, ["channels.threads.text: 6 tautan (paling banyak 5)"]),
    ({"text": ""}, ["channels.threads.text: unggahan kosong (isi teks, atau gambar atau video)"]),
    (
        {"media": [f"f{i}.jpg" for i in range(21)]},
        ["channels.threads.media: 21 berkas (yang boleh: 1 gambar atau video, atau carousel berisi 2 sampai 20)"],
    ),
    ({"media": ["f0.jpg", "f1.jpg"]}, []),
    (
        {"text": "x", "media": ["anim.gif"]},
        [GIF],
    ),
]


@pytest.mark.parametrize(("fields", "expected"), CHECKS)
def test_the_check_holds_the_threads_limits(folder: Path, fields: dict[str, object], expected: list[str]) -> None:
    for index in range(21):
        jpeg(folder / f"f{index}.jpg")
    (folder / "anim.gif").write_bytes(b"GIF89a" + b"\0" * 32)
    with speaking("id"):
        problems = spec_check(post(folder, "threads", fields))
    assert [f"{p.field}: {p.message}" for p in problems] == expected


def test_threads_is_a_channel_of_the_front_matter() -> None:
    meta = Publikasi.model_validate(
        {"title": "Wisuda", "date": "2025-05-01", "bidang": "akademik", "channels": {"threads": {"text": "Wisuda"}}}
    )
    assert meta.channels.names() == ["threads"]
    assert BY_NAME["threads"].scaffold("Wisuda") == '  threads:\n    text: "…"'
    assert text_length("é🎓") == 5
