"""``humas publish`` end to end: a content repository made with the real command, a publication for
Instagram, TikTok, Facebook and YouTube signed and merged, and the real ``humas publish`` process
posting to the local platform servers, configured through ``HUMAS_<PLATFORM>_*`` as in CI.

The website is built with ``humas build`` and served on 127.0.0.1 at the ``site_url`` that ``sop.yml``
names (changed through the SOP: a change signed by the Direktur). The Instagram and Facebook servers
fetch the photo from there, as Meta does, so a wrong media URL fails the test. TikTok and YouTube
receive the video's bytes (``FILE_UPLOAD``, the resumable upload) and never fetch a URL.

The video is a real MP4 structure (``ftyp``, ``moov/mvhd``, ``mdat``) of 8.3 MiB: above YouTube's
8 MiB chunk, so it goes up in two chunks, and under TikTok's 10 MB chunk, so it goes in one.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from pipeline.signing import fingerprint
from pipeline.site.serve import QuietServer
from tests.channels.support import TOKENS, movie
from tests.channels.test_killed import env_for
from tests.helpers import Repo, Run, base_env, copied, jpeg, public_key, publikasi, run_humas, serving
from tests.platforms.facebook import FacebookServer
from tests.platforms.instagram import InstagramServer
from tests.platforms.server import FakeServer, Request, kill_sender, wait_until
from tests.platforms.tiktok import TikTokServer
from tests.platforms.youtube import YouTubeServer

MIB = 1024 * 1024
VIDEO_SIZE = 8 * MIB + 300 * 1024
FOLDER = "content/publikasi/2025/wisuda"
CHANNELS = """\
  website: {}
  instagram:
    caption: "Selamat kepada 1.024 wisudawan! #Wisuda2025"
    media: [foto.jpg]
  tiktok:
    caption: "Wisuda Angkatan 2025 🎓 #poltekkes"
    privacy: PUBLIC_TO_EVERYONE
    video: wisuda.mp4
  facebook:
    caption: Wisuda Angkatan 2025 telah dilaksanakan di Jakarta.
    media: [foto.jpg]
  youtube:
    title: Wisuda Angkatan 2025
    description: Upacara wisuda Poltekkes Kemenkes Jakarta II.
    tags: [wisuda, poltekkes]
    video: wisuda.mp4
    thumbnail: sampul.jpg
"""
ORDER = ("instagram", "tiktok", "facebook", "youtube")


class QuietHandler(SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # the head and the file are two writes: no 40 ms wait for an ACK between them

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(site_url, folder): a local web server for the website; ``humas build`` fills the folder."""
    folder = tmp_path_factory.mktemp("site")
    server = QuietServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/", folder


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory, site: tuple[str, Path], template_repo: Path) -> Path:
    """A content repository (a copy of ``template_repo``: ``humas init --example`` with the test people's keys)
    whose site_url is the local website and whose publication is merged."""
    site_url, site_folder = site
    repo = copied(template_repo, tmp_path_factory.mktemp("template") / "humas-repo")
    root = repo.root

    repo.branch("konfigurasi/situs")
    sop = (root / "sop.yml").read_text()
    assert "site_url: https://humas.poltekkesjkt2.ac.id/\n" in sop
    repo.write("sop.yml", sop.replace("site_url: https://humas.poltekkesjkt2.ac.id/", f"site_url: {site_url}"))
    repo.commit("Alamat situs")
    assert repo.sign("konfigurasi/situs", "spi", "pengendali").code == 0
    assert repo.sign("konfigurasi/situs", "reni", "pengarah").code == 0
    assert repo.humas("merge", "konfigurasi/situs").code == 0

    repo.switch("main")
    repo.branch("publikasi/wisuda")
    repo.write(f"{FOLDER}/index.md", publikasi(channels=CHANNELS))
    repo.write(f"{FOLDER}/foto.jpg", jpeg(1080, 1350))
    repo.write(f"{FOLDER}/sampul.jpg", jpeg(1280, 720))
    movie(root / FOLDER / "wisuda.mp4", 12.5, VIDEO_SIZE)
    assert repo.humas("check").code == 0
    repo.commit("Desain konten: wisuda")
    repo.sign_all("publikasi/wisuda")
    merged = repo.humas("merge", "publikasi/wisuda")
    assert merged.code == 0, merged.err
    repo.switch("main")
    built = repo.humas("build", "--out", str(site_folder))
    assert built.code == 0 and (site_folder / "2025/wisuda/foto.jpg").is_file(), built.out + built.err
    return root


