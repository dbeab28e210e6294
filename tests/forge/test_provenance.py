"""Main's rules have provenance, and the first keys come from the founding commit or the founding act.

sop.yml, mkdocs.yml (with docs/) and pipeline/ count only when the commit that last changed each of them
on main is a verified merge, the founding commit or the founding act. Each case runs the real ``humas``
command on a real repository, as the person in the story would."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import (
    Repo,
    Run,
    base_env,
    public_key,
    publikasi,
    rewrite_arsip,
    run_humas,
    through_the_sop,
)


def refusal(repo: Repo, path: str, why: str = "di-commit langsung ke main", *, last: bool = True) -> str:
    commit, subject = (
        repo.git("log", "--first-parent", "-1", "--format=%h%x1f%s", "main", "--", path).strip().split("\x1f")
    )
    return (
        "humas: aturan di main tidak berasal dari rantai SOP; humas tidak akan memakainya:\n"
        f'  {path}: terakhir diubah di main oleh {commit} "{subject}", yang bukan penggabungan terverifikasi dan '
        f"bukan commit pendirian ({why}): ajukan perubahan itu melalui SOP (cabang, semua tanda tangan, humas "
        f"merge), atau kembalikan {path} seperti sebelum commit itu\n" + (f"{NO_TRUST_ROOT}\n" if last else "")
    )


NO_TRUST_ROOT = (
    "  (salinan repositori lain beserta riwayatnya, misalnya klon humas sendiri, tidak memiliki akar kepercayaan "
    "sendiri: mulailah repositori institusi dengan humas init DIR, atau Use this template di GitHub, yang commit "
    "pertamanya menjadi akar kepercayaan)"
)


def sock_puppet_sop(repo: Repo) -> str:
    """sop.yml giving a sock puppet (humas1's second key) every role, with its key."""
    text = (repo.root / "sop.yml").read_text()
    text = text.replace(
        "# Who holds each role of the SOP.",
        f'  boneka: {{name: "Boneka", email: luar@example.com, signing_keys: ["{public_key("stranger")}"]}}\n\n'
        "# Who holds each role of the SOP.",
    )
    for role in ("pengarah: [reni]", "pengendali: [spi]", "anggota: [humas1, humas2]", "ketua_tim: [koordinator]"):
        text = text.replace(role, role.split(":")[0] + ": [boneka]")
    for holder in ("[wadir1]", "[wadir2]", "[wadir3]", "[kasubbag_akademik]", "[kasubbag_umum]"):
        text = text.replace(holder, "[boneka]")
    return text


def test_sop_yml_committed_straight_to_main_is_refused_by_every_command(repo: Repo) -> None:
    """A staff member who can push main gives a sock puppet every role and commits a publication."""
    repo.write("sop.yml", sock_puppet_sop(repo))
    repo.write("content/publikasi/2025/boneka/index.md", publikasi(title="Boneka"))
    repo.commit("sop.yml: pembaruan peran", who="humas1")
    repo.branch("publikasi/lain")
    repo.write("content/publikasi/2025/lain/index.md", publikasi())
    repo.commit("Desain konten")
    expected = refusal(repo, "sop.yml")
    for args in (
        ("build", "--out", "site"),
        ("publish",),
        ("status", "main"),
        ("status", "publikasi/lain"),
        ("review", "approve", "publikasi/lain", "--role", "verifikator"),
        ("merge", "publikasi/lain"),
    ):
        run = repo.humas(*args, who="stranger")
        assert (run.code, run.err) == (1, expected), args
    assert not (repo.root / "site").exists() and not (repo.root / "outbox").exists()
    assert "arsip" not in repo.git("branch", "--format=%(refname:short)").split()


def test_mkdocs_yml_committed_straight_to_main_is_refused_and_its_hook_never_runs(repo: Repo) -> None:
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + "\nhooks:\n  - docs/hook.py\n")
    repo.write("docs/hook.py", "from pathlib import Path\nPath('/tmp').joinpath('x')\nraise SystemExit(9)\n")
    repo.commit("mkdocs.yml: hook", who="humas1")
    run = repo.humas("build", "--out", "site")
    assert (run.code, run.out) == (1, "")
    assert run.err == refusal(repo, "mkdocs.yml", last=False) + refusal(repo, "docs").split("\n", 1)[1]
    assert not (repo.root / "site").exists()


def test_pipeline_changed_straight_on_main_is_refused(repo: Repo) -> None:
    repo.write("pipeline/__init__.py", "print('pwned')\n")
    repo.commit("pipeline: perbaikan kecil", who="humas2")
    run = repo.humas("publish", "--dry-run")
    assert (run.code, run.err) == (1, refusal(repo, "pipeline"))


