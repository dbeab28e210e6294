"""A deferred post is settled by a person, with a real command: ``humas outbox uploaded`` records the post
they found on the account, ``humas outbox not-posted`` says there is none, and the next ``humas publish``
posts it once. A receipt is never cleared, and a word nobody signed sets nothing aside."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from tests.channels.support import TOKENS
from tests.channels.test_killed import env_for
from tests.channels.test_outbox import receipt_of
from tests.helpers import Repo, rewrite_arsip
from tests.platforms.instagram import InstagramServer, Media
from tests.test_publish import merged_publication

CAPTION = "Selamat! #Wisuda2025"  # the caption of tests.test_publish's publication
ASKED = (
    "ditunda           2025/wisuda → instagram: instagram: 2 unggahan di media akun mungkin milik publikasi ini "
    "({urls}); humas tidak dapat menentukan yang mana — Periksa akun instagram. Jika unggahan publikasi ini ada "
    "di sana, catat dengan humas outbox uploaded 2025/wisuda instagram URL; jika tidak ada, nyatakan dengan humas "
    "outbox not-posted 2025/wisuda instagram, dan humas publish berikutnya akan mengunggahnya satu kali."
)
FACEBOOK_WAITS = "menunggu          2025/wisuda → facebook: paket unggah manual: outbox/facebook/2025-wisuda"


@pytest.fixture
def ig() -> Iterator[InstagramServer]:
    with InstagramServer(TOKENS["instagram"]) as server:
        server.processing_polls = 0
        yield server


def hand_made(ig: InstagramServer) -> Media:
    """A post a person made in the app with the publication's caption (no receipt anywhere)."""
    media = Media(ig.new_id(), CAPTION, "", "IMAGE", created=time.time())
    ig.media[media.id] = media
    return media


def publish(repo: Repo, ig: InstagramServer, code: int = 0) -> list[str]:
    """``humas publish`` with Instagram configured (exit 1 when a post is deferred: a person must act)."""
    env = {k: v for k, v in env_for("instagram", ig).items() if k.startswith("HUMAS_")}
    run = repo.humas("publish", env=env)
    assert run.code == code, run.out + run.err
    return run.out.splitlines()


def asked(repo: Repo, ig: InstagramServer) -> tuple[Media, Media]:
    """Two posts with the publication's caption on the account: humas cannot tell, the run defers."""
    merged_publication(repo)
    a, b = hand_made(ig), hand_made(ig)
    assert publish(repo, ig, 1) == [ASKED.format(urls=f"{b.permalink}, {a.permalink}"), FACEBOOK_WAITS]
    assert not ig.requests("POST", "/media_publish$")
    _, receipt = receipt_of(repo, "instagram")
    assert receipt["state"] == "claimed"
    assert receipt["notes"]["person.asked"] == {b.id: b.permalink, a.id: a.permalink}
    return a, b


