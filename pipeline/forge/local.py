"""The local forge: a change is a branch, reviews are files on the ``arsip`` branch.

Reviews are plain git data, so they travel with clone, fetch and push. Each is bound to the commit it
signed. Since anyone with write access could write such a file, nothing trusts a review file or a
flag: ``merge``, ``build`` and ``publish`` re-run the policy from the records every time. The rules
(sop.yml) are read from ``main`` as committed, never from the change or the work tree.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from ..archive.store import BranchStore
from ..content.load import front_matter, publication_of
from ..problems import ConfigError, NotAcceptable
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.facts import ChangeFacts, Decision, IdentityKind, Review
from .git import MAIN, GitRepo

REVIEWS = "reviews"


@dataclass(frozen=True)
class Change:
    branch: str
    base: str
    head: str
    facts: ChangeFacts
    title: str


def branch_key(branch: str) -> str:
    return re.sub(r"[^A-Za-z0-9._/-]", "_", branch).strip("/")


class LocalForge:
    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        self.archive = BranchStore(repo)

    # --- the trusted side ----------------------------------------------------------------------

    def main_sha(self) -> str:
        sha = self.repo.rev(f"refs/heads/{MAIN}")
        if sha is None:
            raise ConfigError(f"no branch {MAIN} in {self.repo.root} (run humas init first)")
        return sha

    def trusted_sop(self, ref: str | None = None) -> Sop:
        """sop.yml as committed on main (or at ``ref``), never the work tree's or a change's."""
        at = ref or self.main_sha()
        raw = self.repo.show(at, SOP_FILE)
        if raw is None:
            raise ConfigError(f"{SOP_FILE} is not committed on {MAIN} (run humas init, then commit it)")
        return parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({MAIN})")

    # --- changes ---------------------------------------------------------------------------------

    def change(self, branch: str) -> Change:
        if branch == MAIN:
            raise NotAcceptable(f"{MAIN} is not a change: create a branch (git switch -c publikasi/…)")
        head = self.repo.rev(f"refs/heads/{branch}")
        if head is None:
            raise NotAcceptable(f"no branch {branch!r} (allowed: a local branch; see git branch)")
        base = self.main_sha()
        merge_base = self.repo.run("merge-base", base, head, check=False).strip()
        commits = self.repo.commits(f"{base}..{head}")
        if not commits:
            raise NotAcceptable(f"branch {branch} has no commits that are not on {MAIN} yet")
        authors = frozenset({c.author_email for c in commits} | {c.committer_email for c in commits})
        paths = tuple(self.repo.changed_paths(base, head))
        bidang, problems = self._bidang(paths, head, merge_base or base)
        facts = ChangeFacts(
            head=head, started_at=commits[0].at, authors=authors, paths=paths, bidang=frozenset(bidang),
            reviews=tuple(self.reviews(branch)), identity_kind=IdentityKind.EMAIL, problems=tuple(problems),
        )
        return Change(branch=branch, base=base, head=head, facts=facts, title=commits[-1].subject)

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

    def _bidang(self, paths: tuple[str, ...], head: str, base: str) -> tuple[set[str], list[str]]:
        found: set[str] = set()
        problems: list[str] = []
        for publication in sorted({p for path in paths if (p := publication_of(path))}):
            index = f"content/publikasi/{publication}/index.md"
            raw = self.repo.show(head, index)
            if raw is None:  # deleted by the change: route by the version it deletes
                raw = self.repo.show(base, index)
            data = front_matter(raw) if raw is not None else None
            value = data.get("bidang") if data else None
            if not isinstance(value, str):
                problems.append(f"{index}: bidang cannot be read (run humas check)")
            else:
                found.add(value)
        return found, problems

    # --- reviews -------------------------------------------------------------------------------

    def reviews(self, branch: str) -> list[Review]:
        found = []
        for path, raw in sorted(self.archive.read_many(f"{REVIEWS}/{branch_key(branch)}/", ".json").items()):
            if path.count("/") != branch_key(branch).count("/") + 2:
                continue  # a review of another branch nested below this one
            try:
                found.append(review_from_json(json.loads(raw)))
            except (ValueError, KeyError, TypeError):
                continue  # an unreadable record counts for nothing
        return found

    def add_review(self, branch: str, review: Review) -> str:
        stamp = review.at.strftime("%Y%m%dT%H%M%S%fZ")
        who = re.sub(r"[^a-z0-9]+", "-", (review.reviewer or "unknown").lower()).strip("-")
        path = f"{REVIEWS}/{branch_key(branch)}/{stamp}-{who}.json"
        self.archive.write({path: json.dumps(review_to_json(review), indent=2).encode() + b"\n"},
                           f"review: {review.decision.value.lower()} {branch} as {review.role} by {review.reviewer}")
        return path

    def review_paths(self, branch: str) -> list[str]:
        return list(self.archive.list(f"{REVIEWS}/{branch_key(branch)}/"))


def review_to_json(review: Review) -> dict[str, object]:
    return {
        "reviewer": review.reviewer, "name": review.name, "decision": review.decision.value,
        "role": review.role, "commit": review.commit, "at": review.at.isoformat(), "message": review.message,
        "is_bot": review.is_bot,
    }


def review_from_json(data: dict[str, object]) -> Review:
    at = datetime.fromisoformat(str(data["at"]))
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return Review(
        reviewer=str(data["reviewer"]) if data.get("reviewer") is not None else None,
        decision=Decision(str(data["decision"])), commit=str(data["commit"]), at=at,
        role=str(data["role"]) if data.get("role") else None, message=str(data.get("message") or ""),
        is_bot=bool(data.get("is_bot", False)), name=str(data.get("name") or ""),
    )
