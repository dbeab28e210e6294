"""Screenshots of the portal's home page with its sections and of an agenda page at 1280 and 390 pixels
(docs/img/situs-beranda-<width>.png, situs-agenda-<width>.png), from the portal with announcements, agenda
items and standing pages (tests/site/portal_kinds.py) built with the template mkdocs.yml.

    .venv/bin/python -m bench.portal_screenshots [docs/img]
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

from playwright.sync_api import sync_playwright

from tests.site.portal_kinds import served_portal_with_kinds

PAGES = {"beranda": "", "agenda": "agenda/2025/seminar-gizi/"}
WIDTHS = {1280: 900, 390: 844}


def main(target: pathlib.Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as tmp,
        served_portal_with_kinds(pathlib.Path(tmp)) as portal,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(portal.base + path, wait_until="load")
                page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
                page.wait_for_function("() => [...document.images].every(i => i.complete)")
                page.screenshot(path=str(target / f"situs-{name}-{width}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
