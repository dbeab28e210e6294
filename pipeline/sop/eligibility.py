"""May this person sign this step now? The reasons a review is refused, before it is recorded.

The local forge refuses a review that could not count, so that people learn it at once rather than
at merge time. The policy itself (``evaluate``) would ignore such a review anyway.
"""

from __future__ import annotations

from ..messages import _
from .config import Sop
from .evaluate import resolve_identity
from .facts import ChangeFacts, Decision
from .result import Node, Status


def refusal(sop: Sop, facts: ChangeFacts, result: Node, identity: str, role: str, decision: Decision) -> str | None:
    """Why ``identity`` may not give ``decision`` as ``role`` on this change now, or None."""
    person = resolve_identity(sop, identity, facts.identity_kind)
    if person is None:
        return _("{identity} is not a person in sop.yml (add them under people: with this e-mail)", identity=identity)
    name = sop.people[person].name
    if role not in sop.roles:
        return _("unknown role {role!r} (allowed: {allowed})", role=role, allowed=", ".join(sop.roles))
    steps = [step for chain in result.children for step in chain.children if step.role == role]
    if not steps:
        roles = sorted({step.role or "" for chain in result.children for step in chain.children})
        return _(
            "role {role} signs no step of this change (roles of its chain: {roles})", role=role, roles=", ".join(roles)
        )
    needed = sorted(facts.bidang) if sop.is_per_bidang(role) else [None]
    if not any(sop.holds(person, role, bidang) for bidang in needed):
        holders = sorted({h for b in needed for h in sop.holders(role, b)})
        names = ", ".join(sop.people[h].name for h in holders) or _("nobody")
        if needed == [None]:
            return _("{name} does not hold role {role} (holders: {holders})", name=name, role=role, holders=names)
        return _(
            "{name} does not hold role {role} for bidang {bidang} (holders: {holders})",
            name=name,
            role=role,
            bidang=", ".join(b for b in needed if b),
            holders=names,
        )
    authors = {resolve_identity(sop, a, facts.identity_kind) for a in facts.authors}
    if person in authors or identity.lower() in {a.lower() for a in facts.authors}:
        return _("{name} authored a commit of this change and cannot sign it", name=name)
    if decision is not Decision.APPROVED:
        return None
    for chain in result.children:
        for step in chain.children:
            if step.role != role and any(s.person == person for s in step.signatures):
                return _(
                    "{name} already signed step {step} of this change (each step needs a different person)",
                    name=name,
                    step=step.step,
                )
    for step in steps:
        if any(s.person == person for s in step.signatures):
            return _("{name} already signed step {step} on this commit", name=name, step=step.step)
        if step.status == Status.APPROVED:
            return _("step {step} is already complete", step=step.step)
        if step.started_at is None:
            chain = next(c for c in result.children if step in c.children)
            current = next((s for s in chain.children if s.status != Status.APPROVED), None)
            current_name = current.step if current else "?"
            return _(
                "not yet: step {step} comes after {current}, which is not complete",
                step=step.step,
                current=current_name,
            )
    return None