def test_the_same_change_through_the_sop_is_used(repo: Repo) -> None:
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + "\nextra_css:\n  - css/kustom.css\n")
    repo.write("docs/css/kustom.css", ".md-header { background: #0c4a8c; }\n")
    through_the_sop(repo, "konfigurasi/warna", "the institution's colours")
    sop = (repo.root / "sop.yml").read_text().replace("pengendali: [spi]", "pengendali: [spi, wadir2]")
    repo.write("sop.yml", sop)
    through_the_sop(repo, "konfigurasi/pengendali", "wadir2 also controls")
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten")
    for who, role in (("akademik", "verifikator"), ("wadir2", "pengendali"), ("wadir1", "penanggung_jawab")):
        signed = repo.sign("publikasi/wisuda", who, role)
        assert signed.code == 0, signed.err
    assert repo.sign("publikasi/wisuda", "reni", "pengarah").code == 0
    assert repo.humas("merge", "publikasi/wisuda").code == 0
    repo.switch("main")
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    assert (repo.root / "site/css/kustom.css").is_file() and (repo.root / "site/2025/wisuda/index.html").is_file()
    assert repo.humas("status", "main").code == 0


def test_a_change_restored_exactly_counts_again(repo: Repo) -> None:
    before = (repo.root / "sop.yml").read_text()
    repo.write("sop.yml", sock_puppet_sop(repo))
    repo.commit("sop.yml: pembaruan peran", who="humas1")
    assert repo.humas("status", "main").code == 1
    repo.write("sop.yml", before)
    repo.commit("Kembalikan sop.yml", who="humas1")
    assert repo.humas("status", "main").code == 0


def test_a_merge_made_by_hand_with_a_record_copied_on_arsip_is_refused(repo: Repo) -> None:
    """Someone merges a sop.yml change with plain git and writes a record for it on arsip, copied from a
    real record of another merge."""
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + "\n# warna\n")
    through_the_sop(repo, "konfigurasi/warna", "colours")
    folder = next(p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json"))
    real = json.loads(repo.git("show", f"arsip:{folder}"))
    repo.branch("konfigurasi/boneka")
    repo.write("sop.yml", sock_puppet_sop(repo))
    repo.commit("peran baru", who="humas1")
    repo.switch("main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge konfigurasi/boneka", "konfigurasi/boneka", who="humas1")
    merge = repo.git("rev-parse", "main").strip()
    base, head = repo.git("rev-list", "--parents", "-n1", merge).split()[1:]
    forged = {**real, "merge_commit": merge, "base": base, "head": head, "change": "konfigurasi/boneka"}
    rewrite_arsip(repo, f"records/2026-01-01-konfigurasi-boneka-{merge[:7]}/record.json", json.dumps(forged))
    run = repo.humas("build", "--out", "site")
    assert run.code == 1
    assert run.err == refusal(
        repo,
        "sop.yml",
        "catatan pengesahannya tidak terverifikasi: rantai tidak lengkap saat diperiksa ulang (pending: waiting)",
    )


# --- the first keys -------------------------------------------------------------------------------------


def init(target: Path, *args: str) -> Run:
    return run_humas(["init", str(target), "--example", *args], cwd=target.parent, env=base_env())


def test_init_with_the_first_keys_lets_the_direktur_sign_a_konfigurasi_change_right_away(tmp_path: Path) -> None:
    key_file = tmp_path / "reni.pub"
    key_file.write_text(public_key("reni") + " reni@laptop\n")
    done = init(tmp_path / "repo", f"--key=reni={key_file}", "--key", f"spi={public_key('spi')}")
    assert done.code == 0, done.err
    assert done.out == f"{tmp_path / 'repo'} telah dibuat dengan kunci pertama reni, spi dalam commit pendiriannya.\n"
    repo = Repo(tmp_path / "repo")
    assert repo.git("rev-list", "--count", "main").strip() == "1"
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text() + "\n# warna\n")
    through_the_sop(repo, "konfigurasi/warna", "colours")
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err


def test_init_refuses_a_key_it_cannot_use_and_makes_nothing(tmp_path: Path) -> None:
    for args, message in (
        (
            ["--key", "direktur=ssh-ed25519 AAAA"],
            "humas: --key direktur: tidak ada orang ini di sop.yml (yang boleh: humas1, humas2, "
            "kasubbag_akademik, kasubbag_umum, koordinator, reni, spi, wadir1, wadir2, wadir3)\n",
        ),
        (
            ["--key", "reni=/nowhere/id.pub"],
            "humas: --key reni: '/nowhere/id.pub' bukan baris kunci publik OpenSSH dan bukan berkas yang memuatnya "
            "(yang boleh: isi ~/.ssh/id_ed25519.pub, atau lokasinya)\n",
        ),
        (
            ["--key", "reni"],
            "humas: --key 'reni': tulis ORANG=BERKAS_ATAU_BARIS_KUNCI (misalnya reni=~/.ssh/id_ed25519.pub)\n",
        ),
    ):
        done = init(tmp_path / "repo", *args)
        assert (done.code, done.err) == (2, message)
        assert not (tmp_path / "repo").exists()


PEOPLE = ["reni", "wadir1", "wadir2", "wadir3", "spi", "kasubbag_akademik", "kasubbag_umum", "koordinator", "humas1"]


