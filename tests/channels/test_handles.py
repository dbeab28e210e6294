"""Upload URLs kept out of the journal (sealed), runs whose credentials were replaced after a kill, the
video length TikTok allows, the MP4 movie header, and YouTube's thumbnail size."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import struct
import threading
from pathlib import Path

import pytest

from pipeline.channels.base import OutcomeUnknown, PermanentError, RetryableError
from pipeline.channels.mp4 import duration
from pipeline.channels.runner import run_channel
from pipeline.channels.sealed import Sealed
from pipeline.channels.tiktok import TikTokChannel
from pipeline.channels.youtube import QUANTUM, YouTubeChannel
from tests.channels.support import TOKENS, FileJournal, Sleeps, box, jpeg, movie, mp4, mvhd, post, spec_check
from tests.channels.test_killed import SIZE, env_for, run, server_for
from tests.channels.test_tiktok import channel as tiktok_channel
from tests.platforms.server import Request, wait_until
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer, google_error

MB = 1024 * 1024
RENEWED = {"tiktok": "act.tiktok-renewed-token-0007", "youtube": "1//youtube-refresh-renewed-0008"}


def test_a_sealed_note_opens_only_with_its_credential_and_in_its_place() -> None:
    url = "https://open-upload.tiktokapis.com/video/?upload_id=67890&upload_token=Xza123"
    seal = Sealed("tiktok", TOKENS["tiktok"])
    note = seal.seal(url, "2025/wisuda\0tiktok\0upload_url")
    assert note.startswith("sealed:v1:") and "Xza123" not in note and "67890" not in note
    assert seal.seal(url, "2025/wisuda\0tiktok\0upload_url") != note  # a fresh nonce every time
    assert seal.unseal(note, "2025/wisuda\0tiktok\0upload_url") == url
    assert Sealed("tiktok", TOKENS["tiktok"]).unseal(note, "2025/wisuda\0tiktok\0upload_url") == url
    assert Sealed("tiktok", RENEWED["tiktok"]).unseal(note, "2025/wisuda\0tiktok\0upload_url") is None
    assert Sealed("youtube", TOKENS["tiktok"]).unseal(note, "2025/wisuda\0tiktok\0upload_url") is None
    assert seal.unseal(note, "2025/lain\0tiktok\0upload_url") is None  # copied into another receipt
    for other in (None, 7, url, "sealed:v1:", "sealed:v1:***", note[:-4] + "AAAA"):
        assert seal.unseal(other, "2025/wisuda\0tiktok\0upload_url") is None
    with pytest.raises(ValueError):
        Sealed("tiktok", "")


# -- a kill, then a run with new credentials: the sealed URL cannot be opened ------------------------

KILL_AT = {"partial": 2, "last chunk": 6}  # YouTube's sixth PUT carries the last byte (chunks of 256 KiB)


@pytest.mark.parametrize("platform,moment", [("tiktok", "partial"), ("youtube", "partial"), ("youtube", "last chunk")])
def test_killed_then_run_with_new_credentials_posts_once(platform: str, moment: str, tmp_path: Path) -> None:
    folder = tmp_path / "wisuda"
    folder.mkdir()
    video = mp4(folder / "wisuda.mp4", SIZE)
    journal = tmp_path / "journal.json"
    held, release = threading.Event(), threading.Event()
    puts = {"n": 0}

    def hold(request: Request) -> None:
        if request.method == "PUT":
            puts["n"] += 1
            if puts["n"] == KILL_AT[moment]:
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
        assert wait_until(lambda: all(seen.status is not None for seen in server.requests()))
        server.hook = None
        text = journal.read_text()
        assert "sealed:v1:" in text
        for capability in (server.url, "upload_token", "upload_id"):
            assert capability not in text

        if platform == "tiktok":  # the token was renewed between the runs
            server.token = env["HUMAS_TIKTOK_TOKEN"] = RENEWED["tiktok"]  # type: ignore[attr-defined]
        else:
            server.refresh_token = env["HUMAS_YOUTUBE_REFRESH_TOKEN"] = RENEWED["youtube"]  # type: ignore[attr-defined]
        second = run(platform, env, journal, folder)
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, out + err
        [posted] = server.posts  # type: ignore[attr-defined]
        assert out.splitlines()[-1].startswith("posted: ")
        text = journal.read_text()
        for capability in (server.url, "upload_token", "upload_id"):
            assert capability not in text

    digest = hashlib.sha256(video.read_bytes()).hexdigest()
    if platform == "tiktok":
        # the partial upload cannot be resumed without its URL; it is never posted, a new one is
        assert len(server.uploads) == 2 and posted.digest.hexdigest() == digest  # type: ignore[attr-defined]
    elif moment == "partial":
        # no byte of the last chunk was sent, so there is no video: a new session
        assert len(server.sessions) == 2 and posted["sha256"] == digest  # type: ignore[attr-defined]
    else:
        # the last chunk arrived before the kill: the video is found among the channel's uploads
        assert len(server.sessions) == 1 and posted["sha256"] == digest  # type: ignore[attr-defined]
        assert {s.query["playlistId"] for s in server.requests("GET", "/playlistItems")} == {"UUpoltekkesjkt2"}
        assert f"posted: {posted['id']} " in out
        assert server.violations == []  # type: ignore[attr-defined]


def youtube(server: YouTubeServer, sleeps: Sleeps, refresh: str) -> YouTubeChannel:
    return YouTubeChannel(
        client_id=server.client_id,
        client_secret=TOKENS["youtube_client_secret"],
        refresh_token=refresh,
        base_url=server.url,
        oauth_url=server.url,
        sleep=sleeps,
        chunk_size=QUANTUM,
    )


VIDEO = 3 * QUANTUM + 1000
LAST = f"bytes {3 * QUANTUM}-{VIDEO - 1}/{VIDEO}"
WAITING = (
    "youtube: tidak dapat memastikan apakah percobaan sebelumnya sudah terunggah (youtube: chunk terakhir unggahan "
    "sebelumnya mungkin sudah diterima, tetapi videonya belum ada di antara unggahan kanal)"
)


def lost_last_chunk(yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps, *, arrives: bool) -> None:
    """A run sends the last chunk and hears nothing; then the refresh token is replaced."""
    mp4(folder / "wisuda.mp4", VIDEO)
    yt.hook = lambda r: yt.drop("PUT", "/upload/", after=arrives) if r.header("content-range") == LAST else None
    journal.note("runner.attempts", 1)
    with pytest.raises(OutcomeUnknown):
        youtube(yt, sleeps, TOKENS["youtube_refresh"]).publish(post(folder, "youtube", FIELDS), journal)
    yt.hook = None
    yt.refresh_token = RENEWED["youtube"]


FIELDS = {"title": "Wisuda Angkatan 2025", "video": "wisuda.mp4"}


def test_youtube_waits_for_the_uploads_list_rather_than_upload_twice(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    lost_last_chunk(yt, folder, journal, sleeps, arrives=True)
    [video] = yt.posts
    yt.not_listed_yet = {video["id"]}  # YouTube has not listed it yet
    with pytest.raises(OutcomeUnknown) as caught:
        run_channel(youtube(yt, sleeps, RENEWED["youtube"]), post(folder, "youtube", FIELDS), journal)
    assert caught.value.message == WAITING
    assert sleeps == [] and len(yt.sessions) == 1  # the grace (10 min) is more than a post's budget: defer at once
    yt.not_listed_yet.clear()
    receipt = run_channel(youtube(yt, sleeps, RENEWED["youtube"]), post(folder, "youtube", FIELDS), journal)
    assert receipt.post_id == video["id"] and len(yt.posts) == 1 and len(yt.sessions) == 1
    assert yt.violations == []


def test_youtube_uploads_anew_when_the_video_never_appears(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    lost_last_chunk(yt, folder, journal, sleeps, arrives=False)
    assert not yt.posts
    with pytest.raises(OutcomeUnknown) as caught:
        run_channel(youtube(yt, sleeps, RENEWED["youtube"]), post(folder, "youtube", FIELDS), journal)
    assert caught.value.message == WAITING and len(yt.sessions) == 1
    journal.note("final_at", int(journal.get("final_at")) - 601)  # the grace has passed
    receipt = run_channel(youtube(yt, sleeps, RENEWED["youtube"]), post(folder, "youtube", FIELDS), journal)
    [video] = yt.posts
    assert receipt.post_id == video["id"] and len(yt.sessions) == 2
    assert journal.get("final_at") is not None  # it now speaks of the new session


def test_youtube_without_the_scope_to_read_uploads_says_what_to_do(
    yt: YouTubeServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    lost_last_chunk(yt, folder, journal, sleeps, arrives=True)
    yt.fail(
        "GET",
        "/youtube/v3/playlistItems",
        403,
        google_error(403, "insufficientPermissions", "Request had insufficient authentication scopes.").body,
    )
    with pytest.raises(PermanentError) as caught:
        run_channel(youtube(yt, sleeps, RENEWED["youtube"]), post(folder, "youtube", FIELDS), journal)
    assert caught.value.message == (
        "youtube: YouTube tidak mengizinkan ini: Request had insufficient authentication scopes. "
        "(insufficientPermissions) (saat mencari unggahan yang terputus di antara unggahan kanal)"
    )
    assert caught.value.action == (
        "Lakukan otorisasi dengan scope youtube.readonly selain youtube.upload (docs/channels/youtube.md); "
        "humas publish kemudian mencari lagi."
    )
    assert len(yt.posts) == 1 and len(yt.sessions) == 1


# -- TikTok ------------------------------------------------------------------------------------------


def test_a_tiktok_photo_post_whose_status_was_not_read_is_not_posted_again(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "a.jpg")
    item = post(folder, "tiktok", {"caption": "Foto", "privacy": "PUBLIC_TO_EVERYONE", "photos": ["a.jpg"]})
    tt.fail(
        "POST",
        "/status/fetch/",
        503,
        {"data": {}, "error": {"code": "internal_error", "message": "try later", "log_id": "x"}},
        times=4,
    )
    journal.note("runner.attempts", 1)
    with pytest.raises(RetryableError):
        tiktok_channel(tt, sleeps).publish(item, journal)  # posted, then its status could not be read
    receipt = run_channel(tiktok_channel(tt, sleeps), item, journal)
    [upload] = tt.posts
    assert receipt.details["publish_id"] == upload.publish_id
    assert len(tt.requests("POST", "/content/init/")) == 1


def test_tiktok_without_the_upload_url_nor_the_bytes_count_waits_for_the_url_to_expire(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 3 * 64 * 1024 + 10)
    item = post(folder, "tiktok", {"caption": "Wisuda", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"})
    tt.hook = lambda r: (
        tt.drop("PUT", "/upload/", after=False) if r.header("content-range").startswith(f"bytes {64 * 1024}-") else None
    )
    journal.note("runner.attempts", 1)
    with pytest.raises(OutcomeUnknown):  # the second chunk never arrived, its answer neither
        tiktok_channel(tt, sleeps).publish(item, journal)
    tt.hook = None
    tt.token = RENEWED["tiktok"]  # the sealed upload URL no longer opens
    tt.reports_bytes = False
    renewed = TikTokChannel(RENEWED["tiktok"], base_url=tt.url, sleep=sleeps, chunk_size=64 * 1024, min_chunk=64 * 1024)
    with pytest.raises(OutcomeUnknown) as caught:
        run_channel(renewed, item, journal)
    assert caught.value.message == (
        "tiktok: tidak dapat memastikan apakah percobaan sebelumnya sudah terunggah (tiktok: TikTok tidak menyebutkan "
        "berapa banyak bagian unggahan sebelumnya yang sudah diterima)"
    )
    assert caught.value.action == (
        "Periksa akun tiktok sebelum mengunggah lagi; humas publish menanyakan kembali ke platform pada run berikutnya."
    )
    assert len(tt.uploads) == 1 and not tt.posts
    journal.note("upload_at", int(journal.get("upload_at")) - 3601)  # its URL has expired since
    run_channel(renewed, item, journal)
    assert len(tt.uploads) == 2 and len(tt.posts) == 1


def test_tiktok_refuses_a_video_longer_than_the_account_may_post(
    tt: TikTokServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    movie(folder / "wisuda.mp4", 600.5, 100_000)
    item = post(folder, "tiktok", {"caption": "Wisuda", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"})
    with pytest.raises(PermanentError) as caught:
        run_channel(tiktok_channel(tt, sleeps), item, journal)
    assert caught.value.message == (
        "tiktok: wisuda.mp4 berdurasi 600.5 detik; akun @poltekkesjkt2 hanya boleh mengunggah video paling "
        "lama 600 detik"
    )
    assert caught.value.action == (
        "Perpendek video (atau unggah hanya ke YouTube); humas channels doctor menampilkan durasi video terpanjang "
        "untuk akun."
    )
    assert not tt.requests("POST", "/video/init/")
    tt.max_duration = 900  # an account TikTok allows longer videos
    run_channel(tiktok_channel(tt, sleeps), item, journal)
    assert len(tt.posts) == 1


# -- the MP4 movie header ----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", [{}, {"version": 1}, {"moov_last": True}, {"moov_last": True, "large_mdat": True}])
def test_the_length_of_an_mp4_from_its_movie_header(layout: dict[str, bool], tmp_path: Path) -> None:
    assert duration(movie(tmp_path / "v.mp4", 754.25, 300_000, **layout)) == 754.25  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "header",
    [
        mvhd(0, length=0xFFFFFFFF),  # "unknown" by the standard
        mvhd(10, timescale=0),
        mvhd(10, version=2),
        box(b"mvhd", b"\0\0\0\0"),  # cut short
        box(b"free", b""),  # a moov without mvhd
    ],
)
def test_no_length_when_the_movie_header_says_none(header: bytes, tmp_path: Path) -> None:
    assert duration(movie(tmp_path / "v.mp4", 0, 10_000, header=header)) is None


def test_no_length_for_other_files(tmp_path: Path) -> None:
    assert duration(mp4(tmp_path / "no-moov.mp4", 5000)) is None  # an ftyp and bytes, no moov
    assert duration(jpeg(tmp_path / "foto.jpg")) is None
    liar = tmp_path / "liar.mp4"  # a box claiming more bytes than the file has
    liar.write_bytes(box(b"ftyp", b"isom") + struct.pack(">I4s", 10_000, b"moov") + mvhd(5))
    assert duration(liar) is None
    assert duration(tmp_path / "missing.mp4") is None


# -- YouTube's thumbnail -----------------------------------------------------------------------------


def test_a_youtube_thumbnail_may_be_up_to_50_mb(folder: Path) -> None:
    mp4(folder / "wisuda.mp4", 1000)
    thumbnail = jpeg(folder / "sampul.jpg")
    item = post(folder, "youtube", {**FIELDS, "thumbnail": "sampul.jpg"})
    os.truncate(thumbnail, 3 * MB)  # over the old 2 MB limit
    assert spec_check(item) == []
    os.truncate(thumbnail, 50 * MB)
    assert spec_check(item) == []
    os.truncate(thumbnail, 51 * MB)
    assert [(p.field, p.message) for p in spec_check(item)] == [
        ("channels.youtube.thumbnail", "sampul.jpg berukuran 51.0 MB (paling besar 50 MB)")
    ]


def test_the_journal_of_a_finished_upload_holds_no_url(
    tt: TikTokServer, yt: YouTubeServer, folder: Path, tmp_path: Path, sleeps: Sleeps
) -> None:
    mp4(folder / "wisuda.mp4", 3 * 64 * 1024 + 10)
    tiktok_journal, youtube_journal = FileJournal(tmp_path / "tt.json"), FileJournal(tmp_path / "yt.json")
    run_channel(
        tiktok_channel(tt, sleeps),
        post(folder, "tiktok", {"caption": "x", "privacy": "PUBLIC_TO_EVERYONE", "video": "wisuda.mp4"}),
        tiktok_journal,
    )
    run_channel(youtube(yt, sleeps, TOKENS["youtube_refresh"]), post(folder, "youtube", FIELDS), youtube_journal)
    notes = {**json.loads(tiktok_journal.path.read_text()), **json.loads(youtube_journal.path.read_text())}
    assert sorted(notes) == [
        "final_at",
        "opened_at",
        "privacy",
        "privacy_asked",
        "publish_id",
        "runner.attempts",
        "runner.content",
        "session",
        "upload_at",
        "upload_url",
        "uploaded",
        "video_id",
    ]
    assert notes["upload_url"].startswith("sealed:v1:") and notes["session"].startswith("sealed:v1:")
    text = json.dumps(notes)
    for capability in (tt.url, yt.url, "upload_token", "upload_id"):
        assert capability not in text
