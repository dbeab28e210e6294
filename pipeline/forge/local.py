"""The local forge: a change is a branch, reviews are signed files on the ``arsip`` branch.

Reviews are plain git data, so they travel with clone, fetch and push; anyone with push access could
write one, so each counts only when a key listed for its signer in ``sop.yml`` on main signed it
(``pipeline.archive.review``). The rules are read from main as committed, never from the change or the
work tree; ``merge``, ``build`` and ``publish`` check every signature again each time. With a shared
remote (each approver in a clone on their own laptop), the commands fetch and push around it
(``pipeline.forge.shared``).
"""

from __future__ import annotations

from ..archive.review import REVIEWS, SignedReview, authenticate, branch_key, read_review, review_file, review_path
from ..archive.store import BranchStore
from ..git import MAIN, GitRepo, source_of
from ..messages import _
from ..problems import GitError, NotAcceptable
from ..sop.config import Sop
from ..sop.facts import IdentityKind, Review, build_change_facts
from ..trusted import TrustedMain
from .base import Change


class LocalForge:
    def __init__(self, repo: GitRepo, remote: str | None = None) -> None:
        """``remote``: the shared remote (``pipeline.forge.shared``); every write to ``arsip`` is pushed
        there before it returns, and a merge moves main there."""
        self.repo = repo
        self.remote = remote
        self.main = TrustedMain(repo)
        self.archive = BranchStore(repo, remote=remote)

    def sop(self) -> Sop:
        return self.main.rules()

    # --- changes ---------------------------------------------------------------------------------

    def change(self, branch: str) -> Change:
        if branch == MAIN:
            raise NotAcceptable(_("{main} is not a change: create a branch (git switch -c publikasi/…)", main=MAIN))
        head = self.repo.rev(f"refs/heads/{branch}")
        if head is None:
            raise NotAcceptable(_("no branch {branch!r} (allowed: a local branch; see git branch)", branch=branch))
        self.repo.check_tree(head, source_of(f"refs/heads/{branch}"))  # before anything reads its files
        base = self.main.sha()
        merge_base = self.repo.merge_base(base, head) or base
        commits = self.repo.commits(f"{base}..{head}")
        if not commits:
            raise NotAcceptable(
                _("branch {branch} has no commits that are not on {main} yet", branch=branch, main=MAIN)
            )
        sop = self.sop()
        facts = build_change_facts(
            sop,
            head=head,
            started_at=commits[0].at,
            paths=self.repo.changed_paths(base, head),
            authors={c.author_email for c in commits} | {c.committer_email for c in commits},
            reviews=self.reviews(branch, sop),
            identity_kind=IdentityKind.EMAIL,
            read_head=lambda path: self.repo.show(head, path),
            read_base=lambda path: self.repo.show(merge_base, path),
        )
        return Change(name=branch, base=base, head=head, facts=facts, title=commits[-1].subject)

    def open_changes(self) -> list[Change]:
        """Every local branch with commits that main does not have yet (the open changes)."""
        out = self.repo.run("for-each-ref", "--format=%(refname:short)", "refs/heads/")
        changes = []
        for branch in out.split():
            if branch in (MAIN, self.archive.branch):
                continue
            try:
                changes.append(self.change(branch))
            except NotAcceptable:
                continue  # merged already, or nothing of its own
        return changes

    # --- reviews -------------------------------------------------------------------------------

    def signed_reviews(self, branch: str) -> dict[str, SignedReview]:
        """{path on arsip: review} of the branch's folder; unreadable files count for nothing."""
        folder = f"{REVIEWS}/{branch_key(branch)}/"
        found = {}
        for path, raw in sorted(self.archive.read_many(folder, ".json").items()):
            if "/" in path[len(folder) :]:
                continue
            review = read_review(raw, branch)
            if review is not None:
                found[path] = review
        return found

    def reviews(self, branch: str, sop: Sop) -> list[Review]:
        repository = self.main.repository_id
        return [
            authenticate(review, sop, repository=repository, branch=branch)
            for review in self.signed_reviews(branch).values()
        ]

    def add_review(self, review: SignedReview) -> str:
        path = review_path(review)
        try:
            self.archive.write(
                {path: review_file(review)},
                f"review: {review.decision.lower()} {review.branch} as {review.role} by {review.person}",
            )
        except GitError:
            if self.remote is None or self.archive.blob(path) is None:
                raise
            # Written here, not on the server (it went away after the fetch): the next humas command in
            # this clone writes it there (pipeline.forge.shared).
            raise GitError(
                _(
                    "your signature is kept in this clone but has not reached {remote} (the server cannot be "
                    "reached); it is sent at your next humas command (for example humas status {branch})",
                    remote=self.remote,
                    branch=review.branch,
                )
            ) from None
        return path
