"""A person who never used a terminal creates a publication with two photos in the editor (headless Chromium).

The real ``humas editor`` serves the admin UI and the local backend against a real repository; the
test clicks through the UI as the Tim Humas would, saves, and checks the branch the editor made and
that ``humas check`` accepts the draft on it. Screenshots: build/test-artifacts/editor/.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.git import GitRepo
from tests.editor.browser import artifacts, chromium, watched_page
from tests.helpers import HUMAS, Repo, base_env, identity_env, jpeg

BRANCH = "cms/publikasi/2026/wisuda-angkatan-2026/index"
FOLDER = "content/publikasi/2026/wisuda-angkatan-2026"
ADD_PHOTO = "Tambah foto (urutan = urutan tayang)"

EXPECTED = """\
---
title: Wisuda Angkatan 2026
date: 2026-02-10
bidang: akademik
summary: Sebanyak 1.024 lulusan Poltekkes Kemenkes Jakarta II diwisuda.
publish_at: 2026-02-11T08:00:00+07:00
channels:
  website: {}
  instagram:
    caption: "Selamat wisudawan! #Wisuda2026"
    media:
      - foto-1.jpg
      - foto-2.jpg
---
Sebanyak 1.024 lulusan Poltekkes Kemenkes Jakarta II diwisuda hari ini.
"""


@contextmanager
def editor(repo: Repo, folder: Path) -> Iterator[str]:
    """``humas editor`` on a free port, on a computer whose git identity is the Koordinator's (a shared PC):
    its address while the block runs. What it writes on stderr is kept in ``folder``/editor-stderr.txt, read
    when a test fails (a pipe nobody reads would stop the editor's writes once full)."""
    with (folder / "editor-stderr.txt").open("w") as errors:
        process = subprocess.Popen(
            [HUMAS, "editor", "--port", "0"],
            cwd=repo.root,
            text=True,
            stdout=subprocess.PIPE,
            stderr=errors,
            env={**base_env(), **identity_env("koordinator")},
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            yield next(word for word in line.split() if word.startswith("http://127.0.0.1:"))
        finally:
            process.terminate()
            process.communicate(timeout=30)


def _lists_unpublished_entries(response: Any) -> bool:
    body = response.request.post_data_buffer or b""
    return response.request.method == "POST" and b'"unpublishedEntries"' in body


def saves(response: Any) -> bool:
    """The editor's answer to a save (Simpan)."""
    return b'"persistEntry"' in (response.request.post_data_buffer or b"")


def introduce(page: Any, name: str, email: str) -> None:
    """Answer the editor's question, asked once on a browser: who is writing."""
    page.get_by_role("heading", name="Siapa yang menulis?").wait_for()
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_text(f"Menulis sebagai {name}").wait_for()


def board_shows(page: Any, board: str, text: str) -> None:
    """Open the editorial workflow board, loaded afresh, and wait until it shows ``text``.

    Decap fetches the board's list of changes once per page load (a change saved or merged outside the
    page appears only after a reload), so the page is reloaded once. The card is drawn only after the list
    (``unpublishedEntries``) and then each entry (``unpublishedEntry``, ``unpublishedEntryDataFile``) are
    answered: the wait is for the card itself. Nothing else is reloaded: a reload while Decap fetches the
    entries aborts them, and the card never comes."""
    page.goto(board)
    with page.expect_response(_lists_unpublished_entries):
        page.reload()
    assert page.url == board
    page.get_by_text(text).wait_for()


def test_a_publication_with_two_photos_made_in_the_browser_is_a_branch_humas_check_accepts(
    repo: Repo, tmp_path: Path
) -> None:
    photos = []
    for index, size in enumerate(((1080, 1350), (1080, 1080)), start=1):
        photo = tmp_path / f"foto-{index}.jpg"
        photo.write_bytes(jpeg(*size))
        photos.append(photo)
    shots = artifacts("editor")
    main_before = repo.git("rev-parse", "main").strip()
    requests: list[str] = []
    with (
        editor(repo, shots) as url,
        chromium() as browser,
        watched_page(browser, shots, viewport={"width": 1280, "height": 900}, timezone_id="Asia/Jakarta") as page,
    ):
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        introduce(page, "Siti Rahma", "siti.rahma@poltekkesjkt2.ac.id")
        page.screenshot(path=shots / "1-masuk.png")
        page.get_by_role("button", name="Masuk").click()
        page.get_by_text("Publikasi baru").wait_for()
        page.screenshot(path=shots / "2-koleksi.png")
        page.get_by_text("Publikasi baru").click()

        page.get_by_label("Judul", exact=True).fill("Wisuda Angkatan 2026")
        page.get_by_label("Tanggal").fill("2026-02-10")
        page.get_by_label("Bidang").click()
        page.get_by_text("akademik", exact=True).click()
        page.get_by_label("Ringkasan").fill("Sebanyak 1.024 lulusan diwisuda.")
        page.get_by_label("Jadwal terbit", exact=False).fill("2026-02-11T08:00")
        page.get_by_role("button", name="Buka").first.click()  # the first closed group: Instagram
        page.get_by_label("Keterangan (caption)").first.fill("Selamat wisudawan! #Wisuda2026")
        for number, photo in enumerate(photos, start=1):
            page.get_by_text(ADD_PHOTO).first.click()
            # the cover image of the website comes first; a chosen photo's button is renamed
            page.get_by_text("Pilih gambar").nth(1).click()
            page.locator("input[type=file]").set_input_files(photo)
            page.get_by_role("button", name="Pakai yang dipilih").wait_for()
            if number == 1:
                page.screenshot(path=shots / "3-media.png")
            page.get_by_role("button", name="Pakai yang dipilih").click()
        page.get_by_role("button", name="Simpan").click()
        page.get_by_text("Isi artikel (website) wajib diisi.").wait_for()
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("Sebanyak 1.024 lulusan Poltekkes Kemenkes Jakarta II diwisuda hari ini.")
        page.screenshot(path=shots / "4-formulir.png", full_page=True)
        with page.expect_response(saves):
            page.get_by_role("button", name="Simpan").click()
        page.get_by_text("Tersimpan", exact=True).wait_for()
        # Decap says "Tersimpan" before it is done: it fetches the new entry, then opens it at its own
        # address; the board is opened once it has (else Decap's navigation takes the page back to the entry)
        page.wait_for_url(f"{url}#/collections/publikasi/entries/2026/wisuda-angkatan-2026/index")
        page.screenshot(path=shots / "5-tersimpan.png")
        board_shows(page, f"{url}#/workflow", "2026 · Wisuda Angkatan 2026")
        # the card says which step of the SOP is next and who signs it; the columns are the SOP's
        page.get_by_text("Berikutnya: Verifikasi — Kasubbag Akademik").wait_for()
        for text in ("Alur kerja SOP", "Draf", "Sedang ditandatangani", "Lengkap ditandatangani", "1 draf"):
            page.get_by_text(text, exact=True).first.wait_for()
        page.screenshot(path=shots / "6-alur-kerja.png")

        # open the draft again, correct it, save: a second commit on the same branch
        page.get_by_text("2026 · Wisuda Angkatan 2026").click()
        page.get_by_label("Ringkasan").fill("Sebanyak 1.024 lulusan Poltekkes Kemenkes Jakarta II diwisuda.")
        with page.expect_response(saves):
            page.get_by_role("button", name="Simpan").click()
        page.get_by_text("Perubahan tersimpan").wait_for()
        page.screenshot(path=shots / "7-perbaikan.png")

        # the editor links the previews of the draft
        preview = page.get_by_role("link", name="Lihat pratinjau").get_attribute("href")
        page.goto(url.removesuffix("/admin/") + str(preview))
        page.screenshot(path=shots / "8-pratinjau.png")
        page.get_by_text("Pratinjau kanal media sosial").click()
        page.get_by_text("Selamat wisudawan! #Wisuda2026").wait_for()
        page.screenshot(path=shots / "9-pratinjau-kanal.png", full_page=True)

    origin = url.removesuffix("/admin/")
    assert [r for r in requests if not r.startswith((origin, "blob:", "data:"))] == []
    assert repo.git("rev-parse", "main").strip() == main_before
    assert repo.git("symbolic-ref", "--short", "HEAD").strip() == "main"
    assert repo.git("status", "--porcelain") == ""
    assert repo.git("branch", "--list", "cms/*").split() == [BRANCH]
    assert repo.git("ls-tree", "--name-only", "-r", BRANCH, "--", FOLDER).split() == [
        f"{FOLDER}/foto-1.jpg",
        f"{FOLDER}/foto-2.jpg",
        f"{FOLDER}/index.md",
    ]
    assert repo.git("show", f"{BRANCH}:{FOLDER}/index.md") == EXPECTED
    git = GitRepo(repo.root)
    assert [git.show(BRANCH, f"{FOLDER}/{photo.name}") for photo in photos] == [p.read_bytes() for p in photos]
    # written by the person who typed their name, not by the computer's git identity (the Koordinator's)
    assert repo.git("log", "--format=%an <%ae> %cn %s", f"main..{BRANCH}") == (
        "Siti Rahma <siti.rahma@poltekkesjkt2.ac.id> Siti Rahma Perbarui Publikasi “2026/wisuda-angkatan-2026/index”\n"
        "Siti Rahma <siti.rahma@poltekkesjkt2.ac.id> Siti Rahma Buat Publikasi “2026/wisuda-angkatan-2026/index”\n"
    )
    assert preview == "/preview/cms%2Fpublikasi%2F2026%2Fwisuda-angkatan-2026%2Findex/index.html"

    repo.switch(BRANCH)
    checked = repo.humas("check")
    assert (checked.code, checked.out, checked.err) == (0, "1 draf OK\n", "")