def guidance() -> str:
    people = [*PEOPLE, "humas2"]
    return (
        "sop.yml di main belum mencantumkan kunci tanda tangan, sehingga belum ada tanda tangan yang dapat "
        "dihitung. Tulis "
        "kunci pertama satu kali, dalam satu commit di main (akta pendirian):\n"
        "1. Setiap orang membuat kunci dan mengatur git agar menandatangani dengannya (di komputernya sendiri):\n"
        "     ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519\n"
        "     git config --global gpg.format ssh\n"
        "     git config --global user.signingkey ~/.ssh/id_ed25519.pub\n"
        "   lalu mengirimkan ~/.ssh/id_ed25519.pub (bagian publik, jangan pernah berkas yang lain) sebagai ORANG.pub:\n"
        "     " + ", ".join(f"{p}.pub" for p in people) + "\n"
        "2. Pengelola main menjalankan, satu kali, di repositori ini:\n"
        "     humas kunci awal " + " ".join(f"{p}={p}.pub" for p in people) + "\n"
        "   (kunci orang yang belum siap ditambahkan kemudian melalui SOP, disahkan oleh Direktur)\n"
    )


def test_a_repository_without_keys_tells_each_person_what_to_run(tmp_path: Path) -> None:
    assert init(tmp_path / "repo").code == 0
    repo = Repo(tmp_path / "repo")
    status = repo.humas("status", "main")
    assert (status.code, status.out) == (0, guidance() + "\nTidak ada perubahan yang sedang berjalan.\n")
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten")
    review = repo.sign("publikasi/wisuda", "akademik", "verifikator")
    assert (review.code, review.err) == (2, "humas: " + guidance())


def test_the_founding_act_writes_the_first_keys_once(tmp_path: Path) -> None:
    assert init(tmp_path / "repo").code == 0
    repo = Repo(tmp_path / "repo")
    keys = [f"{p}={public_key({'kasubbag_akademik': 'akademik', 'kasubbag_umum': 'umum'}.get(p, p))}" for p in PEOPLE]
    done = repo.humas("kunci", "awal", *keys, who="reni")
    assert done.code == 0, done.err
    commit = repo.git("rev-parse", "--short", "main").strip()
    assert done.out == (
        f"Akta pendirian: kunci pertama {', '.join(PEOPLE)} ada di main sebagai {commit} "
        "(tercatat di arsip:founding/act.json).\n"
    )
    assert repo.git("diff", "--name-only", "main~1", "main").split() == ["sop.yml"]
    act = json.loads(repo.git("show", "arsip:founding/act.json"))
    assert (
        act["commit"].startswith(commit)
        and act["by"] == "Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom <direktur@poltekkesjkt2.ac.id>"
    )
    assert act["keys"]["reni"] == [public_key("reni")]

    again = repo.humas("kunci", "awal", f"humas2={public_key('humas2')}", who="humas2")
    assert again.code == 1
    assert again.err == (
        f"humas: akta pendirian sudah dilakukan ({commit}, oleh {act['by']}, {act['at']}): kini kunci diubah "
        "melalui SOP (cabang yang mengubah sop.yml, ditandatangani, lalu humas merge)\n"
    )
    # the founding act's sop.yml is trusted: a publication signed with the first keys is built
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten")
    repo.sign_all("publikasi/wisuda")
    assert repo.humas("merge", "publikasi/wisuda").code == 0
    repo.switch("main")
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    assert (repo.root / "site/2025/wisuda/index.html").is_file()


def test_the_founding_act_is_refused_where_keys_are_listed(repo: Repo) -> None:
    run = repo.humas("kunci", "awal", f"reni={public_key('humas1')}", who="humas1")
    assert (run.code, run.err) == (
        1,
        "humas: sop.yml di main sudah mencantumkan kunci: akta pendirian hanya untuk repositori yang belum memiliki "
        "kunci sama sekali; kini kunci diubah melalui SOP (cabang yang mengubah sop.yml, ditandatangani, lalu humas "
        "merge)\n",
    )


def test_a_founding_act_claimed_on_arsip_for_a_commit_that_does_more_is_refused(tmp_path: Path) -> None:
    """A direct commit that adds keys and also gives humas1 the Direktur's role, with a founding act written
    by hand on arsip naming it."""
    assert init(tmp_path / "repo").code == 0
    repo = Repo(tmp_path / "repo")
    from pipeline.scaffold import with_signing_keys

    text = with_signing_keys((repo.root / "sop.yml").read_text(), {"humas1@poltekkesjkt2.ac.id": public_key("humas1")})
    repo.write("sop.yml", text.replace("pengarah: [reni]", "pengarah: [humas1]"))
    commit = repo.commit("humas kunci awal: the first signing keys (founding act)", who="humas1")
    act = {"act": "founding", "commit": commit, "keys": {"humas1": [public_key("humas1")]}}
    rewrite_arsip(repo, "founding/act.json", json.dumps(act))
    run = repo.humas("status", "main", who="humas1")
    assert (run.code, run.err) == (
        1,
        refusal(
            repo,
            "sop.yml",
            "di-commit langsung ke main, dan bukan akta pendirian yang sah: akta pendirian mengubah sop.yml lebih "
            "dari kunci pertama",
        ),
    )
