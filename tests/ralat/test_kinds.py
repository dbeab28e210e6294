"""A withdrawal of another kind of publication (a pengumuman) carried out by hand: posted through the outbox,
withdrawn by pengendalian and pengesahan, its deletion handed to a person and recorded with ``humas ralat
selesai``, whose argument errors name every kind of publication id."""

from __future__ import annotations

from tests.helpers import Repo, jpeg
from tests.ralat.test_flow import merge, sign

FOLDER = "content/pengumuman/2025/libur"
ID = "pengumuman/2025/libur"
URL = "https://www.instagram.com/p/Clibur/"


def pengumuman(extra: str = "") -> str:
    return (
        "---\ntitle: Libur Semester\ndate: 2025-02-10\nbidang: akademik\nberlaku_sampai: 2025-02-20\n"
        f"{extra}channels:\n  website: {{}}\n  instagram:\n    caption: Kampus libur.\n    media: [foto.jpg]\n"
        "---\nIsi pengumuman.\n"
    )


def test_a_pengumuman_withdrawn_after_its_post_is_deleted_by_hand_and_recorded(repo: Repo) -> None:
    repo.branch("pengumuman/libur")
    repo.write(f"{FOLDER}/index.md", pengumuman())
    repo.write(f"{FOLDER}/foto.jpg", jpeg(1080, 1080))
    repo.commit("Pengumuman libur")
    repo.sign_all("pengumuman/libur")
    merge(repo, "pengumuman/libur")
    assert repo.humas("publish").code == 0
    uploaded = repo.humas("outbox", "uploaded", ID, "instagram", URL)
    assert uploaded.code == 0, uploaded.err

    repo.branch("tarik/libur")
    repo.write(f"{FOLDER}/index.md", pengumuman("ditarik: {alasan: Jadwal berubah}\n"))
    repo.commit("Tarik pengumuman libur")
    sign(repo, "tarik/libur", ("spi", "pengendali"), ("reni", "pengarah"))
    merge(repo, "tarik/libur")
    run = repo.humas("publish")
    assert run.code == 0, run.err
    [waiting, todo] = run.out.splitlines()
    tarik = todo.rsplit(" ", 1)[1]
    assert waiting == f"{ID} → instagram: menunggu dikerjakan petugas: outbox/instagram/pengumuman-2025-libur.{tarik}"
    assert todo == f"  yang perlu dilakukan: humas ralat selesai {ID} instagram {tarik}"

    done = repo.humas("ralat", "selesai", ID, "instagram")
    assert (done.code, done.err) == (0, "")
    assert done.out == f"tercatat: {ID} → instagram: penarikan {tarik} dilakukan secara manual\n"
    again = repo.humas("publish")
    assert again.out.splitlines()[0].startswith(f"{ID} → instagram: penarikan {tarik} sudah dilakukan (manual, ")


def test_ralat_selesai_names_every_kind_of_publication_id(repo: Repo) -> None:
    kinds = "yyyy/slug, pengumuman/yyyy/slug, agenda/yyyy/slug, atau halaman/slug"
    for wrong in ("2025", "pengumuman/libur", "halaman/2025/profil", "../2025/x", "berita/2025/x"):
        done = repo.humas("ralat", "selesai", wrong, "instagram")
        assert (done.code, done.err) == (2, f"humas: PUBLICATION: {wrong!r} bukan id publikasi ({kinds})\n"), wrong
    for right in ("agenda/2025/seminar", "halaman/profil"):  # a good id: nothing waits for a person here
        done = repo.humas("ralat", "selesai", right, "instagram")
        assert (done.code, done.err) == (
            1,
            f"humas: {right} → instagram: tidak ada ralat atau penarikan yang menunggu petugas\n",
        ), right
