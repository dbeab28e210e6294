"""The paths that broke in production (issue 11), each against the local platform servers."""

from __future__ import annotations

import dataclasses
import json
import struct
from pathlib import Path

import pytest

from pipeline.channels.base import OutcomeUnknown, PermanentError, RetryableError
from pipeline.channels.facebook import FacebookBlock, FacebookLimits
from pipeline.channels.instagram import InstagramBlock, InstagramChannel, InstagramLimits
from pipeline.channels.outbox import request_fields
from pipeline.channels.runner import run_channel
from pipeline.channels.tiktok import TikTokBlock, TikTokChannel, TikTokLimits, utf16_prefix
from pipeline.channels.youtube import QUANTUM, YouTubeChannel
from pipeline.content.limits import CheckContext
from pipeline.located_yaml import LocatedData
from tests.channels.support import TOKENS, FileJournal, Sleeps, box, jpeg, movie, mp4, mvhd, post
from tests.platforms.instagram import InstagramServer
from tests.platforms.server import Request
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer

KB = 1024


def instagram(server: InstagramServer, sleeps: Sleeps) -> InstagramChannel:
    return InstagramChannel(TOKENS["instagram"], server.user_id, base_url=f"{server.url}/v25.0", sleep=sleeps)


def tiktok(server: TikTokServer, sleeps: Sleeps, poll_limit: int = 60) -> TikTokChannel:
    return TikTokChannel(
        TOKENS["tiktok"],
        base_url=server.url,
        sleep=sleeps,
        chunk_size=64 * KB,
        min_chunk=64 * KB,
        poll_limit=poll_limit,
    )


def youtube(server: YouTubeServer, sleeps: Sleeps) -> YouTubeChannel:
    return YouTubeChannel(
        client_id=server.client_id,
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        base_url=server.url,
        oauth_url=server.url,
        sleep=sleeps,
        chunk_size=QUANTUM,
    )


# 2 ---------------------------------------------------------------------------------------------------------


