"""``humas serve``: the built website on this computer, at http://127.0.0.1:8000/.

A site built with directory addresses (``berita/``) navigates only when served over HTTP: a browser that
opens ``site/index.html`` from the disk shows a folder listing for ``berita/``. This serves the build
output as a web server would, with ``404.html`` for an address that does not exist (as GitHub Pages
does), and ``410 Gone`` with its notice for the address of a withdrawn publication, as Apache does with the
site's ``.htaccess`` (gone.py). It is for looking at a build, not for the public: it listens on 127.0.0.1
unless told otherwise.
"""

from __future__ import annotations

import functools
import http.server
import pathlib
import re
import sys
from collections.abc import Sequence
from urllib.parse import unquote, urlsplit

from .gone import HTACCESS, gone_patterns


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files of the site; a missing one gets the site's 404.html with status 404; a withdrawn
    publication's address its notice with status 410."""

    def __init__(self, *args: object, gone: Sequence[re.Pattern[str]] = (), **kwargs: object) -> None:
        self.gone = gone
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # handles the request

    def do_GET(self) -> None:
        if not self._send_gone():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._send_gone():
            super().do_HEAD()

    def _send_gone(self) -> bool:
        """410 Gone with the notice, when the address is a withdrawn publication's (or under it)."""
        path = unquote(urlsplit(self.path).path).lstrip("/")
        for pattern in self.gone:
            found = pattern.match(path)
            if found:
                notice = pathlib.Path(self.directory) / found.group(0).rstrip("/") / "index.html"
                body = notice.read_bytes() if notice.is_file() else b""
                self.send_response(410)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return True
        return False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = pathlib.Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that stops a download (a closed tab, a cancelled picture) is no error worth a traceback."""

    def handle_error(self, request: object, client_address: object) -> None:

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def site_server(directory: pathlib.Path, host: str = "127.0.0.1", port: int = 8000) -> http.server.ThreadingHTTPServer:
    rules = directory / HTACCESS
    gone = gone_patterns(rules.read_text(encoding="utf-8")) if rules.is_file() else []
    handler = functools.partial(SiteHandler, directory=str(directory), gone=gone)
    return QuietServer((host, port), handler)