@pytest.fixture
def repo(merged: Path, tmp_path: Path) -> Repo:
    return copied(merged, tmp_path / "humas-repo")


@pytest.fixture
def servers() -> Iterator[dict[str, FakeServer]]:
    made: dict[str, FakeServer] = {
        "instagram": InstagramServer(TOKENS["instagram"], fetch_media=True),
        "tiktok": TikTokServer(TOKENS["tiktok"]),  # TikTok's documented chunk rules (5 MB minimum)
        "facebook": FacebookServer(TOKENS["facebook"], fetch_media=True),
        "youtube": YouTubeServer(
            client_secret=TOKENS["youtube_client_secret"],
            refresh_token=TOKENS["youtube_refresh"],
            access_token=TOKENS["youtube"],
        ),
    }
    made["instagram"].processing_polls = 0  # type: ignore[attr-defined]  # no 10 s wait between status reads
    made["tiktok"].processing_polls = 0  # type: ignore[attr-defined]
    for server in made.values():
        server.start()
    yield made
    for server in made.values():
        server.stop()


class Runs:
    """``humas publish`` in its own process, with the platforms' variables; every output is kept."""

    def __init__(self, repo: Repo, servers: dict[str, FakeServer]) -> None:
        self.repo = repo
        self.env = base_env()
        for name, server in servers.items():
            self.env |= {k: v for k, v in env_for(name, server).items() if k.startswith("HUMAS_")}
        self.env["CI"] = "true"
        self.outputs: list[str] = []

    def __call__(self, *args: str) -> tuple[int, list[str]]:
        done = self.run(*args)
        return done.code, done.out.splitlines()

    def run(self, *args: str) -> Run:
        done = run_humas(["publish", *args], cwd=self.repo.root, env=self.env, timeout=120)
        self.outputs += [done.out, done.err]
        return done

    def background(self, done: list[Run]) -> threading.Thread:
        """``humas publish`` started in a thread of its own; its ``Run`` is added to ``done`` when it ends."""
        thread = threading.Thread(target=lambda: done.append(self.run()), daemon=True)
        thread.start()
        return thread

    def killed_at(self, server: FakeServer, matches: Callable[[Request], bool]) -> None:
        """Run, hold the first request that ``matches`` on ``server``, SIGKILL the process meanwhile."""
        held, release = threading.Event(), threading.Event()
        caught: list[Request] = []

        def hold(request: Request) -> None:
            if not held.is_set() and matches(request):
                caught.append(request)
                held.set()
                release.wait(20)

        server.hook = hold
        done: list[Run] = []
        thread = self.background(done)
        try:
            assert wait_until(held.is_set, 60), (thread.join(10), done)
            kill_sender(caught[0])  # the process that sent the held request
            thread.join(10)
        finally:
            release.set()
            server.hook = None
        [run] = done
        assert run.code == -signal.SIGKILL
        # the held request goes on without its client, as on a real server
        assert wait_until(lambda: all(seen.status is not None for seen in server.requests()))


WORDS = {
    "published": "diterbitkan",
    "already": "sudah-diunggah",
    "resumed": "dilanjutkan",
    "deferred": "ditunda",
    "failed": "gagal",
    "would-resume": "akan-dilanjutkan",
    "would-publish": "akan-diunggah",
}


def line(outcome: str, channel: str, detail: str) -> str:
    """One line of humas publish: the outcome in Bahasa Indonesia, in a column as wide as the longest word."""
    return f"{WORDS[outcome]:17} 2025/wisuda → {channel}: {detail}"


