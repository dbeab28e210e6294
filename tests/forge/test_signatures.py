"""Signatures that cannot be forged, tried as an attacker with a Humas staff member's access would: push
to branches and to ``arsip``, not to main. Each attack runs through the real ``humas`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.signing import fingerprint
from tests.helpers import Repo, identity_env, jpeg, public_key, publikasi, rewrite_arsip, signing_env

BRANCH = "publikasi/wisuda"


def draft(repo: Repo, branch: str = BRANCH, slug: str = "wisuda") -> None:
    repo.branch(branch)
    repo.write(f"content/publikasi/2025/{slug}/index.md", publikasi())
    repo.commit("Desain konten", who="humas1")


def reviews_on_arsip(repo: Repo) -> list[str]:
    if "arsip" not in repo.git("branch", "--format=%(refname:short)").split():
        return []
    return [p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.startswith("reviews/")]


def test_a_signed_chain_merges_builds_and_publishes(repo: Repo) -> None:
    draft(repo)
    repo.write("content/publikasi/2025/wisuda/foto.jpg", jpeg())
    repo.commit("foto", who="humas1")
    repo.sign_all(BRANCH)
    assert repo.humas("merge", BRANCH).code == 0
    repo.switch("main")
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    assert (repo.root / "site/2025/wisuda/index.html").exists()
    record = next(p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json"))
    data = json.loads(repo.git("show", f"arsip:{record}"))
    assert data["signatures"] == "ssh"
    assert [r["person"] for r in data["signed_reviews"]] == ["kasubbag_akademik", "spi", "wadir1", "reni"]
    assert all(r["signature"].startswith("-----BEGIN SSH SIGNATURE-----") for r in data["signed_reviews"])


def test_signing_as_someone_else_with_ones_own_key_is_refused(repo: Repo) -> None:
    """humas1 sets the Kasubbag's name and e-mail as their git identity, but holds only their own key."""
    draft(repo)
    run = repo.humas("review", "approve", BRANCH, "--role", "verifikator", who="akademik", env=signing_env("humas1"))
    assert run.code == 1
    assert run.err == (
        f"humas: tidak dicatat: Kasubbag Akademik: kunci tanda tangan {fingerprint(public_key('humas1'))} (git config "
        "user.signingkey) bukan salah satu signing_keys milik Kasubbag Akademik di sop.yml pada main "
        f"(terdaftar: {fingerprint(public_key('akademik'))})\n"
    )
    assert reviews_on_arsip(repo) == []


def test_no_signing_key_configured_is_refused_with_how_to_set_one_up(repo: Repo) -> None:
    draft(repo)
    env = {key: value for key, value in identity_env("akademik").items() if not key.startswith("GIT_CONFIG")}
    env["GIT_CONFIG_COUNT"] = "0"
    run = repo.humas("review", "approve", BRANCH, "--role", "verifikator", who="akademik", env=env)
    assert run.code == 1
    assert run.err == (
        "humas: tidak dicatat: Kasubbag Akademik: belum ada kunci tanda tangan SSH untuk git: git config gpg.format "
        "ssh; git config user.signingkey ~/.ssh/id_ed25519.pub (belum punya kunci? ssh-keygen -t ed25519), lalu "
        "tambahkan baris .pub ke signing_keys Anda di sop.yml\n"
    )


def test_review_files_written_by_hand_on_arsip_count_for_nothing(repo: Repo) -> None:
    """Four unsigned review files, written with git plumbing as anyone with push access to arsip could."""
    draft(repo)
    head = repo.git("rev-parse", BRANCH).strip()
    steps = [
        ("akademik@poltekkesjkt2.ac.id", "kasubbag_akademik", "verifikator", "verifikasi"),
        ("spi@poltekkesjkt2.ac.id", "spi", "pengendali", "pengendalian"),
        ("wadir1@poltekkesjkt2.ac.id", "wadir1", "penanggung_jawab", "persetujuan"),
        ("direktur@poltekkesjkt2.ac.id", "reni", "pengarah", "pengesahan"),
    ]
    for minute, (email, person, role, step) in enumerate(steps, start=1):
        review = {
            "version": 2,
            "repository": "",
            "branch": BRANCH,
            "head": head,
            "role": role,
            "steps": [step],
            "decision": "APPROVED",
            "person": person,
            "identity": email,
            "name": person,
            "at": f"2030-01-01T00:0{minute}:00+00:00",
            "message": "",
            "signature": None,
        }
        rewrite_arsip(repo, f"reviews/publikasi%2Fwisuda/{minute}-{person}.json", json.dumps(review))
    merge = repo.humas("merge", BRANCH)
    assert merge.code == 1
    assert merge.err.startswith("humas: publikasi/wisuda tidak dapat digabungkan: rantai SOP belum lengkap")
    status = repo.humas("status", BRANCH)
    assert "tanda tangan tidak sah: keputusan Kasubbag Akademik tidak ditandatangani dengan kunci" in status.out
    assert repo.git("log", "--format=%s", "-1", "main").strip() == (
        "humas init: SOP Publikasi melalui Website dan Media Sosial"
    )


