"""A published publication corrected, then withdrawn, through the repository's own workflows (gate.yml and
publish.yml, run by tests/github/workflow_runner.py against the local GitHub), the posts made at the local
Facebook, YouTube and Threads servers: each pull request opened, signed by the chain the act needs, merged by
the gate and published by the publish workflow; each post edited or deleted once (counted at the servers), or
handed to the outbox where the platform cannot; the site the workflow builds follows. And the urgent
withdrawal by the pengarah alone, merged as an override that the checklist asks to confirm."""

from __future__ import annotations

import json
import re
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.amend.platforms import FORCE_SSL
from tests.channels.support import TOKENS, movie
from tests.github.conftest import CHAIN, DIREKTUR, HUMAS1, SPI, World
from tests.github.test_workflow_runs import (
    GATE,
    PUBLISH,
    JobResult,
    failed,
    pull_event,
    review_run_event,
    run_dir,
    runner,
    step,
)
from tests.helpers import publikasi
from tests.platforms.facebook import FacebookServer
from tests.platforms.server import FakeServer
from tests.platforms.threads import ThreadsServer
from tests.platforms.youtube import YouTubeServer

FOLDER = "content/publikasi/2025/dies"
DRAFT = f"{FOLDER}/index.md"
OTHER = "content/publikasi/2025/lain/index.md"
PUBLICATION = "2025/dies"
HEADLINE = "Dies Natalis Kampus 2025"
CHANNELS = """\
  website: {}
  facebook:
    caption: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.
  youtube:
    title: Wisuda Angkatan 2025
    description: Upacara wisuda Poltekkes Kemenkes Jakarta II.
    video: wisuda.mp4
  threads:
    text: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.
"""
NOTE = "Tempat wisuda diralat menjadi Depok."
FACEBOOK = "Wisuda Angkatan 2025 telah dilaksanakan di Depok."
TITLE = "Wisuda Angkatan 2025 di Depok"
DESCRIPTION = "Upacara wisuda Poltekkes Kemenkes Jakarta II di Depok."
THREADS = "Wisuda Angkatan 2025 telah dilaksanakan di Depok."
CORRECTED = (
    CHANNELS.replace("caption: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.", f"caption: {FACEBOOK}")
    .replace("title: Wisuda Angkatan 2025", f"title: {TITLE}")
    .replace("Upacara wisuda Poltekkes Kemenkes Jakarta II.", DESCRIPTION)
    .replace("text: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.", f"text: {THREADS}")
)
BODY = "Wisuda Angkatan 2025 dilaksanakan di Jakarta.\n"
CORRECTED_BODY = "Wisuda Angkatan 2025 dilaksanakan di Depok.\n"
REASON = "Acara dibatalkan"
LISTINGS = ("index.html", "berita/index.html", "feed.xml", "atom.xml", "feed.json", "sitemap.xml")


@pytest.fixture
def servers() -> Iterator[dict[str, FakeServer]]:
    made: dict[str, FakeServer] = {
        "facebook": FacebookServer(TOKENS["facebook"]),
        "youtube": YouTubeServer(
            client_secret=TOKENS["youtube_client_secret"],
            refresh_token=TOKENS["youtube_refresh"],
            access_token=TOKENS["youtube"],
        ),
        "threads": ThreadsServer(TOKENS["threads"]),
    }
    youtube = made["youtube"]
    youtube.scopes = set(youtube.scopes) | {FORCE_SSL}  # type: ignore[attr-defined]  # the token may edit videos
    for server in made.values():
        server.processing_polls = 0  # type: ignore[attr-defined]
        server.timer.interval = 900.0  # the whole scenario runs three publish workflows
        server.start()
    yield made
    for server in made.values():
        server.stop()


def settings(servers: dict[str, FakeServer], key: str) -> tuple[dict[str, str], dict[str, str]]:
    """(secrets of the protected environments, repository variables) as docs/github.md sets them up, the
    platforms' API addresses pointed at the local servers."""
    facebook, youtube, threads = servers["facebook"], servers["youtube"], servers["threads"]
    secrets = {
        "HUMAS_RECORD_KEY": key,
        "HUMAS_FACEBOOK_TOKEN": TOKENS["facebook"],
        "HUMAS_FACEBOOK_PAGE_ID": facebook.page_id,  # type: ignore[attr-defined]
        "HUMAS_FACEBOOK_APP_ID": facebook.app_id,  # type: ignore[attr-defined]
        "HUMAS_YOUTUBE_CLIENT_ID": youtube.client_id,  # type: ignore[attr-defined]
        "HUMAS_YOUTUBE_CLIENT_SECRET": TOKENS["youtube_client_secret"],
        "HUMAS_YOUTUBE_REFRESH_TOKEN": TOKENS["youtube_refresh"],
        "HUMAS_THREADS_TOKEN": TOKENS["threads"],
        "HUMAS_THREADS_USER_ID": threads.user_id,  # type: ignore[attr-defined]
    }
    variables = {
        "HUMAS_FACEBOOK_API_BASE": f"{facebook.url}/v25.0",
        "HUMAS_YOUTUBE_API_BASE": youtube.url,
        "HUMAS_YOUTUBE_OAUTH_BASE": youtube.url,
        "HUMAS_THREADS_API_BASE": f"{threads.url}/v1.0",
    }
    return secrets, variables


