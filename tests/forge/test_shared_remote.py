"""Approvers on their own laptops: one bare repository on the institution's server, one clone per person,
each signing with their own SSH key through the real ``humas`` command (``git config humas.remote``)."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

from tests.helpers import HUMAS, Repo, base_env, humas_shim_folder, identity_env, publikasi

BRANCH = "publikasi/wisuda"
CHAIN = (
    ("akademik", "verifikator"),
    ("spi", "pengendali"),
    ("wadir1", "penanggung_jawab"),
    ("reni", "pengarah"),
)


def humas_program() -> str:
    """The ``humas`` a git hook runs: forked from this test process's zygote (tests/humas_shim.py), or the
    console script itself with ``HUMAS_TEST_FORK=0``."""
    folder = humas_shim_folder()
    return HUMAS if folder is None else str(folder / "humas")


def bare_git(remote: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "--git-dir", str(remote), *args], env=base_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


def server(repo: Repo, tmp_path: Path) -> Path:
    """The institution's bare repository, made from the founding repository, which becomes its first clone."""
    remote = tmp_path / "server" / "humas.git"
    remote.parent.mkdir()
    subprocess.run(["git", "init", "-q", "--bare", "--initial-branch=main", str(remote)], check=True, env=base_env())
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "--all")
    repo.git("config", "humas.remote", "origin")
    return remote


def laptop(remote: Path, tmp_path: Path, who: str) -> Repo:
    """A person's own clone, set up as the README says: git clone, then git config humas.remote origin."""
    root = tmp_path / f"laptop-{who}"
    subprocess.run(["git", "clone", "-q", str(remote), str(root)], check=True, env=base_env())
    clone = Repo(root)
    clone.git("config", "humas.remote", "origin")
    return clone


def pushed_draft(repo: Repo, branch: str = BRANCH, slug: str = "wisuda", bidang: str = "akademik") -> None:
    repo.git("switch", "-q", "-c", branch, "main")
    repo.write(f"content/publikasi/2025/{slug}/index.md", publikasi(bidang=bidang))
    repo.commit("Desain konten", who="humas1")
    repo.git("push", "-q", "origin", branch, who="humas1")
    repo.switch("main")


def reviews_on(remote: Path, branch: str = BRANCH) -> list[str]:
    folder = "reviews/" + branch.replace("/", "%2F") + "/"
    listed = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "arsip"], capture_output=True
    )
    names = listed.stdout.decode().split() if listed.returncode == 0 else []
    return [n for n in names if n.startswith(folder)]


def test_four_approvers_sign_on_four_laptops_and_a_fifth_merges(repo: Repo, tmp_path: Path) -> None:
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    for who, role in CHAIN:
        clone = laptop(remote, tmp_path, who)
        run = clone.sign(BRANCH, who, role)
        assert run.code == 0, run.err
    coordinator = laptop(remote, tmp_path, "koordinator")
    status = coordinator.humas("status", BRANCH)
    assert "Status: semua tahap telah ditandatangani" in status.out, status.out
    merged = coordinator.humas("merge", BRANCH)
    assert merged.code == 0, merged.err
    assert merged.out.startswith("publikasi/wisuda digabungkan ke main sebagai ")
    # main moved on the server, with the four signatures as trailers, and the record is on the server's arsip
    assert bare_git(remote, "rev-parse", "main") == coordinator.git("rev-parse", "main")
    trailers = bare_git(remote, "log", "-1", "--format=%(trailers:only,unfold)", "main").splitlines()
    assert [t.split(":")[0] for t in trailers if t] == [
        "Humas-Verifikasi",
        "Humas-Pengendalian",
        "Humas-Persetujuan",
        "Humas-Pengesahan",
        "Humas-Head",
    ]
    records = [
        p for p in bare_git(remote, "ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json")
    ]
    assert len(records) == 1
    data = json.loads(bare_git(remote, "show", f"arsip:{records[0]}"))
    assert [r["person"] for r in data["signed_reviews"]] == ["kasubbag_akademik", "spi", "wadir1", "reni"]
    # the founding clone, which never signed, fetches everything and verifies every signature again
    build = repo.humas("status", "main")
    assert build.code == 0, build.err
    assert repo.git("rev-parse", "main") == bare_git(remote, "rev-parse", "main")
    built = repo.humas("build", "--out", "site")
    assert built.code == 0, built.err
    assert (repo.root / "site/2025/wisuda/index.html").exists()


