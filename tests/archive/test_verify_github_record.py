"""A record of a GitHub merge (identities are logins) counts on main only when the protected publish job
signed it with a key in ``record_keys`` of sop.yml on main; the identity kind is never the record's claim.
The separation of duties is re-derived from git: a signer who committed to the change does not count."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from pipeline.archive.record import build_record, content_files, record_file, trailers, write_record
from pipeline.archive.store import BranchStore
from pipeline.archive.verify import verify_main
from pipeline.git import GitRepo
from pipeline.signing import RECORD_NAMESPACE, sign_with_private_key
from pipeline.sop.evaluate import evaluate
from pipeline.sop.facts import ChangeFacts, Decision, IdentityKind, Review
from pipeline.sop.result import Status
from pipeline.trusted import TrustedMain
from tests.helpers import Repo, key_file, public_key, publikasi

LOGINS = ["akademik-pkj2", "spi-pkj2", "wadir1-pkj2", "reni-c"]


def trust_publish_job(repo: Repo, who: str = "publish-job") -> None:
    """List the publish job's public key in record_keys of sop.yml on main."""
    text = (repo.root / "sop.yml").read_text()
    repo.write("sop.yml", text.replace("record_keys: []", f'record_keys: ["{public_key(who)}"]'))
    repo.refound()


def merge_as_github_would(
    repo: Repo, branch: str, *, signer: str | None = "publish-job", with_trailers: bool = True
) -> str:
    git = GitRepo(repo.root)
    sop = TrustedMain(git).sop()
    base, head = git.rev("main"), git.rev(branch)
    assert base and head
    start = datetime.now(UTC) - timedelta(hours=1)
    reviews = tuple(
        Review(login, Decision.APPROVED, head, start + timedelta(minutes=5 * i))
        for i, login in enumerate(LOGINS, start=1)
    )
    paths = tuple(git.changed_paths(base, head))
    facts = ChangeFacts(
        head=head,
        started_at=start,
        authors=frozenset({"humas1-pkj2"}),
        paths=paths,
        bidang=frozenset({"akademik"}),
        reviews=reviews,
        identity_kind=IdentityKind.GITHUB,
    )
    result = evaluate(sop, facts)
    assert result.status == Status.APPROVED  # what the GitHub API showed (the committer's login unknown)
    tree = git.run("merge-tree", "--write-tree", base, head).split()[0]
    message = "Merge pull request #1 from poltekkes/publikasi/wisuda"
    if with_trailers:
        message += "\n\n" + "\n".join(trailers(result, head))
    merge = git.run("commit-tree", tree, "-p", base, "-p", head, "-m", message).strip()
    git.run("update-ref", "refs/heads/main", merge, base)
    publication = "2025/wisuda"
    record = build_record(
        forge="github",
        change="#1 publikasi/wisuda",
        title="Wisuda",
        merge_commit=merge,
        base=base,
        facts=facts,
        result=result,
        sop=sop,
        files=content_files(git, head, list(paths)),
        publications={publication: git.tree_id(head, f"content/publikasi/{publication}") or ""},
        merged_at=datetime.now(UTC),
        merged_by="github",
    )
    attestation = None
    if signer:
        _public, attestation = sign_with_private_key(
            key_file(signer).read_text(), record_file(record), RECORD_NAMESPACE
        )
    write_record(BranchStore(git), record, attestation=attestation)
    return merge


def draft(repo: Repo) -> None:
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("draft", who="humas1")


def test_a_github_record_signed_by_the_publish_job_verifies_on_main(repo: Repo) -> None:
    trust_publish_job(repo)
    draft(repo)
    merge_as_github_would(repo, "publikasi/wisuda", with_trailers=False)  # merged in GitHub's web interface
    verdict = verify_main(GitRepo(repo.root))
    assert list(verdict.approved) == ["2025/wisuda"]
    assert list(verdict.records.values()) == [None]


def test_a_record_that_claims_github_without_the_publish_jobs_signature_is_not_built(repo: Repo) -> None:
    """A plain merge (an admin who bypassed the gate) plus a record saying forge: github is left out."""
    trust_publish_job(repo)
    draft(repo)
    merge_as_github_would(repo, "publikasi/wisuda", signer=None, with_trailers=False)
    run = repo.humas("build", "--out", "site")
    folder = next(p for p in repo.git("ls-tree", "-r", "--name-only", "arsip").split() if p.endswith("record.json"))
    assert run.out.splitlines()[0] == (
        f"dikecualikan: 2025/wisuda: catatan pengesahan {folder.rsplit('/', 1)[0]} tidak terverifikasi: mengaku "
        "penggabungan GitHub tetapi tidak ditandatangani oleh job publikasi (record.json.sig tidak ada)"
    )
    assert not (repo.root / "site/2025/wisuda").exists()


def test_a_record_signed_by_an_unlisted_key_or_naming_what_its_merge_did_not_change_is_not_trusted(repo: Repo) -> None:
    trust_publish_job(repo)
    draft(repo)
    merge_as_github_would(repo, "publikasi/wisuda", signer="humas1")  # a key the attacker holds
    [why] = verify_main(GitRepo(repo.root)).records.values()
    assert why is not None and why.startswith(
        "mengaku penggabungan GitHub tetapi tanda tangannya tidak cocok dengan record_keys di sop.yml: ditandatangani "
        "dengan SHA256:"
    )

    git = GitRepo(repo.root)
    store = BranchStore(git)
    folder = next(p for p in store.list("records/") if p.endswith("record.json"))
    signed = store.read(folder)
    assert signed is not None
    data = json.loads(signed)
    data["publications"]["2025/lain"] = data["publications"]["2025/wisuda"]  # a folder committed straight to main
    forged = json.dumps(data, indent=2, ensure_ascii=False).encode() + b"\n"
    _public, attestation = sign_with_private_key(key_file("publish-job").read_text(), forged, RECORD_NAMESPACE)
    store.write({folder + ".sig": attestation.encode(), folder: forged}, "a copy with one more publication")
    [why] = verify_main(GitRepo(repo.root)).records.values()
    assert why == "menyebut 2025/lain, yang tidak diubah oleh penggabungannya"


def test_a_signer_who_committed_to_the_change_is_found_from_git(repo: Repo) -> None:
    trust_publish_job(repo)
    draft(repo)
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(body="Diperbaiki oleh verifikator.\n"))
    repo.commit("fix by the verifier", who="akademik")  # GitHub did not link this e-mail to a login
    merge_as_github_would(repo, "publikasi/wisuda")
    verdict = verify_main(GitRepo(repo.root))
    assert verdict.approved == {}
    [why] = verdict.records.values()
    assert why == "rantai tidak lengkap saat diperiksa ulang (error: no_eligible)"
    assert verdict.excluded["2025/wisuda"].startswith("catatan pengesahan records/")
