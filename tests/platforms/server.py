"""A small stateful HTTP server on 127.0.0.1 for one platform, with fault injection.

Each platform fake subclasses ``FakeServer`` and implements ``route(request) -> Reply``. The server
runs in a daemon thread, answers HTTP/1.1 with keep-alive, records every request (method, path,
query, headers, body size) and stops by itself after ``lifetime`` seconds if a test forgets to.

Faults are queued per (method, path pattern) and used once each, in order:

- ``status``: answer with that status, headers and body, without touching the state;
- ``status_after``: do the request (commit the post), then answer with that status, headers and body
  instead (a platform that failed after it acted: a 5xx says nothing of what was done);
- ``drop_after``: do the request (commit the post), then close the connection without an answer;
- ``drop_before``: close the connection without doing anything;
- ``hold_after``: do the request (commit the post), set ``committed``, then hold the answer until the client
  has closed the connection (it gave up waiting: a timeout; it never reads the answer). No fixed delay: the
  client's own timeout decides, and the answer is never sent before it has given up, however loaded the
  machine.
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    complete: bool = True
    """False when the client went away before sending the whole body."""
    peer: tuple[str, int] = ("", 0)
    """The client's end of the connection (address, port)."""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> dict[str, str]:
        """Form fields, from the body and the query string (Meta reads both)."""
        fields = dict(self.query)
        kind = self.header("content-type")
        if kind.startswith("application/x-www-form-urlencoded"):
            fields.update(parse_qsl(self.body.decode(), keep_blank_values=True))
        elif kind.startswith("multipart/form-data"):
            fields.update(_multipart(self.body, kind))
        return fields


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body).encode()


@dataclass
class Fault:
    method: str
    pattern: str
    kind: str
    reply: Reply | None = None
    committed: threading.Event | None = None


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    size: int
    status: int | None
    body: bytes = b""


class FakeServer:
    lifetime = 120.0
    keep_body = 64 * 1024
    """Bodies up to this size are kept in the log (for assertions); larger ones only counted."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.hook: Callable[[Request], None] | None = None
        """Called with each request before it is handled (tests slow uploads or wait on them)."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each answer's body waits for the client's delayed ACK (40 ms)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake._handle(self)

            do_POST = do_PUT = do_DELETE = do_GET

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # poll_interval: the longest stop() waits for the serving loop to see it (idle wake-ups cost next to nothing)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.timer = threading.Timer(self.lifetime, self.stop)
        self.timer.daemon = True

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self.thread.start()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults ----------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        pattern: str,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        *,
        after: bool = False,
    ) -> None:
        kind = "status_after" if after else "status"
        for _ in range(times):
            self.faults.append(Fault(method, pattern, kind, Reply(status, body, headers or {})))

    def drop(self, method: str, pattern: str, *, after: bool = True) -> None:
        self.faults.append(Fault(method, pattern, "drop_after" if after else "drop_before"))

    def hold(self, method: str, pattern: str, committed: threading.Event | None = None) -> None:
        self.faults.append(Fault(method, pattern, "hold_after", committed=committed))

    def _fault(self, request: Request) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method == request.method and re.search(fault.pattern, request.path):
                    self.faults.remove(fault)
                    return fault
        return None

    def requests(self, method: str | None = None, pattern: str = "") -> list[Seen]:
        with self.lock:
            return [s for s in self.seen if (method is None or s.method == method) and re.search(pattern, s.path)]

    # -- the platform ----------------------------------------------------------------------------

    def route(self, request: Request) -> Reply:
        raise NotImplementedError

    # -- plumbing --------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        body, complete = _read_body(handler, headers)
        request = Request(
            handler.command,
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers,
            body,
            complete,
            handler.client_address[:2],
        )
        seen = Seen(
            request.method,
            request.path,
            request.query,
            headers,
            len(body),
            None,
            body if len(body) <= self.keep_body else b"",
        )
        with self.lock:
            self.seen.append(seen)
        if self.hook is not None:
            self.hook(request)
        fault = self._fault(request)
        if fault is not None and fault.kind == "drop_before":
            handler.close_connection = True
            return
        if fault is not None and fault.kind == "status":
            assert fault.reply is not None
            seen.status = fault.reply.status
            _write(handler, fault.reply)
            return
        with self.lock:
            reply = self.route(request)
        if fault is not None and fault.committed is not None:
            fault.committed.set()
        if fault is not None and fault.kind == "status_after":
            assert fault.reply is not None
            reply = fault.reply
        seen.status = reply.status
        if fault is not None and fault.kind == "drop_after" or not complete:
            handler.close_connection = True
            return
        if fault is not None and fault.kind == "hold_after":
            _until_closed(handler, self.lifetime)
        _write(handler, reply)


def _until_closed(handler: BaseHTTPRequestHandler, limit: float) -> None:
    """Wait until the client has closed the connection (or ``limit`` seconds): what it sends meanwhile is
    left unread; only the end of the stream counts."""
    connection = handler.connection
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        readable, _, _ = select.select([connection], [], [], 0.05)
        if not readable:
            continue
        try:
            if connection.recv(1, socket.MSG_PEEK) == b"":
                return
        except OSError:
            return
        time.sleep(0.01)  # a byte waits unread: only the end of the stream ends the hold


def _read_body(handler: BaseHTTPRequestHandler, headers: dict[str, str]) -> tuple[bytes, bool]:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        out = bytearray()
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                handler.rfile.readline()
                return bytes(out), True
            out += handler.rfile.read(size)
            handler.rfile.readline()
    length = int(headers.get("content-length") or 0)
    out = bytearray()
    while len(out) < length:
        try:
            piece = handler.rfile.read(min(65536, length - len(out)))
        except OSError:
            piece = b""
        if not piece:
            return bytes(out), False
        out += piece
    return bytes(out), True


def _write(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    data = reply.encode()
    try:
        handler.send_response(reply.status)
        if reply.body is not None and not isinstance(reply.body, bytes):
            handler.send_header("Content-Type", "application/json; charset=UTF-8")
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
        handler.wfile.flush()
    except OSError:
        handler.close_connection = True


def _multipart(body: bytes, content_type: str) -> dict[str, str]:
    boundary = re.search(r"boundary=([^;]+)", content_type)
    fields: dict[str, str] = {}
    if not boundary:
        return fields
    for part in body.split(b"--" + boundary.group(1).strip('"').encode()):
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name is None:
            continue
        value = value[:-2] if value.endswith(b"\r\n") else value
        if b"filename=" in head:
            fields[name.group(1).decode()] = f"<file of {len(value)} bytes>"
        else:
            fields[name.group(1).decode()] = value.decode("utf-8", "replace")
    return fields


def kill_sender(request: Request) -> int:
    """SIGKILL the process that sent ``request`` (the one holding the client's end of its connection), wait until
    it is gone, and return its pid: a run cut off while the platform handles its call, however it was started
    (a fresh interpreter, or a process forked from the test zygote)."""
    import os
    import signal

    import psutil

    [pid] = {c.pid for c in psutil.net_connections("tcp4") if c.laddr and tuple(c.laddr) == request.peer and c.pid}
    process = psutil.Process(pid)
    os.kill(pid, signal.SIGKILL)

    def dead() -> bool:  # not waited for here: its parent collects its status
        try:
            return process.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    assert wait_until(dead), f"process {pid} outlived SIGKILL"
    return pid


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False
