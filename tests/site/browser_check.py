"""The built site in a real browser: headless Chromium loads the pages, runs the theme's JavaScript and
any script that survived, and we read the DOM it ends with.

Not collected by pytest and not part of `make test`: it needs Chromium, and a test must install nothing.
Run it by hand or in a CI step that installs the browser first:

    apt-get install -y chromium
    .venv/bin/python -m tests.site.browser_check

Every hostile payload below would mark the page (``data-pwned`` on <body>, or the document's title)
if it ran; the check asserts that no mark is there and that the visible texts are exact.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

from tests.site.support import Node, build, content, parse, publication

MARK = "document.body.dataset.pwned"
TITLE = f"<script>{MARK}='title'</script> Wisuda & \"Lulusan\" <b>2025</b>"
BODY = f"""\
Paragraf pembuka.

<script>{MARK}='script'</script>
<img src="tidak-ada.jpg" onerror="{MARK}='img'">
<svg onload="{MARK}='svg'"></svg>
<iframe srcdoc="<script>parent.{MARK}='iframe'</script>"></iframe>
<div onmouseover="{MARK}='hover'" style="position:fixed;inset:0">tutup</div>
<a href="javascript:{MARK}='link'">tautan</a>
<object data="data:text/html,<script>parent.{MARK}='object'</script>"></object>
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("browser_check: Chromium not found (apt-get install -y chromium)")


def dump_dom(browser: str, url: str) -> str:
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def main() -> int:
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="humas-browser-") as scratch:
        tmp = pathlib.Path(scratch)
        pubs = [
            publication(tmp / "content", "2025/biasa", title="Berita Biasa", day=datetime.date(2025, 1, 1)),
            publication(
                tmp / "content",
                "2025/serangan",
                title=TITLE,
                day=datetime.date(2025, 1, 2),
                body=BODY,
                summary=f"<img src=x onerror=\"{MARK}='summary'\"> Ringkasan",
            ),
        ]
        build(tmp, pubs)
        handler = functools.partial(QuietHandler, directory=str(tmp / "site"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            pages = {path: dump_dom(browser, f"{base}/{path}") for path in ("2025/serangan/", "berita/", "")}
        finally:
            server.shutdown()
        failures = []
        for path, dom in pages.items():
            page = parse_text(tmp, dom)
            body = page.find("body")
            if "data-pwned" in body.attrs:
                failures.append(f"/{path}: a hostile script ran ({body.attrs['data-pwned']})")
            if page.find("button", "md-top").text() != "Kembali ke atas":
                failures.append(f"/{path}: the theme's JavaScript and texts are not there")
        article = content(parse_text(tmp, pages["2025/serangan/"]))
        expect(failures, "h1", article.texts("h1"), [TITLE])
        expect(
            failures, "body text", article.find("div", "humas-publikasi__isi").text(), "Paragraf pembuka. tutup tautan"
        )
        news = content(parse_text(tmp, pages["berita/"]))
        expect(failures, "news", news.texts("h2", "humas-item__judul"), [TITLE, "Berita Biasa"])
        expect(
            failures,
            "summary",
            news.texts("p", "humas-item__ringkasan")[0],
            f"<img src=x onerror=\"{MARK}='summary'\"> Ringkasan",
        )
        home = parse_text(tmp, pages[""])
        expect(failures, "home title", home.find("title").text(), "Poltekkes Kemenkes Jakarta II")
        expect(
            failures,
            "tabs",
            [a.text() for a in home.find_all("a", "md-tabs__link")],
            ["Beranda", "Berita", "Bidang", "Tahun"],
        )
    for failure in failures:
        print(f"FAIL {failure}")
    print("browser check: ok" if not failures else f"browser check: {len(failures)} failure(s)")
    return 1 if failures else 0


def parse_text(tmp: pathlib.Path, dom: str) -> Node:
    path = tmp / "dom.html"
    path.write_text(dom, encoding="utf-8")
    return parse(path)


def expect(failures: list[str], what: str, got: object, wanted: object) -> None:
    if got != wanted:
        failures.append(f"{what}: {got!r} != {wanted!r}")


if __name__ == "__main__":
    sys.exit(main())
