"""Where each draft of the editor stands in the SOP: its column on the board and one line for its card.

Nothing is decided here: the policy's result tree (``pipeline.sop.evaluate``) and the draft checks
(``pipeline.forge.merge.check_change_content``) are the same ``humas status`` prints; this module only
reads them. Decap's three columns are filled from the chain, never set by hand:

- *draft*: the check finds problems, changes were asked for, or nobody has signed yet;
- *pending_review*: at least one step is signed and the chain is not complete;
- *pending_publish*: every step is signed (``humas merge`` may merge it).

A ``cms/…`` branch whose head main already contains (merged) leaves the board and is removed
(:func:`remove_merged`): everything it holds is in main, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..forge.local import LocalForge
from ..forge.merge import check_change_content
from ..git import MAIN, GitRepo
from ..messages import speaking, translated
from ..problems import NotAcceptable
from ..sop.evaluate import evaluate
from ..sop.explain import next_lines, status_line
from ..sop.result import Status

if TYPE_CHECKING:
    from ..sop.config import Sop

DRAFT, IN_REVIEW, READY = "draft", "pending_review", "pending_publish"


@dataclass(frozen=True)
class Standing:
    column: str
    """Decap's status of the entry: draft, pending_review or pending_publish."""
    line: str
    """What the card says: the next step and who signs it, or what to fix first."""
    problems: tuple[str, ...]
    """What ``humas check`` finds in the change's drafts, one line each, in the SOP's language."""


def _names(sop: Sop, people: list[str]) -> str:
    """People as the checklist names them (their names in sop.yml)."""
    return ", ".join(sop.people[p].name if p in sop.people else p for p in people)


def standing(repo: GitRepo, branch: str) -> Standing | None:
    """Where ``branch`` stands in the SOP; None if it is no open change (merged, or nothing of its own)."""
    forge = LocalForge(repo)
    sop = forge.sop()
    lang = sop.language
    with speaking(lang):
        try:
            change = forge.change(branch)
        except NotAcceptable:
            return None
        result = evaluate(sop, change.facts)
        problems = tuple(str(p) for p in check_change_content(repo, sop, change))
    if problems:
        line = translated(
            lang,
            "Fix first: {count} problem(s) found by humas check; save again once fixed (nobody signs before that)",
            count=len(problems),
        )
        return Standing(DRAFT, line, problems)
    current = result.current_steps() if result.status == Status.PENDING else []
    if current:
        line = "; ".join(
            translated(
                lang,
                "Next: {step} — {people}",
                step=sop.step_by_id[step.step or ""].name,
                people=_names(sop, step.waiting_for),
            )
            for step in current
        )
        signed = any(step.signatures for step in result.steps())
        return Standing(IN_REVIEW if signed else DRAFT, line, problems)
    if result.status == Status.APPROVED:
        return Standing(READY, "; ".join(next_lines(result, sop, change=branch)) or status_line(result, sop), ())
    more = next_lines(result, sop, change=branch)
    return Standing(DRAFT, "; ".join([status_line(result, sop), *more]), problems)


def _checked_out(repo: GitRepo) -> set[str]:
    out = repo.run("worktree", "list", "--porcelain")
    return {line.removeprefix("branch refs/heads/") for line in out.splitlines() if line.startswith("branch ")}


def remove_merged(repo: GitRepo, branches: list[str]) -> list[str]:
    """Delete each branch whose head main contains (it was merged); the open ones, in order.

    A branch checked out in a work tree is kept but leaves the list too; a branch moved meanwhile (a new
    commit between the look and the removal) is kept and comes back on the next look.
    """
    main = repo.rev(f"refs/heads/{MAIN}")
    busy = _checked_out(repo)
    open_ = []
    for branch in branches:
        head = repo.rev(f"refs/heads/{branch}")
        if head is None or main is None:
            continue
        code, _out = repo.run_status("merge-base", "--is-ancestor", head, main)
        if code != 0:
            open_.append(branch)
        elif branch not in busy:  # only if nobody moved it since (update-ref's old value)
            code, _out = repo.run_status("update-ref", "-d", f"refs/heads/{branch}", head)
            if code == 0:
                repo.run_status("config", "--remove-section", f"branch.{branch}")
    return open_
