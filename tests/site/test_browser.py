"""The built site in a real browser: headless Chromium (Debian package ``chromium``) driven by Playwright,
the site served under a sub-path as GitHub Pages serves a project site.

- home, an article, a listing and the 404 page at 1280 and 390 pixels: every request the page makes
  stays on the site and succeeds, axe-core finds no WCAG 2.1 A/AA violation, and a full-page screenshot
  is kept in ``build/screenshots/`` (or ``$HUMAS_SCREENSHOTS``) to look at;
- cards keep their thumbnails on a phone, and a phone loads the small copies, not the originals;
- share links and the copy-link button; hostile content never runs.
"""

from __future__ import annotations

import json
import os
import pathlib
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Response

from tests.editor.browser import CEILING_MS
from tests.site.portal import HOSTILE_TITLE, MARK, Portal, served_portal

VENDOR = pathlib.Path(__file__).with_name("vendor")
AXE = VENDOR / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = pathlib.Path(
    os.environ.get("HUMAS_SCREENSHOTS") or pathlib.Path(__file__).parents[2] / "build/screenshots"
)
PAGES = {  # name -> path below the site's address
    "home": "",
    "article": "2025/wisuda-2025/",
    "listing": "berita/",
    "404": "halaman-yang-tidak-ada/",
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    with served_portal(tmp_path_factory.mktemp("portal")) as served:
        yield served


class Visit:
    """A page opened at a width, with every request it made and every response it got: loaded (its scripts,
    styles and pictures), then every picture, the lazy ones too, fetched and decoded. That is the end of what
    the page asks for; nothing waits for a quiet time on the network."""

    def __init__(self, browser: Browser, url: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        self.context.set_default_timeout(CEILING_MS)
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", lambda request: self.failures.append(f"{request.url}: {request.failure}"))
        self.page.on("response", self._response)
        self.response = self.page.goto(url, wait_until="load")
        self.page.evaluate(
            "Promise.all([...document.images].map(img => { img.loading = 'eager'; return img.decode()"
            ".catch(() => null); }))"
        )
        self.url = url

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.failures.append(f"{response.url}: HTTP {response.status}")

    def axe_violations(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_whole_accessible_and_photographed(portal: Portal, browser: Browser, name: str, width: int) -> None:
    visit = Visit(browser, portal.base + PAGES[name], width)
    try:
        assert visit.response is not None and visit.response.status == (404 if name == "404" else 200)
        assert visit.failures == []
        assert [url for url in visit.requests if not url.startswith(portal.base)] == []
        assert visit.page.evaluate("document.fonts.size") == 0  # no web font: nothing from a font host
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        assert visit.axe_violations() == []
    finally:
        visit.close()


def test_the_404_page_speaks_indonesian_and_leads_home(portal: Portal, browser: Browser) -> None:
    visit = Visit(browser, portal.base + "tahun/1999/tidak-ada/", 1280)
    try:
        article = visit.page.locator("article.md-content__inner")
        assert article.locator("h1").inner_text() == "Halaman tidak ditemukan"
        home = article.locator("a.md-button")
        assert home.inner_text() == "Kembali ke Beranda"
        home.click()
        visit.page.wait_for_load_state()
        assert visit.page.url == portal.base
        assert visit.failures == []
    finally:
        visit.close()


def test_cards_keep_their_thumbnails_on_a_phone_and_load_the_small_copies(portal: Portal, browser: Browser) -> None:
    visit = Visit(browser, portal.base, 390)
    try:
        cards = visit.page.locator(".humas-daftar .humas-item__sampul img")
        assert cards.count() == 9
        for index in range(cards.count()):
            card = cards.nth(index)
            card.scroll_into_view_if_needed()
            box = card.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 150
            card.evaluate("img => img.decode()")
            assert card.evaluate("img => img.currentSrc").endswith("/_ukuran/sampul-480.jpg")
        originals = [url for url in visit.requests if url.endswith("/sampul.jpg")]
        assert originals == []
    finally:
        visit.close()


def test_article_has_its_meta_gallery_share_links_and_related_news(portal: Portal, browser: Browser) -> None:
    address = portal.base + "2025/wisuda-2025/"
    visit = Visit(browser, address, 1280)
    context = visit.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=portal.base.rsplit("/humas/", 1)[0])
    try:
        page = visit.page
        assert page.locator(".humas-publikasi__meta").inner_text() == "30 Juni 2025 · Akademik · 1 menit baca"
        assert page.locator(".humas-galeri figure").count() == 3
        assert page.locator(".humas-lampiran li").all_inner_texts() == ["jadwal-wisuda.pdf"]
        title = "Wisuda Angkatan 2025: 1.024 Lulusan Siap Mengabdi"
        links = page.locator(".humas-bagikan a")
        assert links.all_inner_texts() == ["WhatsApp", "Facebook", "X", "E-mail"]
        assert [links.nth(i).get_attribute("href") for i in range(4)] == [
            "https://wa.me/?text=" + quote(f"{title} {address}", safe=""),
            "https://www.facebook.com/sharer/sharer.php?u=" + quote(address, safe=""),
            f"https://x.com/intent/post?text={quote(title, safe='')}&url={quote(address, safe='')}",
            f"mailto:?subject={quote(title, safe='')}&body={quote(address, safe='')}",
        ]
        page.get_by_role("button", name="Salin tautan").click()
        status = page.locator(".humas-bagikan__status")
        status.wait_for(state="attached")
        page.wait_for_function("() => document.querySelector('.humas-bagikan__status').textContent !== ''")
        assert status.inner_text() == "Tautan disalin"
        assert page.evaluate("navigator.clipboard.readText()") == address
        related = page.locator(".humas-terkait .humas-item__judul")
        assert related.all_inner_texts() == [
            "Akreditasi Unggul untuk Program Studi Keperawatan",
            "Seminar Nasional Kesehatan Masyarakat 2025",
            "Yudisium Program Sarjana Terapan Kebidanan",
        ]
        related.first.locator("a").click()
        page.wait_for_load_state()
        assert page.url == portal.base + "2025/berita-03/"
        assert visit.failures == []
    finally:
        visit.close()


def test_hostile_content_never_runs(portal: Portal, browser: Browser) -> None:
    for path in ("2024/serangan/", "berita/2/", ""):
        visit = Visit(browser, portal.base + path, 1280)
        try:
            page = visit.page
            page.mouse.move(400, 400)
            assert page.evaluate("document.body.dataset.pwned") is None, path
            top = page.locator("button.md-top").text_content() or ""
            assert " ".join(top.split()) == "Kembali ke atas", path  # the theme's script and texts are there
            if path == "2024/serangan/":  # the hostile publication's own page: its texts are shown as text
                article = page.locator("article.humas-publikasi")
                assert article.locator("h1").inner_text() == HOSTILE_TITLE
                assert " ".join(article.locator(".humas-publikasi__isi").inner_text().split()) == (
                    "Paragraf pembuka. tutup tautan"
                )
                assert MARK not in json.dumps(page.evaluate("Object.keys(document.body.dataset)"))
        finally:
            visit.close()
