"""Screenshots of the website for the documentation: home, an article and a listing at 1280 and 390 pixels
(docs/img/situs-<page>-<width>.png), from the portal of the browser tests built with the template mkdocs.yml;
and the search opened on the home page with the root *sehat* typed, which finds *Kesehatan* in a title and
*kesehatan* in a body (docs/img/situs-cari-<width>.png).

    .venv/bin/python -m bench.screenshots [docs/img]
"""

from __future__ import annotations

import pathlib
import sys
import tempfile

from playwright.sync_api import Page, sync_playwright

from tests.site.portal import served_portal

PAGES = {"beranda": "", "artikel": "2025/wisuda-2025/", "daftar": "berita/"}
QUERY = "sehat"
WIDTHS = {1280: 900, 390: 844}


def main(target: pathlib.Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, served_portal(pathlib.Path(tmp)) as portal, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.goto(portal.base + path, wait_until="load")
                page.wait_for_function("() => [...document.images].every(i => i.loading === 'lazy' || i.complete)")
                page.screenshot(path=str(target / f"situs-{name}-{width}.png"), full_page=name == "daftar")
            search_results(page, portal.base, target / f"situs-cari-{width}.png")
            page.close()
        browser.close()


def search_results(page: Page, base: str, path: pathlib.Path) -> None:
    """The home page with search opened and QUERY typed, once its results (and their marks) are shown."""
    page.goto(base, wait_until="load")
    page.get_by_role("button", name="Cari").click()
    dialog = page.get_by_role("dialog", name="Cari")
    dialog.get_by_role("searchbox", name="Kata yang dicari").fill(QUERY)
    dialog.locator(".humas-cari__hasil li mark").first.wait_for()
    page.screenshot(path=str(path))


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
