"""The home page's portal sections on a phone (390 px) and a search that finds an announcement and a standing
page, in headless Chromium (the Debian package) driven by Playwright. Every wait is for a state of the page."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.editor.browser import new_page
from tests.site.portal import Portal
from tests.site.portal_kinds import served_portal_with_kinds


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    with served_portal_with_kinds(pathlib.Path(tmp_path_factory.mktemp("portal-kinds"))) as served:
        yield served


def test_the_home_page_shows_its_sections_one_after_the_other_on_a_phone(portal: Portal, browser: Browser) -> None:
    page = new_page(browser, viewport={"width": 390, "height": 844})
    page.goto(portal.base, wait_until="load")
    expect(page.locator(".humas-utama h2")).to_have_text("Wisuda Angkatan 2025: 1.024 Lulusan Siap Mengabdi")
    announcements = page.locator(".humas-beranda__pengumuman")
    agenda = page.locator(".humas-beranda__agenda")
    expect(announcements.locator("h2")).to_have_text("Pengumuman terbaru")
    expect(announcements.locator("h3")).to_have_text(
        [
            "Penerimaan Mahasiswa Baru Jalur Mandiri 2025",
            "Libur Tahun Baru Islam 1447 H",
            "Pendaftaran Beasiswa Prestasi Semester Ganjil",
        ]
    )
    expect(agenda.locator("h2")).to_have_text("Agenda mendatang")
    expect(agenda.locator("h3")).to_have_text(
        ["Rapat Senat Terbuka", "Seminar Nasional Gizi Masyarakat", "Bakti Sosial Kesehatan di Kepulauan Seribu"]
    )
    expect(agenda.locator(".humas-item__meta").first).to_have_text(
        "Kamis, 3 Juli 2025 · 09.00–11.30 WIB · Ruang Senat, Lantai 3"
    )
    agenda.scroll_into_view_if_needed()
    expect(agenda).to_be_in_viewport()
    first, second = announcements.bounding_box(), agenda.bounding_box()
    assert first and second
    assert second["y"] >= first["y"] + first["height"]  # one column: the agenda below the announcements
    assert first["x"] == second["x"] and first["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.close()


def test_search_finds_an_announcement_and_a_standing_page_and_links_to_them(portal: Portal, browser: Browser) -> None:
    page = new_page(browser, viewport={"width": 390, "height": 844})
    for words, title, address in (
        ("penerimaan mandiri", "Penerimaan Mahasiswa Baru Jalur Mandiri 2025", "pengumuman/2025/penerimaan/"),
        ("ppid", "PPID", "halaman/ppid/"),
    ):
        page.goto(f"{portal.base}?q={words}", wait_until="load")
        result = page.get_by_role("dialog", name="Cari").locator(".humas-cari__hasil li a").first
        expect(result).to_have_text(title)
        result.click()
        page.wait_for_url(portal.base + address)
        expect(page.locator("article h1").last).to_have_text(title)
    page.close()