def through_the_gate(world: World, branch: str, changes: dict[str, bytes | None], signers: list[str]) -> str:
    """A pull request opened (the gate's checklist), signed by ``signers`` and merged by the gate after the
    last review; the checklist comment as the gate left it when the pull request was opened."""
    pull = world.fake.open_pull(HUMAS1, branch, changes, title=branch)
    opened = runner(world, GATE, "pull_request_target", pull_event(world, pull.number, "opened")).run_job("gate")
    assert opened.result == "success", failed(opened)
    checklist = str(world.fake.comments[pull.number][0]["body"])
    for login in signers:
        world.fake.review(pull.number, login)
    gate = runner(world, GATE, "workflow_run", review_run_event(world, pull.number)).run_job("gate")
    assert gate.result == "success", failed(gate)
    assert pull.merged, gate.log
    return checklist


def publish(world: World, servers: dict[str, FakeServer], key: str) -> tuple[list[str], Path]:
    """The publish workflow the gate dispatched: the lines of its post step, and the site it built."""
    dispatch = world.fake.dispatches[-1]
    event = {
        "ref": "refs/heads/main",
        "inputs": dispatch["inputs"],
        "repository": world.fake.repo_json(),
        "workflow": ".github/workflows/publish.yml",
    }
    for server in servers.values():
        server.seen.clear()
    secrets, variables = settings(servers, key)
    jobs = runner(world, PUBLISH, "workflow_dispatch", event, secrets=secrets, variables=variables).run()
    for job in ("record", "deploy", "post"):
        assert jobs[job].result == "success", failed(jobs[job])
    site = run_dir(jobs["record"]) / f"site-{len(world.fake.dispatches)}"
    site.mkdir()
    with tarfile.open(run_dir(jobs["record"]) / "artifacts" / "github-pages" / "artifact.tar") as pages:
        pages.extractall(site, filter="data")
    assert key not in "".join(j.log for j in jobs.values())
    return step(jobs["post"], "Post to the channels").stdout.splitlines(), site


def scheduled(world: World, servers: dict[str, FakeServer], key: str) -> dict[str, JobResult]:
    """The scheduled publish run (every two hours)."""
    for server in servers.values():
        server.seen.clear()
    secrets, variables = settings(servers, key)
    event = {"schedule": "7 1,3,5,7,9,11,13,23 * * *", "repository": world.fake.repo_json()}
    return runner(world, PUBLISH, "schedule", event, secrets=secrets, variables=variables).run()


def writes(servers: dict[str, FakeServer]) -> dict[str, list[str]]:
    """What each server was asked to change by the last publish run: method and path."""
    return {
        name: [f"{s.method} {s.path}" for s in server.seen if s.method != "GET"]
        for name, server in servers.items()
        if any(s.method != "GET" for s in server.seen)
    }


def receipts(world: World) -> dict[str, dict[str, Any]]:
    listed = world.fake.git("ls-tree", "-r", "--name-only", "arsip").split()
    paths = [p for p in listed if f"/receipts/{PUBLICATION}/" in p and p.endswith(".json")]
    return {Path(p).stem: json.loads(world.fake.git("show", f"arsip:{p}")) for p in paths}


def records(world: World) -> list[dict[str, Any]]:
    listed = world.fake.git("ls-tree", "-r", "--name-only", "arsip").split()
    return [json.loads(world.fake.git("show", f"arsip:{p}")) for p in listed if p.endswith("/record.json")]


