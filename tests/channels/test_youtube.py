"""YouTube against the local fake, with every request checked against youtube.v3.json."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.channels.base import PermanentError, RetryableError
from pipeline.channels.runner import run_channel
from pipeline.channels.youtube import QUANTUM, YouTubeBlock, YouTubeChannel
from pipeline.messages import speaking
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.platforms.youtube import YouTubeServer, google_error

SIZE = 3 * QUANTUM + 1000


def channel(server: YouTubeServer, sleeps: Sleeps, **kwargs: object) -> YouTubeChannel:
    return YouTubeChannel(
        client_id=server.client_id,
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=TOKENS["youtube_refresh"],
        base_url=server.url,
        oauth_url=server.url,
        sleep=sleeps,
        chunk_size=QUANTUM,
        **kwargs,
    )  # type: ignore[arg-type]


def fields(**extra: object) -> dict[str, object]:
    return {
        "title": "Wisuda Angkatan 2025",
        "description": "Upacara wisuda",
        "tags": ["wisuda", "poltekkes"],
        "video": "wisuda.mp4",
        **extra,
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_resumable_upload_in_chunks(yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    video = mp4(folder / "wisuda.mp4", SIZE)
    jpeg(folder / "sampul.jpg")
    receipt = run_channel(channel(yt, sleeps), post(folder, "youtube", fields(thumbnail="sampul.jpg")), journal)
    [found] = yt.posts
    assert receipt.post_id == found["id"] and receipt.url == f"https://www.youtube.com/watch?v={found['id']}"
    assert found["sha256"] == sha256(video)
    assert found["snippet"] == {
        "title": "Wisuda Angkatan 2025",
        "description": "Upacara wisuda",
        "categoryId": "27",
        "tags": ["wisuda", "poltekkes"],
    }
    assert found["status"]["privacyStatus"] == "public"
    assert [s.headers.get("content-range") for s in yt.requests("PUT")] == [
        f"bytes 0-{QUANTUM - 1}/{SIZE}",
        f"bytes {QUANTUM}-{2 * QUANTUM - 1}/{SIZE}",
        f"bytes {2 * QUANTUM}-{3 * QUANTUM - 1}/{SIZE}",
        f"bytes {3 * QUANTUM}-{SIZE - 1}/{SIZE}",
    ]
    assert yt.thumbnails == {found["id"]: (folder / "sampul.jpg").stat().st_size}
    assert receipt.details == {"thumbnail": "set", "privacy": "public"}
    assert yt.violations == []
    assert sleeps == []


def test_dropped_final_chunk_is_settled_by_a_status_query(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    yt.drop("PUT", "/upload/youtube/v3/videos")  # the first chunk arrives, its answer is lost
    run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), journal)
    assert len(yt.posts) == 1
    ranges = [s.headers.get("content-range") for s in yt.requests("PUT")]
    # the runner asks (reconcile), the upload asks again where to resume: no byte is sent twice
    assert ranges[:4] == [
        f"bytes 0-{QUANTUM - 1}/{SIZE}",
        f"bytes */{SIZE}",
        f"bytes */{SIZE}",
        f"bytes {QUANTUM}-{2 * QUANTUM - 1}/{SIZE}",
    ]
    assert yt.violations == []


def test_lost_answer_to_the_last_chunk_finds_the_video(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", QUANTUM - 10)  # one chunk: the first PUT creates the video
    yt.drop("PUT", "/upload/youtube/v3/videos")
    receipt = run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), journal)
    [found] = yt.posts
    assert receipt.post_id == found["id"]
    assert len(yt.requests("POST", "/upload/youtube/v3/videos")) == 1


def test_5xx_on_a_chunk_then_resume(yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    yt.fail("PUT", "/upload/youtube/v3/videos", 503, google_error(503, "backendError", "Backend Error").body)
    run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), journal)
    assert len(yt.posts) == 1 and yt.posts[0]["sha256"] == sha256(folder / "wisuda.mp4")
    assert sleeps == [1.0]


def test_expired_session_starts_over(yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    chan = channel(yt, sleeps)
    item = post(folder, "youtube", fields())
    journal.note("runner.attempts", 1)
    chan._open(item, YouTubeBlock.model_validate(fields()), SIZE, "video/mp4", journal)  # an earlier run's session
    for session in yt.sessions.values():
        session.expired = True
    run_channel(chan, item, journal)
    assert len(yt.posts) == 1 and len(yt.sessions) == 2


def test_quota_exceeded_waits_for_the_reset(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    yt.fail(
        "POST",
        "/upload/youtube/v3/videos",
        403,
        google_error(
            403,
            "quotaExceeded",
            "The request cannot be completed because you have exceeded your "
            '<a href="/youtube/v3/getting-started#quota">quota</a>.',
        ).body,
    )
    with pytest.raises(RetryableError) as caught:
        run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), journal)
    assert caught.value.message.startswith(
        "youtube: kuota harian proyek telah habis: The request cannot be completed because you have exceeded your"
    )
    assert caught.value.action == (
        "Tidak ada yang perlu diperbaiki: humas publish mengunggahnya setelah kuota direset (tengah malam waktu "
        "Pasifik)."
    )
    assert 0 < (caught.value.retry_after or 0) <= 86400
    assert sleeps == [] and not yt.posts


def test_refused_refresh_token(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps, tmp_path: Path
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    yt.refresh_token = "revoked"
    with pytest.raises(PermanentError) as caught:
        run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), journal)
    assert caught.value.message == "youtube: kredensial ditolak: invalid_grant"  # the platform's own word stays
    assert caught.value.action == (
        "Lakukan otorisasi ulang dan setel HUMAS_YOUTUBE_REFRESH_TOKEN (atau HUMAS_YOUTUBE_TOKEN) "
        "(docs/channels/youtube.md)."
    )
    with speaking("en"), pytest.raises(PermanentError) as caught:  # English by configuration
        run_channel(channel(yt, sleeps), post(folder, "youtube", fields()), FileJournal(tmp_path / "en.json"))
    assert caught.value.message == "youtube: the credentials are refused: invalid_grant"
    assert caught.value.action == (
        "Authorise again and set HUMAS_YOUTUBE_REFRESH_TOKEN (or HUMAS_YOUTUBE_TOKEN) (docs/channels/youtube.md)."
    )


def test_publish_at_lets_youtube_schedule(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", SIZE)
    when = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    receipt = run_channel(channel(yt, sleeps), post(folder, "youtube", fields(), publish_at=when), journal)
    [found] = yt.posts
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert found["status"]["privacyStatus"] == "private" and found["status"]["publishAt"] == stamp
    assert receipt.details == {"publish_at": stamp, "privacy": "private"}  # private as asked, until publishAt
    assert yt.violations == []
