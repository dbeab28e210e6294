"""A record written on GitHub (identities are logins) verifies on main like a local one, and the
separation of duties is re-derived from git: a signer who committed to the change does not count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.archive.record import build_record, content_files, trailers, write_record
from pipeline.archive.store import BranchStore
from pipeline.archive.verify import verify_main
from pipeline.forge.git import GitRepo
from pipeline.forge.local import LocalForge
from pipeline.sop.evaluate import evaluate
from pipeline.sop.facts import ChangeFacts, Decision, IdentityKind, Review
from pipeline.sop.result import Status
from tests.helpers import Repo, publikasi

LOGINS = ["akademik-pkj2", "spi-pkj2", "wadir1-pkj2", "reni-c"]


def merge_as_github_would(repo: Repo, branch: str) -> str:
    git = GitRepo(repo.root)
    forge = LocalForge(git)
    sop = forge.trusted_sop()
    base, head = git.rev("main"), git.rev(branch)
    assert base and head
    start = datetime.now(UTC) - timedelta(hours=1)
    reviews = tuple(Review(login, Decision.APPROVED, head, start + timedelta(minutes=5 * i))
                    for i, login in enumerate(LOGINS, start=1))
    paths = tuple(git.changed_paths(base, head))
    facts = ChangeFacts(head=head, started_at=start, authors=frozenset({"humas1-pkj2"}), paths=paths,
                        bidang=frozenset({"akademik"}), reviews=reviews, identity_kind=IdentityKind.GITHUB)
    result = evaluate(sop, facts)
    assert result.status == Status.APPROVED  # what the GitHub API showed (the committer's login unknown)
    tree = git.run("merge-tree", "--write-tree", base, head).split()[0]
    message = "Merge pull request #1 from poltekkes/publikasi/wisuda\n\n" + "\n".join(trailers(result, head))
    merge = git.run("commit-tree", tree, "-p", base, "-p", head, "-m", message).strip()
    git.run("update-ref", "refs/heads/main", merge, base)
    publication = "2025/wisuda"
    record = build_record(
        forge="github", change="#1 publikasi/wisuda", title="Wisuda", merge_commit=merge, base=base, facts=facts,
        result=result, sop=sop, files=content_files(git, head, list(paths)),
        publications={publication: git.tree_id(head, f"content/publikasi/{publication}") or ""},
        merged_at=datetime.now(UTC), merged_by="github")
    write_record(BranchStore(git), record)
    return merge


def test_a_github_record_verifies_on_main(repo: Repo) -> None:
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("draft", who="humas1")
    merge_as_github_would(repo, "publikasi/wisuda")
    verdict = verify_main(GitRepo(repo.root))
    assert list(verdict.approved) == ["2025/wisuda"]
    assert list(verdict.records.values()) == [None]


def test_a_signer_who_committed_to_the_change_is_found_from_git(repo: Repo) -> None:
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("draft", who="humas1")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi(body="Diperbaiki oleh verifikator.\n"))
    repo.commit("fix by the verifier", who="akademik")  # GitHub did not link this e-mail to a login
    merge_as_github_would(repo, "publikasi/wisuda")
    verdict = verify_main(GitRepo(repo.root))
    assert verdict.approved == {}
    [why] = verdict.records.values()
    assert why == "the chain is not complete when re-checked (error: no_eligible)"
    assert verdict.excluded["2025/wisuda"].startswith("approval record records/")
