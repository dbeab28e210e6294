"""May this person sign this step now? The reasons a review is refused, before it is recorded.

The local forge refuses a review that could not count, so that people learn it at once rather than
at merge time. Nothing here decides by itself: :func:`verdict` runs the policy's own rules on the review
as if it were given (``REVIEW_RULES`` on the review, then :func:`~.evaluate.evaluate` of the change with
the review added) and reads the reason at the reviewer's step. Only three answers come from the tree as it
stands: a role this change has no step for, and a person who already signed (this step, or another one,
whose signature their new review would withdraw, since each person's latest review is the one that counts).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from ..messages import _
from .config import Sop
from .evaluate import REVIEW_RULES, Context, evaluate
from .explain import reason_text
from .facts import ChangeFacts, Decision, Review
from .labels import refusal_label
from .result import Node, Reason, ReasonCode, Status

ALWAYS = (ReasonCode.IGNORED_NO_ROLE, ReasonCode.STEP_BLOCKED)
"""The refusals that hold whatever the decision: a request for changes too comes only from a person who
could sign the step (besides ``REVIEW_RULES``: a person of sop.yml, not an author)."""


@dataclass(frozen=True)
class Refusal:
    reason: Reason
    message: str

    @property
    def code(self) -> ReasonCode:
        return self.reason.code


def refusal(sop: Sop, facts: ChangeFacts, result: Node, identity: str, role: str, decision: Decision) -> Refusal | None:
    """Why ``identity`` may not give ``decision`` as ``role`` on this change now (``result`` is its
    evaluation), or None."""
    if result.status == Status.ERROR and not result.children and role in sop.roles:
        # the change as a whole cannot go on (a correction without its note, a ralat on a new draft...): say
        # that, not that the role signs nothing; no signature is asked for until it is fixed
        return Refusal(
            result.reason,
            _("this change cannot be signed yet: {why}", why=reason_text(result.reason, sop)),
        )
    reason = verdict(sop, facts, result, identity, role, decision)
    return None if reason is None else Refusal(reason, _message(sop, facts, result, identity, role, reason))


def verdict(sop: Sop, facts: ChangeFacts, result: Node, identity: str, role: str, decision: Decision) -> Reason | None:
    """The reason the policy gives the review ``identity`` would give as ``role`` (None: it would count)."""
    if role not in sop.roles:
        return Reason(ReasonCode.UNKNOWN_ROLE, {"role": role})
    steps = _steps_of(result, role)
    latest = max([facts.started_at, *(r.at for r in facts.reviews)]) + timedelta(seconds=1)
    review = Review(
        reviewer=identity,
        decision=Decision.APPROVED,
        commit=facts.head,
        at=latest,
        role=role,
        steps=tuple(sorted({step.step or "" for _chain, step in steps})) or None,
    )
    ctx = Context.of(sop, facts)
    who = next((reason for rule in REVIEW_RULES if (reason := rule(ctx, review)) is not None), None)
    if who is not None:
        return who
    if not steps:
        return Reason(ReasonCode.ROLE_NOT_IN_CHANGE, {"role": role})
    person = ctx.person(identity)
    trial = evaluate(sop, replace(facts, reviews=(*facts.reviews, review)))
    answers = [_answer(chain, step, person, latest) for chain, step in _steps_of(trial, role)]
    # the step each answer is about, so that a refusal can name it and the step still open before it
    answers = [
        None if a is None else replace(a, params={**a.params, "signing": s.step, "chain": c.name})
        for a, (c, s) in zip(answers, steps, strict=True)
    ]
    first = next((r for r in answers if r is not None and r.code in ALWAYS), None)
    if first is not None or decision is not Decision.APPROVED:
        return first
    for chain in result.children:
        for step in chain.children:
            if step.role != role and any(s.person == person for s in step.signatures):
                return Reason(ReasonCode.SIGNED_OTHER_STEP, {"step": step.step})
    for (_chain, step), answer in zip(steps, answers, strict=True):
        if any(s.person == person for s in step.signatures):
            return Reason(ReasonCode.ALREADY_SIGNED, {"step": step.step})
        if answer is not None:
            return answer
    return None


def _steps_of(result: Node, role: str) -> list[tuple[Node, Node]]:
    return [(chain, step) for chain in result.children for step in chain.children if step.role == role]


def _answer(chain: Node, step: Node, person: str | None, at: object) -> Reason | None:
    """The reason at ``step`` for the review ``person`` gave ``at`` (None: it signs the step)."""
    if any(s.person == person and s.at == at for s in step.signatures):
        return None
    for item in [*chain.ignored, *step.ignored, *step.unused]:
        if item.person == person and item.at == at:
            return item.reason
    if step.status == Status.ERROR:
        return Reason(ReasonCode.STEP_BLOCKED, {"step": step.step, "why": step.reason})
    return Reason(ReasonCode.NOT_COUNTED, {"step": step.step})


def _message(sop: Sop, facts: ChangeFacts, result: Node, identity: str, role: str, reason: Reason) -> str:
    """The refusal in words, with what a person needs to act on it (who holds the role, which step is open)."""
    ctx = Context.of(sop, facts)
    person = ctx.person(identity)
    fields: dict[str, object] = {**reason.params, "identity": identity, "role": role}
    fields["name"] = sop.people[person].name if person else identity
    fields["allowed"] = ", ".join(sop.roles)
    fields["roles"] = ", ".join(sorted({step.role or "" for _chain, step in _all_steps(result)}))
    needed = ctx.needed(role)
    rules = sop.emergency_rules() if reason.params.get("chain") == "penarikan-darurat" else sop  # emergency.people
    holders = sorted({h for b in needed for h in rules.holders(role, b)})
    fields["holders"] = ", ".join(sop.people[h].name for h in holders) or _("nobody")
    fields["bidang"] = ", ".join(b for b in needed if b)
    fields["per_bidang"] = needed != [None]
    if "signing" in reason.params:
        chain = next(c for c in result.children if c.name == reason.params["chain"])
        current = next((s for s in chain.children if s.status != Status.APPROVED), None)
        fields["step"] = reason.params["signing"]
        fields["current"] = current.step if current else "?"
        waiting = list(current.waiting_for) if current else []
        if current and not waiting:
            waiting = sorted({h for b in (current.bidang or (None,)) for h in sop.holders(current.role or "", b)})
        fields["people"] = ", ".join(sop.people[p].name for p in waiting if p in sop.people) or _("nobody")
    for key in ("step", "current"):  # a step as people know it: its name in sop.yml
        if (step := sop.step_by_id.get(str(fields.get(key)))) is not None:
            fields[key] = step.name
    if isinstance(why := reason.params.get("why"), Reason):
        fields["why"] = reason_text(why, sop)
    return refusal_label(reason.code, **fields)


def _all_steps(result: Node) -> list[tuple[Node, Node]]:
    return [(chain, step) for chain in result.children for step in chain.children]