def published(world: World, servers: dict[str, FakeServer], key: str, tmp: Path) -> dict[str, str]:
    """The publication merged through the gate and posted by the publish workflow: each channel's post id."""
    world.fake.clock = datetime.now(UTC)  # GitHub's times are the real ones (the posts' receipts are)
    video = movie(tmp / "wisuda.mp4", 12.5, 300 * 1024).read_bytes()
    draft = publikasi(HEADLINE, channels=CHANNELS, body=BODY).encode()
    through_the_gate(world, "publikasi/wisuda", {DRAFT: draft, f"{FOLDER}/wisuda.mp4": video}, CHAIN)
    lines, _site = publish(world, servers, key)
    ids = {channel: str(receipt["post_id"]) for channel, receipt in receipts(world).items()}
    assert sorted(ids) == ["facebook", "threads", "youtube"]
    assert lines[0].startswith("terverifikasi: #1 yang digabungkan sebagai ")
    assert [line for line in lines if line.startswith("diterbitkan ")] == [
        f"diterbitkan       {PUBLICATION} → {c}: {ids[c]}" for c in ("facebook", "youtube", "threads")
    ]
    return ids


def test_published_corrected_then_withdrawn_through_the_workflows(
    institution: World, record_key: tuple[str, str], servers: dict[str, FakeServer], tmp_path: Path
) -> None:
    world, key = institution, record_key[0]
    ids = published(world, servers, key, tmp_path)

    # a correction: its note, the text and the posts' words changed, signed by the chain for corrections
    corrected = publikasi(HEADLINE, channels=CORRECTED, extra=f'ralat: "{NOTE}"\n', body=CORRECTED_BODY)
    checklist = through_the_gate(world, "ralat/wisuda", {DRAFT: corrected.encode()}, CHAIN)
    assert "Rantai ralat" in checklist, checklist
    lines, site = publish(world, servers, key)
    ralat = record_of(world, "ralat/wisuda")
    assert [line for line in lines if line.startswith(f"{PUBLICATION} → ") or line.startswith("  ")] == [
        f"{PUBLICATION} → facebook: unggahan https://www.facebook.com/{ids['facebook']} diralat",
        f"{PUBLICATION} → youtube: unggahan https://www.youtube.com/watch?v={ids['youtube']} diralat",
        f"{PUBLICATION} → threads: menunggu dikerjakan petugas: outbox/threads/2025-dies.{ralat}",
        f"  yang perlu dilakukan: humas ralat selesai {PUBLICATION} threads {ralat}",
    ]
    package = site.parent / "artifacts" / "outbox" / "threads" / f"2025-dies.{ralat}"
    assert (package / "teks.txt").read_text(encoding="utf-8") == f"{THREADS}\n"
    assert writes(servers) == {
        "facebook": [f"POST /v25.0/{ids['facebook']}"],
        "youtube": ["POST /token", "PUT /youtube/v3/videos"],
    }
    assert [p.message for p in servers["facebook"].feed if p.id == ids["facebook"]] == [FACEBOOK]  # type: ignore[attr-defined]
    snippet = servers["youtube"].videos[ids["youtube"]]["snippet"]  # type: ignore[attr-defined]
    assert (snippet["title"], snippet["description"]) == (TITLE, DESCRIPTION)
    page = (site / PUBLICATION / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<aside class="humas-ralat" role="note" aria-label="Ralat">.*{re.escape(NOTE)}', page), page
    assert "dilaksanakan di Depok" in page and "dilaksanakan di Jakarta" not in page
    for listing in LISTINGS:
        assert f"{PUBLICATION}/" in (site / listing).read_text(encoding="utf-8"), listing
    searched = "".join(p.read_text(encoding="utf-8") for p in (site / "cari").rglob("*") if p.is_file())
    assert HEADLINE.lower() in searched.lower()

    # a withdrawal: pengendalian and pengesahan sign it
    withdrawn = publikasi(
        HEADLINE, channels=CORRECTED, extra=f'ralat: "{NOTE}"\nditarik: {{alasan: {REASON}}}\n', body=CORRECTED_BODY
    )
    checklist = through_the_gate(world, "tarik/wisuda", {DRAFT: withdrawn.encode()}, [SPI, DIREKTUR])
    assert "Rantai penarikan" in checklist, checklist
    threads = servers["threads"]
    # Threads is down for this run (and says when to try again: at once, so that the run does not wait)
    threads.fail("DELETE", f"/v1.0/{ids['threads']}", 503, headers={"Retry-After": "0"}, times=3)
    lines, site = publish(world, servers, key)
    assert writes(servers)["facebook"] == [f"DELETE /v25.0/{ids['facebook']}"]
    assert writes(servers)["youtube"] == ["POST /token", "DELETE /youtube/v3/videos"]
    assert ids["threads"] not in threads.deleted  # type: ignore[attr-defined]
    tarik = record_of(world, "tarik/wisuda")

    # the scheduled run finds the takedown still to do, and does it once; nothing else is sent again
    jobs = scheduled(world, servers, key)
    assert (
        step(jobs["trust"], "Ask what is due").stdout
        == f"unggahan jatuh tempo: {PUBLICATION} → threads (penarikan {tarik})\n"
    )
    assert jobs["post"].result == "success", failed(jobs["post"])
    assert writes(servers) == {"threads": [f"DELETE /v1.0/{ids['threads']}"]}
    assert ids["threads"] in threads.deleted  # type: ignore[attr-defined]
    again = scheduled(world, servers, key)
    assert step(again["trust"], "Ask what is due").stdout == "tidak ada yang jatuh tempo\n"
    assert writes(servers) == {}
    assert [line for line in lines if line.startswith(f"{PUBLICATION} → ") and "dihapus" in line] == [
        f"{PUBLICATION} → facebook: unggahan https://www.facebook.com/{ids['facebook']} dihapus",
        f"{PUBLICATION} → youtube: unggahan https://www.youtube.com/watch?v={ids['youtube']} dihapus",
    ]
    page = (site / PUBLICATION / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Publikasi ini ditarik pada \d+ \w+ \d{4}\. " + f"Alasan: {REASON}</p>", page), page
    assert "Depok" not in page and NOTE not in page
    searched = "".join(p.read_text(encoding="utf-8") for p in (site / "cari").rglob("*") if p.is_file())
    assert searched and HEADLINE.lower() not in searched.lower()
    for listing in LISTINGS:
        text = (site / listing).read_text(encoding="utf-8")
        assert f"{PUBLICATION}/" not in text and HEADLINE not in text, listing


URGENT = "ditarik: {alasan: Data pribadi tersebar, darurat: true}\n"
CONFIRMED = "ditarik: {alasan: Data pribadi tersebar, darurat: false}\n"


def test_an_urgent_withdrawal_by_the_pengarah_alone_is_merged_as_an_override_and_asked_to_be_confirmed(
    institution: World, record_key: tuple[str, str], servers: dict[str, FakeServer]
) -> None:
    world, key = institution, record_key[0]
    world.fake.clock = datetime.now(UTC)
    through_the_gate(world, "publikasi/dies", {DRAFT: publikasi(HEADLINE, body=BODY).encode()}, CHAIN)
    publish(world, servers, key)

    # the Direktur alone withdraws it: the gate merges it, the record names the override
    checklist = through_the_gate(
        world, "tarik/darurat", {DRAFT: publikasi(HEADLINE, extra=URGENT, body=BODY).encode()}, [DIREKTUR]
    )
    assert "Rantai penarikan-darurat" in checklist, checklist
    _lines, site = publish(world, servers, key)
    [urgent] = [r for r in records(world) if r["change"].endswith(" tarik/darurat")]
    assert [chain["name"] for chain in urgent["chains"]] == ["penarikan-darurat"]
    assert HEADLINE not in (site / "index.html").read_text(encoding="utf-8")

    # every checklist asks for the confirmation until the withdrawal chain signs it
    item = (
        f"Penarikan darurat yang belum dikonfirmasi: {PUBLICATION} (catatan {record_of(world, 'tarik/darurat')}): "
        "ubah darurat menjadi false dan tandatangani dengan rantai penarikan"
    )
    pull = world.fake.open_pull(
        HUMAS1, "tarik/konfirmasi", {DRAFT: publikasi(HEADLINE, extra=CONFIRMED, body=BODY).encode()}
    )
    opened = runner(world, GATE, "pull_request_target", pull_event(world, pull.number, "opened")).run_job("gate")
    assert opened.result == "success", failed(opened)
    body = str(world.fake.comments[pull.number][0]["body"])
    assert f"### Penarikan darurat yang perlu dikonfirmasi\n\n- {item}\n" in body, body
    assert "Rantai penarikan" in body
    for login in (SPI, DIREKTUR):
        world.fake.review(pull.number, login)
    gate = runner(world, GATE, "workflow_run", review_run_event(world, pull.number)).run_job("gate")
    assert gate.result == "success" and pull.merged, failed(gate)
    publish(world, servers, key)

    other = world.fake.open_pull(HUMAS1, "publikasi/lain", {OTHER: publikasi("Lain").encode()})
    later = runner(world, GATE, "pull_request_target", pull_event(world, other.number, "opened")).run_job("gate")
    assert later.result == "success", failed(later)
    assert "Penarikan darurat" not in str(world.fake.comments[other.number][0]["body"])


def record_of(world: World, branch: str) -> str:
    """The id of the record of the merge of ``branch`` (its folder on arsip)."""
    listed = world.fake.git("ls-tree", "-r", "--name-only", "arsip").split()
    [path] = [
        p
        for p in listed
        if p.endswith("/record.json")
        and json.loads(world.fake.git("show", f"arsip:{p}"))["change"].endswith(f" {branch}")
    ]
    return path.split("/")[1]
