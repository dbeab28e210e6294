"""Screenshots of the website for the documentation, all from one site: the portal of the browser tests with
its announcements, agenda items and standing pages (tests/site/portal_kinds.py), built with the template
mkdocs.yml. At 1280 and 390 pixels (docs/img/situs-<page>-<width>.png): the home page with its sections, an
article, a listing, an agenda item, and the search opened on the home page with the root *sehat* typed,
which finds *Kesehatan* in a title and *kesehatan* in a body (situs-cari-<width>.png). Each picture is
written as a palette PNG, optimised with Pillow, so that the documentation stays small.

    .venv/bin/python -m bench.screenshots [docs/img]
"""

from __future__ import annotations

import io
import pathlib
import sys
import tempfile

from PIL import Image
from playwright.sync_api import Page, sync_playwright

from tests.site.portal_kinds import served_portal_with_kinds

PAGES = {  # name: (path below the site, the whole page or the first screen)
    "beranda": ("", True),
    "artikel": ("2025/wisuda-2025/", False),
    "daftar": ("berita/", True),
    "agenda": ("agenda/2025/seminar-gizi/", True),
}
QUERY = "sehat"
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
            for name, (path, whole) in PAGES.items():
                page.goto(portal.base + path, wait_until="load")
                page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
                page.wait_for_function("() => [...document.images].every(i => i.complete)")
                save(page.screenshot(full_page=whole), target / f"situs-{name}-{width}.png")
            save(search_results(page, portal.base), target / f"situs-cari-{width}.png")
            page.close()
        browser.close()


def search_results(page: Page, base: str) -> bytes:
    """The home page with search opened and QUERY typed, once its results (and their marks) are shown."""
    page.goto(base, wait_until="load")
    page.get_by_role("button", name="Cari").click()
    dialog = page.get_by_role("dialog", name="Cari")
    dialog.get_by_role("searchbox", name="Kata yang dicari").fill(QUERY)
    dialog.locator(".humas-cari__hasil li mark").first.wait_for()
    return page.screenshot()


def save(png: bytes, path: pathlib.Path) -> None:
    """`png` as a 256-colour palette PNG, optimised (a page is flat colours and text: it loses nothing seen)."""
    with Image.open(io.BytesIO(png)) as shot:
        palette = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, "PNG", optimize=True)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img"))
