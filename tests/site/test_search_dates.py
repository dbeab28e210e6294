"""The date a search result shows (search.result_date, script.py): a news item's and an announcement's own
date, an agenda item's event date, and none for a standing page (halaman), in the index's snippet files
and in the results list of a real browser."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import pathlib
import zoneinfo
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from pipeline.site.model import Event
from pipeline.site.search import query
from pipeline.site.serve import QuietServer, SiteHandler
from tests.editor.browser import new_page
from tests.helpers import serving
from tests.site.support import build, publication

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# (title, the date its result shows): the event's date with its weekday for the agenda item, none for the page
EXPECTED = {
    "Vaksinasi Influenza Pegawai": "20 Juni 2025",
    "Jadwal Vaksinasi Ulang": "18 Juni 2025",
    "Vaksinasi Lanjutan di Aula": "Kamis, 10 Juli 2025",  # posted on 15 Juni 2025
    "Layanan Kesehatan": "",  # a standing page: posted on 1 Januari 2025, a date that means nothing
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    tmp = tmp_path_factory.mktemp("dates")
    content = tmp / "content"
    news = publication(
        content,
        "2025/vaksinasi",
        title="Vaksinasi Influenza Pegawai",
        day=datetime.date(2025, 6, 20),
        body="Vaksinasi.\n",
    )
    notice = publication(
        content,
        "pengumuman/2025/vaksinasi-ulang",
        title="Jadwal Vaksinasi Ulang",
        day=datetime.date(2025, 6, 18),
        body="Vaksinasi ulang bagi pegawai.\n",
    )
    event = publication(
        content,
        "agenda/2025/vaksinasi-lanjutan",
        title="Vaksinasi Lanjutan di Aula",
        day=datetime.date(2025, 6, 15),
        body="Vaksinasi lanjutan.\n",
    )
    page = publication(content, "halaman/layanan", title="Layanan Kesehatan", body="Layanan vaksinasi setiap Senin.\n")
    start = datetime.datetime(2025, 7, 10, 8, 0, tzinfo=JAKARTA)
    build(
        tmp,
        [
            news,
            dataclasses.replace(notice, kind="pengumuman", valid_until=datetime.date(2025, 7, 31)),
            dataclasses.replace(
                event, kind="agenda", event=Event(start, start + datetime.timedelta(hours=7), "Aula Utama")
            ),
            dataclasses.replace(page, kind="halaman", order=1),
        ],
        now=datetime.datetime(2025, 7, 1, 8, 0, tzinfo=JAKARTA),
    )
    return tmp / "site"


def test_each_kinds_result_has_its_date_and_a_standing_page_none(site: pathlib.Path) -> None:
    answer = query(site, "vaksinasi")
    assert {r.title: r.date for r in answer.results} == EXPECTED
    fragments = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((site / "cari/d").iterdir())]
    by_title = {f["t"]: f for f in fragments}
    assert sorted(by_title["Layanan Kesehatan"]) == ["t", "u", "x"]  # no "d" at all, not an empty one
    assert {t: f.get("d", "") for t, f in by_title.items()} == EXPECTED


@pytest.fixture(scope="module")
def served(site: pathlib.Path) -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site)))
    with serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/"


def test_the_results_list_shows_no_date_for_a_standing_page(served: str, browser: Browser) -> None:
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    try:
        page.goto(served, wait_until="load")
        page.get_by_role("button", name="Cari").click()
        dialog = page.get_by_role("dialog", name="Cari")
        dialog.get_by_role("searchbox", name="Kata yang dicari").fill("vaksinasi")
        page.wait_for_function("() => document.querySelector('.humas-cari__hasil').children.length === 4")
        assert dialog.get_by_role("status").inner_text() == "Publikasi ditemukan: 4"
        shown = {}
        for item in dialog.locator(".humas-cari__hasil li").all():
            times = item.locator("time").all_inner_texts()
            assert len(times) <= 1  # one date or none: never an empty <time>
            shown[item.locator("a").inner_text()] = times[0] if times else ""
        assert shown == EXPECTED
        assert dialog.locator(".humas-cari__hasil time:empty").count() == 0
    finally:
        page.context.close()
