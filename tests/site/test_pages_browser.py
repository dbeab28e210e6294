"""The YouTube player, print, the dark palette and the 404 page's search box in a real browser (headless
Chromium, the Debian package, driven by Playwright), on a site built with the template mkdocs.yml and
served under a sub-path. Every wait is for an event or a state of the page, never for a time."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from pipeline.site.serve import QuietServer
from tests.editor.browser import new_page
from tests.helpers import serving
from tests.site.portal import PREFIX, _Handler, photo
from tests.site.support import build, publication

VIDEO = "dQw4w9WgXcQ"
ENGINE_OF: dict[str, str] = {}  # the site's address -> the engine that built it
BODY = f"""\
Paragraf pembuka tentang wisuda.

https://www.youtube.com/watch?v={VIDEO}

[Tautan dalam teks](https://poltekkesjkt2.ac.id/).
"""


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp(f"pages-{request.param}")
    built = tmp / "site"
    server = QuietServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(built)))
    base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    pub = publication(tmp / "content", "2025/wisuda", title="Wisuda 2025", day=datetime.date(2025, 3, 1), body=BODY)
    photo(pub.folder / "sampul.jpg", 1)
    pub = pub.__class__(**{**pub.__dict__, "image": "sampul.jpg", "image_alt": "Para wisudawan"})
    build(tmp, [pub], site_url=base, engine=request.param)
    ENGINE_OF[base] = request.param
    with serving(server):
        yield base


def recorded(page: Page) -> list[str]:
    """Every request the page makes; those to another host than the site's are recorded and refused (the
    test needs no network)."""
    requests: list[str] = []

    def route(route: Route) -> None:
        requests.append(route.request.url)
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    return requests


def test_youtube_is_asked_for_nothing_before_the_click(site: str, browser: Browser) -> None:
    page = new_page(browser, viewport={"width": 390, "height": 844})
    requests = recorded(page)
    page.goto(site + "2025/wisuda/", wait_until="load")
    player = page.locator(".humas-video__sampul")
    player.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.humas-video__sampul img').complete")
    expect(player).to_have_accessible_name("Putar video: Wisuda 2025")
    assert requests and all(urlsplit(url).hostname == "127.0.0.1" for url in requests), requests
    assert page.locator("iframe").count() == 0

    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url) as asked:
        player.click()
    assert asked.value.url == f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1&rel=0"
    frame = page.locator("iframe.humas-video__pemutar")
    expect(frame).to_have_attribute("title", "Putar video: Wisuda 2025")
    expect(page.locator(".humas-video__sampul")).to_have_count(0)
    page.close()


def test_print_leaves_out_the_share_buttons(site: str, browser: Browser) -> None:
    page = new_page(browser)
    page.goto(site + "2025/wisuda/", wait_until="load")
    expect(page.locator(".humas-bagikan")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".humas-bagikan")).to_be_hidden()
    expect(page.locator(".humas-video__sampul")).to_be_hidden()
    expect(page.locator(".humas-publikasi__isi")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Wisuda 2025")
    page.close()


def test_the_dark_palette_is_one_click_away_and_links_stay_readable(site: str, browser: Browser) -> None:
    page = new_page(browser)
    page.goto(site + "2025/wisuda/", wait_until="load")
    link = page.locator(".humas-publikasi__isi a").first
    expect(link).to_have_css("color", "rgb(0, 105, 92)")
    page.get_by_title("Ganti ke mode gelap").click()
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    expect(link).to_have_css("color", "rgb(77, 182, 172)")
    page.goto(site, wait_until="load")  # remembered on the next page
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.close()


def test_the_404_page_search_box_opens_the_search_with_the_words(site: str, browser: Browser) -> None:
    page = new_page(browser)
    page.goto(site + "tidak-ada/", wait_until="load")
    expect(page.locator(".humas-404__terbaru a")).to_have_text(["Wisuda 2025"])
    page.get_by_label("Cari di situs ini").fill("wisuda")
    with page.expect_navigation():
        page.locator(".humas-404__cari").get_by_role("button", name="Cari", exact=True).click()
    assert page.url == site + "?q=wisuda"  # the site's search reads its words from ?q=, on both engines
    dialog = page.get_by_role("dialog", name="Cari")
    expect(dialog.get_by_role("searchbox", name="Kata yang dicari")).to_have_value("wisuda")
    expect(dialog.locator(".humas-cari__hasil li a")).to_have_text(["Wisuda 2025"])
    page.close()
