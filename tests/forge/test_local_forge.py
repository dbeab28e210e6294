"""The local forge, driven through the real ``humas`` command on real git repositories."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import Repo, base_env, publikasi, run_humas


def test_status_prints_the_checklist_and_who_is_next(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    run = repo.humas("status", branch)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "Daftar periksa SOP Publikasi — Politeknik Kesehatan Kemenkes Jakarta II"
    assert lines[2] == "Status: menunggu Verifikasi (Kasubbag Akademik)"
    assert lines[4] == "Rantai publikasi"
    assert lines[5].split()[:6] == ["…", "Verifikasi", "Verifikator", "(Kasubbag),", "bidang", "akademik"]
    assert "menunggu: Kasubbag Akademik" in lines[5]
    assert lines[-2] == "Berikutnya: Verifikasi — Kasubbag Akademik"
    assert lines[-1] == "  perintah: humas review approve publikasi/wisuda --role verifikator"


def test_refused_when_the_identity_lacks_the_role_for_the_bidang(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    run = repo.sign(branch, "umum", "verifikator")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: Kasubbag Umum tidak memegang peran verifikator untuk bidang akademik "
        "(pemegang: Kasubbag Akademik)\n"
    )
    assert "Traceback" not in run.err


def test_refused_when_the_identity_is_not_in_sop(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    run = repo.sign(branch, "stranger", "verifikator")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: luar@example.com bukan orang yang terdaftar di sop.yml "
        "(tambahkan di bawah people: dengan e-mail ini)\n"
    )


def test_refused_when_the_identity_authored_the_change(repo: Repo) -> None:
    repo.branch("publikasi/oleh-kasubbag")
    repo.write("content/publikasi/2025/oleh-kasubbag/index.md", publikasi())
    repo.commit("draft", who="humas1")
    repo.write("content/publikasi/2025/oleh-kasubbag/index.md", publikasi(body="Diperbaiki.\n"))
    repo.commit("fix", who="akademik")
    run = repo.sign("publikasi/oleh-kasubbag", "akademik", "verifikator")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: Kasubbag Akademik menulis commit dalam perubahan ini dan tidak dapat menandatanganinya\n"
        "Kasubbag Akademik adalah penulis perubahan ini dan tidak dapat menandatangani Verifikasi, dan tidak ada "
        "pemegang lain peran verifikator untuk bidang akademik: tambahkan seseorang di sop.yml (roles.verifikator) "
        "melalui perubahan yang ditandatangani Direktur\n"
    )


def test_refused_when_the_step_has_not_come(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    run = repo.sign(branch, "reni", "pengarah")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: belum waktunya: Pengesahan baru dapat ditandatangani setelah Verifikasi selesai; tunggu "
        "Kasubbag Akademik\n"
    )


def test_refused_when_the_person_already_signed_another_step(repo: Repo) -> None:
    sop = (repo.root / "sop.yml").read_text().replace("pengendali: [spi]", "pengendali: [spi, kasubbag_akademik]")
    repo.write("sop.yml", sop)
    repo.refound()
    repo.branch("publikasi/dua-peran")
    repo.write("content/publikasi/2025/dua-peran/index.md", publikasi())
    repo.commit("draft")
    assert repo.sign("publikasi/dua-peran", "akademik", "verifikator").code == 0
    run = repo.sign("publikasi/dua-peran", "akademik", "pengendali")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: Kasubbag Akademik sudah menandatangani tahap Verifikasi dari perubahan "
        "ini (setiap tahap memerlukan orang yang berbeda)\n"
    )


def test_merge_refuses_an_incomplete_chain_and_says_what_is_missing(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    assert repo.sign(branch, "akademik", "verifikator").code == 0
    main_before = repo.git("rev-parse", "main")
    run = repo.humas("merge", branch)
    assert run.code == 1
    assert run.err.startswith("humas: publikasi/wisuda tidak dapat digabungkan: rantai SOP belum lengkap\n")
    assert "Status: menunggu Pengendalian (Ketua SPI)" in run.err
    assert repo.git("rev-parse", "main") == main_before


def test_merge_carries_every_signature_as_a_trailer_and_writes_the_record(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    head = repo.git("rev-parse", branch).strip()
    repo.sign_all(branch)
    run = repo.humas("merge", branch)
    assert run.code == 0, run.err
    message = repo.git("log", "-1", "--format=%B", "main")
    assert message.startswith("Merge publikasi/wisuda: Wisuda Angkatan 2025\n")
    trailers = repo.git("log", "-1", "--format=%(trailers:only,unfold)", "main").strip().splitlines()
    assert [t.split(":")[0] for t in trailers] == [
        "Humas-Verifikasi",
        "Humas-Pengendalian",
        "Humas-Persetujuan",
        "Humas-Pengesahan",
        "Humas-Head",
    ]
    assert trailers[0].startswith(
        "Humas-Verifikasi: Kasubbag Akademik <akademik@poltekkesjkt2.ac.id>; role=verifikator; bidang=akademik; at="
    )
    assert trailers[-1] == f"Humas-Head: {head}"
    assert repo.git("rev-parse", "main^2").strip() == head
    files = repo.git("ls-tree", "-r", "--name-only", "arsip").split()
    records = [f for f in files if f.startswith("records/")]
    assert sorted(f.rsplit("/", 1)[1] for f in records) == [
        "lembar-pengesahan.html",
        "lembar-pengesahan.md",
        "lembar-pengesahan.pdf",
        "record.json",
    ]
    assert not [f for f in files if f.startswith("reviews/")], "open reviews move into the record on merge"
    sheet = repo.git("show", f"arsip:{records[1]}")
    assert "# LEMBAR PENGESAHAN" in sheet
    assert "| Nomor SOP | OT.02.02/F.XXXIV/0764/2025 |" in sheet
    assert (
        "| 4 | Pengesahan | Pengarah (Direktur) | Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom | Direktur | "
        "197306131997032001 | ditandatangani |"
    ) in sheet
    assert "`content/publikasi/2025/wisuda/index.md`" in sheet


def test_a_new_commit_after_signatures_makes_them_stale(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    repo.sign_all(branch)
    repo.switch(branch)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(body="Diubah setelah disahkan.\n"))
    repo.commit("late edit")
    run = repo.humas("merge", branch)
    assert run.code == 1
    assert "Kasubbag Akademik: menandatangani commit lama" in run.err


def test_a_request_for_changes_blocks_the_merge(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    assert repo.sign(branch, "akademik", "verifikator").code == 0
    run = repo.sign(branch, "spi", "pengendali", "request-changes", "Perbaiki judul")
    assert run.code == 0, run.err
    assert "Status: perbaikan diminta oleh Ketua SPI" in run.out
    assert "Ketua SPI (" in run.out and "): Perbaiki judul" in run.out
    for who, role in (("spi", "pengendali"), ("wadir1", "penanggung_jawab"), ("reni", "pengarah")):
        assert repo.sign(branch, who, role).code == 0
    assert repo.humas("merge", branch).code == 0


def test_reviews_travel_with_clone_and_fetch(draft_branch: tuple[Repo, str], tmp_path) -> None:  # noqa: ANN001
    repo, branch = draft_branch
    assert repo.sign(branch, "akademik", "verifikator").code == 0
    repo.switch("main")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True, env=base_env())
    other = Repo(clone)
    other.git("branch", "-q", "arsip", "origin/arsip")
    other.git("branch", "-q", branch, f"origin/{branch}")
    run = other.humas("status", branch)
    assert "Status: menunggu Pengendalian (Ketua SPI)" in run.out
    assert other.sign(branch, "spi", "pengendali").code == 0
    other.git("push", "-q", "origin", "arsip")
    assert "Status: menunggu Persetujuan (Wakil Direktur I)" in repo.humas("status", branch).out


def test_a_change_to_sop_yml_grants_its_author_nothing(repo: Repo) -> None:
    repo.branch("publikasi/kudeta")
    sop = (repo.root / "sop.yml").read_text()
    sop = sop.replace("pengarah: [reni]", "pengarah: [reni, humas2]").replace(
        "pengendali: [spi]", "pengendali: [humas2]"
    )
    sop = sop.replace("steps: [verifikasi, pengendalian, persetujuan, pengesahan]", "steps: [verifikasi]")
    repo.write("sop.yml", sop)
    repo.write("content/publikasi/2025/kudeta/index.md", publikasi())
    repo.commit("give myself the roles", who="humas1")
    run = repo.humas("status", "publikasi/kudeta")
    assert "Rantai publikasi" in run.out and "Pengesahan" in run.out and "Rantai sistem" in run.out
    refused = repo.sign("publikasi/kudeta", "humas2", "pengendali")
    assert refused.code == 1
    assert refused.err == ("humas: tidak dicatat: Staf Humas 2 tidak memegang peran pengendali (pemegang: Ketua SPI)\n")
    assert repo.sign("publikasi/kudeta", "akademik", "verifikator").code == 0
    assert repo.humas("merge", "publikasi/kudeta").code == 1


def test_merge_of_a_missing_branch_is_a_clear_error(repo: Repo) -> None:
    run = repo.humas("merge", "tidak-ada")
    assert run.code == 1
    assert run.err == "humas: tidak ada cabang 'tidak-ada' (yang boleh: cabang lokal; lihat git branch)\n"


def test_outside_a_repository_is_a_usage_error(tmp_path) -> None:  # noqa: ANN001
    done = run_humas(["status", "x"], cwd=tmp_path, env=base_env())
    assert done.code == 2
    assert done.err.startswith("humas: ") and "bukan repositori git" in done.err


def test_status_on_main_lists_every_open_change(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    repo.branch("publikasi/kedua")
    repo.write("content/publikasi/2025/kedua/index.md", publikasi(title="Kedua", bidang="umum"))
    repo.commit("kedua")
    repo.sign("publikasi/kedua", "umum", "verifikator", "request-changes", "Perbaiki")
    repo.switch("main")
    run = repo.humas("status")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "Perubahan yang sedang berjalan: 2",
        "  ✖ publikasi/kedua   perbaikan diminta oleh Kasubbag Umum",
        "  … publikasi/wisuda  menunggu Verifikasi (Kasubbag Akademik)",
    ]


def test_merge_with_main_checked_out_updates_the_work_tree(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    repo.sign_all(branch)
    repo.switch("main")
    assert repo.humas("merge", branch).code == 0
    assert (repo.root / "content/publikasi/2025/wisuda/index.md").is_file()
    assert repo.git("status", "--porcelain") == ""


def test_merge_refuses_when_main_has_uncommitted_changes(draft_branch: tuple[Repo, str]) -> None:
    repo, branch = draft_branch
    repo.sign_all(branch)
    repo.switch("main")
    (repo.root / "sop.yml").write_text((repo.root / "sop.yml").read_text() + "\n# edited\n")
    run = repo.humas("merge", branch)
    assert run.code == 1
    assert run.err == "humas: main sedang dibuka dengan perubahan yang belum di-commit: commit atau stash dahulu\n"


def test_a_change_whose_content_has_problems_is_not_signed_nor_merged(repo: Repo) -> None:
    """Sign only what can merge: approve refuses before anything is signed or written, listing the same
    problems humas check prints; asking for the fix stays open; merge refuses too."""
    import os

    repo.branch("publikasi/tautan")
    repo.write("content/publikasi/2025/tautan/index.md", publikasi())
    os.symlink("/etc/passwd", repo.root / "content/publikasi/2025/tautan/sandi.txt")
    repo.commit("a link to a file of the machine")
    problem = (
        "content/publikasi/2025/tautan/sandi.txt: berupa tautan atau submodule (folder konten hanya boleh berisi "
        "berkas biasa: tanpa tautan)"
    )
    arsip = repo.git("rev-parse", "--verify", "-q", "arsip") if "arsip" in repo.git("branch", "--list", "arsip") else ""
    approve = repo.sign("publikasi/tautan", "akademik", "verifikator")
    assert (approve.code, approve.err.splitlines()) == (
        1,
        [
            "humas: tidak dicatat: isi publikasi/tautan masih bermasalah: perbaiki dulu (humas check), commit ke "
            "cabang yang sama, lalu minta tanda tangan lagi",
            problem,
        ],
    )
    assert (repo.git("rev-parse", "--verify", "-q", "arsip") if arsip else "") == arsip  # nothing written
    asked = repo.sign("publikasi/tautan", "akademik", "verifikator", "request-changes", "hapus tautannya")
    assert asked.code == 0, asked.err
    run = repo.humas("merge", "publikasi/tautan")
    assert run.code == 1
    assert run.err.splitlines() == [
        "humas: publikasi/tautan tidak dapat digabungkan: isinya bermasalah (jalankan humas check)",
        problem,
    ]


def test_a_change_to_what_the_public_reads_needs_spi_then_the_direktur(repo: Repo) -> None:
    """mkdocs.yml changes every page: the Direktur alone cannot merge it; SPI controls it first."""
    branch = "situs/hak-cipta"
    repo.branch(branch)
    site = (repo.root / "mkdocs.yml").read_text()
    repo.write("mkdocs.yml", site.replace("copyright: Hak cipta", "copyright: Hak cipta 2026"))
    repo.commit("Hak cipta 2026", who="humas2")
    alone = repo.sign(branch, "reni", "pengarah")
    assert (alone.code, alone.err) == (
        1,
        "humas: tidak dicatat: belum waktunya: Pengesahan baru dapat ditandatangani setelah Pengendalian selesai; "
        "tunggu Ketua SPI\n",
    )
    status = repo.humas("status", branch)
    assert "Status: menunggu Pengendalian (Ketua SPI)" in status.out and "Rantai sistem" in status.out
    assert repo.humas("merge", branch).code == 1
    assert repo.sign(branch, "spi", "pengendali").code == 0
    assert "Berikutnya: Pengesahan — Dr. Reni Chairani" in repo.humas("status", branch).out
    assert repo.humas("merge", branch).code == 1
    assert repo.sign(branch, "reni", "pengarah").code == 0
    merged = repo.humas("merge", branch)
    assert merged.code == 0, merged.err


def test_an_unedited_scaffold_cannot_be_approved_and_each_example_value_is_named(repo: Repo) -> None:
    repo.branch("publikasi/dies-natalis")
    made = repo.humas("new", "publikasi", "Dies Natalis", "--bidang", "akademik", "--date", "2025-08-17")
    assert made.code == 0, made.err
    repo.commit("humas new")
    path = made.out.strip()
    refused = repo.sign("publikasi/dies-natalis", "akademik", "verifikator")
    example = "masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"
    assert (refused.code, refused.err.splitlines()) == (
        1,
        [
            "humas: tidak dicatat: isi publikasi/dies-natalis masih bermasalah: perbaiki dulu (humas check), commit "
            "ke cabang yang sama, lalu minta tanda tangan lagi",
            f"{path}:5: summary: {example}",
            f"{path}:9: body: {example}",
        ],
    )
    status = repo.humas("status", "publikasi/dies-natalis").out
    assert "Status: menunggu Verifikasi" in status  # nothing signed
    lines = status.splitlines()  # the checklist says fix first, with the problems, and asks nobody to sign
    at = lines.index("Masalah konten:")
    assert lines[at + 1 : at + 3] == [f"  - {path}:5: summary: {example}", f"  - {path}:9: body: {example}"]
    assert any(line.startswith("Berikutnya: perbaiki dulu: betulkan masalah konten") for line in lines)
    assert "humas review approve" not in status


@pytest.mark.parametrize(
    ("decision", "said"),
    [
        ("approve", "Kasubbag Akademik menandatangani publikasi/wisuda ({head}) sebagai Verifikator (Kasubbag)."),
        (
            "request-changes",
            "Kasubbag Akademik meminta perbaikan pada publikasi/wisuda ({head}) sebagai Verifikator (Kasubbag).",
        ),
    ],
)
def test_the_signer_and_the_role_are_named_as_in_sop_yml_not_by_git_name_or_id(
    draft_branch: tuple[Repo, str], decision: str, said: str
) -> None:
    repo, branch = draft_branch
    head = repo.git("rev-parse", "--short=7", branch).strip()
    # git's name on this laptop is the person's id; the e-mail is what sop.yml knows them by
    run = repo.humas(
        "review",
        decision,
        branch,
        "--role",
        "verifikator",
        who="akademik",
        env={"GIT_AUTHOR_NAME": "kasubbag_akademik", "GIT_COMMITTER_NAME": "kasubbag_akademik"},
    )
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == said.format(head=head)
