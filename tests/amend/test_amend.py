"""Corrections and takedowns of published posts, on the platforms' side: a publication posted by the real
``humas publish`` to the five local platform servers, then each act done by ``pipeline.amend.amend`` exactly
once, whatever happens on the way (a killed run, a 5xx after the platform acted, a dropped answer, a timeout,
a 429), counted at the servers; an act for a post the archive does not prove is refused; what a platform
cannot do goes to a person through an outbox package and ``humas ralat selesai``."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.amend.act import Act, Report
from pipeline.amend.platforms import FORCE_SSL
from pipeline.amend.run import amend
from pipeline.git import GitRepo
from tests.helpers import Repo, copied, identity_env
from tests.platforms.fleet import environment, merged, platforms, posted, receipts
from tests.platforms.server import FakeServer

__all__ = ["merged", "platforms", "posted"]  # the module's fixtures

STATE = {
    "facebook": ("feed", "deleted"),
    "instagram": ("media", "deleted"),
    "threads": ("threads", "deleted", "deletes_today"),
    "youtube": ("videos",),
    "tiktok": (),
}
RECORD_ID = "2026-12-07-ralat-wisuda-1a2b3c4"


@pytest.fixture
def fresh(platforms: dict[str, FakeServer], posted: Path) -> Iterator[dict[str, FakeServer]]:
    """The module's platforms as ``humas publish`` left them, for each test (what a test deletes comes back)."""
    saved = {name: {key: copy.deepcopy(getattr(platforms[name], key)) for key in keys} for name, keys in STATE.items()}
    for server in platforms.values():
        server.seen.clear()
        server.faults.clear()
    scopes = set(platforms["youtube"].scopes)  # type: ignore[attr-defined]
    platforms["youtube"].scopes = scopes | {FORCE_SSL}  # type: ignore[attr-defined]
    yield platforms
    platforms["youtube"].scopes = scopes  # type: ignore[attr-defined]
    for name, keys in saved.items():
        for key in keys:
            setattr(platforms[name], key, copy.deepcopy(saved[name][key]))
        platforms[name].hook = None


@pytest.fixture
def repo(posted: Path, tmp_path: Path) -> Repo:
    """A copy of the repository ``humas publish`` posted from (receipts on arsip)."""
    return copied(posted, tmp_path / "humas-repo")


