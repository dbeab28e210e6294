"""``humas editor-relay``: the sign-in relay of the editor on GitHub, with a GitHub App's user tokens.

Decap CMS signs in to GitHub in a popup at ``<base_url>/auth``; GitHub's code-for-token exchange needs
the client secret, which a page cannot hold, so a small service does it. This one is meant for the
institution's own server, beside the SSH deploy, behind its HTTPS reverse proxy:

- ``GET /auth`` sends the popup to GitHub's authorisation page with a fresh ``state``, kept in an
  HttpOnly cookie of the relay (a callback without the same state is refused: no login CSRF);
- ``GET /callback`` exchanges the code for a token with the **GitHub App**'s client id and secret, and
  accepts only a GitHub App user token (``ghu_…``): an OAuth App token (``gho_…``, scope ``repo``: every
  repository the person can write) is refused. The token is then checked to reach **only** this
  repository: every installation of the App the person can use must list exactly ``HUMAS_RELAY_REPOSITORY``
  (install the App on this repository only), otherwise nothing is handed over;
- the answer is a page that hands the token to the editor with Decap's handshake, by ``postMessage`` to
  the site's origin (``HUMAS_RELAY_SITE``) only: a page of another origin that opens the popup gets nothing.

The token is what GitHub made it: it acts with the intersection of the person's and the App's
permissions (contents and pull requests: write) and expires after eight hours; the relay stores nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from ..messages import _
from ..problems import ConfigError, NotAcceptable

STATE_COOKIE = "humas_relay_state"
USER_TOKEN_PREFIX = "ghu_"
"""GitHub App user access tokens start with it; OAuth App tokens with ``gho_``."""
TIMEOUT = 30
ENV = {
    "client_id": "HUMAS_RELAY_CLIENT_ID",
    "client_secret": "HUMAS_RELAY_CLIENT_SECRET",
    "site": "HUMAS_RELAY_SITE",
    "url": "HUMAS_RELAY_URL",
    "repository": "HUMAS_RELAY_REPOSITORY",
}


@dataclass(frozen=True)
class RelaySettings:
    client_id: str
    client_secret: str
    site: str
    """The origin of the site whose /admin/ signs in (https://humas.example.ac.id)."""
    url: str
    """The relay's own address as browsers reach it (its /callback is the App's callback URL)."""
    repository: str
    """owner/name: the only repository a token handed over may reach."""
    github: str = "https://github.com"
    api: str = "https://api.github.com"


def _origin(value: str, name: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.path not in ("", "/") or parts.query:
        raise ConfigError(
            _("{name}: {value!r} is not an origin (allowed: https://host[:port], no path)", name=name, value=value)
        )
    return f"{parts.scheme}://{parts.netloc}"


def settings_from_env(env: Mapping[str, str]) -> RelaySettings:
    """The relay's settings from the environment (``HUMAS_RELAY_*``); ConfigError names what is missing."""
    missing = [variable for variable in ENV.values() if not env.get(variable)]
    if missing:
        raise ConfigError(
            _(
                "the relay needs {names} (the GitHub App's client id and secret, the site's origin, the relay's "
                "own address, owner/name of the repository)",
                names=", ".join(missing),
            )
        )
    repository = env[ENV["repository"]]
    if repository.count("/") != 1 or not all(repository.split("/")):
        raise ConfigError(_("{name}: {value!r} is not owner/name", name=ENV["repository"], value=repository))
    return RelaySettings(
        client_id=env[ENV["client_id"]],
        client_secret=env[ENV["client_secret"]],
        site=_origin(env[ENV["site"]], ENV["site"]),
        url=env[ENV["url"]].rstrip("/"),
        repository=repository.lower(),
        github=_origin(env.get("HUMAS_RELAY_GITHUB") or "https://github.com", "HUMAS_RELAY_GITHUB"),
        api=_origin(env.get("HUMAS_RELAY_API") or "https://api.github.com", "HUMAS_RELAY_API"),
    )


def _json(request: urllib.request.Request) -> Any:
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - https or the test's http
            return json.loads(response.read() or b"null")
    except (urllib.error.URLError, ValueError, TimeoutError) as error:
        raise NotAcceptable(_("GitHub did not answer as expected ({why}); try again later", why=error)) from None


def exchange(settings: RelaySettings, code: str) -> str:
    """The person's GitHub App user token for ``code``; NotAcceptable unless it reaches only this repository."""
    body = urlencode(
        {
            "client_id": settings.client_id,
            "client_secret": settings.client_secret,
            "code": code,
            "redirect_uri": f"{settings.url}/callback",
        }
    ).encode()
    answer = _json(
        urllib.request.Request(
            f"{settings.github}/login/oauth/access_token",
            data=body,
            headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
    )
    token = answer.get("access_token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        why = answer.get("error_description") or answer.get("error") if isinstance(answer, dict) else None
        raise NotAcceptable(_("GitHub refused the sign-in: {why}", why=why or "?"))
    if not token.startswith(USER_TOKEN_PREFIX):
        raise NotAcceptable(
            _(
                "the relay is set up with an OAuth App, whose tokens reach every repository the person can write; "
                "it hands over only GitHub App user tokens (set up a GitHub App, see docs/editor.md)"
            )
        )
    reachable = _repositories(settings, token)
    if reachable != {settings.repository}:
        raise NotAcceptable(
            _(
                "the GitHub App reaches {found} for this person; the relay hands over a token only when it reaches "
                "{repository} alone (install the App on that repository only)",
                found=", ".join(sorted(reachable)) or "-",
                repository=settings.repository,
            )
        )
    return token


def _api(settings: RelaySettings, token: str, path: str) -> Any:
    return _json(
        urllib.request.Request(
            f"{settings.api}{path}",
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            },
        )
    )


def _repositories(settings: RelaySettings, token: str) -> set[str]:
    """Every repository the token reaches through the App's installations (owner/name, lower case)."""
    found: set[str] = set()
    installations = (_api(settings, token, "/user/installations?per_page=100") or {}).get("installations") or []
    for installation in installations:
        page = 1
        while True:
            answer = _api(
                settings, token, f"/user/installations/{int(installation['id'])}/repositories?per_page=100&page={page}"
            )
            repositories = (answer or {}).get("repositories") or []
            found.update(str(r["full_name"]).lower() for r in repositories)
            if len(repositories) < 100:
                break
            page += 1
    return found


def handing_page(settings: RelaySettings, message: str, text: str) -> tuple[bytes, str]:
    """The popup's page: Decap's handshake with the site's origin only, then ``message``. Returns the page
    and its Content-Security-Policy (the one inline script, by its hash)."""
    data = json.dumps({"site": settings.site, "message": message}).replace("<", "\\u003c")
    script = (
        "(function () {\n"
        f"  var relay = {data};\n"
        "  if (!window.opener) { return; }\n"
        '  window.addEventListener("message", function (event) {\n'
        '    if (event.origin !== relay.site || event.data !== "authorizing:github") { return; }\n'
        "    window.opener.postMessage(relay.message, relay.site);\n"
        "  });\n"
        '  window.opener.postMessage("authorizing:github", relay.site);\n'
        "})();\n"
    )
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = f"default-src 'none'; script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    page = (
        '<!doctype html>\n<html><head><meta charset="utf-8"><meta name="robots" content="noindex">'
        f"<title>humas</title></head>\n<body><p>{escape(text)}</p>\n<script>{script}</script>\n</body></html>\n"
    )
    return page.encode(), policy


class RelayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, settings: RelaySettings, port: int = 0, host: str = "127.0.0.1") -> None:
        self.settings = settings
        super().__init__((host, port), _RelayHandler)


class _RelayHandler(BaseHTTPRequestHandler):
    server: RelayServer
    server_version = "humas-relay"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name; never log a code
        return

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {
            "Content-Length": str(len(body)),
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
            **headers,
        }.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _page(self, status: int, message: str, text: str, extra: dict[str, str] | None = None) -> None:
        page, policy = handing_page(self.server.settings, message, text)
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy, **(extra or {})}
        self._send(status, page, headers)

    def _refuse(self, status: int, why: str, extra: dict[str, str] | None = None) -> None:
        message = "authorization:github:error:" + json.dumps({"message": why})
        self._page(status, message, why, extra)

    def _cookie(self, value: str, max_age: int) -> str:
        secure = "; Secure" if self.server.settings.url.startswith("https://") else ""
        return f"{STATE_COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax{secure}"

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        settings = self.server.settings
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/auth":
            if query.get("provider", "github") != "github":
                self._refuse(HTTPStatus.BAD_REQUEST, _("this relay signs in to GitHub only"))
                return
            state = secrets.token_urlsafe(32)
            target = f"{settings.github}/login/oauth/authorize?" + urlencode(
                {"client_id": settings.client_id, "redirect_uri": f"{settings.url}/callback", "state": state}
            )
            self._send(HTTPStatus.FOUND, b"", {"Location": target, "Set-Cookie": self._cookie(state, 600)})
            return
        if parts.path == "/callback":
            self._callback(query)
            return
        self._send(HTTPStatus.NOT_FOUND, b"", {"Content-Type": "text/plain"})

    def _callback(self, query: dict[str, str]) -> None:
        forget = {"Set-Cookie": self._cookie("", 0)}
        cookie = SimpleCookie()
        try:
            cookie.load(self.headers.get("Cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie is no state
            cookie = SimpleCookie()
        kept = cookie[STATE_COOKIE].value if STATE_COOKIE in cookie else ""
        state, code = query.get("state", ""), query.get("code", "")
        if not kept or not hmac.compare_digest(kept.encode(), state.encode()):
            self._refuse(
                HTTPStatus.BAD_REQUEST,
                _("this sign-in was not started here or has expired; close this window and sign in again"),
                forget,
            )
            return
        if not code:
            self._refuse(HTTPStatus.BAD_REQUEST, _("GitHub refused the sign-in: {why}", why=query.get("error", "?")))
            return
        try:
            token = exchange(self.server.settings, code)
        except NotAcceptable as refused:
            self._refuse(HTTPStatus.FORBIDDEN, refused.message, forget)
            return
        except (AttributeError, KeyError, TypeError, ValueError) as error:  # an answer not shaped as GitHub's
            why = _("GitHub did not answer as expected ({why}); try again later", why=type(error).__name__)
            self._refuse(HTTPStatus.BAD_GATEWAY, why, forget)
            return
        message = "authorization:github:success:" + json.dumps({"token": token, "provider": "github"})
        self._page(HTTPStatus.OK, message, _("Signed in; this window closes by itself."), forget)


def serve_relay(settings: RelaySettings, port: int, host: str, on_ready: Callable[[RelayServer], None]) -> None:
    """Serve until interrupted; ``on_ready`` is called once the socket listens."""
    try:
        server = RelayServer(settings, port=port, host=host)
    except OSError as error:
        raise ConfigError(
            _("--port {port}: cannot listen on {host}:{port} ({why})", port=port, host=host, why=error.strerror)
        ) from None
    try:
        on_ready(server)
        server.serve_forever()
    finally:
        server.server_close()
