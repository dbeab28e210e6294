"""The ways around the correction and withdrawal chains, refused."""

from __future__ import annotations

from tests.helpers import Repo, publikasi, through_the_sop
from tests.ralat.test_flow import URGENT, life, propose, status_line


def test_refused_acts(published: Repo) -> None:
    repo = published  # wisuda signed and merged (tests/ralat/conftest.py)

    # a ralat on a publication never published: nothing to correct
    repo.branch("publikasi/baru")
    repo.write("content/publikasi/2025/baru/index.md", publikasi(title="Berita baru", extra="ralat: Salah ketik.\n"))
    repo.commit("Desain konten: baru")
    repo.switch("main")
    assert status_line(repo.humas("status", "publikasi/baru").out) == (
        "Status: tidak dapat dilanjutkan: 2025/baru belum dipublikasikan: tidak ada yang diralat atau ditarik; "
        "hapus kolom ralat"
    )

    # a withdrawal that also changes the text is a correction: it needs its note (and the whole chain)
    checklist = propose(repo, "tarik/selundup", publikasi(extra="ditarik: {alasan: Batal}\n", body="Isi lain.\n"))
    assert status_line(checklist).startswith(
        "Status: tidak dapat dilanjutkan: 2025/wisuda sudah dipublikasikan: perubahan ini adalah ralat;"
    )
    # and nobody is asked to sign it until it has its note: the refusal says what to fix
    unsigned = repo.sign("tarik/selundup", "akademik", "verifikator")
    assert unsigned.code != 0
    assert unsigned.err.strip() == (
        "humas: tidak dicatat: perubahan ini belum dapat ditandatangani: 2025/wisuda sudah dipublikasikan: "
        "perubahan ini adalah ralat; tulis pada front-matter-nya kolom ralat berisi satu kalimat singkat tentang "
        "apa yang diralat"
    )

    # an urgent withdrawal signed by someone not in emergency.people counts for nothing
    propose(repo, "tarik/darurat", publikasi(extra=URGENT))
    refused = repo.sign("tarik/darurat", "wadir1", "pengarah")
    assert refused.code != 0
    assert refused.err.strip() == (
        "humas: tidak dicatat: Wakil Direktur I tidak memegang peran pengarah "
        "(pemegang: Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom)"
    )
    assert (
        "Berikutnya: Pengesahan — Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom" in repo.humas("status", "tarik/darurat").out
    )
    assert repo.humas("merge", "tarik/darurat").code == 1
    assert life(repo).withdrawal is None


def test_emergency_people_of_sop_yml(published: Repo) -> None:
    repo = published  # wisuda signed and merged (tests/ralat/conftest.py)
    sop = (repo.root / "sop.yml").read_text(encoding="utf-8")
    repo.write("sop.yml", sop + "\nemergency:\n  people: [wadir1]\n  steps: [pengesahan]\n")
    through_the_sop(repo, "sistem/darurat", "Penarikan darurat oleh Wakil Direktur I")

    checklist = propose(repo, "tarik/darurat", publikasi(extra=URGENT))
    assert "Berikutnya: Pengesahan — Wakil Direktur I" in checklist
    refused = repo.sign("tarik/darurat", "reni", "pengarah")  # the Direktur is not listed for emergencies here
    assert refused.code != 0
    assert refused.err.strip() == (
        "humas: tidak dicatat: Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom tidak memegang peran pengarah "
        "(pemegang: Wakil Direktur I)"
    )
    signed = repo.sign("tarik/darurat", "wadir1", "pengarah")
    assert signed.code == 0, signed.err
    merged = repo.humas("merge", "tarik/darurat")
    assert merged.code == 0, merged.err
    repo.switch("main")
    urgent = life(repo).withdrawal
    assert urgent is not None and (urgent.urgent, urgent.confirmed) == (True, False)