@pytest.fixture(autouse=True)
def koordinator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The person running it: receipts are signed with the Koordinator's key (git's signing set-up)."""
    for name in [n for n in os.environ if n.startswith(("GIT_", "HUMAS_", "GITHUB_"))]:
        monkeypatch.delenv(name)
    for name, value in identity_env("koordinator").items():
        monkeypatch.setenv(name, value)


def ids(repo: Repo) -> dict[str, str]:
    return {channel: str(r["post_id"]) for channel, r in receipts(repo).items()}


def act(repo: Repo, channel: str, kind: str, **texts: str) -> Act:
    return Act("2025/wisuda", channel, kind, ids(repo)[channel], RECORD_ID, **texts)  # type: ignore[arg-type]


def run(repo: Repo, servers: dict[str, FakeServer], *acts: Act, **options: Any) -> tuple[Report, list[float]]:
    sleeps: list[float] = []
    report = amend(GitRepo(repo.root), list(acts), environment(servers), sleep=sleeps.append, **options)
    return report, sleeps


def states(report: Report) -> list[str]:
    return [o.state for o in report.outcomes]


def act_receipt(repo: Repo, a: Act) -> dict[str, Any]:
    [folder] = {
        p.split("/receipts/")[0] for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/" in p
    }
    return dict(json.loads(repo.git("show", f"arsip:{folder}/acts/2025/wisuda/{a.stem}.json")))


EDITS = {
    "facebook": {"text": "Ralat: Wisuda Angkatan 2025 dilaksanakan di Depok."},
    "youtube": {"title": "Wisuda Angkatan 2025 (ralat)", "description": "Upacara wisuda di Depok."},
}
WRITES = {
    "facebook": ("POST", "DELETE"),
    "youtube": ("PUT", "DELETE"),
    "instagram": ("", "DELETE"),
    "threads": ("", "DELETE"),
}


def writes(server: FakeServer, channel: str, kind: str, post_id: str) -> int:
    method = WRITES[channel][0 if kind == "edit" else 1]
    if channel == "youtube":
        return len([s for s in server.requests(method, r"^/youtube/v3/videos$")])
    return len(server.requests(method, rf"/{post_id}$"))


def shown(server: FakeServer, channel: str, post_id: str) -> Any:
    if channel == "facebook":
        return next((p.message for p in server.feed if p.id == post_id), None)  # type: ignore[attr-defined]
    if channel == "youtube":
        video = server.videos.get(post_id)  # type: ignore[attr-defined]
        return (
            None
            if video is None
            else (video["snippet"]["title"], video["snippet"]["description"], video["snippet"]["categoryId"])
        )
    return post_id if post_id in getattr(server, {"instagram": "media", "threads": "threads"}[channel]) else None


CASES = [
    ("facebook", "edit"),
    ("facebook", "delete"),
    ("instagram", "delete"),
    ("threads", "delete"),
    ("youtube", "edit"),
    ("youtube", "delete"),
]


@pytest.mark.parametrize(("channel", "kind"), CASES)
def test_each_act_is_done_once_and_a_rerun_sends_nothing(
    repo: Repo, fresh: dict[str, FakeServer], channel: str, kind: str
) -> None:
    server = fresh[channel]
    a = act(repo, channel, kind, **(EDITS[channel] if kind == "edit" else {}))
    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["done"], report.outcomes[0].message
    word = "dihapus" if kind == "delete" else "diralat"
    assert report.outcomes[0].message.startswith(f"2025/wisuda → {channel}: unggahan ") and report.outcomes[
        0
    ].message.endswith(word)
    assert writes(server, channel, kind, a.post_id) == 1
    if kind == "delete":
        assert shown(server, channel, a.post_id) is None
    elif channel == "facebook":
        assert shown(server, channel, a.post_id) == EDITS["facebook"]["text"]
    else:  # the whole snippet went back: the category stays
        assert shown(server, channel, a.post_id) == ("Wisuda Angkatan 2025 (ralat)", "Upacara wisuda di Depok.", "27")
        assert fresh["youtube"].violations == []  # type: ignore[attr-defined]
    entry = act_receipt(repo, a)
    assert entry["state"] == "done" and entry["channel"] == a.stem and entry["details"]["how"] == "api"
    assert entry["signature"].startswith("-----BEGIN SSH SIGNATURE-----")

    again, _sleeps = run(repo, fresh, a)
    assert states(again) == ["already"]
    assert writes(server, channel, kind, a.post_id) == 1


FAULTS = ["5xx after acting", "dropped answer", "timeout"]


class TimeoutAfter(httpx.HTTPTransport):
    """The platform receives the request and acts; its answer never arrives in time."""

    def __init__(self, method: str) -> None:
        super().__init__()
        self.method = method

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == self.method:
            response.read()
            raise httpx.ReadTimeout("timed out", request=request)
        return response


@pytest.mark.parametrize(
    ("channel", "kind", "fault"),
    [(channel, kind, FAULTS[0]) for channel, kind in CASES]
    + [
        ("facebook", "edit", "dropped answer"),
        ("threads", "delete", "dropped answer"),
        ("youtube", "delete", "dropped answer"),
        ("facebook", "delete", "timeout"),
        ("instagram", "delete", "timeout"),
        ("youtube", "edit", "timeout"),
    ],
)
def test_an_unknown_outcome_is_looked_up_never_sent_again(
    repo: Repo, fresh: dict[str, FakeServer], channel: str, kind: str, fault: str
) -> None:
    server = fresh[channel]
    a = act(repo, channel, kind, **(EDITS[channel] if kind == "edit" else {}))
    method = WRITES[channel][0 if kind == "edit" else 1]
    pattern = r"^/youtube/v3/videos$" if channel == "youtube" else rf"/{a.post_id}$"
    options: dict[str, Any] = {}
    if fault == "5xx after acting":
        server.fail(method, pattern, 503, {"error": {"message": "Service Unavailable", "code": 2}}, after=True)
    elif fault == "dropped answer":
        server.drop(method, pattern, after=True)
    else:
        options["transport"] = TimeoutAfter(method)
    try:
        report, _sleeps = run(repo, fresh, a, **options)
    finally:
        if "transport" in options:
            options["transport"].close()
    assert states(report) == ["done"], report.outcomes[0].message
    assert writes(server, channel, kind, a.post_id) == 1
    assert act_receipt(repo, a)["details"]["how"] == "lookup"


@pytest.mark.parametrize(("channel", "kind"), [("facebook", "delete"), ("youtube", "edit"), ("threads", "delete")])
def test_a_429_waits_as_told_then_sends_once_more(
    repo: Repo, fresh: dict[str, FakeServer], channel: str, kind: str
) -> None:
    server = fresh[channel]
    a = act(repo, channel, kind, **(EDITS[channel] if kind == "edit" else {}))
    method = WRITES[channel][0 if kind == "edit" else 1]
    pattern = r"^/youtube/v3/videos$" if channel == "youtube" else rf"/{a.post_id}$"
    server.fail(method, pattern, 429, {"error": {"message": "Too many calls", "code": 4}}, {"Retry-After": "7"})
    report, sleeps = run(repo, fresh, a)
    assert states(report) == ["done"]
    assert sleeps == [7.0]
    assert writes(server, channel, kind, a.post_id) == 2  # the first was refused; the post was looked at between


def test_a_long_retry_after_defers_and_the_next_run_finishes(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    server = fresh["facebook"]
    a = act(repo, "facebook", "delete")
    server.fail(
        "DELETE", rf"/{a.post_id}$", 429, {"error": {"message": "Too many calls", "code": 4}}, {"Retry-After": "3600"}
    )
    report, sleeps = run(repo, fresh, a)
    assert states(report) == ["deferred"] and sleeps == []
    assert (
        report.outcomes[0].action
        == "Tidak ada yang perlu dilakukan: run berikutnya bertanya dulu ke platform, lalu menyelesaikannya."
    )
    again, _sleeps = run(repo, fresh, a)
    assert states(again) == ["done"]
    assert writes(server, "facebook", "delete", a.post_id) == 2


def test_a_run_killed_between_the_call_and_the_receipt_is_settled_without_a_second_call(
    repo: Repo, fresh: dict[str, FakeServer]
) -> None:
    server = fresh["facebook"]
    a = act(repo, "facebook", "delete")
    script = (
        "import json, sys; from pipeline.amend.act import Act; from pipeline.amend.run import amend; "
        "from pipeline.git import GitRepo; amend(GitRepo(sys.argv[1]), [Act(**json.loads(sys.argv[2]))], "
        "json.loads(sys.argv[3]))"
    )
    fields = {
        "publication": a.publication,
        "channel": a.channel,
        "kind": a.kind,
        "post_id": a.post_id,
        "act_id": a.act_id,
    }
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(repo.root), json.dumps(fields), json.dumps(environment(fresh))],
        env={**os.environ},
    )

    def kill(request: Any) -> None:
        if request.method == "DELETE":
            os.kill(child.pid, signal.SIGKILL)  # the run dies; the platform goes on and deletes
            child.wait()

    server.hook = kill
    assert child.wait(timeout=60) == -signal.SIGKILL
    assert shown(server, "facebook", a.post_id) is None
    server.hook = None

    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["done"]
    assert writes(server, "facebook", "delete", a.post_id) == 1
    assert len(server.requests("GET", rf"/{a.post_id}$")) == 1
    assert act_receipt(repo, a)["details"]["how"] == "lookup"


def test_an_act_for_a_post_the_archive_does_not_prove_is_refused(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    server = fresh["facebook"]
    other = server.feed[0].id if server.feed[0].id != ids(repo)["facebook"] else "104000000000001_999"  # type: ignore[attr-defined]
    wrong = Act("2025/wisuda", "facebook", "edit", "104000000000001_999", RECORD_ID, text="Ralat")
    missing = Act("2025/lain", "facebook", "delete", other, RECORD_ID)
    hostile = Act("2025/wisuda", "facebook", "delete", ids(repo)["facebook"], "../../receipts/x")
    untitled = Act("2025/wisuda", "youtube", "edit", ids(repo)["youtube"], RECORD_ID, text="Ralat")
    empty = Act("2025/wisuda", "facebook", "edit", ids(repo)["facebook"], RECORD_ID, title="Ralat", text=" ")
    report, _sleeps = run(repo, fresh, wrong, missing, hostile, untitled, empty)
    assert [o.message for o in report.outcomes] == [
        f"2025/wisuda → facebook: ralat ditolak: menyebut unggahan 104000000000001_999, padahal bukti unggah "
        f"publikasi yang terbukti untuk {ids(repo)['facebook']}",
        "2025/lain → facebook: penarikan ditolak: arsip tidak membuktikan ada unggahan publikasi ini di kanal ini",
        "2025/wisuda → facebook: penarikan ditolak: id tindakan '../../receipts/x' bukan id rekaman",
        "2025/wisuda → youtube: ralat ditolak: ralat tanpa title / description yang diperbaiki",
        "2025/wisuda → facebook: ralat ditolak: ralat tanpa text yang diperbaiki",
    ]
    assert states(report) == ["refused"] * 5 and report.code == 1
    assert [s for s in server.seen if s.method != "GET" or "/insights" not in s.path] == []


def test_a_copied_receipt_of_the_post_does_not_stand_for_the_act(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    """Whoever can push to arsip copies the post's signed receipt to the act's path: it proves nothing there."""
    a = act(repo, "facebook", "delete")
    paths = [
        p
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith("/receipts/2025/wisuda/facebook.json")
    ]
    from tests.helpers import rewrite_arsip

    rewrite_arsip(
        repo,
        paths[0].replace("/receipts/", "/acts/").replace("facebook.json", f"{a.stem}.json"),
        repo.git("show", f"arsip:{paths[0]}"),
    )
    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["done"]
    assert writes(fresh["facebook"], "facebook", "delete", a.post_id) == 1


def test_a_second_takedown_of_a_deleted_post_sends_nothing(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    first = act(repo, "youtube", "delete")
    second = Act(first.publication, "youtube", "delete", first.post_id, "2026-12-08-penarikan-wisuda-9f9f9f9")
    edit = Act(first.publication, "youtube", "edit", first.post_id, "2026-12-09-ralat-wisuda-8e8e8e8", title="x")
    report, _sleeps = run(repo, fresh, first, second, edit)
    assert states(report) == ["done", "already", "failed"]
    assert report.outcomes[2].message == (
        f"2025/wisuda → youtube: unggahan telah dihapus oleh {first.act_id}; tidak ada yang perlu diralat"
    )
    assert writes(fresh["youtube"], "youtube", "delete", first.post_id) == 1
    assert fresh["youtube"].requests("PUT") == []


def test_meta_not_found_on_a_first_delete_goes_to_a_person_and_is_never_sent_again(
    repo: Repo, fresh: dict[str, FakeServer]
) -> None:
    """Code 100 / subcode 33 also means a missing permission (UNCONFIRMED as "gone"): a person looks."""
    server = fresh["facebook"]
    a = act(repo, "facebook", "delete")
    post = next(p for p in server.feed if p.id == a.post_id)  # type: ignore[attr-defined]
    server.feed.remove(post)  # type: ignore[attr-defined]
    server.deleted.add(a.post_id)  # type: ignore[attr-defined]  # deleted in the app, behind humas's back
    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["failed"]
    assert report.outcomes[0].message == (
        f"2025/wisuda → facebook: platform tidak menemukan unggahan https://www.facebook.com/{a.post_id}; mungkin "
        "sudah dihapus, atau token kurang izin (platform menjawab sama untuk keduanya)"
    )
    again, _sleeps = run(repo, fresh, a)
    assert states(again) == ["failed"]
    assert writes(server, "facebook", "delete", a.post_id) == 1
    done = repo.humas("ralat", "selesai", "2025/wisuda", "facebook")
    assert done.code == 0, done.err
    assert done.out.strip() == f"tercatat: 2025/wisuda → facebook: penarikan {RECORD_ID} dilakukan secara manual"


@pytest.mark.parametrize(
    ("channel", "kind"), [("tiktok", "delete"), ("tiktok", "edit"), ("instagram", "edit"), ("threads", "edit")]
)
def test_what_the_platform_cannot_do_goes_to_a_person_once(
    repo: Repo, fresh: dict[str, FakeServer], channel: str, kind: str
) -> None:
    a = act(repo, channel, kind, **({"text": "Ralat: wisuda di Depok."} if kind == "edit" else {}))
    url = str(receipts(repo)[channel]["url"])
    outbox = repo.root / "outbox"
    report, _sleeps = run(repo, fresh, a, outbox=outbox)
    assert states(report) == ["waiting"]
    package = f"outbox/{channel}/2025-wisuda.{RECORD_ID}"
    assert report.outcomes[0].message == f"2025/wisuda → {channel}: menunggu dikerjakan petugas: {package}"
    readme = (repo.root / package / "README.txt").read_text(encoding="utf-8")
    command = f"humas ralat selesai 2025/wisuda {channel} {RECORD_ID}"
    if kind == "delete":
        assert readme == (
            f"{channel}: hapus unggahan ini secara manual: {url}\nBuka dengan masuk sebagai akun institusi lalu "
            f"hapus (API platform tidak dapat menghapusnya di sini).\nLalu catat: {command}\n"
        )
    else:
        assert (repo.root / package / "teks.txt").read_text(encoding="utf-8") == "Ralat: wisuda di Depok.\n"
        assert readme.startswith(f"{channel}: ralat unggahan ini secara manual: {url}\n")
    assert all(s.method == "GET" for s in fresh[channel].seen)

    again, _sleeps = run(repo, fresh, a, outbox=outbox)
    assert states(again) == ["waiting"]
    done = repo.humas("ralat", "selesai", "2025/wisuda", channel)
    assert done.code == 0, done.err
    kind_word = "penarikan" if kind == "delete" else "ralat"
    assert done.out.strip() == f"tercatat: 2025/wisuda → {channel}: {kind_word} {RECORD_ID} dilakukan secara manual"
    entry = act_receipt(repo, a)
    assert entry["state"] == "done" and entry["details"]["manual"] is True
    twice = repo.humas("ralat", "selesai", "2025/wisuda", channel)
    assert twice.code == 1
    assert twice.err.strip().endswith(
        f"2025/wisuda → {channel}: {kind_word} {RECORD_ID} sudah tercatat ({entry['at']})"
    )
    final, _sleeps = run(repo, fresh, a, outbox=outbox)
    assert states(final) == ["already"]


def test_nothing_waits_for_a_person(repo: Repo) -> None:
    done = repo.humas("ralat", "selesai", "2025/wisuda", "tiktok")
    assert done.code == 1
    assert done.err.strip().endswith("2025/wisuda → tiktok: tidak ada ralat atau penarikan yang menunggu petugas")
    bad = repo.humas("ralat", "selesai", "2025/wisuda", "myspace")
    assert bad.code == 2


def test_a_channel_run_by_the_outbox_here_goes_to_a_person(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    """Facebook is not configured on this machine (no HUMAS_FACEBOOK_* secret): a person deletes the post."""
    a = act(repo, "facebook", "delete")
    env = {k: v for k, v in environment(fresh).items() if not k.startswith("HUMAS_FACEBOOK_")}
    report = amend(GitRepo(repo.root), [a], env, sleep=lambda _s: None)
    assert states(report) == ["waiting"]
    assert report.outcomes[0].action == f"humas ralat selesai 2025/wisuda facebook {RECORD_ID}"
    assert fresh["facebook"].seen == []
    assert act_receipt(repo, a)["state"] == "waiting"


def test_two_runs_at_once_never_both_delete(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    """A second run starts while the first one's deletion is on its way: it finds the live claim and waits."""
    server = fresh["facebook"]
    a = act(repo, "facebook", "delete")
    second: list[Report] = []

    def race(request: Any) -> None:
        if request.method == "DELETE" and not second:
            second.append(amend(GitRepo(repo.root), [a], environment(fresh), sleep=lambda _s: None))

    server.hook = race
    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["done"]
    assert states(second[0]) == ["busy"]
    assert second[0].outcomes[0].message == "2025/wisuda → facebook: run lain sedang mengerjakan tindakan ini"
    assert writes(server, "facebook", "delete", a.post_id) == 1


