"""``humas editor``: the admin UI and the local backend API on 127.0.0.1, against the repository on disk.

One small HTTP server (standard library) serves ``/admin/`` (the same files as the site's admin/,
configured for the local backend) and answers ``POST /api/v1`` with :class:`LocalBackend`. It listens
on the loopback interface only, answers only requests addressed to it by that name (a DNS-rebinding
page cannot reach it) and takes API calls only as JSON from its own origin (another site's page
cannot post to it: a cross-origin JSON post needs a CORS preflight that is never granted).
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import click

from ..git import MAIN, GitRepo
from ..messages import _
from ..preview.render import render_previews
from ..problems import ConfigError, HumasError
from ..sop.config import Sop
from .admin import admin_files
from .local_backend import PREVIEW_PATH, LocalBackend

API_PATH = "/api/v1"
MAX_REQUEST_BYTES = 512 * 1024 * 1024
"""Photos and videos arrive base64-encoded inside the JSON of a save."""

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
}


class PreviewCache:
    """The previews of each branch (``humas preview``), rendered when asked and again when its head moves."""

    def __init__(self, repo: GitRepo, sop: Sop) -> None:
        self.repo = repo
        self.sop = sop
        self.root = Path(tempfile.mkdtemp(prefix="humas-editor-previews-"))
        self.rendered: dict[str, str] = {}

    def file(self, branch: str, name: str) -> Path | None:
        """The file ``name`` of the previews of ``branch``; None if there is no such branch or file."""
        head = self.repo.rev(f"refs/heads/{branch}") if branch != MAIN else None
        if head is None:
            return None
        folder = self.root / head
        if self.rendered.get(branch) != head:
            render_previews(self.repo, head, folder, self.sop)
            self.rendered[branch] = head
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()) or not target.is_file():
            return None
        return target

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def local_backend_block() -> dict[str, Any]:
    return {"name": "proxy", "proxy_url": API_PATH, "branch": "main"}


class EditorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, repo: GitRepo, sop: Sop, port: int = 0, host: str = "127.0.0.1") -> None:
        self.backend = LocalBackend(repo, language=sop.language)
        self.files = admin_files(sop, local_backend_block())
        self.lock = threading.Lock()
        super().__init__((host, port), _Handler)
        self.previews = PreviewCache(repo, sop)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page that went away before its answer was written (a reload, a closed tab) is nothing to report:
        the browser asks again. Anything else is reported as the standard library does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "previews"):  # also called by the constructor when the port is taken
            self.previews.close()

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def allowed_hosts(self) -> set[str]:
        port = self.server_address[1]
        return {f"127.0.0.1:{port}", f"localhost:{port}"}


class _Handler(BaseHTTPRequestHandler):
    server: EditorServer
    server_version = "humas-editor"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        return

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8")

    def _host_ok(self) -> bool:
        if self.headers.get("Host", "") not in self.server.allowed_hosts():
            self._json(HTTPStatus.MISDIRECTED_REQUEST, {"error": "unknown host"})
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._host_ok():
            return
        path = self.path.split("?", 1)[0]
        if path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            return
        if path in ("/", "/admin"):
            self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": "/admin/"})
            return
        if path.startswith(PREVIEW_PATH):
            self._preview(path.removeprefix(PREVIEW_PATH))
            return
        name = path.removeprefix("/admin/") if path.startswith("/admin/") else None
        if name == "":
            name = "index.html"
        content = self.server.files.get(name) if name is not None else None
        if name is None or content is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        suffix = "." + name.rsplit(".", 1)[-1]
        self._send(HTTPStatus.OK, content, CONTENT_TYPES.get(suffix, "application/octet-stream"))

    do_HEAD = do_GET

    def _preview(self, rest: str) -> None:
        quoted, _, name = rest.partition("/")
        try:
            with self.server.lock:
                file = self.server.previews.file(unquote(quoted), unquote(name or "index.html"))
        except (HumasError, click.ClickException) as error:
            self._json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": error.message})
            return
        if file is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, file.read_bytes(), kind + ("; charset=utf-8" if kind.startswith("text/") else ""))

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._host_ok():
            return
        if self.path != API_PATH:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        origin = self.headers.get("Origin")
        own = {f"http://{host}" for host in self.server.allowed_hosts()}
        if (origin is not None and origin not in own) or not self.headers.get("Content-Type", "").startswith(
            "application/json"
        ):
            self._json(HTTPStatus.FORBIDDEN, {"error": "only JSON from the editor's own page"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"at most {MAX_REQUEST_BYTES} bytes"})
            return
        try:
            request = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            self._json(HTTPStatus.BAD_REQUEST, {"error": "not JSON"})
            return
        with self.server.lock:
            reply = self.server.backend.handle(request)
        self._json(reply.status, reply.body)


def serve(repo: GitRepo, sop: Sop, port: int, on_ready: Callable[[EditorServer], None]) -> None:
    """Serve until interrupted; ``on_ready`` is called once the socket listens."""
    try:
        server = EditorServer(repo, sop, port=port)
    except OSError as error:
        raise ConfigError(
            _(
                "--port {port}: cannot listen on 127.0.0.1:{port} ({why}; "
                "allowed: a free port, for example --port 8091)",
                port=port,
                why=error.strerror,
            )
        ) from None
    try:
        on_ready(server)
        server.serve_forever()
    finally:
        server.server_close()