def test_a_post_a_person_found_is_recorded_with_outbox_uploaded(repo: Repo, ig: InstagramServer) -> None:
    a, _b = asked(repo, ig)
    recorded = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", a.permalink)
    assert (recorded.code, recorded.out) == (0, f"tercatat: 2025/wisuda → instagram: {a.permalink}\n")
    _, receipt = receipt_of(repo, "instagram")
    # the platform's own id of the post shown, so that no other publication's lookup can take it
    assert (receipt["state"], receipt["post_id"], receipt["url"]) == ("done", a.id, a.permalink)
    assert receipt["details"] == {"found_by_person": True}
    assert receipt["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    assert publish(repo, ig) == [f"sudah-diunggah    2025/wisuda → instagram: {a.id}", FACEBOOK_WAITS]
    assert len(ig.posts) == 2 and not ig.requests("POST", "/media_publish$")

    arsip = repo.git("rev-parse", "arsip")
    cleared = repo.humas("outbox", "not-posted", "2025/wisuda", "instagram")  # a receipt is never cleared
    assert (cleared.code, cleared.err) == (1, f"humas: 2025/wisuda → instagram: sudah tercatat sebagai {a.permalink}\n")
    again = repo.humas("outbox", "uploaded", "2025/wisuda", "instagram", "https://www.instagram.com/p/other/")
    assert (again.code, again.err) == (1, f"humas: 2025/wisuda → instagram: sudah tercatat sebagai {a.permalink}\n")
    assert repo.git("rev-parse", "arsip") == arsip


def test_no_post_found_clears_the_claim_and_the_next_run_posts_once(repo: Repo, ig: InstagramServer) -> None:
    a, b = asked(repo, ig)
    cleared = repo.humas("outbox", "not-posted", "2025/wisuda", "instagram")
    assert (cleared.code, cleared.err) == (0, "")
    assert cleared.out == (
        "2025/wisuda → instagram: klaimnya dihapus (Koordinator Humas tidak menemukan unggahannya); humas "
        "publish berikutnya mengunggahnya satu kali\n"
    )
    _, receipt = receipt_of(repo, "instagram")
    said = receipt["notes"]["person.not_posted"]
    assert list(receipt["notes"]) == ["person.not_posted"]  # the earlier attempt's notes are gone
    assert said["by"] == "Koordinator Humas <humas@poltekkesjkt2.ac.id>" and said["at"]
    assert said["posts"] == {b.id: b.permalink, a.id: a.permalink}
    assert said["signature"].startswith("-----BEGIN SSH SIGNATURE-----")

    out = publish(repo, ig)
    [made] = [m for m in ig.posts if m.id not in (a.id, b.id)]
    assert out == [f"dilanjutkan       2025/wisuda → instagram: {made.id}", FACEBOOK_WAITS]
    assert len(ig.requests("POST", "/media_publish$")) == 1
    assert publish(repo, ig)[0] == f"sudah-diunggah    2025/wisuda → instagram: {made.id}"
    assert len(ig.posts) == 3


def test_a_word_nobody_signed_sets_no_post_aside(repo: Repo, ig: InstagramServer) -> None:
    a, b = asked(repo, ig)
    path, receipt = receipt_of(repo, "instagram")
    # someone who may push to arsip writes the note of a person who said there is no post
    receipt["notes"] = {
        "person.not_posted": {"by": "x", "at": "2025-01-01T00:00:00+00:00", "posts": {a.id: "", b.id: ""}}
    }
    rewrite_arsip(repo, path, json.dumps(receipt))
    assert publish(repo, ig, 1)[0] == ASKED.format(urls=f"{b.permalink}, {a.permalink}")
    assert len(ig.posts) == 2 and not ig.requests("POST", "/media_publish$")


def test_the_commands_refuse_what_they_cannot_settle(repo: Repo, ig: InstagramServer) -> None:
    merged_publication(repo)
    nothing = repo.humas("outbox", "not-posted", "2025/wisuda", "instagram")
    assert (nothing.code, nothing.err) == (
        1,
        "humas: 2025/wisuda → instagram: tidak ada paket outbox maupun unggahan tertunda yang menunggu tindakan "
        "(jalankan humas publish dulu)\n",
    )
    hand_made(ig), hand_made(ig)
    publish(repo, ig, 1)
    cases = [
        (
            ("not-posted", "2025/wisuda", "myspace"),
            2,
            "humas: CHANNEL: 'myspace' tidak dikenal (yang boleh: instagram, facebook, tiktok, youtube, threads)\n",
        ),
        (
            ("not-posted", "2025/lain", "instagram"),
            1,
            "humas: PUBLICATION: '2025/lain' bukan publikasi yang telah disahkan (yang telah disahkan: 2025/wisuda)\n",
        ),
        (
            ("not-posted", "2025/wisuda", "facebook"),  # an outbox package waits: a person uploads it
            1,
            "humas: 2025/wisuda → facebook: tidak ada unggahan tertunda yang menunggu tindakan (tidak ada klaim yang "
            "dihapus)\n",
        ),
        (
            ("uploaded", "2025/wisuda", "instagram", "https://www.tiktok.com/@humas/video/1"),
            2,
            "humas: URL: 'https://www.tiktok.com/@humas/video/1' bukan alamat unggahan instagram (yang boleh: "
            "https://instagram.com/…)\n",
        ),
        (
            ("uploaded", "2025/wisuda", "instagram", "https://instagram.com.evil.example/p/x/"),
            2,
            "humas: URL: 'https://instagram.com.evil.example/p/x/' bukan alamat unggahan instagram (yang boleh: "
            "https://instagram.com/…)\n",
        ),
    ]
    arsip = repo.git("rev-parse", "arsip")
    for args, code, err in cases:
        run = repo.humas("outbox", *args)
        assert (run.code, run.err) == (code, err), args
    assert repo.git("rev-parse", "arsip") == arsip
