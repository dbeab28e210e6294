"""Revoking a key (``revoked_keys`` of sop.yml on main) against retiring it (removed from ``signing_keys``).

A stolen key voids everything it ever signed: revocations are read from main as it is now, not from main
before the merge that the signature approved. A retired key keeps what it signed before its removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import skeleton
from pipeline.problems import ConfigError
from pipeline.signing import fingerprint
from pipeline.sop.config import parse_sop
from tests.helpers import Repo, copied, public_key, publikasi, through_the_sop

BRANCH = "publikasi/wisuda"


def merged_publication(repo: Repo) -> str:
    """A publication signed by the whole chain (wadir1 signs persetujuan) and merged; its record's folder."""
    repo.branch(BRANCH)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten", who="humas1")
    repo.sign_all(BRANCH)
    merged = repo.humas("merge", BRANCH)
    assert merged.code == 0, merged.err
    repo.switch("main")
    return next(
        p.rsplit("/", 1)[0]
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith("record.json")
    )


@pytest.fixture(scope="module")
def published(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``merged_publication`` done once for the module: the repository and its record's folder."""
    repo = copied(template_repo, tmp_path_factory.mktemp("revocation") / "humas-repo")
    return repo.root, merged_publication(repo)


@pytest.fixture
def merged(published: tuple[Path, str], tmp_path: Path) -> tuple[Repo, str]:
    """A copy of ``published`` for one test."""
    return copied(published[0], tmp_path / "humas-repo"), published[1]


def change_sop(repo: Repo, branch: str, edit: str, replace: str) -> None:
    """A change of sop.yml, controlled by SPI, ratified by the Direktur and merged (the sistem chain)."""
    repo.branch(branch)
    text = (repo.root / "sop.yml").read_text()
    assert edit in text
    repo.write("sop.yml", text.replace(edit, replace, 1))
    repo.commit(branch, who="humas1")
    for person, role in (("spi", "pengendali"), ("reni", "pengarah")):
        signed = repo.sign(branch, person, role)
        assert signed.code == 0, signed.err
    merged = repo.humas("merge", branch)
    assert merged.code == 0, merged.err
    repo.switch("main")


def test_a_revoked_key_takes_what_it_signed_off_the_site_and_status_lists_it(merged: tuple[Repo, str]) -> None:
    repo, record = merged
    assert repo.humas("build", "--out", "site").code == 0
    assert (repo.root / "site/2025/wisuda/index.html").exists()

    key = public_key("wadir1")
    change_sop(
        repo,
        "konfigurasi/cabut-kunci",
        "revoked_keys: []",
        f'revoked_keys:\n  - {{key: "{key} wadir1@laptop", reason: "laptop dicuri", date: 2026-03-01}}',
    )
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    why = (
        f"catatan pengesahan {record} tidak terverifikasi: keputusan Wakil Direktur I sebagai Penanggung Jawab "
        f"(Wakil Direktur) ditandatangani dengan kunci yang dicabut {fingerprint(key)} "
        "(laptop dicuri, dicabut 2026-03-01)"
    )
    assert build.out.splitlines()[0] == f"dikecualikan: 2025/wisuda: {why}"
    assert not (repo.root / "site/2025/wisuda/index.html").exists()

    published = repo.humas("publish", "--dry-run")
    assert f"dikecualikan: 2025/wisuda: {why}" in published.out.splitlines()

    status = repo.humas("status", "main")
    assert status.code == 0, status.err
    assert status.out.splitlines()[-1] == f"perlu ditandatangani ulang: 2025/wisuda: {why}"


def test_a_retired_key_keeps_what_it_signed(merged: tuple[Repo, str]) -> None:
    repo, _record = merged
    old = public_key("wadir1")
    text = (repo.root / "sop.yml").read_text()
    line = next(ln for ln in text.splitlines() if old in ln)
    change_sop(repo, "konfigurasi/laptop-baru", line, line.replace(old, public_key("wadir1-baru")))
    assert old not in (repo.root / "sop.yml").read_text()
    build = repo.humas("build", "--out", "site")
    assert build.code == 0, build.err
    assert "dikecualikan" not in build.out
    assert (repo.root / "site/2025/wisuda/index.html").exists()
    assert "perlu ditandatangani ulang" not in repo.humas("status", "main").out


def test_a_revoked_key_cannot_sign_and_a_review_it_signed_does_not_count(repo: Repo) -> None:
    key = public_key("akademik")
    repo.branch(BRANCH)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten", who="humas1")
    assert repo.sign(BRANCH, "akademik", "verifikator").code == 0  # signed before the revocation
    repo.switch("main")
    change_sop(repo, "konfigurasi/cabut-akademik", "revoked_keys: []", f'revoked_keys: ["{key}"]')

    refused = repo.sign(BRANCH, "akademik", "verifikator")
    assert refused.code == 1
    assert refused.err == (
        f"humas: tidak dicatat: Kasubbag Akademik: kunci tanda tangan {fingerprint(key)} dicabut di sop.yml "
        "pada main (tanpa alasan); buat kunci baru (ssh-keygen -t ed25519) dan daftarkan baris .pub-nya di "
        "signing_keys Anda\n"
    )
    status = repo.humas("status", BRANCH)
    assert f"ditandatangani dengan kunci yang dicabut {fingerprint(key)} (tanpa alasan)" in status.out
    assert repo.humas("merge", BRANCH).code == 1


def test_revoked_keys_are_validated_with_the_place_of_each_problem() -> None:
    template = skeleton.read("sop.yml").decode()
    key = public_key("wadir1")
    listed = f'revoked_keys:\n  - "bukan kunci"\n  - {{key: "x", alasan: y}}\n  - {{key: "{key}", date: kemarin}}\n'
    with pytest.raises(ConfigError) as caught:
        parse_sop(template.replace("revoked_keys: []\n", listed))
    line = template.splitlines().index("revoked_keys: []") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"sop.yml:{line + 2}: revoked_keys[1].alasan: kunci tidak dikenal (yang boleh: key, reason, date)",
        f"sop.yml:{line + 3}: revoked_keys[2].date: 'kemarin' bukan tanggal (yang boleh: YYYY-MM-DD, misalnya "
        "2025-02-10)",
    ]
    with pytest.raises(ConfigError) as caught:
        parse_sop(template.replace("revoked_keys: []\n", 'revoked_keys:\n  - "bukan kunci"\n'))
    assert [str(p) for p in caught.value.problems] == [
        f"sop.yml:{line + 1}: revoked_keys[0].key: bukan kunci publik OpenSSH (yang boleh: satu baris seperti "
        "'ssh-ed25519 AAAA… reni@laptop')"
    ]
    parsed = parse_sop(template.replace("revoked_keys: []\n", f'revoked_keys: ["{key} wadir1@laptop"]\n'))
    assert [entry.key for entry in parsed.revoked.values()] == [f"{key} wadir1@laptop"]


def test_a_revoked_record_key_voids_the_records_it_signed(repo: Repo) -> None:
    """A stolen HUMAS_RECORD_KEY: records of GitHub merges signed with it stop verifying."""
    from tests.archive.test_verify_github_record import draft, merge_as_github_would, trust_publish_job

    trust_publish_job(repo)
    draft(repo)
    merge_as_github_would(repo, BRANCH, with_trailers=False)
    repo.switch("main")
    assert "dikecualikan" not in repo.humas("build", "--out", "site").out
    text = (repo.root / "sop.yml").read_text()
    key = public_key("publish-job")
    repo.write("sop.yml", text.replace("revoked_keys: []", f'revoked_keys: [{{key: "{key}", reason: bocor}}]'))
    through_the_sop(repo, "konfigurasi/kunci-bocor", "sop.yml: the publish job's key leaked")
    build = repo.humas("build", "--out", "site")
    record = next(
        p.rsplit("/", 1)[0]
        for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split()
        if p.endswith("record.json")
    )
    assert build.out.splitlines()[0] == (
        f"dikecualikan: 2025/wisuda: catatan pengesahan {record} tidak terverifikasi: job publikasi "
        f"menandatanganinya dengan kunci yang dicabut {fingerprint(key)} (bocor)"
    )
