"""A post whose run was cut off after the platform made it, then withdrawn: the real ``humas publish`` is killed
(SIGKILL) while the local Facebook server makes the post, so its receipt stays ``claimed``; the publication is
withdrawn (signed and merged with the real commands); the next ``humas publish`` settles the claim with the
platform as posting does (the attempt's handles, then the lookup) and deletes what it finds exactly once,
counted at the server. A post the platform does not show, or a platform this run cannot ask, goes to a person
with a package naming the publication and the channel, until they settle it."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, copied, publikasi
from tests.platforms.fleet import CHANNELS, FOLDER, environment, merged, started
from tests.platforms.server import FakeServer, Request, kill_sender, wait_until
from tests.ralat.test_flow import life, merge, sign

__all__ = ["merged"]  # the module's fixtures

REASON = "Acara dibatalkan"


@pytest.fixture
def servers() -> Iterator[dict[str, FakeServer]]:
    """Five local platforms of the test's own (a post left by another test is never looked up here)."""
    made = started()
    yield made
    for server in made.values():
        server.stop()


@pytest.fixture
def repo(merged: Path, tmp_path: Path) -> Repo:
    """A copy of the merged repository, nothing posted yet."""
    return copied(merged, tmp_path / "humas-repo")


def receipt(repo: Repo, channel: str) -> dict[str, Any]:
    [path] = [
        p
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith(f"/2025/wisuda/{channel}.json") and "/receipts/" in p
    ]
    return dict(json.loads(repo.git("show", f"arsip:{path}")))


def killed_while_facebook_posts(repo: Repo, servers: dict[str, FakeServer]) -> None:
    """``humas publish`` killed once the Facebook server has the post request; the server goes on and posts."""
    facebook = servers["facebook"]
    killed: list[int] = []

    def kill(request: Request) -> None:
        if request.method == "POST" and request.path.endswith("/feed") and not killed:
            killed.append(kill_sender(request))

    facebook.hook = kill
    run = repo.humas("publish", env=environment(servers))
    assert run.code == -signal.SIGKILL, run.out + run.err
    # the server goes on with the request once the process is dead, and makes the post
    assert wait_until(lambda: len(facebook.feed) == 1), facebook.feed  # type: ignore[attr-defined]
    assert len(killed) == 1
    facebook.hook = None
    assert receipt(repo, "facebook")["state"] == "claimed"


def withdraw(repo: Repo) -> str:
    repo.branch("tarik/wisuda")
    repo.write(f"{FOLDER}/index.md", publikasi(channels=CHANNELS, extra=f"ditarik: {{alasan: {REASON}}}\n"))
    repo.commit("Tarik wisuda")
    sign(repo, "tarik/wisuda", ("spi", "pengendali"), ("reni", "pengarah"))
    merge(repo, "tarik/wisuda")
    withdrawal = life(repo).withdrawal
    assert withdrawal is not None
    return withdrawal.record