def test_an_instagram_container_in_error_is_replaced_once_the_cause_is_fixed(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto.jpg", (1080, 1080))
    item = post(folder, "instagram", {"caption": "Wisuda", "media": ["foto.jpg"]})
    ig.next_outcome = "ERROR"
    with pytest.raises(PermanentError) as caught:
        run_channel(instagram(ig, sleeps), item, journal)
    assert (
        caught.value.message == "instagram: Instagram tidak dapat memproses media: Error: 2207026: "
        "Unsupported video format"
    )
    assert journal.get("container") is None  # the dead container is forgotten
    ig.next_outcome = "FINISHED"  # the media were fixed
    run_channel(instagram(ig, sleeps), item, journal)
    assert len(ig.posts) == 1 and len(ig.containers) == 2


def test_an_instagram_download_error_passes(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto.jpg", (1080, 1080))
    ig.next_outcome = "ERROR"
    original = ig.status

    def download_failed(container: object) -> object:
        reply = original(container)  # type: ignore[arg-type]
        if reply.body.get("status_code") == "ERROR":
            reply.body["status"] = "Error: 2207052: Media download has failed"
        return reply

    ig.status = download_failed  # type: ignore[method-assign]
    with pytest.raises(RetryableError) as caught:
        run_channel(
            instagram(ig, sleeps),
            post(folder, "instagram", {"caption": "W", "media": ["foto.jpg"]}),
            journal,
        )
    assert not isinstance(caught.value, PermanentError)
    assert (
        caught.value.message == "instagram: Instagram tidak dapat mengambil media: Error: 2207052: Media download "
        "has failed"
    )
    assert caught.value.action == (
        "Tidak ada yang perlu diperbaiki bila situs web dapat diakses: humas publish membuat container baru."
    )


# 3 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["429", "503", "drop"])
def test_a_failed_status_read_after_a_photo_post_never_posts_again(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps, fault: str
) -> None:
    jpeg(folder / "a.jpg")
    tt.verified_prefix = "https://humas.example.ac.id/"
    for _ in range(4):  # status/fetch allows 30 requests a minute
        if fault == "drop":
            tt.drop("POST", "/status/fetch/", after=False)
        else:
            tt.fail(
                "POST",
                "/status/fetch/",
                int(fault),
                {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow", "log_id": "x"}},
            )
    run_channel(
        tiktok(tt, sleeps),
        post(folder, "tiktok", {"caption": "Foto", "privacy": "PUBLIC_TO_EVERYONE", "photos": ["a.jpg"]}),
        journal,
    )
    assert len(tt.posts) == 1 and len(tt.requests("POST", "/content/init/")) == 1


# 4 ---------------------------------------------------------------------------------------------------------


def quicktime(path: Path) -> Path:
    ftyp = box(b"ftyp", b"qt  \x00\x00\x02\x00qt  ")
    path.write_bytes(ftyp + box(b"moov", mvhd(10.0)) + struct.pack(">I4s", 8 + 4000, b"mdat") + bytes(4000))
    return path


def test_facebook_refuses_a_mov_video_before_approval(folder: Path) -> None:

    quicktime(folder / "wisuda.mov")
    problems = FacebookLimits.check(FacebookBlock(caption="x", video="wisuda.mov"), context(folder, "facebook"))
    assert [(p.field, p.message) for p in problems] == [
        ("channels.facebook.video", "wisuda.mov berisi MOV (yang boleh: MP4)")
    ]


def context(folder: Path, channel: str) -> CheckContext:
    return CheckContext("content/publikasi/2025/wisuda/index.md", folder, LocatedData(None), ("channels", channel))


# 6 ---------------------------------------------------------------------------------------------------------


def test_a_tiktok_post_still_processing_is_not_done_and_a_later_refusal_is_seen(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 100 * KB)
    tt.processing_polls = 1000  # moderation takes hours
    item = post(folder, "tiktok", {"caption": "Wisuda", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"})
    with pytest.raises(RetryableError) as caught:
        run_channel(tiktok(tt, sleeps, poll_limit=3), item, journal)
    assert caught.value.message.startswith("tiktok: TikTok masih memproses unggahan (")
    assert caught.value.message.endswith("); unggahan masih mungkin ditolak")
    [upload] = tt.uploads.values()
    upload.status, upload.fail_reason = "FAILED", "video_pull_failed"  # moderation refused it meanwhile
    with pytest.raises(PermanentError) as refused:
        run_channel(tiktok(tt, sleeps), item, journal)
    assert refused.value.message == "tiktok: TikTok menolak unggahan setelah memprosesnya (video_pull_failed)"
    assert len(tt.requests("POST", "/video/init/")) == 1


# 8 ---------------------------------------------------------------------------------------------------------


def test_youtube_a_session_gone_after_the_last_chunk_is_looked_up_not_uploaded_again(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 3 * QUANTUM + 100)
    state = {"final": False}

    def last_chunk(request: Request) -> None:
        final = request.header("content-range").endswith(f"-{3 * QUANTUM + 99}/{3 * QUANTUM + 100}")
        if request.method == "PUT" and final and not state["final"]:
            state["final"] = True
            yt.drop("PUT", "")  # the video is made, its answer lost
            yt.fail("PUT", "", 404, {"error": {"code": 404, "message": "gone", "errors": []}})

    yt.hook = last_chunk
    receipt = run_channel(
        youtube(yt, sleeps), post(folder, "youtube", {"title": "Wisuda", "video": "wisuda.mp4"}), journal
    )
    assert len(yt.posts) == 1 and len(yt.sessions) == 1
    assert receipt.post_id == yt.posts[0]["id"]


def test_youtube_a_gone_session_410_starts_a_new_one(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 3 * QUANTUM + 100)
    yt.fail("PUT", "/upload/youtube/v3/videos", 410, {"error": {"code": 410, "message": "Gone", "errors": []}})
    run_channel(youtube(yt, sleeps), post(folder, "youtube", {"title": "Wisuda", "video": "wisuda.mp4"}), journal)
    assert len(yt.posts) == 1 and len(yt.sessions) == 2


def test_youtube_follows_a_location_on_308(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 3 * QUANTUM + 100)
    yt.move_on_308 = True
    run_channel(youtube(yt, sleeps), post(folder, "youtube", {"title": "Wisuda", "video": "wisuda.mp4"}), journal)
    assert len(yt.posts) == 1 and len(yt.sessions) == 1
    puts = yt.requests("PUT")
    assert [s.query.get("moved") for s in puts] == [None, "1", "1", "1"]


# 10 --------------------------------------------------------------------------------------------------------


def test_handles_of_edited_media_are_not_reused(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "lama.jpg", (1080, 1080))
    ig.fail("POST", "/media_publish$", 400, {"error": {"message": "Permission missing", "code": 10}})
    first = dataclasses.replace(
        post(folder, "instagram", {"caption": "Wisuda", "media": ["lama.jpg"]}), content_hash="tree-approved-first"
    )
    with pytest.raises(PermanentError):
        run_channel(instagram(ig, sleeps), first, journal)
    assert journal.get("container")  # a FINISHED container of the old photo is noted
    jpeg(folder / "baru.jpg", (1080, 1350))  # the photo is replaced and the draft approved again
    second = dataclasses.replace(
        post(folder, "instagram", {"caption": "Wisuda", "media": ["baru.jpg"]}), content_hash="tree-approved-second"
    )
    run_channel(instagram(ig, sleeps), second, journal)
    [media] = ig.posts
    assert ig.containers[media.container].params["image_url"].endswith("/baru.jpg")


# 11 --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size,message",
    [
        ((1080, 1080), None),
        ((1080, 1350), None),
        ((1080, 566), None),
        (
            (1080, 1920),
            'foto.jpg berukuran 1080×1920 px, rasio aspek 0.56:1 (Instagram: "Aspect ratio: Must be within a 4:5 '
            'to 1.91:1 range")',
        ),
        (
            (1080, 500),
            'foto.jpg berukuran 1080×500 px, rasio aspek 2.16:1 (Instagram: "Aspect ratio: Must be within a 4:5 '
            'to 1.91:1 range")',
        ),
        ((300, 300), 'foto.jpg lebarnya 300 px (Instagram: "Minimum width: 320")'),
    ],
)
def test_instagram_image_shape(folder: Path, size: tuple[int, int], message: str | None) -> None:

    jpeg(folder / "foto.jpg", size)
    problems = InstagramLimits.check(InstagramBlock(caption="x", media=["foto.jpg"]), context(folder, "instagram"))
    assert [p.message for p in problems] == ([message] if message else [])


@pytest.mark.parametrize("seconds,ok", [(2.5, False), (3.0, True), (900.0, True), (901.0, False)])
def test_instagram_reel_duration(folder: Path, seconds: float, ok: bool) -> None:

    movie(folder / "reel.mp4", seconds, 20_000)
    problems = InstagramLimits.check(InstagramBlock(caption="x", video="reel.mp4"), context(folder, "instagram"))
    assert [p.message for p in problems] == (
        []
        if ok
        else [f'reel.mp4 berdurasi {seconds:.1f} detik (reels Instagram: "Duration: 15 mins max, 3 seconds min")']
    )


def test_tiktok_privacy_has_no_default(folder: Path) -> None:

    mp4(folder / "v.mp4", 10_000)
    problems = TikTokLimits.check(TikTokBlock(caption="x", video="v.mp4"), context(folder, "tiktok"))
    assert [(p.field, p.message) for p in problems] == [
        (
            "channels.tiktok.privacy",
            "wajib diisi: TikTok tidak memberikan nilai bawaan (yang boleh: PUBLIC_TO_EVERYONE, "
            "MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY, sesuai yang diizinkan akun)",
        )
    ]


def test_tiktok_photo_title_is_cut_in_utf16_units(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    assert utf16_prefix("🎓" * 50, 90) == "🎓" * 45  # each emoji is two UTF-16 units
    jpeg(folder / "a.jpg")
    tt.verified_prefix = "https://"
    item = dataclasses.replace(
        post(folder, "tiktok", {"caption": "Foto", "privacy": "SELF_ONLY", "photos": ["a.jpg"]}), title="🎓" * 50
    )
    run_channel(tiktok(tt, sleeps), item, journal)
    [init] = tt.requests("POST", "/content/init/")
    assert json.loads(init.body)["post_info"]["title"] == "🎓" * 45


# 12 --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["spam_risk_too_many_posts", "reached_active_user_cap"])
def test_a_daily_cap_is_not_retried_within_the_run(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps, code: str
) -> None:
    mp4(folder / "wisuda.mp4", 100 * KB)
    tt.fail("POST", "/video/init/", 403, {"data": {}, "error": {"code": code, "message": "cap", "log_id": "x"}})
    with pytest.raises(RetryableError) as caught:
        run_channel(
            tiktok(tt, sleeps),
            post(folder, "tiktok", {"caption": "x", "privacy": "SELF_ONLY", "video": "wisuda.mp4"}),
            journal,
        )
    assert caught.value.retry_after == 24 * 3600.0
    assert sleeps == [] and len(tt.requests("POST", "/video/init/")) == 1


def test_the_outbox_tiktok_request_carries_the_chunk_plan(folder: Path) -> None:
    with (folder / "wisuda.mp4").open("wb") as handle:
        handle.truncate(25 * 1024 * 1024 + 7)
    item = post(folder, "tiktok", {"caption": "Wisuda", "privacy": "SELF_ONLY", "video": "wisuda.mp4"})
    request = request_fields(item)
    assert request["source_info"] == {
        "source": "FILE_UPLOAD",
        "video_size": 25 * 1024 * 1024 + 7,
        "chunk_size": 10 * 1024 * 1024,
        "total_chunk_count": 2,
    }
    assert request["post_info"]["privacy_level"] == "SELF_ONLY"


def test_tiktok_refusal_key_is_invalid_params() -> None:
    from pipeline.channels.tiktok import permanent

    assert "invalid_params" in permanent() and "invalid_param" not in permanent()


def test_outcome_unknown_is_retryable() -> None:
    assert issubclass(OutcomeUnknown, RetryableError)
