"""``humas editor-relay``: the editor's sign-in on GitHub hands over only a GitHub App user token that reaches
this repository alone, to the site's origin only (a fake GitHub on 127.0.0.1; the last test in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from pipeline.editor.relay import RelayServer, RelaySettings
from tests.editor.browser import chromium, new_page
from tests.helpers import Repo

TOKENS = {"good": "ghu_good", "oauth": "gho_everything", "wide": "ghu_wide", "odd": "ghu_odd"}
INSTALLATIONS = {"ghu_good": [7], "ghu_wide": [7, 8]}
REPOSITORIES = {7: ["PoltekkesJkt2/humas"], 8: ["poltekkesjkt2/keuangan"]}


class FakeGitHub(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _GitHubHandler)
        self.code = "good"
        self.exchanges: list[dict[str, str]] = []

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _GitHubHandler(BaseHTTPRequestHandler):
    server: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _json(self, data: Any) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        token = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if parts.path == "/login/oauth/authorize":  # the person says yes at once
            target = query["redirect_uri"] + "?" + urlencode({"code": self.server.code, "state": query["state"]})
            self.send_response(302)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts.path == "/user/installations" and token == "ghu_odd":
            self._json({"installations": [{"nama": "bukan jawaban GitHub"}]})
        elif parts.path == "/user/installations":
            self._json({"installations": [{"id": i} for i in INSTALLATIONS.get(token, [])]})
        elif match := re.fullmatch(r"/user/installations/(\d+)/repositories", parts.path):
            names = REPOSITORIES[int(match[1])] if int(match[1]) in INSTALLATIONS.get(token, []) else []
            self._json({"repositories": [{"full_name": n} for n in names]})
        else:
            self._json({"message": "Not Found"})

    def do_POST(self) -> None:  # noqa: N802
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
        self.server.exchanges.append(form)
        if (form.get("client_id"), form.get("client_secret")) != ("Iv1.humas", "rahasia") or form["code"] not in TOKENS:
            self._json(
                {"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."}
            )
        else:
            self._json({"access_token": TOKENS[form["code"]], "token_type": "bearer"})


SITE = "https://humas.poltekkesjkt2.ac.id"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    yield fake
    fake.shutdown()
    fake.server_close()


def relay_for(github: FakeGitHub, site: str = SITE) -> RelayServer:
    settings = RelaySettings(
        client_id="Iv1.humas",
        client_secret="rahasia",
        site=site,
        url="http://127.0.0.1:1",  # set below, once the port is known
        repository="poltekkesjkt2/humas",
        github=github.origin,
        api=github.origin,
    )
    server = RelayServer(settings)
    server.settings = RelaySettings(**{**settings.__dict__, "url": f"http://127.0.0.1:{server.server_address[1]}"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def relay(github: FakeGitHub) -> Iterator[RelayServer]:
    server = relay_for(github)
    yield server
    server.shutdown()
    server.server_close()


def get(server: RelayServer, path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def start(relay: RelayServer) -> tuple[str, str]:
    """Open /auth as Decap does: the state GitHub is sent with, and the cookie that keeps it."""
    status, headers, _body = get(relay, "/auth?provider=github&site_id=humas.poltekkesjkt2.ac.id&scope=repo")
    assert status == 302
    state = parse_qs(urlsplit(headers["Location"]).query)["state"][0]
    return state, headers["Set-Cookie"].split(";")[0]


def handed(body: str) -> tuple[str, dict[str, Any]]:
    data = json.loads(re.findall(r"var relay = (\{.*\});", body)[0])
    return data["site"], data


def test_auth_sends_the_popup_to_github_with_a_fresh_state_kept_in_an_httponly_cookie(
    relay: RelayServer, github: FakeGitHub
) -> None:
    status, headers, _body = get(relay, "/auth?provider=github&site_id=x&scope=repo")
    location = urlsplit(headers["Location"])
    query = parse_qs(location.query)
    assert (status, f"{location.scheme}://{location.netloc}{location.path}") == (
        302,
        f"{github.origin}/login/oauth/authorize",
    )
    assert (query["client_id"], query["redirect_uri"]) == (["Iv1.humas"], [f"{relay.settings.url}/callback"])
    assert len(query["state"][0]) >= 40 and "scope" not in query
    assert headers["Set-Cookie"] == (
        f"humas_relay_state={query['state'][0]}; Max-Age=600; Path=/; HttpOnly; SameSite=Lax"
    )
    assert start(relay)[0] != query["state"][0]  # fresh each time
    assert github.exchanges == []


def test_a_github_app_user_token_for_this_repository_alone_goes_to_the_sites_origin_only(
    relay: RelayServer, github: FakeGitHub
) -> None:
    state, cookie = start(relay)
    status, headers, body = get(relay, f"/callback?code=good&state={state}", cookie)
    site, data = handed(body)
    assert (status, site) == (200, SITE)
    assert data["message"] == 'authorization:github:success:{"token": "ghu_good", "provider": "github"}'
    assert "window.opener.postMessage(relay.message, relay.site);" in body
    assert "event.origin !== relay.site" in body
    script = re.findall(r"<script>(.*?)</script>", body, re.S)[0]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert headers["Content-Security-Policy"] == (
        f"default-src 'none'; script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    assert headers["Cache-Control"] == "no-store" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["Set-Cookie"].startswith("humas_relay_state=; Max-Age=0;")
    assert github.exchanges == [
        {
            "client_id": "Iv1.humas",
            "client_secret": "rahasia",
            "code": "good",
            "redirect_uri": f"{relay.settings.url}/callback",
        }
    ]


@pytest.mark.parametrize(
    ("code", "state", "status", "said"),
    [
        (
            "good",
            "another",
            400,
            "masuk ini tidak dimulai di sini atau sudah kedaluwarsa; tutup jendela ini lalu masuk lagi",
        ),
        ("bad", None, 403, "GitHub menolak proses masuk: The code passed is incorrect or expired."),
        (
            "oauth",
            None,
            403,
            "relay ini diatur dengan OAuth App, yang tokennya menjangkau setiap repositori yang dapat ditulis orang "
            "itu; relay hanya menyerahkan token pengguna GitHub App (atur GitHub App, lihat docs/editor.md)",
        ),
        (
            "wide",
            None,
            403,
            "GitHub App menjangkau poltekkesjkt2/humas, poltekkesjkt2/keuangan untuk orang ini; relay hanya "
            "menyerahkan token bila yang terjangkau hanya poltekkesjkt2/humas (pasang App di repositori itu saja)",
        ),
        ("odd", None, 502, "GitHub tidak menjawab seperti semestinya (KeyError); coba lagi nanti"),
    ],
)
def test_what_the_relay_refuses_and_nothing_is_handed_over(
    relay: RelayServer, code: str, state: str | None, status: int, said: str
) -> None:
    kept, cookie = start(relay)
    got, _headers, body = get(relay, f"/callback?code={code}&state={state or kept}", cookie)
    _site, data = handed(body)
    assert (got, data["message"]) == (status, "authorization:github:error:" + json.dumps({"message": said}))
    assert "ghu_" not in body and "gho_" not in body


def test_a_callback_without_the_relays_cookie_is_refused(relay: RelayServer, github: FakeGitHub) -> None:
    state, _cookie = start(relay)
    status, _headers, body = get(relay, f"/callback?code=good&state={state}")
    assert status == 400 and "ghu_" not in body and github.exchanges == []


@pytest.mark.parametrize(
    ("env", "error"),
    [
        (
            {},
            "humas: relay memerlukan HUMAS_RELAY_CLIENT_ID, HUMAS_RELAY_CLIENT_SECRET, HUMAS_RELAY_SITE, "
            "HUMAS_RELAY_URL, HUMAS_RELAY_REPOSITORY (client id dan secret GitHub App, origin situs, alamat relay "
            "sendiri, owner/name repositori)\n",
        ),
        (
            {"HUMAS_RELAY_SITE": "https://humas.poltekkesjkt2.ac.id/admin/"},
            "humas: HUMAS_RELAY_SITE: 'https://humas.poltekkesjkt2.ac.id/admin/' bukan origin (yang boleh: "
            "https://host[:port], tanpa path)\n",
        ),
        (
            {"HUMAS_RELAY_REPOSITORY": "humas"},
            "humas: HUMAS_RELAY_REPOSITORY: 'humas' bukan owner/name\n",
        ),
    ],
)
def test_humas_editor_relay_says_which_setting_is_missing_or_wrong(repo: Repo, env: dict[str, str], error: str) -> None:
    full = {
        "HUMAS_RELAY_CLIENT_ID": "Iv1.humas",
        "HUMAS_RELAY_CLIENT_SECRET": "rahasia",
        "HUMAS_RELAY_SITE": SITE,
        "HUMAS_RELAY_URL": "https://relay.poltekkesjkt2.ac.id",
        "HUMAS_RELAY_REPOSITORY": "poltekkesjkt2/humas",
    }
    done = repo.humas("editor-relay", "--port", "0", env={**full, **env} if env else {})
    assert (done.code, done.out, done.err) == (2, "", error)


OPENER = """<!doctype html><html><body><button id="masuk">Masuk dengan GitHub</button><p id="hasil"></p>
<script>
// Decap CMS 3.16.3's handshake (decap-cms.js, class of handshakeCallback/authorizeCallback), as the editor runs it
var base = %(relay)s, popup = null;
function authorize(event) {
  if (event.origin !== base) { return; }
  var match = event.data.match(/^authorization:github:(success|error):(.+)$/);
  if (match) { window.removeEventListener("message", authorize); document.getElementById("hasil").textContent =
    match[1] + " " + JSON.parse(match[2]).token; }
}
function handshake(event) {
  if (event.data === "authorizing:github" && event.origin === base) {
    window.removeEventListener("message", handshake); window.addEventListener("message", authorize);
    popup.postMessage(event.data, event.origin);
  }
}
document.getElementById("masuk").addEventListener("click", function () {
  window.addEventListener("message", handshake);
  popup = window.open(base + "/auth?provider=github&site_id=humas&scope=repo", "Netlify Authorization",
                      "width=960,height=600");
});
</script></body></html>"""


def test_the_editors_page_gets_the_token_through_the_popup_in_chromium(github: FakeGitHub) -> None:
    class Site(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def do_GET(self) -> None:  # noqa: N802
            body = (OPENER % {"relay": json.dumps(relay.settings.url)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    site = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    relay = relay_for(github, site=f"http://localhost:{site.server_address[1]}")
    try:
        with chromium() as browser:
            page = new_page(browser)
            page.goto(f"http://localhost:{site.server_address[1]}/admin/")
            with page.expect_popup():
                page.get_by_role("button", name="Masuk dengan GitHub").click()
            page.get_by_text("success ghu_good").wait_for()
    finally:
        relay.shutdown()
        relay.server_close()
        site.shutdown()
        site.server_close()
