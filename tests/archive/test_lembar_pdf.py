"""The Lembar Pengesahan as a PDF: the demo's signed publication on one A4 page, read back from the PDF."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from pipeline.archive.lembar import sheet_files, upload_of, upload_state_label
from pipeline.archive.models import parse_receipt
from pipeline.archive.record import read_record
from pipeline.archive.store import BranchStore
from pipeline.git import GitRepo
from pipeline.site.formats import format_date
from pipeline.sop.config import parse_sop
from tests.helpers import Repo, demo_copy

A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """A copy of the demo repository (made once per worker) for this module."""
    return demo_copy(demo_template, tmp_path_factory.mktemp("lembar"))


def words(pdf: Path) -> str:
    reader = PdfReader(pdf)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_signed_publication_is_one_a4_page_with_every_step(demo: Repo, tmp_path: Path) -> None:
    out = tmp_path / "lembar.pdf"
    done = demo.humas("lembar", "publikasi/wisuda-angkatan-2025", "--out", str(out))
    assert done.code == 0, done.err
    assert done.out.startswith(f"{out} (Wisuda Angkatan 2025, ")

    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4
    found = words(out)
    sop = parse_sop((demo.root / "sop.yml").read_text(encoding="utf-8"))
    signers = ["kasubbag_akademik", "spi", "wadir1", "reni"]
    for index, (person, elapsed) in enumerate(zip(signers, [8, 14, 6, 9], strict=True), start=1):
        entry = sop.people[person]
        assert entry.nip and f"NIP. {entry.nip}" in found, person
        assert entry.name.split(",")[0] in found and str(entry.jabatan) in found, person
        assert re.search(rf"\b{index} \w+ .*{elapsed} / 10 menit", found), (index, elapsed)
    for note in ("Data lulusan sesuai SK.", "Sesuai kebijakan publikasi.", "Disahkan."):
        assert f"“{note}”" in found
    assert "14 / 10 menit melewati Mutu Baku" in found and found.count("sesuai Mutu Baku") == 3
    assert "LEMBAR PENGESAHAN" in found and "Nomor SOP: OT.02.02/F.XXXIV/0764/2025" in found
    assert "Kanal Website, Instagram, Facebook" in found and "Bidang Akademik" in found
    assert "Instagram menunggu unggah manual" in found and "Facebook menunggu unggah manual" in found
    assert "Paraf" in found


def test_the_sheet_is_the_institution_form(demo: Repo, tmp_path: Path) -> None:
    """A kop surat, the office's words in the main table (git's only in the appendix), every channel of
    step 7 with its address, and the closing block where the Direktur signs."""
    out = tmp_path / "lembar.pdf"
    assert demo.humas("lembar", "publikasi/wisuda-angkatan-2025", "--out", str(out)).code == 0
    found = words(out)
    assert found.startswith(
        "POLITEKNIK KESEHATAN KEMENKES JAKARTA II Humas Jl. Hang Jebat III Blok F3, Kebayoran Baru, Jakarta "
        "Selatan 12120 LEMBAR PENGESAHAN Nomor SOP: OT.02.02/F.XXXIV/0764/2025 · Nama SOP: Publikasi melalui "
        "Website dan Media Sosial Judul konten Wisuda Angkatan 2025 Bidang Akademik Kanal Website, Instagram, Facebook"
    )
    form, appendix = found.split("Lampiran: jejak teknis")
    record = next(
        json.loads(demo.git("show", f"arsip:{p}"))
        for p in demo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if "wisuda" in p and p.endswith("/record.json")
    )
    for git_term in ("publikasi/wisuda", "Commit", "commit", record["head"][:12], record["merge_commit"][:12]):
        assert git_term not in form, git_term
    assert "Perubahan publikasi/wisuda-angkatan-2025" in appendix and record["head"] in appendix.replace(" ", "")
    assert "Website tayang di website https://humas.poltekkesjkt2.ac.id/2025/wisuda-angkatan-2025/" in form
    assert "Verifikator (Kasubbag), bidang Akademik" in form
    signed = datetime.fromisoformat(record["chains"][0]["steps"][-1]["signatures"][0]["at"])
    day = format_date(signed.astimezone(ZoneInfo("Asia/Jakarta")).date(), "id")
    assert form.endswith(
        f"Jakarta Selatan, {day} Mengesahkan, Direktur Politeknik Kesehatan Kemenkes Jakarta II "
        "Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom NIP. 197306131997032001 "
    )


def test_the_appendix_leads_to_the_record(demo: Repo, tmp_path: Path) -> None:
    records = [p for p in demo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json")]
    folder = next(p for p in records if "wisuda" in p).rsplit("/", 1)[0]
    record_id = folder.rsplit("/", 1)[1]
    merge = json.loads(demo.git("show", f"arsip:{folder}/record.json"))["merge_commit"]
    # by merge commit, to the default file name
    done = demo.humas("lembar", merge[:9], "--repo", str(demo.root), cwd=tmp_path)
    assert done.code == 0, done.err
    pdf = tmp_path / f"lembar-pengesahan-{record_id}.pdf"
    found = words(pdf)
    data = json.loads(demo.git("show", f"arsip:{folder}/record.json"))
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    digest = hashlib.sha256(canonical).hexdigest()
    assert " ".join(digest[i : i + 4] for i in range(0, 16, 4)) in found
    assert f"arsip:{folder}/record.json" in found.replace(" ", "")
    for path, info in data["files"].items():
        assert info["sha256"] in found.replace(" ", "") and path.rsplit("/", 1)[1] in found


def test_an_unknown_change_is_a_usage_error(demo: Repo, tmp_path: Path) -> None:
    done = demo.humas("lembar", "publikasi/tidak-ada", "--repo", str(demo.root), cwd=tmp_path)
    assert done.code == 2 and list(tmp_path.iterdir()) == []
    assert done.err.startswith(
        "humas: tidak ada catatan di arsip untuk 'publikasi/tidak-ada' (sebutkan id catatan, "
        "commit penggabungan, atau nama cabang; catatan terbaru: "
    )


def test_each_receipt_state_as_the_sheet_reads_it() -> None:
    package = {
        "state": "done",
        "post_id": "outbox:instagram/2025-wisuda",
        "url": None,
        "at": "2025-02-10T03:00:00Z",
        "details": {"package": "outbox/instagram/2025-wisuda"},
    }
    uploaded = {
        **package,
        "post_id": "17890001",
        "url": "https://www.instagram.com/p/abc/",
        "details": {"package": "outbox/instagram/2025-wisuda", "manual": True},
    }
    cases = [
        (package, "manual_wait", "menunggu unggah manual", "waiting for manual upload"),
        (
            {"state": "waiting", "waiting_at": "2025-02-10T03:00:00Z"},
            "manual_wait",
            "menunggu unggah manual",
            "waiting for manual upload",
        ),
        (uploaded, "manual_done", "diunggah manual", "uploaded by hand"),
        ({"state": "done", "post_id": "1789", "url": "https://x.test/p"}, "done", "terunggah", "uploaded"),
        (
            {"state": "claimed", "deferred_at": "2025-02-10T03:00:00Z", "error": {"message": "kuota harian"}},
            "deferred",
            "ditunda",
            "deferred",
        ),
        ({"state": "failed", "error": {"message": "token kedaluwarsa"}}, "failed", "gagal", "failed"),
        ({"state": "claimed"}, "claimed", "sedang diproses", "in progress"),
        ({}, "new", "belum diunggah", "not uploaded"),
        (
            {
                "state": "withdrawn",
                "at": "2025-02-11T03:00:00Z",
                "details": {"package": "outbox/instagram/2025-wisuda"},
            },
            "withdrawn",
            "ditarik: tidak diunggah",
            "withdrawn: not to be uploaded",
        ),
    ]
    for receipt, state, indonesian, english in cases:
        upload = upload_of("2025/wisuda", "instagram", parse_receipt(receipt))
        assert upload.state == state, receipt
        assert upload_state_label(state, "id") == indonesian and upload_state_label(state, "en") == english
    assert upload_of("2025/wisuda", "instagram", parse_receipt(package)).post_id == ""
    assert upload_of("2025/wisuda", "instagram", parse_receipt(uploaded)).url == "https://www.instagram.com/p/abc/"
    failed = parse_receipt({"state": "failed", "error": {"message": "token kedaluwarsa"}})
    assert upload_of("p", "c", failed).error == "token kedaluwarsa"


def test_the_three_renderings_for_the_archive_folder(demo: Repo) -> None:
    paths = demo.git("ls-tree", "-r", "--name-only", "arsip").split()
    folder = next(p for p in paths if "wisuda" in p and p.endswith("/record.json")).rsplit("/", 1)[0]
    data = read_record(demo.git("show", f"arsip:{folder}/record.json").encode())
    assert data is not None
    files = sheet_files(folder, data)
    assert sorted(files) == [f"{folder}/lembar-pengesahan.{kind}" for kind in ("html", "md", "pdf")]
    assert files[f"{folder}/lembar-pengesahan.pdf"].startswith(b"%PDF-")
    assert f"arsip:{folder}/record.json".encode() in files[f"{folder}/lembar-pengesahan.html"]
    assert b"NIP. 197306131997032001" in files[f"{folder}/lembar-pengesahan.html"]


def test_a_record_that_does_not_verify_is_not_printed(demo: Repo, tmp_path: Path) -> None:
    paths = demo.git("ls-tree", "-r", "--name-only", "arsip").split()
    genuine = next(p for p in paths if "wisuda" in p and p.endswith("/record.json"))
    forged = json.loads(demo.git("show", f"arsip:{genuine}"))
    forged.update(change="publikasi/palsu", title="Berita Palsu", merge_commit="f" * 40)
    folder = "records/2026-01-01-publikasi-palsu-fffffff"
    BranchStore(GitRepo(demo.root)).write(
        {f"{folder}/record.json": json.dumps(forged).encode()}, "a record pushed by someone with push access"
    )
    done = demo.humas("lembar", "publikasi/palsu", "--repo", str(demo.root), cwd=tmp_path)
    assert done.code == 1 and list(tmp_path.iterdir()) == []
    assert done.err == (
        f"humas: {folder} tidak terverifikasi: commit penggabungannya tidak ada di main; Lembar Pengesahan "
        "tidak dicetak untuknya\n"
    )
