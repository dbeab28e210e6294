"""Instagram against the local Graph API fake: flows, faults, exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.channels.base import PermanentError, RetryableError
from pipeline.channels.instagram import InstagramBlock, InstagramChannel
from pipeline.channels.runner import run_channel
from pipeline.messages import speaking
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post, spec_check
from tests.platforms.instagram import InstagramServer


def channel(server: InstagramServer, sleeps: Sleeps) -> InstagramChannel:
    return InstagramChannel(TOKENS["instagram"], server.user_id, base_url=f"{server.url}/v25.0", sleep=sleeps)


def calls(server: InstagramServer) -> list[str]:
    return [f"{s.method} {s.path.removeprefix('/v25.0')}" for s in server.seen]


def test_image_post(ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "foto-1.jpg")
    item = post(folder, "instagram", {"caption": "Wisuda #poltekkes", "media": ["foto-1.jpg"], "alt_text": "Wisuda"})
    receipt = run_channel(channel(ig, sleeps), item, journal)
    [media] = ig.posts
    assert receipt.post_id == media.id
    assert receipt.url == f"https://www.instagram.com/p/{media.id}/"
    container = ig.containers[media.container]
    assert container.params == {
        "image_url": "https://humas.example.ac.id/2025/wisuda/foto-1.jpg",
        "caption": "Wisuda #poltekkes",
        "alt_text": "Wisuda",
    }
    uid = ig.user_id
    assert calls(ig) == [
        f"GET /{uid}/media",  # is the publication already there (a lost receipt)?
        f"GET /{uid}/content_publishing_limit",
        f"POST /{uid}/media",
        f"GET /{container.id}",
        f"GET /{container.id}",
        f"POST /{uid}/media_publish",
        f"GET /{media.id}",
    ]
    assert sleeps == [60.0]  # Meta: status once a minute, while the container was IN_PROGRESS
    assert ig.quota_usage == 1
    assert journal.get("media_id") == media.id


def test_carousel_and_reel(ig: InstagramServer, folder: Path, tmp_path: Path, sleeps: Sleeps) -> None:
    for name in ("a.jpg", "b.jpg", "c.jpg"):
        jpeg(folder / name)
    mp4(folder / "reel.mp4", 4096)
    run_channel(
        channel(ig, sleeps),
        post(folder, "instagram", {"caption": "Tiga", "media": ["a.jpg", "b.jpg", "c.jpg"]}),
        FileJournal(tmp_path / "one.json"),
    )
    run_channel(
        channel(ig, sleeps),
        post(folder, "instagram", {"caption": "Reel", "video": "reel.mp4"}),
        FileJournal(tmp_path / "two.json"),
    )
    carousel, reel = ig.posts
    assert carousel.kind == "CAROUSEL" and len(carousel.children) == 3
    assert all(ig.containers[c].params["is_carousel_item"] == "true" for c in carousel.children)
    assert reel.kind == "REELS"
    assert ig.containers[reel.container].params["video_url"] == "https://humas.example.ac.id/2025/wisuda/reel.mp4"


def test_connection_dropped_after_publish_is_reconciled(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto-1.jpg")
    ig.drop("POST", "/media_publish$")
    receipt = run_channel(
        channel(ig, sleeps),
        post(folder, "instagram", {"caption": "Sekali", "media": ["foto-1.jpg"]}),
        journal,
    )
    [media] = ig.posts
    assert receipt.post_id == media.id
    assert len(ig.requests("POST", "/media_publish$")) == 1  # never sent again
    assert ig.requests("GET", f"/{ig.user_id}/media$")  # found among the latest media


def test_5xx_and_429_are_retried_with_the_platforms_wait(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto-1.jpg")
    ig.fail(
        "POST", "/media$", 500, {"error": {"message": "An unknown error occurred", "code": 1, "is_transient": True}}
    )
    ig.fail("POST", "/media_publish$", 429, {"error": {"message": "Too many calls", "code": 4}}, {"Retry-After": "7"})
    run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]}), journal)
    assert len(ig.posts) == 1
    # the 429 on media_publish is not repeated blindly: the container is read (FINISHED, not
    # PUBLISHED) before the call is sent again, after the platform's wait
    assert sleeps == [1.0, 60.0, 7.0]
    assert len(ig.requests("POST", "/media_publish$")) == 2


def test_business_use_case_wait_is_honoured(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto-1.jpg")
    usage = '{"17841400000000001":[{"type":"instagram","call_count":100,"estimated_time_to_regain_access":2}]}'
    ig.fail(
        "GET",
        "/content_publishing_limit$",
        400,
        {"error": {"message": "User request limit reached", "code": 17}},
        {"X-Business-Use-Case-Usage": usage},
    )
    run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]}), journal)
    assert sleeps[0] == 120.0  # two minutes, said by Meta, longer than the client's own wait: the runner waits
    assert len(ig.posts) == 1


def test_expired_container_is_replaced(ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "foto-1.jpg")
    ig.next_outcome = "EXPIRED"
    chan = channel(ig, sleeps)
    item = post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]})
    first = chan._containers(item, InstagramBlock(caption="x", media=["foto-1.jpg"]), journal)
    journal.note("container", first)  # an earlier run made this container, which then expired
    ig.next_outcome = "FINISHED"
    run_channel(chan, item, journal)
    [media] = ig.posts
    assert media.container != first and ig.containers[first].status == "EXPIRED"


def test_container_error_is_permanent(ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "reel.mp4", 4096)
    ig.next_outcome = "ERROR"
    with pytest.raises(PermanentError) as caught:
        run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "video": "reel.mp4"}), journal)
    assert caught.value.message == (
        "instagram: Instagram tidak dapat memproses media: Error: 2207026: Unsupported video format"
    )
    assert caught.value.action == (
        "Pastikan media di situs web memenuhi ketentuan Instagram (JPEG, rasio aspek 4:5 sampai 1.91:1; Reels MP4 "
        "H.264), lalu jalankan humas publish lagi."
    )
    assert not ig.posts


def test_daily_cap_read_before_publishing(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto-1.jpg")
    ig.quota_usage = ig.quota_total = 25
    with pytest.raises(RetryableError) as caught:
        run_channel(
            channel(ig, sleeps),
            post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]}),
            journal,
        )
    assert caught.value.message == (
        "instagram: batas unggahan harian tercapai (25 dari 25 unggahan dalam 24 jam terakhir)"
    )
    assert caught.value.retry_after == 86400.0
    assert not ig.requests("POST") and sleeps == []


def test_daily_cap_refused_by_media_publish(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto-1.jpg")
    ig.fail(
        "POST",
        "/media_publish$",
        400,
        {
            "error": {
                "message": "Application request limit reached",
                "code": 9,
                "error_subcode": 2207042,
                "error_user_msg": "You reached maximum number of posts that is allowed to be published by Content "
                "Publishing API.",
            }
        },
    )
    with pytest.raises(RetryableError) as caught:
        run_channel(
            channel(ig, sleeps),
            post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]}),
            journal,
        )
    assert caught.value.message == (
        "instagram: batas unggahan harian tercapai: You reached maximum number of posts that is allowed to be "
        "published by Content Publishing API. (code 9, subcode 2207042)"
    )
    assert caught.value.action == "Tanyakan ke platform sebelum mencoba lagi."  # media_publish may have posted
    assert not ig.posts


def test_expired_token_says_what_to_do(folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "foto-1.jpg")
    with InstagramServer("another-token") as server, speaking("en"), pytest.raises(PermanentError) as caught:
        run_channel(
            channel(server, sleeps),
            post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]}),
            journal,
        )
    assert caught.value.message == (
        "instagram: the access token is expired or invalid: Error validating access token: Session has expired on "
        "Tuesday, 24-Nov-26 10:00:00 PST. (code 190, subcode 463)"
    )
    assert caught.value.action == (
        "Create a new token and set it as the secret HUMAS_INSTAGRAM_TOKEN (docs/channels/instagram.md)."
    )


def test_media_must_be_on_the_website(ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "foto-1.jpg")
    item = post(folder, "instagram", {"caption": "x", "media": ["foto-1.jpg"]})
    item = type(item)(**{**item.__dict__, "media_urls": {}})
    with pytest.raises(PermanentError) as caught:
        run_channel(channel(ig, sleeps), item, journal)
    assert caught.value.message == (
        "instagram: tidak ada URL publik untuk foto-1.jpg: instagram mengambil media dari situs web, sehingga "
        "situs web yang memuat publikasi ini harus dipasang terlebih dahulu"
    )
    assert caught.value.action == "Pasang situs web (humas build) lalu jalankan humas publish lagi."


def test_check_uses_the_shared_limits(folder: Path) -> None:
    jpeg(folder / "foto-1.jpg", (1080, 1080))
    problems = spec_check(post(folder, "instagram", {"caption": "#a " * 31, "media": ["foto-1.jpg"]}))
    assert [str(p) for p in problems] == [
        "content/publikasi/2025/wisuda/index.md:1: channels.instagram.caption: 31 tagar (paling banyak 30)"
    ]
