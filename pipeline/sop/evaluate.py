"""The policy: one pure function from a change's facts and the trusted sop.yml to a result tree.

A change's chain is complete only when each step is signed, in the SOP's order, each by a different
person who holds that step's role for every bidang the change involves (one holder per bidang, or one
person holding it for several), none of them an author or committer of the change, all on the change's
head commit. An approval given before the previous step was complete does not count (the person
approves again once it is their turn). Each person's latest decisive review counts; a request for
changes by anyone holding a role of the chain blocks it until that person approves again; comments
change nothing. The same function runs at the gate and again, from main, before anything is built or
published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .config import Chain, Sop
from .facts import ChangeFacts, Decision, IdentityKind, Review
from .result import Ignored, Node, Reason, Signature, Status


@dataclass(frozen=True)
class _Resolved:
    person: str
    review: Review


def resolve_identity(sop: Sop, identity: str, kind: IdentityKind) -> str | None:
    if kind is IdentityKind.GITHUB:
        return sop.person_by_github(identity)
    return sop.person_by_email(identity)


def evaluate(sop: Sop, facts: ChangeFacts) -> Node:
    root = Node(name="sop", status=Status.PENDING, reason=Reason("waiting"))
    if facts.problems:
        root.status = Status.ERROR
        root.reason = Reason("cannot_evaluate", {"problems": list(facts.problems)})
        return root
    if not facts.paths:
        root.status = Status.ERROR
        root.reason = Reason("empty_change")
        return root

    by_chain: dict[str, list[str]] = {}
    chains: dict[str, Chain] = {}
    uncovered: list[str] = []
    for path in facts.paths:
        chain = sop.chain_for(path)
        if chain is None:
            uncovered.append(path)
            continue
        chains[chain.name] = chain
        by_chain.setdefault(chain.name, []).append(path)
    if uncovered:
        root.status = Status.ERROR
        root.reason = Reason("no_chain", {"paths": uncovered})
        return root

    author_people = {
        person
        for identity in facts.authors
        if (person := resolve_identity(sop, identity, facts.identity_kind)) is not None
    }
    author_identities = {identity.lower() for identity in facts.authors}
    latest, ignored = _latest_reviews(sop, facts, author_people, author_identities)

    for chain in sop.chains:  # sop.yml order, so the checklist reads the same every time
        if chain.name in by_chain:
            root.children.append(
                _evaluate_chain(sop, chain, by_chain[chain.name], facts, latest, ignored, author_people)
            )

    worst = max(root.children, key=lambda node: node.status)
    root.status = worst.status
    root.reason = worst.reason if worst.status != Status.APPROVED else Reason("complete")
    return root


def _latest_reviews(
    sop: Sop, facts: ChangeFacts, author_people: set[str], author_identities: set[str]
) -> tuple[dict[str, _Resolved], list[Ignored]]:
    latest: dict[str, _Resolved] = {}
    ignored: dict[str, Ignored] = {}
    for review in sorted(facts.reviews, key=lambda r: r.at):
        if review.decision is Decision.COMMENTED:
            continue
        if review.reviewer is None:
            ignored["\0deleted"] = Ignored("(deleted)", None, Reason("ignored_deleted_user"))
            continue
        identity = review.reviewer
        if review.rejected is not None:
            ignored[f"{identity}\0{review.at.isoformat()}"] = Ignored(
                identity,
                resolve_identity(sop, identity, facts.identity_kind),
                Reason("ignored_unverified", {"why": review.rejected}),
            )
            continue
        if review.is_bot:
            ignored[identity] = Ignored(identity, None, Reason("ignored_bot"))
            continue
        person = resolve_identity(sop, identity, facts.identity_kind)
        if person is None:
            ignored[identity] = Ignored(identity, None, Reason("ignored_unknown", {"identity": identity}))
            continue
        if person in author_people or identity.lower() in author_identities:
            ignored[identity] = Ignored(identity, person, Reason("ignored_author"))
            continue
        latest[person] = _Resolved(person, review)
    return latest, list(ignored.values())


def _needed_bidang(sop: Sop, role: str, facts: ChangeFacts) -> list[str | None]:
    if not sop.is_per_bidang(role):
        return [None]
    needed: list[str | None] = list(sorted(facts.bidang))
    return needed


def _holds_any(sop: Sop, person: str, role: str, needed: Iterable[str | None]) -> bool:
    return any(sop.holds(person, role, bidang) for bidang in needed)


def _evaluate_chain(
    sop: Sop,
    chain: Chain,
    paths: list[str],
    facts: ChangeFacts,
    latest: dict[str, _Resolved],
    ignored: list[Ignored],
    author_people: set[str],
) -> Node:
    node = Node(name=chain.name, status=Status.PENDING, reason=Reason("waiting"), paths=paths)
    node.ignored.extend(ignored)
    chain_roles = [sop.step_by_id[step_id].role for step_id in chain.steps]

    approvals: dict[str, _Resolved] = {}
    for person, resolved in latest.items():
        review = resolved.review
        relevant = any(_holds_any(sop, person, role, _needed_bidang(sop, role, facts)) for role in chain_roles)
        if review.decision is Decision.CHANGES_REQUESTED:
            if relevant:
                node.blocked_by.append(_signature(sop, person, review, review.role or "", ()))
            continue
        if review.decision is not Decision.APPROVED:
            continue  # DISMISSED: the person's earlier reviews no longer count
        if not relevant or (review.role is not None and review.role not in chain_roles):
            node.ignored.append(
                Ignored(review.reviewer or "", person, Reason("ignored_no_role", {"roles": sorted(set(chain_roles))}))
            )
            continue
        if review.commit != facts.head:
            node.ignored.append(
                Ignored(
                    review.reviewer or "",
                    person,
                    Reason("ignored_stale", {"commit": review.commit, "head": facts.head}),
                )
            )
            continue
        approvals[person] = resolved

    used: set[str] = set()
    previous_done = facts.started_at
    previous_complete = True
    previous_name = ""
    for index, step_id in enumerate(chain.steps):
        step = sop.step_by_id[step_id]
        needed = _needed_bidang(sop, step.role, facts)
        child = Node(
            name=step.id,
            status=Status.PENDING,
            reason=Reason("waiting"),
            step=step.id,
            role=step.role,
            minutes=step.minutes,
            bidang=tuple(b for b in needed if b is not None),
        )
        node.children.append(child)
        if needed == []:
            child.status = Status.ERROR
            child.reason = Reason("no_bidang", {"role": step.role})
            previous_complete = False
            continue
        missing_holders = [b for b in needed if not sop.holders(step.role, b)]
        if missing_holders:
            child.status = Status.ERROR
            child.reason = Reason("no_holder", {"role": step.role, "bidang": missing_holders})
            previous_complete = False
            continue
        candidates = sorted(
            (
                resolved
                for person, resolved in approvals.items()
                if person not in used
                and resolved.review.role in (None, step.role)
                and (resolved.review.steps is None or step.id in resolved.review.steps)
                and _holds_any(sop, person, step.role, needed)
            ),
            key=lambda resolved: resolved.review.at,
        )
        remaining = set(needed)
        if previous_complete:
            child.started_at = previous_done
            for resolved in candidates:
                covers = {b for b in remaining if sop.holds(resolved.person, step.role, b)}
                if not covers:
                    continue
                if index > 0 and resolved.review.at < previous_done:
                    child.ignored.append(
                        Ignored(
                            resolved.review.reviewer or "",
                            resolved.person,
                            Reason("ignored_premature", {"step": previous_name}),
                        )
                    )
                    continue
                child.signatures.append(
                    _signature(
                        sop,
                        resolved.person,
                        resolved.review,
                        step.role,
                        tuple(sorted(b for b in covers if b is not None)),
                    )
                )
                used.add(resolved.person)
                remaining -= covers
                if not remaining:
                    break
        else:
            for resolved in candidates:
                if resolved.review.role == step.role:
                    child.ignored.append(
                        Ignored(
                            resolved.review.reviewer or "",
                            resolved.person,
                            Reason("ignored_premature", {"step": previous_name}),
                        )
                    )
        if not remaining:
            child.status = Status.APPROVED
            child.reason = Reason("signed")
            child.done_at = max(signature.at for signature in child.signatures)
            previous_done = child.done_at
        else:
            if previous_complete:
                eligible = sorted(
                    {
                        person
                        for bidang in remaining
                        for person in sop.holders(step.role, bidang)
                        if person not in author_people and person not in used
                    }
                )
                child.waiting_for = eligible
                if not eligible:
                    child.status = Status.ERROR
                    child.reason = Reason(
                        "no_eligible", {"role": step.role, "bidang": sorted(b for b in remaining if b is not None)}
                    )
                else:
                    child.reason = Reason("your_turn", {"people": eligible})
            else:
                child.reason = Reason("waiting_for_step", {"step": previous_name})
            previous_complete = False
        previous_name = step.id

    worst = max(child.status for child in node.children)
    if worst == Status.ERROR:
        node.status = Status.ERROR
        node.reason = next(child.reason for child in node.children if child.status == Status.ERROR)
    elif node.blocked_by:
        node.status = Status.DISAPPROVED
        node.reason = Reason("changes_requested", {"people": [s.person for s in node.blocked_by]})
    elif worst == Status.APPROVED:
        node.status = Status.APPROVED
        node.reason = Reason("chain_complete")
    else:
        current = next(child for child in node.children if child.status != Status.APPROVED)
        node.status = Status.PENDING
        node.reason = Reason("waiting", {"step": current.step, "people": current.waiting_for})
    return node


def _signature(sop: Sop, person: str, review: Review, role: str, bidang: tuple[str, ...]) -> Signature:
    return Signature(
        person=person,
        identity=review.reviewer or "",
        name=sop.people[person].name,
        role=role,
        at=review.at,
        commit=review.commit,
        bidang=bidang,
        message=review.message,
    )