def test_two_approvers_signing_at_the_same_moment_both_count(repo: Repo, tmp_path: Path) -> None:
    """Kasubbag Umum's push to arsip loses the race to Kasubbag Akademik's (a pre-push hook makes the
    other signature land on the server first): humas fetches the winner and writes its review on top."""
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    pushed_draft(repo, "publikasi/kebersihan", "kebersihan", bidang="umum")
    akademik = laptop(remote, tmp_path, "akademik")
    umum = laptop(remote, tmp_path, "umum")
    env = {**base_env(), **identity_env("akademik")}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k.isidentifier())
    marker = tmp_path / "raced"
    hook = umum.root / ".git/hooks/pre-push"
    hook.write_text(
        "#!/bin/sh\ncat >/dev/null\n"
        f"[ -e {shlex.quote(str(marker))} ] && exit 0\ntouch {shlex.quote(str(marker))}\n"
        "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n"
        f"env -i {assignments} {shlex.quote(humas_program())} review approve {BRANCH} --role verifikator "
        f"--repo {shlex.quote(str(akademik.root))} >/dev/null\nexit 0\n"
    )
    hook.chmod(0o755)
    run = umum.sign("publikasi/kebersihan", "umum", "verifikator")
    assert run.code == 0, run.err
    assert marker.exists()
    assert len(reviews_on(remote)) == 1
    assert len(reviews_on(remote, "publikasi/kebersihan")) == 1
    subjects = bare_git(remote, "log", "--format=%s", "arsip").splitlines()
    assert subjects[:2] == [
        "review: approved publikasi/kebersihan as verifikator by kasubbag_umum",
        "review: approved publikasi/wisuda as verifikator by kasubbag_akademik",
    ]
    assert "Status: menunggu Pengendalian (Ketua SPI)" in umum.humas("status", BRANCH).out


def test_a_signature_that_could_not_reach_the_server_is_pushed_at_the_next_command(repo: Repo, tmp_path: Path) -> None:
    """The server goes away between the fetch and the push: the review stays in the clone, the command
    says so, and the next command (once the server is back) writes it to the server."""
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    akademik = laptop(remote, tmp_path, "akademik")
    away = remote.with_name("away.git")
    hook = akademik.root / ".git/hooks/pre-push"
    hook.write_text(f"#!/bin/sh\ncat >/dev/null\nmv {shlex.quote(str(remote))} {shlex.quote(str(away))}\nexit 1\n")
    hook.chmod(0o755)
    run = akademik.sign(BRANCH, "akademik", "verifikator")
    assert run.code == 2
    assert run.err == (
        "humas: tanda tangan Anda tersimpan di klon ini tetapi belum sampai ke origin (server tidak dapat "
        "dihubungi); tanda tangan itu dikirim pada perintah humas berikutnya (misalnya humas status "
        "publikasi/wisuda)\n"
    )
    hook.unlink()
    away.rename(remote)
    assert reviews_on(remote) == []
    status = akademik.humas("status", BRANCH)
    assert status.code == 0, status.err
    assert len(reviews_on(remote)) == 1
    assert "Status: menunggu Pengendalian (Ketua SPI)" in laptop(remote, tmp_path, "spi").humas("status", BRANCH).out


def test_a_forged_review_pushed_to_the_server_counts_for_nothing(repo: Repo, tmp_path: Path) -> None:
    """humas1 copies the Wakil Direktur's signed review, makes it the Direktur's pengesahan and pushes it
    to the server's arsip: every other clone fetches it and refuses it."""
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    for who, role in CHAIN[:3]:
        assert laptop(remote, tmp_path, who).sign(BRANCH, who, role).code == 0
    attacker = laptop(remote, tmp_path, "humas1")
    attacker.git("branch", "-q", "arsip", "origin/arsip")
    signed = next(p for p in reviews_on(remote) if p.endswith("wadir1.json") or "wadir1" in p)
    review = json.loads(bare_git(remote, "show", f"arsip:{signed}"))
    review.update(role="pengarah", steps=["pengesahan"], person="reni", identity="direktur@poltekkesjkt2.ac.id")
    from tests.helpers import rewrite_arsip

    rewrite_arsip(attacker, signed.rsplit("/", 1)[0] + "/9999-reni.json", json.dumps(review))
    attacker.git("push", "-q", "origin", "arsip", who="humas1")
    coordinator = laptop(remote, tmp_path, "koordinator")
    merged = coordinator.humas("merge", BRANCH)
    assert merged.code == 1
    assert merged.err.startswith("humas: publikasi/wisuda tidak dapat digabungkan: rantai SOP belum lengkap\n")
    assert "Status: menunggu Pengesahan (Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom)" in merged.err
    status = coordinator.humas("status", BRANCH).out.splitlines()
    assert status[status.index("Tidak dihitung:") + 1].startswith(
        "  - Dr. Reni Chairani, S.Kp, M.Kep, Sp.Kom: tanda tangan tidak sah"
    )
    assert bare_git(remote, "log", "-1", "--format=%s", "main").strip() == (
        "humas init: SOP Publikasi melalui Website dan Media Sosial"
    )


