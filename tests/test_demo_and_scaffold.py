"""``humas demo``, ``humas init`` and ``humas new`` as a new user runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.forge.test_provenance import NO_TRUST_ROOT, guidance
from tests.helpers import HUMAS, Repo, base_env

ROOT = Path(__file__).resolve().parents[1]


def test_demo_plays_the_whole_sop_and_publishes_only_the_signed_publication(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    done = subprocess.run([HUMAS, "demo", str(target)], env=base_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Status: menunggu Pengendalian (Ketua SPI)" in out
    assert "Status: perbaikan diminta oleh Kasubbag Umum" in out
    assert "publikasi/wisuda-angkatan-2025: ditandatangani keempat pejabat dan digabungkan sebagai " in out
    site = target / "site"
    assert (site / "2025/wisuda-angkatan-2025/index.html").is_file()
    assert (site / "2025/wisuda-angkatan-2025/foto-1.jpg").is_file()
    assert not (site / "2025/bakti-sosial-kepulauan-seribu").exists()
    assert not (site / "2025/layanan-informasi-publik").exists()
    every_page = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Wisuda Angkatan 2025" in every_page
    assert "Bakti Sosial Mahasiswa" not in every_page and "Layanan Informasi Publik" not in every_page
    assert sorted(p.name for p in (target / "outbox").iterdir()) == ["facebook", "instagram"]
    repo = Repo(target)
    files = repo.git("ls-tree", "-r", "--name-only", "arsip").split()
    sheets = [f for f in files if f.endswith("lembar-pengesahan.html")]
    assert len(sheets) == 3  # arahan, rencana, and the signed publication
    assert [f for f in files if f.startswith("reviews/")], "the open changes keep their reviews"
    status = repo.humas("status", "publikasi/bakti-sosial-kepulauan-seribu")
    assert "Berikutnya: Pengendalian — Ketua SPI" in status.out


def test_init_writes_this_repositorys_own_files_and_commits_them(tmp_path: Path) -> None:
    """One source: what ``humas init`` writes is what this repository holds at its top, byte for byte, and
    the pipeline package itself, so the new repository's workflows install humas from their checkout."""
    target = tmp_path / "baru"
    done = subprocess.run([HUMAS, "init", str(target)], env=base_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{target} telah dibuat: sunting sop.yml (orang dan peran), lalu commit ke main.\n"
    tracked = set(Repo(target).git("ls-files").split())
    workflows = sorted(p.name for p in (ROOT / ".github/workflows").glob("*.yml"))
    skeleton = [
        "sop.yml",
        "mkdocs.yml",
        "CODEOWNERS",
        "pyproject.toml",
        "requirements.lock",
        *(f".github/workflows/{name}" for name in workflows),
    ]
    for path in skeleton:
        assert (target / path).read_bytes() == (ROOT / path).read_bytes(), path
    assert {".gitignore", "content/publikasi/.gitkeep", "pipeline/cli.py", "pipeline/sop/evaluate.py"} <= tracked
    assert not [p for p in tracked if "__pycache__" in p or p.startswith(("tests/", "content/publikasi/2025"))]


def test_a_clone_of_this_repository_is_the_institutions_repository(tmp_path: Path) -> None:
    """check, status and build work on the repository's own content/ (the starter set, never signed, is
    left out of the website, and the build says why) once its files are one founding commit, as GitHub's
    "use this template" makes them. A clone of the product's own history is refused: its rules were
    committed straight to main, never through the SOP."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=base_env())
    repo = Repo(clone)
    check = repo.humas("check")
    assert (check.code, check.out) == (0, "3 draf OK\n"), check.out + check.err
    refused = repo.humas("status")
    last = repo.git("log", "--first-parent", "-1", "--format=%h", "--", "sop.yml").strip()
    assert refused.code == 1
    assert refused.err.startswith(
        "humas: aturan di main tidak berasal dari rantai SOP; humas tidak akan memakainya:\n"
        f"  sop.yml: terakhir diubah di main oleh {last} "
    )
    assert refused.err.endswith(f"\n{NO_TRUST_ROOT}\n")  # and how to start a repository of one's own
    repo.git("checkout", "-q", "--orphan", "template")
    repo.git("commit", "-q", "-m", "Initial commit")
    repo.git("branch", "-q", "-M", "main")
    status = repo.humas("status")
    assert (status.code, status.out) == (0, guidance() + "\nTidak ada perubahan yang sedang berjalan.\n")
    build = repo.humas("build", "--out", str(tmp_path / "site"))
    assert build.code == 0, build.err
    assert build.out.splitlines()[0] == (
        "dikecualikan: 2025/wisuda-angkatan-2025: tidak ada catatan pengesahan (di-commit ke main tanpa rantai SOP)"
    )
    assert (tmp_path / "site/index.html").is_file()


def test_new_scaffolds_each_kind_and_the_check_names_each_example_value(repo: Repo) -> None:
    arahan = repo.humas("new", "arahan", "Arahan Semester Genap", "--date", "2025-07-01")
    assert arahan.code == 0 and arahan.out == "content/arahan/2025-07-01-arahan-semester-genap.md\n"
    rencana = repo.humas("new", "rencana", "Rencana Semester Genap", "--date", "2025-07-02")
    assert rencana.out == "content/rencana/2025-07-02-rencana-semester-genap.md\n"
    publikasi = repo.humas("new", "publikasi", "Dies Natalis ke-25", "--bidang", "umum", "--date", "2025-08-17")
    assert publikasi.out == "content/publikasi/2025/dies-natalis-ke-25/index.md\n"
    channels = repo.humas(
        "new",
        "publikasi",
        "Wisuda",
        "--bidang",
        "umum",
        "--date",
        "2025-09-01",
        "--channels",
        "website,instagram,facebook,tiktok,youtube,threads",
    )
    assert channels.code == 0, channels.err
    # An unedited scaffold is not a publication: each example value is named, by file, line and field.
    check = repo.humas("check")
    example = "masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"
    arahan_file, rencana_file = arahan.out.strip(), rencana.out.strip()
    dies, wisuda = publikasi.out.strip(), channels.out.strip()
    assert check.code == 1
    missing = "berkas tidak ditemukan: {} (letakkan di sebelah index.md)"
    privacy = (
        "wajib diisi: TikTok tidak memberikan nilai bawaan (yang boleh: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, "
        "FOLLOWER_OF_CREATOR, SELF_ONLY, sesuai yang diizinkan akun)"
    )
    assert check.out.splitlines() == [
        f"{arahan_file}:7: dasar[2]: {example}",
        f"{arahan_file}:9: body: {example}",
        f"{dies}:5: summary: {example}",
        f"{dies}:9: body: {example}",
        f"{wisuda}:5: summary: {example}",
        f"{wisuda}:9: channels.instagram.caption: {example}",
        f"{wisuda}:10: channels.instagram.media[0]: {missing.format('foto-1.jpg')}",
        f"{wisuda}:12: channels.facebook.caption: {example}",
        f"{wisuda}:13: channels.facebook.media[0]: {missing.format('foto-1.jpg')}",
        f"{wisuda}:14: channels.tiktok.privacy: {privacy}",
        f"{wisuda}:15: channels.tiktok.caption: {example}",
        f"{wisuda}:16: channels.tiktok.video: {missing.format('video.mp4')}",
        f"{wisuda}:19: channels.youtube.description: {example}",
        f"{wisuda}:20: channels.youtube.video: {missing.format('video.mp4')}",
        f"{wisuda}:22: channels.threads.text: {example}",
        f"{wisuda}:24: body: {example}",
        f"{rencana_file}:7: items[0].title: {example}",
        f"{rencana_file}:12: body: {example}",
    ]
    # Written over, the same drafts pass.
    for path in (arahan_file, rencana_file, dies):
        text = (repo.root / path).read_text(encoding="utf-8")
        for example_text in ('"IKU: …"', '"…"', "Catatan arahan Direktur.", "Rencana konten.", "Tulis artikel"):
            text = text.replace(example_text, '"IKU 3: publikasi ilmiah"' if "IKU" in example_text else "Isi nyata")
        (repo.root / path).write_text(text, encoding="utf-8")
    assert repo.humas("check", arahan_file, rencana_file, dies).out == "3 draf OK\n"


def test_new_refuses_an_unknown_bidang_or_channel(repo: Repo) -> None:
    run = repo.humas("new", "publikasi", "X", "--bidang", "olahraga")
    assert run.code == 2
    assert run.err == "humas: --bidang: 'olahraga' tidak dikenal (yang boleh: akademik, umum, kemahasiswaan)\n"
    run = repo.humas("new", "publikasi", "X")
    assert (run.code, run.err) == (2, "humas: --bidang: belum diisi (yang boleh: akademik, umum, kemahasiswaan)\n")
    run = repo.humas("new", "publikasi", "X", "--bidang", "umum", "--channels", "website,myspace")
    assert run.err == (
        "humas: --channels: kanal 'myspace' tidak dikenal (yang boleh: website, instagram, tiktok, facebook, youtube, "
        "threads)\n"
    )
    english = {"HUMAS_LANGUAGE": "en"}
    run = repo.humas("new", "publikasi", "X", "--bidang", "umum", "--channels", "website,myspace", env=english)
    assert run.err == (
        "humas: --channels: unknown channel 'myspace' (allowed: website, instagram, tiktok, facebook, youtube, "
        "threads)\n"
    )


def test_new_refuses_a_date_that_is_not_one_in_either_language(repo: Repo) -> None:
    run = repo.humas("new", "arahan", "X", "--date", "17-08-2025")
    assert (run.code, run.err) == (2, "humas: --date: '17-08-2025' bukan tanggal (yang boleh: YYYY-MM-DD)\n")
    run = repo.humas("new", "arahan", "X", "--date", "17-08-2025", env={"HUMAS_LANGUAGE": "en"})
    assert (run.code, run.err) == (2, "humas: --date: '17-08-2025' is not a date (allowed: YYYY-MM-DD)\n")
    assert not list(repo.root.glob("content/arahan/*-x.md"))
