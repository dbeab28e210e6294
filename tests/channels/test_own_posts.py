"""A post proves it is this publication's before a lookup takes it.

Two publications with the same text (or none: Instagram, Facebook and TikTok allow an empty caption)
posted in one run are two posts, not one post with two receipts; a post the archive receipts for
another publication is never taken; two candidates, or one without text, are a question for a person.
And YouTube's answer to an upload says which privacy it gave: another than the one asked is said.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pipeline.archive.journal import RECEIPT_NAMESPACE, ReceiptSeal, receipt_seal
from pipeline.archive.models import parse_receipt
from pipeline.archive.store import BranchStore
from pipeline.channels.base import AskPerson, Channel, Post
from pipeline.channels.doctor import diagnose
from pipeline.channels.facebook import FacebookChannel
from pipeline.channels.instagram import InstagramChannel
from pipeline.channels.runner import run_channel
from pipeline.channels.tiktok import TikTokChannel
from pipeline.channels.tokens import TokenVault
from pipeline.channels.youtube import QUANTUM, YouTubeChannel
from pipeline.git import GitRepo
from pipeline.signing import sign_with_private_key
from tests.archive.test_lembar import RECORD
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, mp4, post
from tests.helpers import Repo, key_file
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer, Media
from tests.platforms.server import FakeServer
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer


def make(platform: str, server: Any, sleeps: Sleeps) -> Channel:
    if platform == "instagram":
        return InstagramChannel(TOKENS["instagram"], server.user_id, base_url=f"{server.url}/v25.0", sleep=sleeps)
    if platform == "facebook":
        return FacebookChannel(TOKENS["facebook"], server.page_id, base_url=f"{server.url}/v25.0", sleep=sleeps)
    if platform == "tiktok":
        return TikTokChannel(TOKENS["tiktok"], base_url=server.url, sleep=sleeps, chunk_size=64 * 1024)
    return YouTubeChannel(token=TOKENS["youtube"], base_url=server.url, sleep=sleeps, chunk_size=QUANTUM)


def fields(platform: str, text: str) -> dict[str, Any]:
    if platform == "youtube":
        return {"title": text, "video": "v.mp4"}
    if platform == "tiktok":
        return {"caption": text, "privacy": "PUBLIC_TO_EVERYONE", "photos": ["a.jpg"]}
    return {"caption": text, "media": ["a.jpg"]}


def servers(platform: str, ig: InstagramServer, fb: FacebookServer, tt: TikTokServer, yt: YouTubeServer) -> Any:
    return {"instagram": ig, "facebook": fb, "tiktok": tt, "youtube": yt}[platform]


def two(folder: Path, platform: str, text: str) -> tuple[Post, Post]:
    jpeg(folder / "a.jpg")
    mp4(folder / "v.mp4", 1000)
    first = post(folder, platform, fields(platform, text))
    return first, replace(first, publication="2025/dies-natalis")


CASES = [
    ("instagram", ""),
    ("instagram", "Selamat kepada para wisudawan"),
    ("facebook", ""),
    ("facebook", "Selamat kepada para wisudawan"),
    ("tiktok", "Selamat kepada para wisudawan"),
    ("youtube", "Wisuda Angkatan 2025"),
]


@pytest.mark.parametrize("platform,text", CASES)
def test_two_publications_with_the_same_text_in_one_run_are_two_posts(
    platform: str,
    text: str,
    ig: InstagramServer,
    fb: FacebookServer,
    tt: TikTokServer,
    yt: YouTubeServer,
    folder: Path,
    tmp_path: Path,
    sleeps: Sleeps,
) -> None:
    server: FakeServer = servers(platform, ig, fb, tt, yt)
    chan = make(platform, server, sleeps)  # one client per platform for the whole run, as humas publish makes
    first, second = two(folder, platform, text)
    one = run_channel(chan, first, FileJournal(tmp_path / "a.json"))
    other = run_channel(chan, second, FileJournal(tmp_path / "b.json"))
    assert len(server.posts) == 2  # type: ignore[attr-defined]
    assert one.post_id != other.post_id
    assert "found" not in other.details


@pytest.mark.parametrize("platform,text", CASES)
def test_a_post_the_archive_gives_to_another_publication_is_never_taken(
    platform: str,
    text: str,
    ig: InstagramServer,
    fb: FacebookServer,
    tt: TikTokServer,
    yt: YouTubeServer,
    folder: Path,
    tmp_path: Path,
    sleeps: Sleeps,
) -> None:
    server: FakeServer = servers(platform, ig, fb, tt, yt)
    first, second = two(folder, platform, text)
    one = run_channel(make(platform, server, sleeps), first, FileJournal(tmp_path / "a.json"))
    # a later run: a new client, and the archive's receipts say whose that post is
    later = replace(second, taken={one.post_id: first.publication})
    other = run_channel(make(platform, server, sleeps), later, FileJournal(tmp_path / "b.json"))
    assert len(server.posts) == 2 and one.post_id != other.post_id  # type: ignore[attr-defined]


def hand_made(ig: InstagramServer, caption: str) -> Media:
    """A post a person made in the app (no publication, no receipt)."""
    media = Media(ig.new_id(), caption, "", "IMAGE", created=time.time())
    ig.media[media.id] = media
    return media


def test_two_candidates_are_a_question_for_a_person(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    first, _second = two(folder, "instagram", "Selamat kepada para wisudawan")
    a, b = hand_made(ig, "Selamat kepada para wisudawan"), hand_made(ig, "Selamat kepada para wisudawan")
    with pytest.raises(AskPerson) as caught:
        run_channel(make("instagram", ig, sleeps), first, journal)
    assert caught.value.message == (
        f"instagram: 2 unggahan di media akun mungkin milik publikasi ini ({b.permalink}, {a.permalink}); "
        "humas tidak dapat menentukan yang mana"
    )
    assert caught.value.action == (
        "Periksa akun instagram. Jika unggahan publikasi ini ada di sana, catat dengan humas outbox uploaded "
        "2025/wisuda instagram URL; jika tidak ada, nyatakan dengan humas outbox not-posted 2025/wisuda instagram, "
        "dan humas publish berikutnya akan mengunggahnya satu kali."
    )
    assert caught.value.retryable  # humas publish defers: the claim stays, the next run asks again
    assert caught.value.posts == {b.id: b.permalink, a.id: a.permalink}  # what the person is shown
    assert journal.get("person.asked") == {b.id: b.permalink, a.id: a.permalink}  # noted for the commands
    assert len(ig.posts) == 2 and not ig.requests("POST", "/media_publish")


def test_a_post_without_text_proves_nothing(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    first, _second = two(folder, "instagram", "")
    made = hand_made(ig, "")
    with pytest.raises(AskPerson) as caught:
        run_channel(make("instagram", ig, sleeps), first, journal)
    assert caught.value.message == (
        f"instagram: sebuah unggahan tanpa teks di media akun mungkin milik publikasi ini ({made.permalink}); "
        "unggahan tanpa teks tidak membuktikan apa pun"
    )
    assert len(ig.posts) == 1


def test_a_lost_answer_settles_on_this_publications_post_only(
    ig: InstagramServer, folder: Path, tmp_path: Path, sleeps: Sleeps
) -> None:
    """media_publish answered for nobody; the container says PUBLISHED; the account shows two posts with
    the caption since then: the one the run gave to the other publication is not taken."""
    chan = make("instagram", ig, sleeps)
    first, second = two(folder, "instagram", "Selamat kepada para wisudawan")
    one = run_channel(chan, first, FileJournal(tmp_path / "a.json"))
    ig.drop("POST", "/media_publish")
    other = run_channel(chan, second, FileJournal(tmp_path / "b.json"))
    assert len(ig.posts) == 2 and other.post_id != one.post_id
    assert other.post_id == ig.posts[1].id


# -- YouTube: the privacy it gave ---------------------------------------------------------------------


def test_a_youtube_upload_made_private_says_so(yt: YouTubeServer, folder: Path, journal: FileJournal) -> None:
    yt.unverified = True  # an API project YouTube has not audited: every upload is locked private
    mp4(folder / "v.mp4", 1000)
    item = post(folder, "youtube", {"title": "Wisuda Angkatan 2025", "video": "v.mp4", "privacy": "public"})
    receipt = run_channel(make("youtube", yt, Sleeps()), item, journal)
    [video] = yt.posts
    assert video["status"]["privacyStatus"] == "private"
    assert receipt.url is None  # no public watch URL is claimed
    assert receipt.details == {
        "privacy": "private",
        "privacy_asked": "public",
        "privacy_warning": "youtube: YouTube menjadikan video private, bukan public seperti yang diminta (proyek API "
        "yang belum diaudit YouTube hanya dapat mengunggah secara private)",
    }
    assert journal.get("privacy") == "private" and yt.violations == []


def test_a_youtube_upload_found_again_reads_its_privacy(yt: YouTubeServer, folder: Path, tmp_path: Path) -> None:
    """A receipt lost from the archive: the lookup finds the video and asks videos.list for its privacy."""
    yt.unverified = True
    mp4(folder / "v.mp4", 1000)
    item = post(folder, "youtube", {"title": "Wisuda Angkatan 2025", "video": "v.mp4", "privacy": "unlisted"})
    run_channel(make("youtube", yt, Sleeps()), item, FileJournal(tmp_path / "lost.json"))
    found = run_channel(make("youtube", yt, Sleeps()), item, FileJournal(tmp_path / "new.json"))
    assert len(yt.posts) == 1 and found.details["found"] == "uploads"
    assert (found.details["privacy"], found.details["privacy_asked"], found.url) == ("private", "unlisted", None)
    assert [s.query for s in yt.requests("GET", "/youtube/v3/videos")] == [{"part": "status", "id": yt.posts[0]["id"]}]
    assert yt.violations == []


def test_the_doctor_says_which_youtube_uploads_are_not_as_private_as_asked(
    yt: YouTubeServer, folder: Path, tmp_path: Path, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The receipt says the privacy differs; the doctor reads the archive's receipts that prove themselves, asks
    YouTube how each such video stands now, and names those still not as asked (a person has the project audited,
    then fixes them). A receipt anyone pushed to arsip, unsigned, naming a video kept private on purpose, is not
    read: the doctor never tells a person to make it public."""
    monkeypatch.delenv("HUMAS_ARCHIVE_REMOTE", raising=False)
    yt.unverified = True
    mp4(folder / "v.mp4", 1000)
    receipts = {}
    for slug in ("wisuda", "dies", "rahasia"):
        item = post(folder, "youtube", {"title": f"Video {slug}", "video": "v.mp4", "privacy": "public"})
        item = replace(item, publication=f"2025/{slug}")
        made = run_channel(make("youtube", yt, Sleeps()), item, FileJournal(tmp_path / f"{slug}.json"))
        receipts[slug] = made
    vault = TokenVault(BranchStore(GitRepo(repo.root)), "a-key")
    trusted = receipt_seal(GitRepo(repo.root))
    private = key_file("reni").read_text()  # the Direktur holds a role: her key proves receipts
    seal = ReceiptSeal(
        trusted.repository,
        trusted.keys,
        make_signer=lambda: lambda payload: sign_with_private_key(private, payload, RECEIPT_NAMESPACE)[1],
    )
    entries = {}
    for slug, made in receipts.items():
        folder_of = f"records/2025-12-01-{slug}"
        entry = parse_receipt(
            {"state": "done", "post_id": made.post_id, "details": dict(made.details)}, f"2025/{slug}", "youtube"
        )
        if slug != "rahasia":  # the forged one stays unsigned
            seal.seal(folder_of, entry)
        record = RECORD.model_copy(update={"publications": {f"2025/{slug}": "e" * 40}})
        entries[f"{folder_of}/record.json"] = record.model_dump_json().encode()
        entries[f"{folder_of}/receipts/2025/{slug}/youtube.json"] = json.dumps(entry.dump()).encode()
    vault.store.write(entries, "receipts")
    yt.videos[receipts["dies"].post_id]["status"]["privacyStatus"] = "public"  # a person fixed this one
    env = {"HUMAS_YOUTUBE_TOKEN": TOKENS["youtube"], "HUMAS_YOUTUBE_API_BASE": yt.url}
    report, code = diagnose(env, vault=vault)
    youtube = report.split("youtube: ", 1)[1].split("\nthreads: ", 1)[0].splitlines()
    assert youtube[2] == (
        f"  2025/wisuda: YouTube menjadikan video {receipts['wisuda'].post_id} private, bukan public seperti yang "
        "diminta; minta YouTube mengaudit proyek API, lalu ubah privasi video di YouTube Studio"
    )
    assert youtube[3].startswith("  jangkauan: angka dapat dibaca")  # the receipts prove themselves: reach is read
    assert len(youtube) == 5 and "2025/dies" not in report and code == 0  # the fifth line: the token
    assert "2025/rahasia" not in report and receipts["rahasia"].post_id not in report