def receipts(repo: Repo) -> dict[str, dict[str, Any]]:
    paths = [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/2025/wisuda/" in p]
    return {Path(p).stem: json.loads(repo.git("show", f"arsip:{p}")) for p in paths}


def archive_objects(repo: Repo) -> str:
    """Every commit, tree and file ever written to the arsip branch, as text."""
    ids = [entry.split()[0] for entry in repo.git("rev-list", "--objects", "arsip").splitlines() if entry]
    done = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=repo.root,
        input="\n".join(ids).encode() + b"\n",
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8", "replace")


def assert_no_secret(repo: Repo, runs: Runs, *more: str) -> None:
    archive = archive_objects(repo)
    for secret in (*TOKENS.values(), *more):
        assert secret not in archive
        assert not [text for text in runs.outputs if secret in text]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_publish_posts_once_to_every_platform(
    repo: Repo, servers: dict[str, FakeServer], site: tuple[str, Path]
) -> None:
    ig, tt, fb, yt = (servers[name] for name in ORDER)
    runs = Runs(repo, servers)
    code, out = runs()
    assert code == 0, runs.outputs
    [media] = ig.posts  # type: ignore[attr-defined]
    [upload] = tt.posts  # type: ignore[attr-defined]
    [page_post] = fb.posts  # type: ignore[attr-defined]
    [video] = yt.posts  # type: ignore[attr-defined]
    assert out == [
        line("published", "instagram", media.id),
        line("published", "tiktok", upload.post_id),
        line("published", "facebook", page_post.id),
        line("published", "youtube", video["id"]),
    ]

    # what each platform received is the approved content
    folder = repo.root / FOLDER
    photo_url = f"{site[0]}2025/wisuda/foto.jpg"
    assert media.caption == "Selamat kepada 1.024 wisudawan! #Wisuda2025"
    assert ig.fetched == {photo_url: (folder / "foto.jpg").read_bytes()}  # type: ignore[attr-defined]
    assert fb.fetched == {photo_url: (folder / "foto.jpg").read_bytes()}  # type: ignore[attr-defined]
    assert page_post.message == "Wisuda Angkatan 2025 telah dilaksanakan di Jakarta."
    video_digest = sha256((folder / "wisuda.mp4").read_bytes())
    assert upload.title == "Wisuda Angkatan 2025 🎓 #poltekkes" and upload.digest.hexdigest() == video_digest
    assert (upload.count, upload.size) == (1, VIDEO_SIZE)
    assert video["sha256"] == video_digest and video["snippet"]["title"] == "Wisuda Angkatan 2025"
    assert [s.headers["content-range"] for s in yt.requests("PUT")] == [
        f"bytes 0-{8 * MIB - 1}/{VIDEO_SIZE}",
        f"bytes {8 * MIB}-{VIDEO_SIZE - 1}/{VIDEO_SIZE}",
    ]
    assert yt.thumbnails == {video["id"]: (folder / "sampul.jpg").stat().st_size}  # type: ignore[attr-defined]
    assert yt.violations == []  # type: ignore[attr-defined]

    # the receipts in the archive
    found = receipts(repo)
    assert {name: (r["state"], r["post_id"], r["url"]) for name, r in found.items()} == {
        "instagram": ("done", media.id, f"https://www.instagram.com/p/{media.id}/"),
        "tiktok": ("done", upload.post_id, f"https://www.tiktok.com/@poltekkesjkt2/video/{upload.post_id}"),
        "facebook": ("done", page_post.id, f"https://www.facebook.com/{page_post.id}"),
        "youtube": ("done", video["id"], f"https://www.youtube.com/watch?v={video['id']}"),
    }
    assert found["youtube"]["details"] == {"thumbnail": "set", "privacy": "public"}

    # a second run posts nothing and does not even call the platforms
    seen = {name: len(server.seen) for name, server in servers.items()}
    arsip = repo.git("rev-parse", "arsip")
    code, out = runs()
    assert code == 0
    assert out == [
        line("already", "instagram", media.id),
        line("already", "tiktok", upload.post_id),
        line("already", "facebook", page_post.id),
        line("already", "youtube", video["id"]),
    ]
    assert {name: len(server.seen) for name, server in servers.items()} == seen
    assert repo.git("rev-parse", "arsip") == arsip
    assert_no_secret(repo, runs)


def test_a_passing_fault_defers_a_refusal_fails_and_the_next_run_completes(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    ig, tt, fb, yt = (servers[name] for name in ORDER)
    ig.quota_usage = ig.quota_total  # type: ignore[attr-defined]  # the daily publishing cap is reached
    tt.fail(
        "POST",
        "/v2/post/publish/video/init/",
        429,
        {"data": {}, "error": {"code": "rate_limit_exceeded", "message": "Too many requests", "log_id": "x"}},
        {"Retry-After": "3600"},
    )  # longer than any run waits
    fb.token = "EAAB-the-token-the-page-now-expects"  # type: ignore[attr-defined]  # ours has expired
    runs = Runs(repo, servers)
    code, out = runs()
    assert code == 1
    [video] = yt.posts  # type: ignore[attr-defined]
    assert out == [
        line(
            "deferred",
            "instagram",
            "instagram: batas unggahan harian tercapai (50 dari 50 unggahan dalam 24 jam terakhir) — Tidak ada "
            "yang perlu diperbaiki: humas publish mengunggahnya pada run setelah batas direset.",
        ),
        line(
            "deferred",
            "tiktok",
            "tiktok: batas laju (rate limit) TikTok tercapai (rate_limit_exceeded: Too many requests) — Tidak ada "
            "yang perlu diperbaiki: humas publish mencoba lagi nanti.",
        ),
        line(
            "failed",
            "facebook",
            "facebook: access token kedaluwarsa atau tidak sah: Error validating access token: Session has expired "
            "on Tuesday, 24-Nov-26 10:00:00 PST. (code 190, subcode 463) — Buat token baru dan setel sebagai "
            "secret HUMAS_FACEBOOK_TOKEN (docs/channels/facebook.md).",
        ),
        line("published", "youtube", video["id"]),
    ]
    assert not ig.posts and not tt.posts and not fb.posts  # type: ignore[attr-defined]
    found = receipts(repo)
    assert {name: r["state"] for name, r in found.items()} == {
        "instagram": "claimed",
        "tiktok": "claimed",
        "facebook": "failed",
        "youtube": "done",
    }
    assert found["tiktok"]["error"] == {  # what the person was told, as told
        "message": "tiktok: batas laju (rate limit) TikTok tercapai (rate_limit_exceeded: Too many requests)",
        "action": "Tidak ada yang perlu diperbaiki: humas publish mencoba lagi nanti.",
        "platform_message": "Too many requests",
        "retryable": True,
    }
    assert found["facebook"]["error"] == {
        "message": "facebook: access token kedaluwarsa atau tidak sah: Error validating access token: Session has "
        "expired on Tuesday, 24-Nov-26 10:00:00 PST. (code 190, subcode 463)",
        "action": "Buat token baru dan setel sebagai secret HUMAS_FACEBOOK_TOKEN (docs/channels/facebook.md).",
        "platform_message": "Error validating access token: Session has expired on Tuesday, 24-Nov-26 10:00:00 PST.",
    }
    code, out = runs("--dry-run")  # the claims stay: the next run asks the platforms first
    assert (code, out) == (
        0,
        [
            line("would-resume", "instagram", "instagram"),
            line("would-resume", "tiktok", "tiktok"),
            line("would-publish", "facebook", "facebook"),
            line("already", "youtube", video["id"]),
        ],
    )

    ig.quota_usage = 0  # type: ignore[attr-defined]  # the window moved on
    fb.token = TOKENS["facebook"]  # type: ignore[attr-defined]  # a new token (the secret's value, in this test)
    code, out = runs()
    assert code == 0, runs.outputs
    [media] = ig.posts  # type: ignore[attr-defined]
    [upload] = tt.posts  # type: ignore[attr-defined]
    [page_post] = fb.posts  # type: ignore[attr-defined]
    assert out == [
        line("resumed", "instagram", media.id),
        line("resumed", "tiktok", upload.post_id),
        line("published", "facebook", page_post.id),
        line("already", "youtube", video["id"]),
    ]
    assert len(yt.posts) == 1 and len(tt.uploads) == 1  # type: ignore[attr-defined]
    assert [s.status for s in tt.requests("POST", "/video/init/")] == [429, 200]
    assert {name: r["state"] for name, r in receipts(repo).items()} == dict.fromkeys(ORDER, "done")
    assert_no_secret(repo, runs, "EAAB-the-token-the-page-now-expects")


def test_a_publish_killed_mid_upload_posts_once_and_keeps_upload_urls_out_of_the_archive(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    ig, tt, fb, yt = (servers[name] for name in ORDER)
    runs = Runs(repo, servers)
    # killed while TikTok receives the video's only chunk: every byte arrives, the answer never leaves
    runs.killed_at(tt, lambda r: r.method == "PUT")
    assert len(ig.posts) == 1  # type: ignore[attr-defined]
    [upload] = tt.uploads.values()  # type: ignore[attr-defined]
    assert upload.received == VIDEO_SIZE  # TikTok posts it: the next run must not upload again
    # killed again while YouTube receives the first of two chunks
    runs.killed_at(yt, lambda r: r.method == "PUT" and r.header("content-range").startswith("bytes 0-"))
    [session] = yt.sessions.values()  # type: ignore[attr-defined]
    assert session.received == 8 * MIB and not yt.posts  # type: ignore[attr-defined]

    code, out = runs()
    assert code == 0, runs.outputs
    [media] = ig.posts  # type: ignore[attr-defined]
    [posted] = tt.posts  # type: ignore[attr-defined]
    [page_post] = fb.posts  # type: ignore[attr-defined]
    [video] = yt.posts  # type: ignore[attr-defined]
    assert out == [
        line("already", "instagram", media.id),
        line("already", "tiktok", posted.post_id),  # reconciled by the second (killed) run
        line("already", "facebook", page_post.id),
        line("resumed", "youtube", video["id"]),
    ]
    digest = sha256((repo.root / FOLDER / "wisuda.mp4").read_bytes())
    assert posted is upload and posted.digest.hexdigest() == digest
    assert len(tt.requests("POST", "/video/init/")) == 1 and len(tt.requests("PUT")) == 1
    assert len(yt.sessions) == 1 and video["sha256"] == digest  # type: ignore[attr-defined]
    sent = [s for s in yt.requests("PUT") if not s.headers["content-range"].startswith("bytes */")]
    assert sum(s.size for s in sent) == VIDEO_SIZE  # resumed where YouTube stood: no byte sent twice

    code, out = runs()
    assert code == 0 and [o.split()[0] for o in out] == ["sudah-diunggah"] * 4

    # the upload URLs carry the right to upload: sealed in the journal, never in clear
    notes = {name: r["notes"] for name, r in receipts(repo).items()}
    assert notes["tiktok"]["upload_url"].startswith("sealed:v1:")
    assert notes["youtube"]["session"].startswith("sealed:v1:")
    assert notes["tiktok"]["publish_id"] == upload.publish_id
    archive = archive_objects(repo)
    for capability in (tt.url, yt.url, "upload_token", "upload_id", upload.token):
        assert capability not in archive
    assert_no_secret(repo, runs)


def test_two_publish_processes_at_once_post_once(repo: Repo, servers: dict[str, FakeServer]) -> None:
    """Two real ``humas publish`` processes at the same time: the claim is a compare-and-swap with a lease, so
    the second skips what the first holds (``busy``) and nothing is posted twice."""
    ig = servers["instagram"]
    runs = Runs(repo, servers)
    held, release = threading.Event(), threading.Event()

    def hold(request: Request) -> None:  # the first process to reach Instagram stops there, its claim held
        if not held.is_set():
            held.set()
            release.wait(60)

    ig.hook = hold
    done: list[Run] = []
    threads = [runs.background(done), runs.background(done)]
    try:
        assert wait_until(held.is_set, 60)
        assert wait_until(lambda: len(done) > 0, 90)  # one of them ends while the other is held
    finally:
        release.set()
    for thread in threads:
        thread.join(120)
    outputs = [(run.out, run.err) for run in done]
    ig.hook = None
    assert [run.code for run in done] == [0, 0], outputs
    for name in ORDER:
        assert len(servers[name].posts) == 1, (name, outputs)  # type: ignore[attr-defined]
    lines = [line for out, _ in outputs for line in out.splitlines() if "→ instagram" in line]
    assert sorted(line.split()[0] for line in lines) == ["diterbitkan", "sibuk"], lines
    [busy] = [line for line in lines if line.startswith("sibuk")]
    assert busy.startswith("sibuk             2025/wisuda → instagram: proses lain (local-")
    assert {name: r["state"] for name, r in receipts(repo).items()} == dict.fromkeys(ORDER, "done")


def delete_on_arsip(repo: Repo, paths: list[str]) -> None:
    """Remove files from the arsip branch with git plumbing, as anyone who may push there could."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        env = {**base_env(), "GIT_INDEX_FILE": str(Path(scratch) / "index")}

        def git(*args: str) -> str:
            return subprocess.run(
                ["git", *args], cwd=repo.root, env=env, capture_output=True, text=True, check=True
            ).stdout.strip()

        git("read-tree", "arsip")
        git("update-index", "--force-remove", *paths)
        commit = git("commit-tree", git("write-tree"), "-p", "arsip", "-m", "remove receipts")
        git("update-ref", "refs/heads/arsip", commit)


def test_a_deleted_receipt_is_no_proof_of_no_post(repo: Repo, servers: dict[str, FakeServer]) -> None:
    runs = Runs(repo, servers)
    code, _ = runs()
    assert code == 0, runs.outputs
    posted = {name: receipts(repo)[name]["post_id"] for name in ORDER}
    paths = [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if "/receipts/" in p]
    delete_on_arsip(repo, paths)
    assert not receipts(repo)

    code, out = runs()
    assert code == 0, runs.outputs
    for name in ORDER:
        assert len(servers[name].posts) == 1, name  # type: ignore[attr-defined]
    assert out == [line("already", name, f"{posted[name]} (ditemukan di {name})") for name in ORDER]
    assert {name: (r["state"], r["post_id"]) for name, r in receipts(repo).items()} == {
        name: ("done", posted[name]) for name in ORDER
    }


def test_media_in_a_subfolder_with_spaces_and_accents_have_public_urls(
    repo: Repo, servers: dict[str, FakeServer], site: tuple[str, Path]
) -> None:
    """Instagram fetches each photo from the website: the URL must name the file as the site publishes it
    (its subfolder kept, the name percent-encoded)."""
    name = "foto/Wisuda é 1.jpg"
    folder = "content/publikasi/2025/galeri"
    repo.branch("publikasi/galeri")
    channels = f'  website: {{}}\n  instagram:\n    caption: "Galeri wisuda"\n    media: ["{name}"]\n'
    repo.write(f"{folder}/index.md", publikasi(title="Galeri Wisuda", channels=channels))
    repo.write(f"{folder}/{name}", jpeg(1080, 1350))
    assert repo.humas("check").code == 0
    repo.commit("Desain konten: galeri")
    repo.sign_all("publikasi/galeri")
    assert repo.humas("merge", "publikasi/galeri").code == 0
    repo.switch("main")
    built = repo.humas("build", "--out", str(site[1]))
    assert built.code == 0, built.err
    ig = servers["instagram"]
    code, out = Runs(repo, {"instagram": ig})()
    assert code == 0, out
    url = f"{site[0]}2025/galeri/foto/Wisuda%20%C3%A9%201.jpg"
    assert ig.fetched[url] == (repo.root / folder / name).read_bytes()  # type: ignore[attr-defined]
    assert "diterbitkan       2025/galeri → instagram: " in "\n".join(out)


def test_a_receipt_that_proves_nothing_stops_no_post_and_shows_no_url(
    repo: Repo, servers: dict[str, FakeServer]
) -> None:
    """Anyone who may push to arsip writes ``done`` receipts with an attacker's URL: one unsigned, one signed
    with a key that sop.yml does not list. Both are reported and ignored: each post is made exactly once, the
    Lembar Pengesahan never shows the attacker's URL, and the receipts the run writes (signed) stop the next."""
    from pipeline.archive.journal import ReceiptEntry, ReceiptSeal
    from pipeline.signing import sign_with_private_key
    from tests.helpers import key_file, rewrite_arsip

    record = next(
        p.rsplit("/", 1)[0]
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith("record.json") and "publikasi-wisuda" in p
    )
    attacker = "https://www.instagram.com/p/penipu/"
    forged = ReceiptEntry(
        publication="2025/wisuda",
        channel="instagram",
        state="done",
        post_id="1",
        url=attacker,
        at="2025-02-11T00:00:00",
    )
    rewrite_arsip(repo, f"{record}/receipts/2025/wisuda/instagram.json", forged.model_dump_json())
    repository = repo.git("rev-list", "--max-parents=0", "main").split()[0]
    signed = forged.model_copy(update={"channel": "facebook", "url": attacker.replace("instagram", "facebook")})
    payload = ReceiptSeal(repository=repository, keys=[]).payload(record, signed)
    signed.signature = sign_with_private_key(key_file("stranger").read_text(), payload, "humas-receipt")[1]
    rewrite_arsip(repo, f"{record}/receipts/2025/wisuda/facebook.json", signed.model_dump_json())

    runs = Runs(repo, servers)
    done = runs.run()
    out, err = done.out, done.err
    assert done.code == 0, out + err
    assert [text for text in err.splitlines() if not text.startswith(("tiktok:", "youtube:"))] == [
        f"peringatan: arsip:{record}/receipts/2025/wisuda/{channel}.json: bukti unggah selesai yang tidak "
        f"membuktikan apa pun ({why}) diabaikan; platform ditanya dahulu sebelum apa pun diunggah"
        for channel, why in (
            ("facebook", f"ditandatangani dengan {fingerprint(public_key('stranger'))}, yang bukan kunci terdaftar"),
            ("instagram", "tidak ditandatangani"),
        )
    ]
    posted = receipts(repo)
    assert out.splitlines() == [line("published", name, posted[name]["post_id"]) for name in ORDER]
    for name in ORDER:
        assert len(servers[name].posts) == 1, name  # type: ignore[attr-defined]
        assert posted[name]["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    sheet = repo.git("show", f"arsip:{record}/lembar-pengesahan.md")
    assert posted["instagram"]["url"] in sheet and "penipu" not in sheet

    code, again = runs()  # the receipts this run signed are proof: nothing is posted twice
    assert code == 0, runs.outputs
    assert again == [line("already", name, posted[name]["post_id"]) for name in ORDER]
    for name in ORDER:
        assert len(servers[name].posts) == 1, name  # type: ignore[attr-defined]


def test_publish_posts_nothing_when_it_cannot_sign_the_receipts(repo: Repo, servers: dict[str, FakeServer]) -> None:
    from tests.helpers import signing_env

    runs = Runs(repo, servers)
    runs.env |= signing_env("stranger")  # a key that no one holding a role lists in sop.yml
    code, out = runs()
    assert code == 2 and out == []
    assert runs.outputs[-1] == (
        "humas: bukti unggah ditandatangani oleh orang yang menjalankan humas publish: kunci tanda tangan "
        f"{fingerprint(public_key('stranger'))} (git config user.signingkey) tidak ada di signing_keys siapa pun "
        "yang memegang peran di sop.yml pada main\n"
    )
    for name in ORDER:
        assert not servers[name].posts, name  # type: ignore[attr-defined]