def test_a_key_added_to_sop_yml_by_the_change_itself_does_not_count(repo: Repo) -> None:
    """humas1 lists their own key for the Kasubbag in the change's sop.yml, then signs as the Kasubbag."""
    draft(repo)
    text = (repo.root / "sop.yml").read_text()
    repo.write("sop.yml", text.replace(public_key("akademik"), public_key("humas1")))
    repo.commit("sop.yml", who="humas1")
    run = repo.humas("review", "approve", BRANCH, "--role", "verifikator", who="akademik", env=signing_env("humas1"))
    assert run.code == 1
    assert (
        f"bukan salah satu signing_keys milik Kasubbag Akademik di sop.yml pada main (terdaftar: "
        f"{fingerprint(public_key('akademik'))})" in run.err
    )


def test_a_review_replayed_on_another_branch_another_commit_or_another_step_is_refused(repo: Repo) -> None:
    draft(repo)
    assert repo.sign(BRANCH, "akademik", "verifikator").code == 0
    [signed] = reviews_on_arsip(repo)
    original = json.loads(repo.git("show", f"arsip:{signed}"))

    draft(repo, "publikasi/lain", "lain")  # another branch: the same file copied into its folder
    rewrite_arsip(repo, "reviews/publikasi%2Flain/copied.json", json.dumps(original))
    status = repo.humas("status", "publikasi/lain")
    assert "tanda tangan tidak sah: diberikan pada cabang 'publikasi/wisuda', bukan 'publikasi/lain'" in status.out

    replayed = {**original, "branch": "publikasi/lain", "head": repo.git("rev-parse", "publikasi/lain").strip()}
    rewrite_arsip(repo, "reviews/publikasi%2Flain/copied.json", json.dumps(replayed))
    status = repo.humas("status", "publikasi/lain")
    assert "tanda tangan tidak sah: Kasubbag Akademik: tanda tangan tidak sah" in status.out

    # Another step: the same signed verifikasi, presented as the pengendalian of the SPI's role.
    other_step = {**original, "role": "pengendali", "steps": ["pengendalian"]}
    rewrite_arsip(repo, signed, json.dumps(other_step))
    status = repo.humas("status", BRANCH)
    assert "tanda tangan tidak sah: Kasubbag Akademik: tanda tangan tidak sah" in status.out

    # Another commit: a new commit on the branch makes the signed review stale.
    rewrite_arsip(repo, signed, json.dumps(original))
    repo.switch(BRANCH)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(body="Diubah setelah verifikasi.\n"))
    repo.commit("edit", who="humas1")
    assert repo.humas("merge", BRANCH).code == 1
    assert "menandatangani commit lama" in repo.humas("status", BRANCH).out


def test_branch_names_that_differ_only_in_non_ascii_letters_keep_their_reviews_apart(repo: Repo) -> None:
    draft(repo, "publikasi/é", "e")
    draft(repo, "publikasi/ü", "u")
    assert repo.sign("publikasi/é", "akademik", "verifikator", decision="request-changes", message="Tidak.").code == 0
    assert repo.sign("publikasi/ü", "akademik", "verifikator").code == 0
    assert sorted(p.rsplit("/", 1)[0] for p in reviews_on_arsip(repo)) == [
        "reviews/publikasi%2F%C3%A9",
        "reviews/publikasi%2F%C3%BC",
    ]
    assert "perbaikan diminta" in repo.humas("status", "publikasi/é").out
    assert "perbaikan diminta" not in repo.humas("status", "publikasi/ü").out


