"""The editor's board, in headless Chromium, is where each draft stands in the SOP.

Three drafts saved through the editor's API stand at three places of the chain (nobody signed, the
Kasubbag signed, all four signed); the board puts each in its column with the next step and who signs
it; once ``humas merge`` merged one, it leaves the board and its branch is gone. Screenshot:
build/test-artifacts/editor-board/.
"""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

from tests.editor.browser import artifacts, chromium, watched_page
from tests.editor.test_browser import board_shows, editor, introduce
from tests.helpers import Repo, publikasi


def save_through_the_api(url: str, slug: str, title: str) -> None:
    """What the editor's page posts when Simpan is clicked, for a publication ``slug`` of 2026."""
    parts = urlsplit(url)
    path = f"content/publikasi/2026/{slug}/index.md"
    body = {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "author": {"name": "Siti Rahma", "email": "siti.rahma@poltekkesjkt2.ac.id"},
            "dataFiles": [
                {"slug": f"2026/{slug}/index", "path": path, "raw": publikasi(title=title, date="2026-03-02")}
            ],
            "options": {
                "collectionName": "publikasi",
                "commitMessage": f"Buat Publikasi “{slug}”",
                "useWorkflow": True,
            },
        },
    }
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port)
    try:
        connection.request(
            "POST",
            "/api/v1",
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Origin": f"{parts.scheme}://{parts.netloc}"},
        )
        response = connection.getresponse()
        assert response.status == 200, response.read()
        response.read()
    finally:
        connection.close()


def test_the_board_puts_each_draft_at_its_step_with_who_signs_next_and_merged_ones_leave(repo: Repo) -> None:
    shots = artifacts("editor-board")
    with editor(repo, shots) as url:
        for slug, title in (("kuliah-umum", "Kuliah Umum"), ("dies-natalis", "Dies Natalis"), ("wisuda", "Wisuda")):
            save_through_the_api(url, slug, title)
        assert repo.sign("cms/publikasi/2026/dies-natalis/index", "akademik", "verifikator").code == 0
        repo.sign_all("cms/publikasi/2026/wisuda/index")

        with (
            chromium() as browser,
            watched_page(browser, shots, viewport={"width": 1280, "height": 720}, timezone_id="Asia/Jakarta") as page,
        ):
            page.add_init_script(
                "localStorage.setItem('humas.author', "
                "JSON.stringify({name: 'Siti Rahma', email: 'siti.rahma@poltekkesjkt2.ac.id'}))"
            )
            page.goto(url)
            # asked once: the name kept in this browser is used; "Bukan Anda?" changes it
            page.get_by_text("Menulis sebagai Siti Rahma").wait_for()
            page.get_by_role("button", name="Bukan Anda?").click()
            assert page.get_by_label("Nama lengkap").input_value() == "Siti Rahma"
            introduce(page, "Dewi Lestari", "dewi@poltekkesjkt2.ac.id")
            page.get_by_role("button", name="Masuk").click()
            board_shows(page, f"{url}#/workflow", "2026 · Wisuda")
            columns = {
                "Draf": "Berikutnya: Verifikasi — Kasubbag Akademik",
                "Sedang ditandatangani": "Berikutnya: Pengendalian — Ketua SPI",
                "Lengkap ditandatangani": "semua tahap sudah ditandatangani; gabungkan ke main: humas merge "
                "cms/publikasi/2026/wisuda/index",
            }
            for header, line in columns.items():  # each card under its column's header
                head = page.get_by_text(header, exact=True).bounding_box()
                card = page.get_by_text(line).bounding_box()
                assert head is not None and card is not None
                assert head["x"] <= card["x"] < head["x"] + head["width"] and card["y"] > head["y"]
            page.get_by_text("1 draf sedang ditandatangani, 1 lengkap ditandatangani.").wait_for()
            page.screenshot(path=shots / "alur-kerja-sop.png")

            assert repo.humas("merge", "cms/publikasi/2026/wisuda/index").code == 0
            board_shows(page, f"{url}#/workflow", "2026 · Dies Natalis")
            page.get_by_text("1 draf sedang ditandatangani, 0 lengkap ditandatangani.").wait_for()
            assert page.get_by_text("2026 · Wisuda", exact=True).count() == 0

    assert repo.git("branch", "--list", "cms/*").split() == [
        "cms/publikasi/2026/dies-natalis/index",
        "cms/publikasi/2026/kuliah-umum/index",
    ]
