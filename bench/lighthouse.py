"""Lighthouse mobile performance of the built website: home (with its announcements and agenda), an article,
a listing, an agenda item and an announcement, on each engine.

The portal of the browser tests with every kind (tests/site/portal_kinds.py: twelve publications with
camera-sized covers, an article with a picture in its body and a gallery, announcements, agenda items and
the standing pages; the same site as bench/screenshots.py) is built with the template mkdocs.yml and served
locally as GitHub Pages serves it: below a sub-path, text compressed with gzip. Lighthouse (npm package
``lighthouse``, 12.x) runs its default mobile profile (Moto G Power emulation, simulated slow 4G, 4x CPU
slowdown) in the system Chromium, performance category only, RUNS runs per page; the median is reported.

    npm install --prefix /tmp/lh lighthouse@12
    .venv/bin/python -m bench.lighthouse /tmp/lh/node_modules/.bin/lighthouse [mkdocs] [zensical]
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import threading

from pipeline.site.serve import QuietServer
from tests.site.portal import PREFIX, _Handler, make_publications
from tests.site.portal_kinds import NOW, kinds_publications
from tests.site.support import build

PAGES = {
    "home": "",
    "article": "2025/wisuda-2025/",
    "listing": "berita/",
    "agenda item": "agenda/2025/seminar-gizi/",
    "pengumuman": "pengumuman/2025/penerimaan/",
}
RUNS = 3
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", "/")


class GzipHandler(_Handler):
    """Text compressed with gzip, as GitHub Pages (and any web server of an institution) sends it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not accepts or not path.endswith(TEXT) or not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(pathlib.Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def lighthouse(binary: str, url: str) -> dict[str, float]:
    done = subprocess.run(
        [
            binary,
            url,
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
        ],
        capture_output=True,
        text=True,
        check=True,
        env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin", "HOME": tempfile.gettempdir()},
    )
    report = json.loads(done.stdout)
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def main(binary: str, engines: list[str]) -> None:
    for engine in engines:
        with tempfile.TemporaryDirectory() as tmp:
            site = pathlib.Path(tmp) / "site"
            server = QuietServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
            base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
            content = pathlib.Path(tmp) / "content"
            build(
                pathlib.Path(tmp),
                make_publications(content) + kinds_publications(content),
                site_url=base,
                per_page=6,
                engine=engine,
                now=NOW,
            )
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                for name, path in PAGES.items():
                    runs = [lighthouse(binary, base + path) for _ in range(RUNS)]
                    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
                    print(
                        f"| {engine} | {name} | {median['score']:.0f} | {median['fcp']:.1f} s | {median['lcp']:.1f} s "
                        f"| {median['tbt']:.0f} ms | {median['cls']:.3f} | {', '.join(str(r['score']) for r in runs)} "
                        "|",
                        flush=True,
                    )
            finally:
                server.shutdown()
                server.server_close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["mkdocs", "zensical"])