def publish(repo: Repo, servers: dict[str, FakeServer], env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    for server in servers.values():
        server.seen.clear()
    done = repo.humas("publish", env=environment(servers) if env is None else env)
    return done.code, done.out.splitlines()


def test_a_claimed_post_of_a_withdrawn_publication_is_found_and_deleted_once(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    killed_while_facebook_posts(repo, servers)
    facebook = servers["facebook"]
    [made] = facebook.feed  # type: ignore[attr-defined]
    tarik = withdraw(repo)

    code, lines = publish(repo, servers)
    instagram = receipt(repo, "instagram")
    assert code == 0, lines
    assert lines == [
        "ditarik           2025/wisuda → youtube",
        "ditarik           2025/wisuda → threads",
        f"2025/wisuda → instagram: unggahan {instagram['url']} dihapus",
        f"2025/wisuda → tiktok: menunggu dikerjakan petugas: outbox/tiktok/2025-wisuda.{tarik}",
        f"  yang perlu dilakukan: humas ralat selesai 2025/wisuda tiktok {tarik}",
        f"2025/wisuda → facebook: unggahan https://www.facebook.com/{made.id} dihapus",
    ]
    assert [f"{s.method} {s.path}" for s in facebook.seen if s.method != "GET"] == [f"DELETE /v25.0/{made.id}"]
    assert facebook.feed == []  # type: ignore[attr-defined]
    found = receipt(repo, "facebook")
    assert (found["state"], found["post_id"]) == ("done", made.id)

    # once: a second run deletes nothing, and never posts the withdrawn publication
    code, lines = publish(repo, servers)
    assert code == 0, lines
    assert [line for line in lines if "facebook" in line] == [
        next(line for line in lines if line.startswith(f"2025/wisuda → facebook: penarikan {tarik} sudah dilakukan"))
    ]
    assert [s for server in servers.values() for s in server.seen if s.method != "GET"] == []


@pytest.mark.parametrize(
    ("asked", "why"),
    [
        (True, "platform tidak menunjukkan unggahannya"),
        (False, "proses ini tidak dapat bertanya ke platform (kanal tidak punya token di sini)"),
    ],
)
def test_a_claimed_post_the_platform_does_not_show_goes_to_a_person(
    repo: Repo, servers: dict[str, FakeServer], asked: bool, why: str
) -> None:
    killed_while_facebook_posts(repo, servers)
    facebook = servers["facebook"]
    facebook.feed.clear()  # type: ignore[attr-defined]  # gone from the platform (or never shown to this token)
    tarik = withdraw(repo)
    env = environment(servers)
    if not asked:
        env = {k: v for k, v in env.items() if not k.startswith("HUMAS_FACEBOOK_")}

    code, lines = publish(repo, servers, env)
    package = f"outbox/facebook/2025-wisuda.{tarik}.check"
    message = (
        f"2025/wisuda ditarik ketika unggahannya di facebook belum tuntas (sebuah proses terputus), dan {why}: "
        "periksa akun facebook"
    )
    action = (
        "Jika unggahannya ada, catat dengan humas outbox uploaded 2025/wisuda facebook URL dan humas publish "
        "berikutnya menghapusnya; jika tidak ada, nyatakan dengan humas outbox not-posted 2025/wisuda facebook."
    )
    assert code == 1, lines
    assert f"periksa-akun      2025/wisuda → facebook: {message}: {package} — {action}" in lines
    assert (repo.root / package / "README.txt").read_text(encoding="utf-8") == f"{message}.\n{action}\n"
    assert [s for s in facebook.seen if s.method == "DELETE"] == []
    assert receipt(repo, "facebook")["state"] == "claimed"  # every later run asks the platform again

    # the person looked and found none: the claim is cleared, and nothing is ever posted
    said = repo.humas("outbox", "not-posted", "2025/wisuda", "facebook")
    assert said.code == 0, said.err
    code, lines = publish(repo, servers)
    assert "ditarik           2025/wisuda → facebook" in lines
    assert [s for s in facebook.seen if s.method != "GET"] == []


def test_a_dry_run_says_a_claimed_post_of_a_withdrawn_publication_would_be_settled_then_deleted(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    killed_while_facebook_posts(repo, servers)
    withdraw(repo)
    arsip = repo.git("rev-parse", "arsip")
    for server in servers.values():
        server.seen.clear()

    done = repo.humas("publish", "--dry-run", env=environment(servers))
    assert done.code == 0, done.err
    assert (
        "akan-dituntaskan  2025/wisuda → facebook: unggahannya belum tuntas karena sebuah proses terputus: akan dicari "
        "di facebook, lalu dihapus jika ditemukan (atau petugas diminta memeriksa akunnya)"
    ) in done.out.splitlines()
    assert "ditarik           2025/wisuda → facebook" not in done.out.splitlines()
    assert [s for server in servers.values() for s in server.seen if s.method != "GET"] == []
    assert repo.git("rev-parse", "arsip") == arsip  # nothing settled, nothing deleted


def test_a_claim_deferred_by_a_429_before_anything_was_sent_asks_no_person(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    """The lookup before the first post is answered 429 for longer than the run waits: the claim is deferred and
    no attempt is noted. Withdrawn then, there is no post to look for: it is *ditarik*, nobody is asked to look."""
    facebook = servers["facebook"]
    busy = {"error": {"message": "Too many calls", "code": 4}}
    facebook.fail("GET", r"/(feed|scheduled_posts|videos)$", 429, busy, {"Retry-After": "3600"}, times=20)
    code, lines = publish(repo, servers)
    facebook.faults.clear()
    assert [line for line in lines if "→ facebook" in line][0].startswith("ditunda           2025/wisuda → facebook:")
    deferred = receipt(repo, "facebook")
    assert (deferred["state"], deferred.get("notes", {}).get("runner.attempts")) == ("claimed", None), deferred
    assert facebook.feed == []  # type: ignore[attr-defined]
    withdraw(repo)

    code, lines = publish(repo, servers)
    assert "ditarik           2025/wisuda → facebook" in lines, lines
    assert not (repo.root / "outbox" / "facebook").exists()
    assert [s for s in facebook.seen if s.method != "GET"] == []
