"""``humas review``: sign one step of a change as a git identity, refusing what could not count."""

from __future__ import annotations

from datetime import UTC, datetime

from ..problems import NotAcceptable
from ..sop.eligibility import refusal
from ..sop.evaluate import evaluate
from ..sop.facts import Decision, Review
from ..sop.result import Node
from .local import Change, LocalForge


def sign(forge: LocalForge, branch: str, *, email: str, name: str, role: str, decision: Decision,
         message: str = "", at: datetime | None = None) -> tuple[Change, Node]:
    """Record the review and return the change and its new result; NotAcceptable if refused."""
    sop = forge.trusted_sop()
    change = forge.change(branch)
    result = evaluate(sop, change.facts)
    why = refusal(sop, change.facts, result, email, role, decision)
    if why:
        raise NotAcceptable(f"review refused: {why}")
    forge.add_review(branch, Review(reviewer=email, name=name, decision=decision, commit=change.head,
                                    at=at or datetime.now(UTC), role=role, message=message))
    change = forge.change(branch)
    return change, evaluate(sop, change.facts)
