"""TikTok against the local Content Posting API fake: chunk rules, 206/201/416, statuses, faults."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.channels.base import AskPerson, OutcomeUnknown, PermanentError, Post
from pipeline.channels.runner import run_channel
from pipeline.channels.tiktok import TikTokChannel, chunk_plan
from pipeline.messages import speaking
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.platforms.tiktok import TikTokServer, envelope

KB = 1024
CHUNK = 64 * KB
SIZE = 3 * CHUNK + 5000  # three chunks, the last one takes the remainder


def channel(server: TikTokServer, sleeps: Sleeps) -> TikTokChannel:
    return TikTokChannel(TOKENS["tiktok"], base_url=server.url, sleep=sleeps, chunk_size=CHUNK, min_chunk=CHUNK)


def test_chunk_plan_follows_tiktoks_rules() -> None:
    mb = 1024 * 1024
    assert chunk_plan(50_000_123, 10_000_000) == (10_000_000, 5)  # TikTok's worked example
    assert chunk_plan(4 * mb) == (4 * mb, 1)  # under 5 MB: one chunk
    assert chunk_plan(25 * mb) == (10 * mb, 2)  # the last chunk takes the remainder (15 MB)


def test_video_in_chunks(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    video = mp4(folder / "wisuda.mp4", SIZE)
    receipt = run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "Wisuda 🎓", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    [upload] = tt.posts
    assert upload.digest.hexdigest() == hashlib.sha256(video.read_bytes()).hexdigest()
    assert (upload.chunk_size, upload.count, upload.title) == (CHUNK, 3, "Wisuda 🎓")
    puts = tt.requests("PUT", "/upload/")
    assert [s.headers["content-range"] for s in puts] == [
        f"bytes 0-{CHUNK - 1}/{SIZE}",
        f"bytes {CHUNK}-{2 * CHUNK - 1}/{SIZE}",
        f"bytes {2 * CHUNK}-{SIZE - 1}/{SIZE}",
    ]
    assert [s.status for s in puts] == [206, 206, 201]
    assert all("authorization" not in s.headers for s in puts)
    assert receipt.post_id == upload.post_id
    assert receipt.url == f"https://www.tiktok.com/@poltekkesjkt2/video/{upload.post_id}"
    assert receipt.details == {"publish_id": upload.publish_id, "status": "PUBLISH_COMPLETE"}
    assert sleeps == [5.0]


def test_lost_answer_to_the_last_chunk(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    calls = {"n": 0}

    def drop_third(request: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            tt.drop("PUT", "/upload/")

    tt.hook = lambda r: drop_third(r) if r.path == "/upload/" else None
    run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    assert len(tt.posts) == 1 and len(tt.uploads) == 1  # one init, one post
    statuses = [s.status for s in tt.requests("PUT", "/upload/")]
    assert statuses[:3] == [206, 206, 201] and set(statuses[3:]) <= {416}


def test_expired_upload_url_starts_a_new_upload(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)

    def expire_the_first_upload(request: object) -> None:
        first = next(iter(tt.uploads.values()), None)
        if first is not None and first.received:
            first.expired = True  # the hour ran out after its first chunk

    tt.hook = expire_the_first_upload
    run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    first, second = tt.uploads.values()
    assert first.received == CHUNK and first not in tt.posts  # abandoned: TikTok posts nothing of it
    assert tt.posts == [second]
    assert [s.status for s in tt.requests("PUT", "/upload/")] == [206, 403, 206, 206, 201]


def test_a_dropped_chunk_resumes_where_status_fetch_counts(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    seen = {"n": 0}

    def drop_second(request: object) -> None:
        seen["n"] += 1
        if seen["n"] == 2:
            tt.drop("PUT", "/upload/")

    tt.hook = lambda r: drop_second(r) if r.path == "/upload/" else None
    run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    [upload] = tt.posts
    assert len(tt.uploads) == 1
    assert upload.digest.hexdigest() == hashlib.sha256((folder / "wisuda.mp4").read_bytes()).hexdigest()
    # the second chunk arrived but its answer was lost: status/fetch's uploaded_bytes (documented) says
    # where TikTok stands, and the third chunk follows; no chunk is sent twice
    assert [s.status for s in tt.requests("PUT", "/upload/")] == [206, 206, 201]


def test_a_refused_range_starts_a_new_upload(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    tt.fail("PUT", "/upload/", 416, {"error": {"code": "range_not_satisfiable", "message": "no"}})
    run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    # TikTok documents no progress in a 416: the client starts a new upload instead of guessing
    assert len(tt.requests("POST", "/video/init/")) == 2 and len(tt.posts) == 1
    assert [s.status for s in tt.requests("PUT", "/upload/")] == [416, 206, 206, 201]


def test_privacy_not_allowed(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    tt.privacy_options = ["FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
    with pytest.raises(PermanentError) as caught:
        run_channel(
            channel(tt, sleeps),
            post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
            journal,
        )
    assert caught.value.message == (
        "tiktok: akun @poltekkesjkt2 tidak boleh mengunggah dengan privasi PUBLIC_TO_EVERYONE "
        "(yang boleh: FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY)"
    )
    assert caught.value.action == (
        "Setel channels.tiktok.privacy ke salah satu tingkat yang diizinkan; aplikasi yang belum diaudit TikTok hanya "
        "boleh mengunggah SELF_ONLY ke akun privat."
    )
    assert not tt.uploads


def test_unaudited_app(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    tt.unaudited = True
    with speaking("en"), pytest.raises(PermanentError) as caught:  # English by configuration
        run_channel(
            channel(tt, sleeps),
            post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
            journal,
        )
    assert caught.value.message == (
        "tiktok: the TikTok app is not audited yet, so it may only post to a private account with SELF_ONLY "
        "(unaudited_client_can_only_post_to_private_accounts: Please review our integration guidelines)"
    )
    assert caught.value.action == (
        "Make the account private and set channels.tiktok.privacy: SELF_ONLY, or have the app audited by TikTok."
    )


def test_rate_limit_is_retried(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    tt.fail(
        "POST",
        "/video/init/",
        429,
        {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "slow down", "log_id": "x"}},
        {"Retry-After": "3"},
    )
    run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        journal,
    )
    assert len(tt.posts) == 1 and sleeps[0] == 3.0


def test_photos_from_the_website(tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "a.jpg")
    jpeg(folder / "b.jpg")
    receipt = run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "Foto", "privacy": "PUBLIC_TO_EVERYONE", "photos": ["a.jpg", "b.jpg"]}),
        journal,
    )
    [upload] = tt.posts
    assert upload.photos == [
        "https://humas.example.ac.id/2025/wisuda/a.jpg",
        "https://humas.example.ac.id/2025/wisuda/b.jpg",
    ]
    assert receipt.details["publish_id"] == upload.publish_id


def test_a_lost_photo_answer_is_found_among_the_account_posts(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "a.jpg")
    tt.drop("POST", "/content/init/")
    receipt = run_channel(
        channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "Foto", "privacy": "PUBLIC_TO_EVERYONE", "photos": ["a.jpg"]}),
        journal,
    )
    [photo] = tt.posts
    assert receipt.post_id == photo.post_id and receipt.details == {"found": "video/list"}
    assert len(tt.requests("POST", "/content/init/")) == 1  # never sent a second time


# -- a photo post whose answer was lost is never sent again on a timer ------------------------------


def photo_item(folder: Path, privacy: str) -> Post:
    jpeg(folder / "a.jpg")
    return post(folder, "tiktok", {"caption": "Foto wisuda", "privacy": privacy, "photos": ["a.jpg"]})


def test_a_private_photo_post_whose_answer_was_lost_is_never_posted_again(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    """An unaudited app posts only SELF_ONLY ("All content posted by unaudited clients will be restricted to
    private viewing mode", https://developers.tiktok.com/doc/content-posting-api-get-started/), and
    /v2/video/list/ lists public posts only: the list cannot say the post is absent, an hour later neither."""
    tt.unaudited = True
    item = photo_item(folder, "SELF_ONLY")
    tt.drop("POST", "/content/init/")  # TikTok made the post; its answer never came
    for hours in (0, 2):
        if hours:
            journal.note("photo_init", int(journal.get("photo_init")) - hours * 3600)
        with pytest.raises(AskPerson) as caught:
            run_channel(channel(tt, sleeps), item, journal)
        at = datetime.fromtimestamp(int(journal.get("photo_init")), UTC).strftime("%Y-%m-%d %H:%M UTC")
        assert caught.value.message == (
            f"tiktok: sebuah unggahan foto dikirim pada {at} dan jawaban TikTok hilang; humas tidak dapat mengetahui "
            "apakah unggahan itu sudah dibuat (privasinya SELF_ONLY membuatnya tidak tercantum dalam daftar unggahan "
            "publik yang diberikan TikTok), sehingga tidak mengirimnya lagi"
        )
        assert caught.value.action == (
            f"Periksa akun TikTok, cari unggahan pada {at}. Jika unggahan publikasi ini ada di sana, catat dengan "
            "humas outbox uploaded 2025/wisuda tiktok URL; jika tidak ada, nyatakan dengan humas outbox not-posted "
            "2025/wisuda tiktok, dan humas publish berikutnya akan mengunggahnya satu kali."
        )
        assert caught.value.retryable  # the run defers; the claim and its note stay
    assert len(tt.requests("POST", "/content/init/")) == 1 and len(tt.posts) == 1


def test_a_public_photo_post_missing_after_the_grace_is_asked_about(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    item = photo_item(folder, "PUBLIC_TO_EVERYONE")
    tt.drop("POST", "/content/init/", after=False)  # this time the request never arrived
    with pytest.raises(OutcomeUnknown):  # within the hour: humas keeps looking
        run_channel(channel(tt, sleeps), item, journal)
    journal.note("photo_init", int(journal.get("photo_init")) - 3601)
    with pytest.raises(AskPerson) as caught:  # an hour on it is still not listed: a person looks
        run_channel(channel(tt, sleeps), item, journal)
    assert "tidak ada di antara unggahan publik akun satu jam kemudian" in caught.value.message
    assert not tt.posts and len(tt.requests("POST", "/content/init/")) == 1


def test_content_init_answered_5xx_is_asked_about_not_sent_again(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    """TikTok made the post, then answered 500 with its own error envelope: the account's posts are asked."""
    item = photo_item(folder, "PUBLIC_TO_EVERYONE")
    tt.fail(
        "POST", "/content/init/", 500, envelope(code="internal_error", message="Something went wrong").body, after=True
    )
    receipt = run_channel(channel(tt, sleeps), item, journal)
    [made] = tt.posts
    assert len(tt.requests("POST", "/content/init/")) == 1
    assert receipt.post_id == made.post_id and receipt.details == {"found": "video/list"}


def test_content_init_refused_4xx_with_the_envelope_is_sent_again(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    """A 429 with TikTok's envelope refused the request: nothing was posted, it may be sent again."""
    item = photo_item(folder, "PUBLIC_TO_EVERYONE")
    tt.fail("POST", "/content/init/", 429, envelope(code="rate_limit_exceeded", message="slow down").body)
    run_channel(channel(tt, sleeps), item, journal)
    assert len(tt.requests("POST", "/content/init/")) == 2 and len(tt.posts) == 1