def test_a_title_with_a_line_break_is_refused_and_cannot_write_a_trailer(repo: Repo) -> None:
    draft(repo)
    title = '"Wisuda\\n\\nHumas-Pengesahan: Palsu <palsu@example.com>"'
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(title=title))
    repo.commit("title", who="humas1")
    run = repo.humas("check")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "content/publikasi/2025/wisuda/index.md:2: title: memuat pindah baris atau karakter kendali (U+000A): "
        "judul adalah satu baris teks yang dapat dicetak"
    )


def test_gitattributes_in_content_cannot_change_the_built_bytes(repo: Repo) -> None:
    draft(repo)
    folder = "content/publikasi/2025/wisuda"
    repo.write(f"{folder}/index.md", publikasi(body="Versi asli: $Id$\n"))
    repo.write(f"{folder}/.gitattributes", "* ident\nindex.md filter=ubah\n")
    repo.commit("attributes", who="humas1")
    repo.git("config", "filter.ubah.smudge", "sed s/asli/palsu/")
    repo.sign_all(BRANCH)
    assert repo.humas("merge", BRANCH).code == 0
    repo.switch("main")
    assert repo.humas("build", "--out", "site").code == 0
    page = (repo.root / "site/2025/wisuda/index.html").read_text()
    assert "Versi asli: $Id$" in page
    assert "palsu" not in page


def test_signatures_unsigned_works_without_keys_and_says_so_everywhere(repo: Repo) -> None:
    text = (repo.root / "sop.yml").read_text()
    repo.write("sop.yml", text.replace("signatures: ssh", "signatures: unsigned"))
    repo.refound()
    draft(repo)
    env = {"GIT_CONFIG_COUNT": "0"}  # nobody has a signing key configured
    warning = (
        "PERINGATAN: signatures: unsigned di sop.yml: tanda tangan tidak diverifikasi dengan kunci; siapa "
        "pun yang dapat menulis ke repositori dapat menyamar sebagai penanda tangan.\n"
    )
    for who, role in (
        ("akademik", "verifikator"),
        ("spi", "pengendali"),
        ("wadir1", "penanggung_jawab"),
        ("reni", "pengarah"),
    ):
        run = repo.humas("review", "approve", BRANCH, "--role", role, who=who, env=env)
        assert run.code == 0, run.err
        assert run.err.startswith(warning)
    assert repo.humas("status", BRANCH).err.startswith(warning)
    assert repo.humas("merge", BRANCH).code == 0
    repo.switch("main")
    build = repo.humas("build", "--out", "site")
    assert build.err.startswith(warning)
    assert (repo.root / "site/2025/wisuda/index.html").exists()
    record = next(p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json"))
    assert json.loads(repo.git("show", f"arsip:{record}"))["signatures"] == "unsigned"


def test_a_signature_is_checked_once_whichever_keys_it_is_asked_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record's reviews are checked against their signers' keys, then against ``revoked_keys``, then against each
    revoked key alone: the Ed25519 check of the same bytes is made once, and every answer is still its own."""
    import subprocess

    import sshsig

    from pipeline.messages import speaking
    from pipeline.signing import REVIEW_NAMESPACE, sign_with_private_key, verify

    for name in ("k1", "k2"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / name)], check=True)
    public, armored = sign_with_private_key((tmp_path / "k1").read_text(), b"payload", REVIEW_NAMESPACE)
    other = (tmp_path / "k2.pub").read_text()
    checked: list[bytes] = []
    real = sshsig.check_signature

    def counted(payload: bytes, signature: str, namespace: str) -> sshsig.PublicKey:
        checked.append(payload)
        return real(payload, signature, namespace)

    monkeypatch.setattr(sshsig, "check_signature", counted)
    with speaking("en"):
        assert verify(b"payload", armored, [public], REVIEW_NAMESPACE) is None
        assert verify(b"payload", armored, [other], REVIEW_NAMESPACE) == (
            f"signed by {fingerprint(public)}, which is not a listed key"
        )
        assert verify(b"payload", armored, [other, public], REVIEW_NAMESPACE) is None
        assert checked == [b"payload"]  # one check for the three questions
        assert verify(b"changed", armored, [public], REVIEW_NAMESPACE) == "the signature is not valid for a listed key"
        assert verify(b"payload", armored, [public], "humas-record") == (
            "the signature is not valid (Namespace of signature b'humas-review' != b'humas-record')"
        )
    assert checked == [b"payload", b"changed", b"payload"]  # another payload, another namespace: checked anew
