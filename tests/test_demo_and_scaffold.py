"""``humas demo``, ``humas init`` and ``humas new`` as a new user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import skeleton
from tests.forge.test_provenance import NO_TRUST_ROOT, guidance
from tests.helpers import HUMAS, Repo, base_env
from tests.site.support import content, parse

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
    assert len(sheets) == 6  # arahan, rencana, the signed publication, the pages, the announcement, the agenda
    ppid = content(parse(site / "halaman/ppid/index.html"))
    assert ppid.texts("h2") == [
        "Informasi yang wajib disediakan dan diumumkan secara berkala",
        "Informasi yang wajib diumumkan secara serta merta",
        "Informasi yang wajib tersedia setiap saat",
        "Cara memperoleh informasi",
    ]
    tabs = [a.text() for a in parse(site / "index.html").find_all("a", "md-tabs__link")]
    assert tabs == [
        "Beranda",
        "Berita",
        "Pengumuman",
        "Agenda",
        "Bidang",
        "Tahun",
        "Profil",
        "PPID",
        "Layanan",
        "Kontak",
    ]
    assert content(parse(site / "agenda/index.html")).texts("p", "humas-item__meta") == [
        "Kamis, 18 September 2025 · 08.00–15.00 WIB · Aula Poltekkes Kemenkes Jakarta II, Kebayoran Baru"
    ]
    assert content(parse(site / "pengumuman/index.html")).texts("h3") == [
        "Penerimaan Mahasiswa Baru Tahun Akademik 2025/2026"
    ]
    assert [f for f in files if f.startswith("reviews/")], "the open changes keep their reviews"
    status = repo.humas("status", "publikasi/bakti-sosial-kepulauan-seribu")
    assert "Berikutnya: Pengendalian — Ketua SPI" in status.out


def test_init_writes_this_repositorys_own_files_and_commits_them(tmp_path: Path) -> None:
    """One source: what ``humas init`` writes is what this repository holds at its top, byte for byte, and
    the pipeline package itself, so the new repository's workflows install humas from their checkout."""
    target = tmp_path / "baru"
    done = subprocess.run([HUMAS, "init", str(target), "--example"], env=base_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{target} telah dibuat: sunting sop.yml (orang dan peran), lalu commit ke main.\n"
    tracked = set(Repo(target).git("ls-files").split())
    workflows = sorted(p.name for p in (ROOT / ".github/workflows").glob("*.yml") if p.name != "tests.yml")
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
    # every file of the package is committed, pipeline/site/ too (an unanchored "site/" ignored it)
    written = {p for p in (q.relative_to(target).as_posix() for q in (target / "pipeline").rglob("*")) if "." in p}
    assert {p for p in written if (target / p).is_file()} - tracked == set()
    assert "pipeline/site/build.py" in tracked
    assert ".github/workflows/tests.yml" not in tracked  # this project's own test suite: no tests/ there
    assert "/build/" in (target / ".gitignore").read_text().splitlines()  # what humas preview writes
    assert not Repo(target).git("status", "--porcelain", "--ignored")  # and nothing of it is left out
    assert not [p for p in tracked if "__pycache__" in p or p.startswith(("tests/", "content/publikasi/2025"))]
    assert not [p for p in tracked if p.startswith("content/") and not p.endswith(".gitkeep")]  # drafts come signed


def test_a_clone_of_this_repository_is_the_institutions_repository(tmp_path: Path) -> None:
    """check, status and build work on the repository's own content/ (the starter set, never signed, is
    left out of the website, and the build says why) once its files are one founding commit, as GitHub's
    "use this template" makes them. A clone of the product's own history is refused: its rules were
    committed straight to main, never through the SOP."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=base_env())
    repo = Repo(clone)
    check = repo.humas("check")  # the starter set: three drafts of the SOP, and the portal's six (skeleton.STARTER)
    assert (check.code, check.out) == (0, "9 draf OK\n"), check.out + check.err
    assert sorted(skeleton.starter()) == [
        "content/agenda/2025/seminar-gizi-nasional/index.md",
        "content/halaman/kontak/index.md",
        "content/halaman/layanan/index.md",
        "content/halaman/ppid/index.md",
        "content/halaman/profil/index.md",
        "content/pengumuman/2025/penerimaan-mahasiswa-baru/index.md",
    ]
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


ANSWERS = """\
institution: Politeknik Contoh Nusantara
unit: Hubungan Masyarakat
sop: {number: "SOP/HMS/07/2026", name: Publikasi Informasi Publik}
address: Jl. Merdeka No. 1, Kota Contoh 12345
site_url: https://humas.contoh-nusantara.ac.id/
kota: Kota Contoh
bidang: [akademik, umum]
people:
  direktur: {name: "Dr. Sari Wulandari, M.Kes", jabatan: Direktur, email: direktur@contoh-nusantara.ac.id,
             nip: "197001012000032001", github: sari-w}
  wadir1: {name: Budi Santoso, jabatan: Wakil Direktur I, email: wadir1@contoh-nusantara.ac.id}
  wadir2: {name: Rina Putri, jabatan: Wakil Direktur II, email: wadir2@contoh-nusantara.ac.id}
  spi: {name: Agus Salim, jabatan: Ketua SPI, email: spi@contoh-nusantara.ac.id}
  kasubbag: {name: Dewi Lestari, jabatan: Kasubbag Administrasi Umum, email: kasubbag@contoh-nusantara.ac.id}
  koordinator: {name: Tono Hartono, jabatan: Koordinator Humas, email: humas@contoh-nusantara.ac.id, github: tono-h}
  staf: {name: Lia Amalia, jabatan: Staf Humas, email: staf@contoh-nusantara.ac.id}
roles:
  pengarah: [direktur]
  penanggung_jawab: {akademik: [wadir1], umum: [wadir2]}
  pengendali: [spi]
  verifikator: {akademik: [kasubbag], umum: [kasubbag]}
  ketua_tim: [koordinator]
  anggota: [staf]
"""
# What names the product's example institution (its name, its Direktur, her NIP, its GitHub logins).
EXAMPLE = [
    b"Poltekkes",
    b"Jakarta II",
    b"poltekkesjkt2",
    b"Reni Chairani",
    b"197306131997032001",
    b"reni-c",
    b"pkj2",
]


def test_init_for_another_institution_from_an_answers_file_holds_nothing_of_the_example(tmp_path: Path) -> None:
    answers = tmp_path / "jawaban.yml"
    answers.write_text(ANSWERS, encoding="utf-8")
    target = tmp_path / "contoh"
    done = subprocess.run(
        [HUMAS, "init", str(target), "--answers", str(answers)], env=base_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"{target} telah dibuat untuk Politeknik Contoh Nusantara. Berikutnya: kunci tanda tangan para penanda tangan "
        "(humas kunci awal ORANG=KUNCI …), lalu setiap orang meng-clone repositori itu (README: Without GitHub, "
        "atau docs/github.md).\n"
    )
    found = [
        (str(path.relative_to(target)), word.decode())
        for path in sorted(target.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(target).parts
        for word in EXAMPLE
        if word in path.read_bytes()
    ]
    assert found == []
    sop = (target / "sop.yml").read_text(encoding="utf-8")
    assert 'institution: "Politeknik Contoh Nusantara"' in sop.splitlines()
    assert '  number: "SOP/HMS/07/2026"' in sop.splitlines()
    assert 'kota: "Kota Contoh"' in sop.splitlines()
    # comments in the SOP's language
    assert sop.startswith('# sop.yml: SOP "Publikasi Informasi Publik" sebagai aturan bagi humas.\n')
    assert "# Siapa memegang setiap peran SOP. Daftar: siapa pun yang tercantum; pemetaan: per bidang." in sop
    assert "# Who holds each role" not in sop
    assert 'site_name: "Politeknik Contoh Nusantara"' in (target / "mkdocs.yml").read_text(encoding="utf-8")
    codeowners = (target / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/sop.yml            @sari-w" in codeowners and "/content/rencana/   @tono-h" in codeowners
    repo = Repo(target)
    assert repo.git("log", "--format=%s").splitlines() == ["humas init: SOP Publikasi Informasi Publik"]
    assert "/build/" in (target / ".gitignore").read_text().splitlines()
    assert not (target / ".github/workflows/tests.yml").exists()
    # every workflow runs what the repository holds: no .ci/, Makefile or tests/ it would need
    for workflow in sorted((target / ".github/workflows").glob("*.yml")):
        text = workflow.read_text(encoding="utf-8")
        assert ".ci/" not in text and "make " not in text, workflow.name
    # the four standing pages, drafts to fill: the check names every example value, so none is merged unedited
    check = repo.humas("check")
    example = "masih berisi teks contoh dari humas new; ganti dengan isi yang sebenarnya"
    assert (check.code, check.out) == (
        1,
        "".join(
            f"content/halaman/{page}/index.md:{line}: {field}: {example}\n"
            for page in ("kontak", "layanan", "ppid", "profil")
            for line, field in ((4, "summary"), (9, "body"))
        ),
    ), check.err
    ppid = (target / "content/halaman/ppid/index.md").read_text(encoding="utf-8")
    assert "urutan: 2\n" in ppid and "\n## Informasi yang wajib diumumkan secara serta merta\n" in ppid
    status = repo.humas("status", "main")
    assert status.code == 0, status.err
    doctor = repo.humas("channels", "doctor")
    assert doctor.code == 0, doctor.out + doctor.err
    # the repository's own copy of humas (as its workflows install it) has no example to play
    own = subprocess.run(
        [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.argv[0] = 'humas'; main()", "demo", "x"],
        cwd=target,
        env=base_env(),
        capture_output=True,
        text=True,
    )
    assert own.returncode == 2
    assert own.stderr == (
        "humas: humas demo bukan bagian dari salinan humas di repositori ini (jalankan dari humas sendiri)\n"
    )


def test_every_comment_of_the_skeletons_sop_yml_has_its_indonesian_words() -> None:
    from pipeline import skeleton
    from pipeline.institution import translate_comments
    from pipeline.skeleton_id import SOP_COMMENTS

    class Recorder(dict[str, str]):
        def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
            blocks.append(key)
            return default

    blocks: list[str] = []
    translate_comments(skeleton.read("sop.yml").decode("utf-8"), Recorder())
    assert len(blocks) > 10
    assert [block for block in blocks if block not in SOP_COMMENTS] == []


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            ("direktur@contoh-nusantara.ac.id", "direktur at contoh"),
            "jawaban.yml: people.direktur.email: bukan alamat e-mail: 'direktur at contoh' (yang boleh: nama@domain)",
        ),
        (("  pengendali: [spi]\n", ""), "jawaban.yml: roles.pengendali: wajib diisi"),
        (("anggota: [staf]", "anggota: [staff]"), "jawaban.yml: roles.anggota: 'staff' tidak ada di bawah people"),
        (("site_url: https://", "site_url: ftp://"), "jawaban.yml: site_url: bukan alamat (yang boleh: https://…)"),
        (
            ("unit:", "satuan:"),
            "jawaban.yml: satuan: pengaturan tidak dikenal (yang boleh: institution, unit, sop, "
            "address, site_url, kota, language, bidang, people, roles)",
        ),
    ],
    ids=["email", "role missing", "unknown person", "site address", "unknown setting"],
)
def test_bad_answers_are_refused_with_every_problem_and_nothing_written(
    tmp_path: Path, edit: tuple[str, str], problem: str
) -> None:
    answers = tmp_path / "jawaban.yml"
    answers.write_text(ANSWERS.replace(*edit), encoding="utf-8")
    target = tmp_path / "contoh"
    done = subprocess.run(
        [HUMAS, "init", str(target), "--answers", "jawaban.yml"],
        env=base_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert problem in done.stderr.splitlines(), done.stderr
    assert not target.exists()


MALFORMED_ANSWERS = """\
institution: Politeknik Contoh
satuan: Humas
sop: SOP/HMS/01
bidang: akademik
people:
  direktur: Dr. Sari
  staf: {name: Lia, email: staf@contoh.ac.id, telepon: "0812"}
roles: [direktur]
"""
INCOMPLETE_ANSWERS = """\
institution: Politeknik Contoh
sop: {number: SOP/HMS/01}
address: Jl. Merdeka 1
site_url: ftp://contoh.ac.id
language: jv
bidang: [akademik, Umum]
people:
  Direktur: {email: direktur at contoh}
  staf: {name: Lia}
roles:
  pengarah: [Direktur]
  penanggung_jawab: {akademik: [wadir], umum: [staf], riset: []}
  pengendali: staf
  verifikator: [staf]
  ketua_tim: [staf]
  humas: [staf]
"""


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            MALFORMED_ANSWERS,
            [
                "humas: jawaban.yml tidak sah",
                "jawaban.yml: satuan: pengaturan tidak dikenal (yang boleh: institution, unit, sop, address, "
                "site_url, kota, language, bidang, people, roles)",
                "jawaban.yml: sop: seharusnya {number: …, name: …}",
                "jawaban.yml: bidang: seharusnya daftar nama, misalnya [akademik, umum]",
                "jawaban.yml: people.direktur: seharusnya {name: …, email: …}",
                "jawaban.yml: people.staf.telepon: pengaturan tidak dikenal (yang boleh: name, jabatan, email, nip, "
                "github)",
                "jawaban.yml: roles: seharusnya pemetaan peran ke orang",
            ],
        ),
        (
            INCOMPLETE_ANSWERS,
            [
                "humas: jawaban untuk humas init belum lengkap",
                "jawaban.yml: site_url: bukan alamat (yang boleh: https://…)",
                "jawaban.yml: language: 'jv' tidak dikenal (yang boleh: id, en)",
                "jawaban.yml: bidang: 'Umum': bidang harus berupa huruf kecil, angka, - atau _",
                "jawaban.yml: people.Direktur: id orang harus berupa huruf kecil, angka, - atau _",
                "jawaban.yml: people.Direktur.name: wajib diisi",
                "jawaban.yml: people.Direktur.email: bukan alamat e-mail: 'direktur at contoh' "
                "(yang boleh: nama@domain)",
                "jawaban.yml: people.staf.email: wajib diisi (identitas git, dan alamat tujuan pengingat)",
                "jawaban.yml: roles.penanggung_jawab.akademik: 'wadir' tidak ada di bawah people",
                "jawaban.yml: roles.penanggung_jawab.umum: bidang 'umum' tidak dikenal (yang boleh: akademik, Umum)",
                "jawaban.yml: roles.penanggung_jawab.riset: bidang 'riset' tidak dikenal (yang boleh: akademik, Umum)",
                "jawaban.yml: roles.penanggung_jawab.riset: seharusnya daftar id orang, misalnya [direktur]",
                "jawaban.yml: roles.pengendali: seharusnya daftar id orang, misalnya [direktur]",
                "jawaban.yml: roles.anggota: wajib diisi",
                "jawaban.yml: roles.humas: peran tidak dikenal (yang boleh: pengarah, penanggung_jawab, pengendali, "
                "verifikator, ketua_tim, anggota)",
            ],
        ),
    ],
    ids=["malformed", "incomplete"],
)
def test_every_problem_of_the_answers_is_listed_at_once_in_order(
    tmp_path: Path, text: str, problems: list[str]
) -> None:
    (tmp_path / "jawaban.yml").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [HUMAS, "init", str(tmp_path / "contoh"), "--answers", "jawaban.yml"],
        env=base_env(),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stderr.splitlines()) == (2, problems)
    assert not (tmp_path / "contoh").exists()


def test_init_without_answers_off_a_terminal_says_what_to_give(tmp_path: Path) -> None:
    done = subprocess.run(
        [HUMAS, "init", str(tmp_path / "baru")],
        env=base_env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "humas: sebutkan institusi pemilik repositori: --answers BERKAS (lihat README: humas init), opsi "
        "(--institution, --sop-number, …), atau jalankan humas init di terminal untuk ditanya; --example untuk "
        "institusi contoh produk, untuk mencoba humas\n"
    )
    assert not (tmp_path / "baru").exists()


def test_init_on_a_terminal_asks_for_the_institution_and_each_role(tmp_path: Path) -> None:
    """A person at a terminal answers humas init's questions, one per line (a real pseudo-terminal)."""
    import os
    import pty

    people = [
        ("Dr. Sari Wulandari", "direktur@contoh.ac.id"),  # Direktur
        ("Budi Santoso", "wadir1@contoh.ac.id"),  # Wakil Direktur (akademik)
        ("Rina Putri", "wadir2@contoh.ac.id"),  # (umum)
        ("Budi Santoso", "wadir1@contoh.ac.id"),  # (kemahasiswaan): the same person, named once
        ("Agus Salim", "spi@contoh.ac.id"),
        ("Dewi Lestari", "kasubbag@contoh.ac.id"),
        ("Dewi Lestari", "kasubbag@contoh.ac.id"),
        ("Dewi Lestari", "kasubbag@contoh.ac.id"),
        ("Tono Hartono", "humas@contoh.ac.id"),
        ("Lia Amalia", "staf@contoh.ac.id"),
    ]
    lines = ["Politeknik Contoh", "SOP/01/2026", "", "", "Jl. Contoh 1, Kota Contoh", "https://contoh.ac.id/"]
    for name, email in people:
        lines += [name, email]
    target = tmp_path / "ditanya"
    controller, terminal = pty.openpty()
    done = subprocess.Popen(
        [HUMAS, "init", str(target)], stdin=terminal, stdout=terminal, stderr=terminal, env=base_env()
    )
    os.close(terminal)
    os.write(controller, ("\n".join(lines) + "\n").encode())
    said = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    os.close(controller)
    assert done.wait(timeout=60) == 0, said.decode()
    text = said.decode().replace("\r\n", "\n")
    assert "Nama institusi: " in text and "Nama Direktur: " in text and "Nama Wakil Direktur (umum): " in text
    sop = (target / "sop.yml").read_text(encoding="utf-8")
    assert 'institution: "Politeknik Contoh"' in sop.splitlines()
    assert '  name: "Publikasi melalui Website dan Media Sosial"' in sop.splitlines()
    assert "    kemahasiswaan: [wadir1]" in sop.splitlines()
    assert sop.count("email: kasubbag@contoh.ac.id") == 1