def test_threads_daily_delete_cap_defers_the_takedown(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    """Threads allows 100 deletions a day per account: past it the takedown waits for a later run."""
    server = fresh["threads"]
    a = act(repo, "threads", "delete")
    server.deletes_today = 100  # type: ignore[attr-defined]
    report, sleeps = run(repo, fresh, a)
    assert states(report) == ["deferred"]
    assert shown(server, "threads", a.post_id) == a.post_id
    assert len(server.requests("GET", rf"/{a.post_id}$")) == writes(server, "threads", "delete", a.post_id) == 3
    server.deletes_today = 0  # type: ignore[attr-defined]  # the next day
    again, _sleeps = run(repo, fresh, a)
    assert states(again) == ["done"]
    assert shown(server, "threads", a.post_id) is None


def test_a_youtube_token_made_for_posting_only_cannot_delete(repo: Repo, fresh: dict[str, FakeServer]) -> None:
    """Posting needs ``youtube.upload`` only; videos.delete and videos.update need ``youtube.force-ssl`` (or
    ``youtube``): the scope to grant is named, nothing is deleted."""
    server = fresh["youtube"]
    server.scopes = {"https://www.googleapis.com/auth/youtube.upload"}  # type: ignore[attr-defined]
    a = act(repo, "youtube", "delete")
    report, _sleeps = run(repo, fresh, a)
    assert states(report) == ["failed"]
    assert report.outcomes[0].message == (
        "youtube: meralat atau menghapus video memerlukan scope https://www.googleapis.com/auth/youtube.force-ssl, "
        "yang tidak dimiliki token"
    )
    assert shown(server, "youtube", a.post_id) is not None
