"""A published publication corrected, then withdrawn, on the local forge with the real ``humas`` command;
an urgent withdrawal by the pengarah alone and its confirmation; and the hostile ways around them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from pipeline.approved import approved_publications
from pipeline.content.life import Life
from pipeline.git import GitRepo
from tests.helpers import Repo, publikasi, rewrite_arsip

DRAFT = "content/publikasi/2025/wisuda/index.md"
BRANCH = "publikasi/wisuda"
NOTE = "Tanggal wisuda diralat menjadi 12 Februari."
TARIK = "ditarik: {alasan: Acara dibatalkan}\n"
URGENT = "ditarik: {alasan: Data pribadi tersebar, darurat: true}\n"
CONFIRMED = "ditarik: {alasan: Data pribadi tersebar, darurat: false}\n"


def publish(repo: Repo) -> None:
    repo.branch(BRANCH)
    repo.write(DRAFT, publikasi())
    repo.commit("Desain konten: wisuda")
    repo.sign_all(BRANCH)
    merge(repo, BRANCH)


def propose(repo: Repo, branch: str, text: str) -> str:
    """A change of the published draft on ``branch``; its checklist."""
    repo.branch(branch)
    repo.write(DRAFT, text)
    repo.commit(f"Ubah wisuda: {branch}")
    repo.switch("main")
    return repo.humas("status", branch).out


def sign(repo: Repo, branch: str, *signers: tuple[str, str]) -> None:
    for who, role in signers:
        run = repo.sign(branch, who, role)
        assert run.code == 0, run.err


def merge(repo: Repo, branch: str) -> None:
    merged = repo.humas("merge", branch)
    assert merged.code == 0, merged.out + merged.err
    repo.switch("main")


def life(repo: Repo) -> Life:
    with approved_publications(GitRepo(repo.root)) as approvals:
        found = {p.id: p.life for p in approvals.publications}
    assert "2025/wisuda" in found, approvals.excluded
    return found["2025/wisuda"]


def lembar(repo: Repo, change: str, out: Path, pages: int = 1) -> str:
    """The words of the Lembar Pengesahan ``humas lembar`` prints for ``change`` (on ``pages`` pages)."""
    done = repo.humas("lembar", change, "--out", str(out))
    assert done.code == 0, done.err
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return re.sub(r"\d\d-\d\d-\d{4} \d\d:\d\d WIB", "<waktu>", text)


REREN = "Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom (Pengarah (Direktur), <waktu>)"
SPI = "Ketua SPI (Pengendali Publikasi (SPI), <waktu>)"


def status_line(checklist: str) -> str:
    return next(line for line in checklist.splitlines() if line.startswith("Status:"))


def test_corrected_then_withdrawn(published: Repo, tmp_path: Path) -> None:
    repo = published  # wisuda signed and merged (tests/ralat/conftest.py)
    assert life(repo) == Life()

    # a correction without its note is refused, naming the field and what to write
    checklist = propose(repo, "ralat/tanpa-catatan", publikasi(body="Isi berita yang benar.\n"))
    assert status_line(checklist) == (
        "Status: tidak dapat dilanjutkan: 2025/wisuda sudah dipublikasikan: perubahan ini adalah ralat; tulis pada "
        "front-matter-nya kolom ralat berisi satu kalimat singkat tentang apa yang diralat"
    )
    refused = repo.humas("merge", "ralat/tanpa-catatan")
    assert refused.code == 1

    # with it, the publication's own chain signs it (corrections: default)
    checklist = propose(repo, "ralat/wisuda", publikasi(extra=f"ralat: {NOTE}\n", body="Isi berita yang benar.\n"))
    assert "Rantai ralat" in checklist
    assert "Berikutnya: Verifikasi — Kasubbag Akademik" in checklist
    repo.sign_all("ralat/wisuda")
    merge(repo, "ralat/wisuda")
    corrected = life(repo)
    assert [c.note for c in corrected.corrections] == [NOTE]
    assert corrected.withdrawal is None
    assert corrected.corrections[0].record.startswith(corrected.corrections[0].at.strftime("%Y-"))

    # the same note again is not a new correction
    checklist = propose(repo, "ralat/lagi", publikasi(extra=f"ralat: {NOTE}\n", body="Isi berita yang benar sekali.\n"))
    assert status_line(checklist) == (
        "Status: tidak dapat dilanjutkan: 2025/wisuda sudah dipublikasikan: perubahan ini adalah ralat; catatan "
        "ralat-nya sama dengan ralat sebelumnya: tulis pada kolom ralat apa yang diralat oleh perubahan ini"
    )

    # a withdrawal only adds ditarik: pengendalian and pengesahan sign it
    checklist = propose(
        repo, "tarik/wisuda", publikasi(extra=f"ralat: {NOTE}\n{TARIK}", body="Isi berita yang benar.\n")
    )
    assert "Rantai penarikan" in checklist
    assert "Berikutnya: Pengendalian — Ketua SPI" in checklist
    sign(repo, "tarik/wisuda", ("spi", "pengendali"))
    assert "Berikutnya: Pengesahan — Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom" in repo.humas("status", "tarik/wisuda").out
    sign(repo, "tarik/wisuda", ("reni", "pengarah"))
    merge(repo, "tarik/wisuda")
    withdrawn = life(repo)
    assert withdrawn.corrections == corrected.corrections
    assert withdrawn.withdrawal is not None
    assert (withdrawn.withdrawal.reason, withdrawn.withdrawal.urgent, withdrawn.withdrawal.confirmed) == (
        "Acara dibatalkan",
        False,
        True,
    )
    assert withdrawn.modified == withdrawn.withdrawal.at
    sheet = lembar(repo, BRANCH, tmp_path / "lembar.pdf")
    assert (
        "Setelah publikasi: ralat dan penarikan Tindakan Catatan Penanda tangan Waktu "
        f"Ralat “{NOTE}” Kasubbag Akademik (Verifikator (Kasubbag), <waktu>); {SPI}; "
        f"Wakil Direktur I (Penanggung Jawab (Wakil Direktur), <waktu>); {REREN} <waktu> "
        f"Penarikan “Acara dibatalkan” {SPI}; {REREN} <waktu>"
    ) in sheet

    # the Mutu Baku report of the month lists both acts
    month = withdrawn.withdrawal.at.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m")
    done = repo.humas("laporan", "--bulan", month, "--out", str(tmp_path / "laporan"))
    assert done.code == 0, done.err
    page = (tmp_path / "laporan" / f"laporan-{month}.html").read_text(encoding="utf-8")
    section = page[page.index('<section class="tindakan">') :]
    cells = re.findall(r"<td>(.*?)</td>", section[: section.index("</section>")])
    assert [cells[0:4], cells[5:9]] == [
        [
            "Ralat",
            "2025/wisuda",
            NOTE,
            "Kasubbag Akademik; Ketua SPI; Wakil Direktur I; Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom",
        ],
        ["Penarikan", "2025/wisuda", "Acara dibatalkan", "Ketua SPI; Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom"],
    ]

    # the archive says nothing by itself: a record's title and time edited by hand on arsip change nothing
    for act in (withdrawn.corrections[0].record, withdrawn.withdrawal.record):
        path = f"records/{act}/record.json"
        data = json.loads(repo.git("show", f"arsip:{path}"))
        data["title"], data["merged_at"] = "Ralat: Catatan palsu", "2020-01-01T00:00:00+00:00"
        rewrite_arsip(repo, path, json.dumps(data))
    assert life(repo) == withdrawn


def test_urgent_withdrawal_by_the_pengarah_alone_then_confirmed(published: Repo, tmp_path: Path) -> None:
    repo = published  # wisuda signed and merged (tests/ralat/conftest.py)
    checklist = propose(repo, "tarik/darurat", publikasi(extra=URGENT))
    assert "Rantai penarikan-darurat" in checklist
    assert "Berikutnya: Pengesahan — Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom" in checklist
    assert "Penarikan darurat sedang berjalan: 2025/wisuda (tarik/darurat)" in repo.humas("status", "main").out
    refused = repo.sign("tarik/darurat", "spi", "pengendali")
    assert refused.code != 0
    sign(repo, "tarik/darurat", ("reni", "pengarah"))
    merge(repo, "tarik/darurat")
    urgent = life(repo).withdrawal
    assert urgent is not None
    assert (urgent.reason, urgent.urgent, urgent.confirmed) == ("Data pribadi tersebar", True, False)
    record = json.loads(repo.git("show", f"arsip:records/{urgent.record}/record.json"))
    assert [chain["name"] for chain in record["chains"]] == ["penarikan-darurat"]  # the override, as recorded
    assert f"Penarikan darurat, belum dikonfirmasi rantai penarikan “Data pribadi tersebar” {REREN} <waktu>" in lembar(
        repo, BRANCH, tmp_path / "darurat.pdf"
    )
    overview = repo.humas("status", "main").out
    assert (
        f"Penarikan darurat yang belum dikonfirmasi: 2025/wisuda (catatan {urgent.record}): ubah darurat menjadi "
        "false dan tandatangani dengan rantai penarikan" in overview
    )

    checklist = propose(repo, "tarik/konfirmasi", publikasi(extra=CONFIRMED))
    assert "Rantai penarikan" in checklist
    assert "Berikutnya: Pengendalian — Ketua SPI" in checklist
    sign(repo, "tarik/konfirmasi", ("spi", "pengendali"), ("reni", "pengarah"))
    merge(repo, "tarik/konfirmasi")
    confirmed = life(repo).withdrawal
    assert confirmed is not None
    assert (confirmed.record, confirmed.urgent, confirmed.confirmed) == (urgent.record, True, True)
    assert "Penarikan darurat yang belum dikonfirmasi" not in repo.humas("status", "main").out
    assert f"Penarikan darurat, sudah dikonfirmasi rantai penarikan “Data pribadi tersebar” {REREN} <waktu>" in lembar(
        repo, BRANCH, tmp_path / "dikonfirmasi.pdf"
    )
