"""The local backend protocol, in process, against a real repository: what Decap asks and what it gets."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.editor.local_backend import LocalBackend
from pipeline.editor.server import EditorServer
from pipeline.forge.local import LocalForge
from pipeline.git import GitRepo
from pipeline.trusted import TrustedMain
from tests.helpers import Repo, identity_env, jpeg, publikasi

INDEX = "content/publikasi/2025/wisuda/index.md"
BRANCH = "cms/publikasi/2025/wisuda/index"


@pytest.fixture
def backend(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> LocalBackend:
    for name, value in identity_env("humas1").items():
        monkeypatch.setenv(name, value)
    return LocalBackend(GitRepo(repo.root))


def persist(backend: LocalBackend, raw: str, assets: dict[str, bytes], **options: object) -> tuple[int, object]:
    reply = backend.handle(
        {
            "action": "persistEntry",
            "params": {
                "branch": "main",
                "cmsLabelPrefix": "humas/",
                "author": {"name": "Staf Humas 1", "email": "humas1@poltekkesjkt2.ac.id"},
                "dataFiles": [{"slug": "2025/wisuda/index", "path": INDEX, "raw": raw}],
                "assets": [
                    {"path": p, "content": base64.b64encode(c).decode(), "encoding": "base64"}
                    for p, c in assets.items()
                ],
                "options": {
                    "collectionName": "publikasi",
                    "commitMessage": "Create Publikasi",
                    "useWorkflow": True,
                    "status": "draft",
                    **options,
                },
            },
        }
    )
    return reply.status, reply.body


def test_a_save_is_a_commit_on_the_entrys_branch_and_the_checkout_is_untouched(
    repo: Repo, backend: LocalBackend
) -> None:
    photo = jpeg()
    assert persist(backend, publikasi(), {"content/publikasi/2025/wisuda/foto.jpg": photo}) == (
        200,
        {"message": "entry persisted", "sop": "Berikutnya: Verifikasi — Kasubbag Akademik", "problems": []},
    )

    assert repo.git("branch", "--list", "cms/*").split() == [BRANCH]
    assert repo.git("status", "--porcelain") == "" and not (repo.root / INDEX).exists()
    assert repo.git("show", f"{BRANCH}:{INDEX}") == publikasi()
    assert repo.git("log", "--format=%an <%ae>|%s", f"main..{BRANCH}") == (
        "Staf Humas 1 <humas1@poltekkesjkt2.ac.id>|Create Publikasi\n"
    )
    assert backend.handle({"action": "unpublishedEntries", "params": {"branch": "main"}}).body == [
        "publikasi/2025/wisuda/index"
    ]
    entry = backend.handle(
        {
            "action": "unpublishedEntry",
            "params": {"branch": "main", "id": "publikasi/2025/wisuda/index", "cmsLabelPrefix": "humas/"},
        }
    ).body
    assert (entry["collection"], entry["slug"], entry["status"]) == ("publikasi", "2025/wisuda/index", "draft")
    assert [(d["path"], d["newFile"], d["binary"]) for d in entry["diffs"]] == [
        ("content/publikasi/2025/wisuda/foto.jpg", True, True),
        (INDEX, True, False),
    ]
    media = backend.handle(
        {
            "action": "unpublishedEntryMediaFile",
            "params": {
                "branch": "main",
                "collection": "publikasi",
                "slug": "2025/wisuda/index",
                "id": "x",
                "path": "content/publikasi/2025/wisuda/foto.jpg",
            },
        }
    ).body
    assert base64.b64decode(media["content"]) == photo

    # a second save without the photo removes it; the draft stays on the same branch
    assert persist(backend, publikasi(title="Wisuda 2025"), {})[0] == 200
    assert repo.git("ls-tree", "--name-only", "-r", BRANCH, "content/publikasi/2025").split() == [INDEX]
    assert len(repo.git("log", "--format=%H", f"main..{BRANCH}").split()) == 2

    repo.switch(BRANCH)
    assert LocalForge(GitRepo(repo.root)).change(BRANCH).head == repo.git("rev-parse", BRANCH).strip()


@pytest.mark.parametrize(
    ("action", "params", "status", "error"),
    [
        (
            "publishUnpublishedEntry",
            {"collection": "publikasi", "slug": "2025/wisuda/index"},
            422,
            "Penggabungan dari editor tidak diizinkan: perubahan masuk ke main melalui humas merge setelah semua tahap "
            "SOP ditandatangani.",
        ),
        (
            "persistMedia",
            {
                "asset": {"path": "content/media/a.jpg", "content": "", "encoding": "base64"},
                "options": {"commitMessage": "x"},
            },
            422,
            "Menyimpan langsung ke main tidak diizinkan: setiap draf disimpan di cabangnya sendiri.",
        ),
        (
            "deleteFiles",
            {"paths": ["sop.yml"], "options": {"commitMessage": "x"}},
            422,
            "Menyimpan langsung ke main tidak diizinkan: setiap draf disimpan di cabangnya sendiri.",
        ),
        (
            "getEntry",
            {"path": "sop.yml"},
            422,
            "'sop.yml': bukan path di bawah content/ (yang boleh: content/<folder>/<berkas>)",
        ),
        (
            "getEntry",
            {"path": "content/../sop.yml"},
            422,
            "'content/../sop.yml': bukan path di bawah content/ (yang boleh: content/<folder>/<berkas>)",
        ),
        (
            "getMediaFile",
            {"path": "content/publikasi/none.jpg"},
            404,
            "content/publikasi/none.jpg: tidak ditemukan di main",
        ),
        (
            "entriesByFolder",
            {"folder": "/etc", "extension": "md", "depth": 1},
            422,
            "'/etc': bukan path di bawah content/ (yang boleh: content/<folder>/<berkas>)",
        ),
        ("getEntry", {"branch": "cms/x", "path": INDEX}, 422, "Default branch 'cms/x' is not main"),
        ("runShell", {}, 422, "Unknown action runShell"),
    ],
)
def test_what_the_local_backend_refuses(
    backend: LocalBackend, action: str, params: dict[str, object], status: int, error: str
) -> None:
    reply = backend.handle({"action": action, "params": {"branch": "main", **params}})
    assert (reply.status, reply.body) == (status, {"error": error})


def test_a_save_outside_content_or_straight_to_main_is_refused(repo: Repo, backend: LocalBackend) -> None:
    assert persist(backend, "x", {".github/workflows/evil.yml": b"on: push"}) == (
        422,
        {"error": "'.github/workflows/evil.yml': bukan path di bawah content/ (yang boleh: content/<folder>/<berkas>)"},
    )
    assert persist(backend, "x", {}, useWorkflow=False) == (
        422,
        {"error": "Menyimpan langsung ke main tidak diizinkan: setiap draf disimpan di cabangnya sendiri."},
    )
    assert repo.git("branch", "--list").split() == ["*", "main"]


@pytest.fixture
def server(repo: Repo) -> Iterator[EditorServer]:
    git = GitRepo(repo.root)
    running = EditorServer(git, TrustedMain(git).sop())
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()


def call(
    server: EditorServer, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_server_answers_only_its_own_page(server: EditorServer) -> None:
    info = json.dumps({"action": "info"}).encode()
    own = {"Content-Type": "application/json", "Origin": server.origin}
    assert call(server, "POST", "/api/v1", info, own) == (
        200,
        b'{"repo": "humas-repo", "publish_modes": ["editorial_workflow"], "type": "local_git"}',
    )
    assert call(server, "POST", "/api/v1", info, {**own, "Origin": "https://evil.example"}) == (
        403,
        b'{"error": "only JSON from the editor\'s own page"}',
    )
    assert call(server, "POST", "/api/v1", info, {"Content-Type": "text/plain"}) == (
        403,
        b'{"error": "only JSON from the editor\'s own page"}',
    )
    assert call(server, "GET", "/admin/", headers={"Host": "rebound.example:80"}) == (421, b'{"error": "unknown host"}')
    status, page = call(server, "GET", "/admin/")
    assert status == 200 and b'<script src="decap-cms/decap-cms.js?v=3.16.3"></script>' in page
    status, config = call(server, "GET", "/admin/config.yml")
    assert status == 200 and b"  name: proxy\n  proxy_url: /api/v1\n  branch: main\n" in config
    assert call(server, "GET", "/admin/../sop.yml")[0] == 404


def test_a_page_that_goes_away_before_its_answer_leaves_no_traceback(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reload aborts what the page was loading: the editor's terminal stays quiet (it printed a traceback
    for each aborted request, up to a dozen per reload of the board)."""
    git = GitRepo(repo.root)
    running = EditorServer(git, TrustedMain(git).sop())
    running.daemon_threads = False  # server_close then waits for every request's thread, the abandoned one too
    thread = threading.Thread(target=running.serve_forever)
    thread.start()
    try:
        port = running.server_address[1]
        gone = socket.socket()
        gone.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # it cannot take Decap's 5 MB in
        gone.connect(("127.0.0.1", port))
        gone.sendall(f"GET /admin/decap-cms/decap-cms.js HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        gone.close()  # reset, as a reload resets the requests in flight
        assert call(running, "GET", "/admin/config.yml")[0] == 200  # accepted after the abandoned one
    finally:
        running.shutdown()
        running.server_close()
        thread.join()
    assert capsys.readouterr().err == ""


def test_humas_editor_outside_a_repository_says_so(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    done = CliRunner().invoke(main, ["editor", "--repo", str(tmp_path)])
    assert (done.exit_code, done.output) == (
        2,
        f"humas: {tmp_path} bukan repositori git (jalankan humas init DIR dahulu, atau berikan --repo)\n",
    )


def test_the_editor_links_and_serves_the_previews_of_a_draft(
    repo: Repo, server: EditorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in identity_env("humas1").items():
        monkeypatch.setenv(name, value)
    extra = "channels:\n  website: {}\n  instagram:\n    caption: Halo\n    media: [foto.jpg]\n"
    raw = publikasi(channels="").replace("channels:\n", extra)
    assert persist(server.backend, raw, {"content/publikasi/2025/wisuda/foto.jpg": jpeg()})[0] == 200
    link = server.backend.handle(
        {
            "action": "getDeployPreview",
            "params": {"branch": "main", "collection": "publikasi", "slug": "2025/wisuda/index"},
        }
    )
    url = "/preview/cms%2Fpublikasi%2F2025%2Fwisuda%2Findex/index.html"
    assert (link.status, link.body) == (200, {"url": url, "status": "SUCCESS"})

    status, index = call(server, "GET", url)
    assert status == 200 and b'<a href="2025/wisuda/posts.html">Pratinjau kanal media sosial</a>' in index
    status, posts = call(server, "GET", url.replace("index.html", "2025/wisuda/posts.html"))
    assert status == 200 and b'<div class="text" data-part="ig-caption">Halo</div>' in posts
    status, page = call(server, "GET", url.replace("index.html", "2025/wisuda/site/2025/wisuda/index.html"))
    assert status == 200 and b"Wisuda Angkatan 2025" in page
    assert call(server, "GET", url.replace("index.html", "..%2F..%2F..%2Fsop.yml"))[0] == 404
    assert call(server, "GET", "/preview/main/index.html")[0] == 404
    assert call(server, "GET", "/preview/tidak-ada/index.html")[0] == 404
    none = server.backend.handle(
        {
            "action": "getDeployPreview",
            "params": {"branch": "main", "collection": "publikasi", "slug": "2025/lain/index"},
        }
    )
    assert (none.status, none.body) == (200, None)


def test_humas_editor_on_a_busy_port_says_which_and_what_to_do(repo: Repo) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = repo.humas("editor", "--port", str(port))
        english = repo.humas("editor", "--port", str(port), env={"HUMAS_LANGUAGE": "en"})
    assert (done.code, done.out, done.err) == (
        2,
        "",
        f"humas: --port {port}: tidak dapat mendengarkan di 127.0.0.1:{port} (Address already in use; yang boleh: "
        "port yang belum dipakai, misalnya --port 8091)\n",
    )
    assert (english.code, english.out, english.err) == (
        2,
        "",
        f"humas: --port {port}: cannot listen on 127.0.0.1:{port} (Address already in use; allowed: a free "
        "port, for example --port 8091)\n",
    )
