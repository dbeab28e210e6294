"""``humas merge``: merge a change into main when, and only when, its chain is complete.

The merge commit is made with plumbing from the exact head that was evaluated (a push to the branch
after the evaluation is not merged), carries one trailer per signature, and is recorded in the archive
before main moves; main moves with a compare-and-swap, so a concurrent change of main makes the merge
fail cleanly instead of overwriting it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..archive.record import build_record, content_files, publication_channels, trailers, write_record
from ..content.check import check_drafts
from ..content.load import draft_of
from ..content.paths import publication_folder, publication_index, publication_of
from ..git import MAIN, GitRepo, object_ids
from ..messages import _
from ..problems import NotAcceptable, Problem
from ..sop.config import Sop
from ..sop.evaluate import evaluate
from ..sop.explain import render_text
from ..sop.result import Node, Status
from .base import Change
from .local import LocalForge
from .shared import SharedRemote


@dataclass(frozen=True)
class Merged:
    merge_commit: str
    record: str
    change: Change
    result: Node


def check_change_content(repo: GitRepo, sop: Sop, change: Change) -> list[Problem]:
    """Run the draft checks on the drafts the change touches, as they are at its head (data only)."""
    drafts = sorted(
        {
            publication_index(p) if (p := publication_of(path)) else path
            for path in change.facts.paths
            if path.startswith("content/") and (publication_of(path) or path.endswith(".md"))
        }
    )
    present = [d for d in drafts if repo.show(change.head, d) is not None]
    if not present:
        return []
    with tempfile.TemporaryDirectory(prefix="humas-check-") as scratch:
        root = Path(scratch)
        skipped = repo.export(change.head, "content", root)
        problems = [
            Problem(path, 0, "", _("is a link or submodule (a content folder holds regular files only: no links)"))
            for path in skipped
            if path.startswith("content/")
        ]
        return sorted(problems + check_drafts(root, sop, present).problems)


def change_title(repo: GitRepo, change: Change) -> str:
    publications = sorted({p for path in change.facts.paths if (p := publication_of(path))})
    titles = []
    for publication in publications:
        index = publication_index(publication)
        raw = repo.show(change.head, index)
        draft = draft_of(raw, index)[0] if raw else None
        title = getattr(draft.meta, "title", None) if draft else None  # absent: it did not validate
        if isinstance(title, str):
            titles.append(title)
    return "; ".join(titles) or change.title


def merge(forge: LocalForge, branch: str, *, now: datetime | None = None) -> Merged:
    repo = forge.repo
    sop = forge.sop()
    change = forge.change(branch)
    result = evaluate(sop, change.facts)
    problems = check_change_content(repo, sop, change)
    if problems:
        raise NotAcceptable(
            _("{branch} cannot be merged: its content has problems (run humas check)", branch=branch), problems
        )
    if result.status != Status.APPROVED:
        checklist = render_text(result, sop, change=branch, head=change.head, now=now or datetime.now(UTC))
        raise NotAcceptable(
            (_("{branch} cannot be merged: the SOP chain is not complete", branch=branch) + f"\n\n{checklist}").rstrip()
        )

    current = repo.current_branch()
    if current == MAIN and repo.run("status", "--porcelain", "--untracked-files=no").strip():
        raise NotAcceptable(_("{main} is checked out with uncommitted changes: commit or stash them first", main=MAIN))

    code, out = repo.run_status("merge-tree", "--write-tree", "--no-messages", change.base, change.head)
    tree_id = out.split("\n", 1)[0].strip()
    if code != 0:
        raise NotAcceptable(
            _(
                "{branch} conflicts with {main}: merge {main} into the branch, resolve, and ask for signatures again",
                branch=branch,
                main=MAIN,
            )
        )
    title = change_title(repo, change)
    message = f"Merge {one_line(branch)}: {one_line(title)}\n\n" + "\n".join(trailers(result, change.head)) + "\n"
    identity = _merger(repo)
    merge_commit = repo.run(
        "commit-tree", tree_id, "-p", change.base, "-p", change.head, "-m", message, env=identity
    ).strip()

    paths = list(change.facts.paths)
    publications = sorted({p for path in paths if (p := publication_of(path))})
    folder_ids = object_ids(repo, [f"{change.head}:{publication_folder(p)}" for p in publications])
    approved_trees = {p: sha for p in publications if (sha := folder_ids[f"{change.head}:{publication_folder(p)}"])}
    merged_at = datetime.now(UTC)
    signed = forge.signed_reviews(branch)
    record = build_record(
        forge="local",
        change=branch,
        title=title,
        merge_commit=merge_commit,
        base=change.base,
        facts=change.facts,
        result=result,
        sop=sop,
        files=content_files(repo, change.head, paths),
        publications=approved_trees,
        merged_at=merged_at,
        merged_by=f"{identity['GIT_COMMITTER_NAME']} <{identity['GIT_COMMITTER_EMAIL']}>",
        signed_reviews=list(signed.values()),
        channels=publication_channels(repo, change.head, sorted(approved_trees)),
    )
    folder = write_record(forge.archive, record, remove=list(signed))
    if not repo.ok("update-ref", f"refs/heads/{MAIN}", merge_commit, change.base):
        raise NotAcceptable(_("{main} moved while merging {branch}: run humas merge again", main=MAIN, branch=branch))
    if forge.remote is not None and not SharedRemote(repo, forge.remote).push_main(merge_commit, change.base):
        repo.run("update-ref", f"refs/heads/{MAIN}", change.base, merge_commit)  # main stays as everyone has it
        raise NotAcceptable(
            _(
                "{main} on {remote} moved while merging {branch} (someone merged at the same time), or the "
                "server refused the push: run humas merge again",
                main=MAIN,
                remote=forge.remote,
                branch=branch,
            )
        )
    if current == MAIN:
        repo.run("read-tree", "-m", "-u", change.base, merge_commit)
    return Merged(merge_commit=merge_commit, record=folder, change=change, result=result)


def one_line(text: str) -> str:
    """Text for a commit message's subject: control characters and line breaks become spaces, so nothing
    a draft says can add a line (a trailer) to the merge commit."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _merger(repo: GitRepo) -> dict[str, str]:
    ident = repo.run("var", "GIT_COMMITTER_IDENT", check=False).strip()
    if ident and "<" in ident:
        name, _, rest = ident.partition(" <")
        email = rest.split(">", 1)[0]
    else:
        name, email = "humas", "humas@arsip.invalid"
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