def test_a_branch_not_pushed_yet_is_not_signed(repo: Repo, tmp_path: Path) -> None:
    remote = server(repo, tmp_path)
    repo.branch(BRANCH)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten", who="humas1")
    status = repo.humas("status", BRANCH)
    assert status.code == 0, status.err
    assert status.err == (
        "catatan: cabang publikasi/wisuda belum ada di remote bersama origin: push dulu "
        "(git push origin publikasi/wisuda) agar para penanda tangan dapat melihatnya\n"
    )
    run = repo.sign(BRANCH, "akademik", "verifikator")
    assert run.code == 1
    assert run.err == (
        "humas: cabang publikasi/wisuda belum ada di remote bersama origin: push dulu "
        "(git push origin publikasi/wisuda) agar para penanda tangan dapat melihatnya\n"
    )
    assert reviews_on(remote) == []


def test_a_change_pushed_after_a_signature_is_what_the_next_approver_sees(repo: Repo, tmp_path: Path) -> None:
    """The author fixes the draft after the Kasubbag signed: the SPI's clone, which fetched the old head
    earlier, takes the new one before signing, so the old signature is stale and the SPI must wait."""
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    spi = laptop(remote, tmp_path, "spi")
    spi.git("branch", "-q", BRANCH, f"origin/{BRANCH}")
    assert laptop(remote, tmp_path, "akademik").sign(BRANCH, "akademik", "verifikator").code == 0
    repo.switch(BRANCH)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(body="Diperbaiki.\n"))
    repo.commit("perbaiki", who="humas1")
    repo.git("push", "-q", "origin", BRANCH, who="humas1")
    run = spi.sign(BRANCH, "spi", "pengendali")
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: belum waktunya: Pengendalian baru dapat ditandatangani setelah Verifikasi selesai; "
        "tunggu Kasubbag Akademik\n"
    )
    assert spi.git("rev-parse", BRANCH) == repo.git("rev-parse", BRANCH)


def test_a_misnamed_remote_is_a_clear_error(repo: Repo) -> None:
    repo.git("config", "humas.remote", "server")
    run = repo.humas("status", "main")
    assert run.code == 2
    assert run.err == (
        "humas: git config humas.remote menyebut 'server', yang bukan remote repositori ini "
        "(lihat git remote -v; tambahkan dengan git remote add server URL)\n"
    )


def test_two_merges_at_the_same_moment_one_wins_the_other_is_refused_clearly(repo: Repo, tmp_path: Path) -> None:
    """The Koordinator and a Staf Humas merge the same change at once (a pre-push hook makes the other
    merge land on the server first): main on the server moves once, the loser is told and keeps main as
    everyone has it."""
    remote = server(repo, tmp_path)
    pushed_draft(repo)
    for who, role in CHAIN:
        assert laptop(remote, tmp_path, who).sign(BRANCH, who, role).code == 0
    first = laptop(remote, tmp_path, "humas2")
    second = laptop(remote, tmp_path, "koordinator")
    env = {**base_env(), **identity_env("humas2")}
    assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items() if k.isidentifier())
    marker = tmp_path / "raced"
    hook = second.root / ".git/hooks/pre-push"
    hook.write_text(
        "#!/bin/sh\ncat >/dev/null\n"
        f"[ -e {shlex.quote(str(marker))} ] && exit 0\ntouch {shlex.quote(str(marker))}\n"
        "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n"
        f"env -i {assignments} {shlex.quote(humas_program())} merge {BRANCH} "
        f"--repo {shlex.quote(str(first.root))} >/dev/null\n"
        "exit 0\n"
    )
    hook.chmod(0o755)
    before = second.git("rev-parse", "main")
    run = second.humas("merge", BRANCH)
    assert marker.exists()
    assert run.code == 1
    assert run.err == (
        "humas: main di origin berubah ketika publikasi/wisuda sedang digabungkan (ada yang menggabungkan pada "
        "saat yang sama), atau server menolak push: jalankan humas merge lagi\n"
    )
    assert second.git("rev-parse", "main") == before
    assert bare_git(remote, "rev-parse", "main") == first.git("rev-parse", "main") != before
    again = second.humas("merge", BRANCH)
    assert again.code == 1
    assert again.err == "humas: cabang publikasi/wisuda tidak memiliki commit yang belum ada di main\n"
