"""The editor on a phone (390 × 844), in Bahasa Indonesia, as the person who is writing (headless Chromium).

A staff member opens the editor on a phone-sized screen: the editor asks who is writing (a hostile name
is refused in the dialog), the Save button is on the screen and saves, the save answers with what
``humas check`` refuses, and the board says to fix it first. Every phrase of Decap's English interface
has its Indonesian. Screenshots: build/test-artifacts/editor-390/.
"""

from __future__ import annotations

from typing import Any

from tests.editor.browser import artifacts, chromium, watched_page
from tests.editor.test_browser import board_shows, editor, introduce, saves
from tests.helpers import Repo

WIDTH, HEIGHT = 390, 844
BRANCH = "cms/publikasi/2026/kuliah-umum/index"


def on_screen(box: dict[str, float] | None) -> bool:
    """Whether the element's box lies inside the viewport as it is, without any scrolling."""
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= WIDTH
        and box["y"] + box["height"] <= HEIGHT
    )


def missing_phrases(page: Any) -> list[str]:
    """Keys of Decap's English locale without an Indonesian phrase (Decap falls back to English for them)."""
    return page.evaluate(
        """() => {
          const missing = [];
          const walk = (en, id, path) => {
            for (const key of Object.keys(en)) {
              const here = path ? path + "." + key : key;
              if (typeof en[key] === "object") { walk(en[key], (id || {})[key] || {}, here); }
              else if (typeof (id || {})[key] !== "string" || !id[key]) { missing.push(here); }
            }
          };
          walk(window.CMS.getLocale("en"), window.CMS.getLocale("id"), "");
          return missing;
        }"""
    )


def test_on_a_390_px_screen_save_is_reachable_and_answers_with_the_checks_problems(repo: Repo) -> None:
    shots = artifacts("editor-390")
    with (
        editor(repo, shots) as url,
        chromium() as browser,
        watched_page(browser, shots, viewport={"width": WIDTH, "height": HEIGHT}, timezone_id="Asia/Jakarta") as page,
    ):
        page.goto(url)
        page.get_by_role("heading", name="Siapa yang menulis?").wait_for()
        assert missing_phrases(page) == []

        # a name git would misread is refused in the dialog, with what is allowed
        page.get_by_label("Nama lengkap").fill("Budi <direktur@poltekkesjkt2.ac.id>")
        page.get_by_label("E-mail").fill("budi@poltekkesjkt2.ac.id")
        page.get_by_role("button", name="Lanjut").click()
        page.get_by_text(
            "Nama 'Budi <direktur@poltekkesjkt2.ac.id>' tidak dapat dipakai (yang boleh: 2 sampai 100 karakter "
            "berupa huruf, angka, spasi dan . , ' -; tanpa < > @ atau tanda kutip)"
        ).wait_for()
        page.screenshot(path=shots / "1-nama-ditolak.png")
        introduce(page, "Budi Santoso", "budi@poltekkesjkt2.ac.id")

        page.get_by_role("button", name="Masuk").click()
        page.get_by_text("Publikasi baru").click()
        page.get_by_label("Judul", exact=True).fill("Kuliah Umum")
        page.get_by_label("Tanggal").fill("2026-03-02")
        page.get_by_label("Bidang").click()
        page.get_by_text("akademik", exact=True).click()
        page.get_by_label("Ringkasan").fill("…")  # what humas new writes: a placeholder
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Kuliah umum tentang kesehatan masyarakat.")

        save = page.get_by_role("button", name="Simpan")
        assert on_screen(save.bounding_box())
        page.screenshot(path=shots / "2-formulir-390.png")
        with page.expect_response(saves):
            save.click()
        panel = page.locator("#humas-problems")
        panel.get_by_text(
            "Tersimpan, tetapi humas check menolak draf ini. Perbaiki hal berikut lalu simpan lagi; belum ada "
            "yang diminta menandatangani sebelum itu:"
        ).wait_for()
        assert panel.locator("li").all_inner_texts() == [
            "content/publikasi/2026/kuliah-umum/index.md:5: summary: masih berisi teks contoh dari humas new; "
            "ganti dengan isi yang sebenarnya"
        ]
        page.get_by_text("Perubahan tersimpan").wait_for()
        # Decap fetches the new entry, then opens it at its own address: the form is used once it has
        page.wait_for_url(f"{url}#/collections/publikasi/entries/2026/kuliah-umum/index")
        page.screenshot(path=shots / "3-masalah-390.png")

        # the status and merge controls are on the screen too; merging waits for the SOP's signatures
        status, merge = page.get_by_text("Status: Draf"), page.get_by_text("Gabungkan", exact=True)
        assert on_screen(status.bounding_box()) and on_screen(merge.bounding_box())
        merge.click()
        now = page.get_by_text("Gabungkan sekarang")
        assert on_screen(now.bounding_box())
        said: list[str] = []
        page.once("dialog", lambda dialog: (said.append(dialog.message), dialog.dismiss()))
        now.click()  # returns once the alert is answered
        assert said == ["Draf ini belum lengkap ditandatangani; penggabungan dilakukan dengan humas merge."]

        # fixed and saved again: the panel goes, the board names who signs next
        panel.get_by_role("button", name="Tutup").click()
        page.get_by_label("Ringkasan").fill("Kuliah umum kesehatan masyarakat bagi mahasiswa.")
        assert on_screen(save.bounding_box())
        with page.expect_response(saves):
            save.click()
        page.get_by_text("Perubahan tersimpan").wait_for()
        assert page.locator("#humas-problems").count() == 0
        board_shows(page, f"{url}#/workflow", "Berikutnya: Verifikasi — Kasubbag Akademik")
        card = page.get_by_text("Berikutnya: Verifikasi — Kasubbag Akademik")
        assert on_screen(card.bounding_box())
        page.screenshot(path=shots / "4-alur-kerja-390.png")

    assert repo.git("log", "--format=%an <%ae>|%s", f"main..{BRANCH}") == (
        "Budi Santoso <budi@poltekkesjkt2.ac.id>|Perbarui Publikasi “2026/kuliah-umum/index”\n"
        "Budi Santoso <budi@poltekkesjkt2.ac.id>|Buat Publikasi “2026/kuliah-umum/index”\n"
    )
