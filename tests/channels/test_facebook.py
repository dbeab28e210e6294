"""Facebook Pages against the local Graph API fake."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.channels.base import PermanentError
from pipeline.channels.facebook import FacebookChannel
from pipeline.channels.runner import run_channel
from pipeline.messages import speaking
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.platforms.facebook import FacebookServer
from tests.platforms.graph import graph_error


def channel(server: FacebookServer, sleeps: Sleeps) -> FacebookChannel:
    return FacebookChannel(
        TOKENS["facebook"],
        server.page_id,
        app_id=server.app_id,
        base_url=f"{server.url}/v25.0",
        video_base_url=f"{server.url}/v25.0",
        sleep=sleeps,
        upload_piece=4096,
    )


def test_text_and_link(fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    receipt = run_channel(
        channel(fb, sleeps),
        post(folder, "facebook", {"caption": "Selamat!", "link": "https://poltekkesjkt2.ac.id/"}),
        journal,
    )
    [page_post] = fb.feed
    assert (page_post.message, page_post.link) == ("Selamat!", "https://poltekkesjkt2.ac.id/")
    assert receipt.post_id == page_post.id and receipt.url == f"https://www.facebook.com/{page_post.id}"


def test_photos_attached_to_one_post(fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    jpeg(folder / "a.jpg")
    jpeg(folder / "b.jpg")
    run_channel(
        channel(fb, sleeps),
        post(folder, "facebook", {"caption": "Dua foto", "media": ["a.jpg", "b.jpg"]}),
        journal,
    )
    [page_post] = fb.feed
    assert len(page_post.attached) == 2
    assert all(fb.photos[p]["published"] == "false" for p in page_post.attached)


def test_video_through_the_resumable_upload(
    fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    video = mp4(folder / "wisuda.mp4", 50_000)
    seen = {"n": 0}

    def drop_first_upload(request: object) -> None:
        if getattr(request, "path", "").startswith("/v25.0/upload:") and getattr(request, "method", "") == "POST":
            seen["n"] += 1
            if seen["n"] == 1:
                fb.drop("POST", "/upload:")

    fb.hook = drop_first_upload
    receipt = run_channel(
        channel(fb, sleeps),
        post(folder, "facebook", {"caption": "Video wisuda", "video": "wisuda.mp4"}),
        journal,
    )
    [found] = fb.videos
    assert found.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert (found.title, found.description) == ("Wisuda Angkatan 2025", "Video wisuda")
    assert receipt.url == f"https://www.facebook.com/{fb.page_id}/videos/{found.id}"
    assert len(fb.sessions) == 1  # the session was asked where it stood, not opened again


def test_lost_answer_to_the_post_is_found_on_the_page(
    fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    fb.drop("POST", "/feed$")
    receipt = run_channel(channel(fb, sleeps), post(folder, "facebook", {"caption": "Hanya sekali"}), journal)
    [page_post] = fb.feed
    assert receipt.post_id == page_post.id
    assert len(fb.requests("POST", "/feed$")) == 1


def test_scheduled_by_the_page(fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps) -> None:
    when = datetime.now(UTC) + timedelta(days=1)
    receipt = run_channel(channel(fb, sleeps), post(folder, "facebook", {"caption": "Besok"}, publish_at=when), journal)
    [page_post] = fb.feed
    assert page_post.scheduled_for == int(when.timestamp())
    assert receipt.details == {"scheduled": True}


def test_missing_permission(
    fb: FacebookServer, folder: Path, journal: FileJournal, sleeps: Sleeps, tmp_path: Path
) -> None:
    fb.fail(
        "POST",
        "/feed$",
        403,
        graph_error("(#200) The user hasn't authorized the application to perform this action", 200).body,
        times=2,
    )
    with speaking("en"), pytest.raises(PermanentError) as caught:  # English by configuration
        run_channel(channel(fb, sleeps), post(folder, "facebook", {"caption": "x"}), journal)
    assert caught.value.message == (
        "facebook: a permission is missing: (#200) The user hasn't authorized the "
        "application to perform this action (code 200)"
    )
    assert caught.value.action == (
        "Grant the permissions listed in docs/channels/facebook.md, then create a new "
        "token and set it as HUMAS_FACEBOOK_TOKEN."
    )
    with pytest.raises(PermanentError) as caught:  # Bahasa Indonesia by default; the platform's words stay
        run_channel(
            channel(fb, sleeps),
            post(folder, "facebook", {"caption": "x"}),
            FileJournal(tmp_path / "id.json"),
        )
    assert caught.value.message == (
        "facebook: ada izin yang belum diberikan: (#200) The user hasn't authorized the "
        "application to perform this action (code 200)"
    )
    assert caught.value.action == (
        "Berikan izin yang tercantum dalam docs/channels/facebook.md, lalu buat token baru dan setel sebagai "
        "HUMAS_FACEBOOK_TOKEN."
    )
