"""An agenda item made in the editor (headless Chromium): the collection asks for everything ``humas check``
requires of the kind (its time and place), and the branch it saves is a draft the check accepts."""

from __future__ import annotations

from pathlib import Path

from tests.editor.browser import artifacts, chromium, watched_page
from tests.editor.test_browser import editor, introduce
from tests.helpers import Repo

BRANCH = "cms/agenda/2026/seminar-gizi-nasional/index"
DRAFT = "content/agenda/2026/seminar-gizi-nasional/index.md"


def test_an_agenda_item_made_in_the_browser_is_a_branch_humas_check_accepts(repo: Repo, tmp_path: Path) -> None:
    shots = artifacts("editor-agenda")
    with (
        editor(repo, shots) as url,
        chromium() as browser,
        watched_page(browser, shots, viewport={"width": 1280, "height": 900}, timezone_id="Asia/Jakarta") as page,
    ):
        page.goto(url)
        introduce(page, "Siti Rahma", "siti.rahma@poltekkesjkt2.ac.id")
        page.get_by_role("button", name="Masuk").click()
        page.get_by_text("Publikasi baru").wait_for()
        for collection in ("Pengumuman", "Agenda", "Halaman"):  # one collection per kind
            page.get_by_role("link", name=collection, exact=True).wait_for()
        page.goto(f"{url}#/collections/agenda/new")
        page.get_by_label("Judul", exact=True).fill("Seminar Gizi Nasional")
        page.get_by_label("Tanggal", exact=True).fill("2026-02-10")
        page.get_by_label("Bidang").click()
        page.get_by_text("akademik", exact=True).click()
        page.get_by_label("Ringkasan").fill("Seminar gizi tingkat nasional.")
        page.get_by_label("Mulai", exact=True).fill("2026-03-10T09:00")
        page.get_by_label("Tempat", exact=True).fill("Aula Kampus Hang Jebat")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Terbuka untuk umum.")
        page.get_by_role("button", name="Simpan").click()
        page.get_by_text("Tersimpan", exact=True).wait_for()
    text = repo.git("show", f"{BRANCH}:{DRAFT}")
    assert text == (  # selesai left empty is left out (admin/humas-editor.js prunes empty fields)
        "---\ntitle: Seminar Gizi Nasional\ndate: 2026-02-10\nbidang: akademik\n"
        "summary: Seminar gizi tingkat nasional.\nacara:\n  tempat: Aula Kampus Hang Jebat\n"
        "  mulai: 2026-03-10T09:00:00+07:00\nchannels:\n  website: {}\n---\nTerbuka untuk umum.\n"
    )
    repo.git("switch", "-q", BRANCH)
    check = repo.humas("check")
    assert (check.code, check.out) == (0, "1 draf OK\n"), check.out + check.err
