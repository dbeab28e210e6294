"""The policy: one pure function from a change's facts and the trusted sop.yml to a result tree.

A change's chain is complete only when each step is signed, in the SOP's order, each by a different
person who holds that step's role for every bidang the change involves (one holder per bidang, or one
person holding it for several), none of them an author or committer of the change, all on the change's
head commit. An approval given before the previous step was complete does not count (the person
approves again once it is their turn). Each person's latest decisive review counts; a request for
changes by anyone holding a role of the chain blocks it until that person approves again; comments
change nothing. The same function runs at the gate and again, from main, before anything is built or
published.

The policy is a list of small named rules, each a function from the facts to a reason (None: the rule
has nothing against it): ``CHANGE_RULES`` for the change as a whole, ``REVIEW_RULES`` for each review on
its own, ``APPROVAL_RULES`` for an approval in a chain, ``rule_step_signable`` for a step, and the
outcomes (``step_outcome``, ``chain_outcome``, ``change_outcome``) that give each node of the result
tree its status and reason. ``eligibility`` reads the same tree: it never decides by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..content.paths import publication_of
from .config import Chain, Sop, Step
from .facts import ActKind, ChangeFacts, Decision, IdentityKind, Review
from .result import Ignored, Node, Reason, ReasonCode, Signature, Status


@dataclass(frozen=True)
class Resolved:
    person: str
    review: Review


@dataclass(frozen=True)
class Context:
    """The facts every rule reads: the trusted sop.yml, the change, and who wrote it."""

    sop: Sop
    facts: ChangeFacts
    author_people: frozenset[str]
    author_identities: frozenset[str]

    @classmethod
    def of(cls, sop: Sop, facts: ChangeFacts) -> Context:
        people = {p for identity in facts.authors if (p := resolve_identity(sop, identity, facts.identity_kind))}
        return cls(sop, facts, frozenset(people), frozenset(identity.lower() for identity in facts.authors))

    def person(self, identity: str) -> str | None:
        return resolve_identity(self.sop, identity, self.facts.identity_kind)

    def needed(self, role: str) -> list[str | None]:
        """The bidang a step of ``role`` is signed for (None: the role is not assigned per bidang)."""
        return list(sorted(self.facts.bidang)) if self.sop.is_per_bidang(role) else [None]

    def holds_any(self, person: str, role: str, needed: Iterable[str | None]) -> bool:
        return any(self.sop.holds(person, role, bidang) for bidang in needed)


def resolve_identity(sop: Sop, identity: str, kind: IdentityKind) -> str | None:
    if kind is IdentityKind.GITHUB:
        return sop.person_by_github(identity)
    return sop.person_by_email(identity)


# --- the change as a whole ---------------------------------------------------------------------------


def rule_evaluable(sop: Sop, facts: ChangeFacts) -> Reason | None:
    """A change whose facts could not be read (a draft's bidang, say) cannot be evaluated."""
    return Reason(ReasonCode.CANNOT_EVALUATE, {"problems": list(facts.problems)}) if facts.problems else None


def rule_not_empty(sop: Sop, facts: ChangeFacts) -> Reason | None:
    """A change that changes no file has nothing to approve."""
    return None if facts.paths else Reason(ReasonCode.EMPTY_CHANGE)


def rule_covered(sop: Sop, facts: ChangeFacts) -> Reason | None:
    """Every path needs a chain of sop.yml."""
    uncovered = [path for path in facts.paths if sop.chain_for(path) is None]
    return Reason(ReasonCode.NO_CHAIN, {"paths": uncovered}) if uncovered else None


def rule_nothing_to_correct(sop: Sop, facts: ChangeFacts) -> Reason | None:
    """A ``ralat`` or ``ditarik`` on a publication main does not hold yet: nothing to correct or withdraw."""
    for act in facts.acts:
        if act.kind is ActKind.NEW and (act.note is not None or act.withdraws):
            field_name = "ralat" if act.note is not None else "ditarik"
            return Reason(ReasonCode.NOTHING_TO_CORRECT, {"publication": act.publication, "field": field_name})
    return None


def rule_correction_noted(sop: Sop, facts: ChangeFacts) -> Reason | None:
    """A correction carries its own public note: a ``ralat`` that says something and is not the previous one."""
    for act in facts.acts:
        if act.kind is not ActKind.CORRECTION:
            continue
        if not isinstance(act.note, str) or not act.note.strip():
            return Reason(ReasonCode.RALAT_MISSING, {"publication": act.publication})
        if act.note == act.previous:
            return Reason(ReasonCode.RALAT_UNCHANGED, {"publication": act.publication})
    return None


CHANGE_RULES: tuple[Callable[[Sop, ChangeFacts], Reason | None], ...] = (
    rule_evaluable,
    rule_not_empty,
    rule_covered,
    rule_nothing_to_correct,
    rule_correction_noted,
)


def chain_of_act(sop: Sop, own: Chain, kind: ActKind | None) -> tuple[Chain, Sop]:
    """The chain a path is signed by, and the rules it is signed under: a correction's, a withdrawal's, an
    urgent withdrawal's (its steps held by ``emergency.people`` alone), else the path's own chain."""
    if kind is ActKind.CORRECTION:
        return sop.correction_chain(own), sop
    if kind is ActKind.WITHDRAWAL:
        return sop.withdrawal_chain(own), sop
    if kind is ActKind.URGENT_WITHDRAWAL:
        return sop.emergency_chain(own), sop.emergency_rules()
    return own, sop


def chains_of(sop: Sop, facts: ChangeFacts) -> list[tuple[Chain, Sop, list[str]]]:
    """Each chain the change needs, with its rules and its paths: sop.yml's chains in their order, then the
    correction, withdrawal and urgent withdrawal chains (so the checklist reads the same every time)."""
    kinds = {act.publication: act.kind for act in facts.acts}
    found: dict[str, tuple[Chain, Sop, list[str]]] = {}
    for path in facts.paths:
        own = sop.chain_for(path)
        assert own is not None  # rule_covered
        publication = publication_of(path)
        chain, rules = chain_of_act(sop, own, kinds.get(publication) if publication else None)
        found.setdefault(chain.name, (chain, rules, []))[2].append(path)
    order = [chain.name for chain in sop.chains] + ["ralat", "penarikan", "penarikan-darurat"]
    return [found[name] for name in order if name in found]


def evaluate(sop: Sop, facts: ChangeFacts) -> Node:
    root = Node(name="sop", status=Status.PENDING, reason=Reason(ReasonCode.WAITING))
    refused = _first(rule(sop, facts) for rule in CHANGE_RULES)
    if refused is not None:
        root.status, root.reason = Status.ERROR, refused
        return root
    ctx = Context.of(sop, facts)
    latest, ignored = _latest_reviews(ctx)
    for chain, rules, paths in chains_of(sop, facts):
        chain_ctx = ctx if rules is sop else Context.of(rules, facts)
        root.children.append(_evaluate_chain(chain_ctx, chain, paths, latest, ignored))
    root.status, root.reason = change_outcome(root.children)
    return root


def change_outcome(chains: list[Node]) -> tuple[Status, Reason]:
    """The worst chain decides; a change whose chains are all complete is complete."""
    worst = max(chains, key=lambda node: node.status)
    return worst.status, (worst.reason if worst.status != Status.APPROVED else Reason(ReasonCode.COMPLETE))


# --- each review on its own --------------------------------------------------------------------------


def rule_deleted_account(ctx: Context, review: Review) -> Reason | None:
    return Reason(ReasonCode.IGNORED_DELETED_USER) if review.reviewer is None else None


def rule_verified(ctx: Context, review: Review) -> Reason | None:
    """A review the forge could not authenticate counts for nothing."""
    return Reason(ReasonCode.IGNORED_UNVERIFIED, {"why": review.rejected}) if review.rejected is not None else None


def rule_not_a_bot(ctx: Context, review: Review) -> Reason | None:
    return Reason(ReasonCode.IGNORED_BOT) if review.is_bot else None


def rule_known_person(ctx: Context, review: Review) -> Reason | None:
    identity = review.reviewer or ""
    return Reason(ReasonCode.IGNORED_UNKNOWN, {"identity": identity}) if ctx.person(identity) is None else None


def rule_not_an_author(ctx: Context, review: Review) -> Reason | None:
    """No author or committer of the change signs it, under any of their identities."""
    identity = review.reviewer or ""
    if ctx.person(identity) in ctx.author_people or identity.lower() in ctx.author_identities:
        return Reason(ReasonCode.IGNORED_AUTHOR)
    return None


REVIEW_RULES: tuple[Callable[[Context, Review], Reason | None], ...] = (
    rule_deleted_account,
    rule_verified,
    rule_not_a_bot,
    rule_known_person,
    rule_not_an_author,
)


def _latest_reviews(ctx: Context) -> tuple[dict[str, Resolved], list[Ignored]]:
    """Each person's latest decisive review, and the reviews that count for nothing whatever the chain."""
    latest: dict[str, Resolved] = {}
    ignored: dict[str, Ignored] = {}
    for review in sorted(ctx.facts.reviews, key=lambda r: r.at):
        if review.decision is Decision.COMMENTED:
            continue
        reason = _first(rule(ctx, review) for rule in REVIEW_RULES)
        identity = review.reviewer or ""
        if reason is None:
            person = ctx.person(identity)
            assert person is not None  # rule_known_person
            latest[person] = Resolved(person, review)
        elif reason.code is ReasonCode.IGNORED_DELETED_USER:
            ignored["\0deleted"] = Ignored("(deleted)", None, reason, review.at)
        elif reason.code is ReasonCode.IGNORED_UNVERIFIED:
            ignored[f"{identity}\0{review.at.isoformat()}"] = Ignored(identity, ctx.person(identity), reason, review.at)
        else:
            person = ctx.person(identity) if reason.code is ReasonCode.IGNORED_AUTHOR else None
            ignored[identity] = Ignored(identity, person, reason, review.at)
    return latest, list(ignored.values())


# --- a review in a chain -----------------------------------------------------------------------------


def _relevant(ctx: Context, person: str, chain_roles: list[str]) -> bool:
    """Whether ``person`` holds a role of the chain (for every bidang it needs, one holder or another)."""
    return any(ctx.holds_any(person, role, ctx.needed(role)) for role in chain_roles)


def rule_holds_a_role(ctx: Context, resolved: Resolved, chain_roles: list[str]) -> Reason | None:
    """An approval counts in a chain only from a holder of one of its roles, signed as one of them."""
    role = resolved.review.role
    if not _relevant(ctx, resolved.person, chain_roles) or (role is not None and role not in chain_roles):
        return Reason(ReasonCode.IGNORED_NO_ROLE, {"roles": sorted(set(chain_roles))})
    return None


def rule_on_the_head(ctx: Context, resolved: Resolved, chain_roles: list[str]) -> Reason | None:
    """An approval of an older commit approves something else."""
    commit = resolved.review.commit
    if commit != ctx.facts.head:
        return Reason(ReasonCode.IGNORED_STALE, {"commit": commit, "head": ctx.facts.head})
    return None


APPROVAL_RULES: tuple[Callable[[Context, Resolved, list[str]], Reason | None], ...] = (
    rule_holds_a_role,
    rule_on_the_head,
)


def _chain_approvals(
    ctx: Context, node: Node, latest: dict[str, Resolved], chain_roles: list[str]
) -> dict[str, Resolved]:
    """The approvals that may sign a step of the chain; requests for changes go to ``node.blocked_by``."""
    approvals: dict[str, Resolved] = {}
    for person, resolved in latest.items():
        review = resolved.review
        if review.decision is Decision.CHANGES_REQUESTED:
            if _relevant(ctx, person, chain_roles):
                node.blocked_by.append(_signature(ctx.sop, person, review, review.role or "", ()))
            continue
        if review.decision is not Decision.APPROVED:
            continue  # DISMISSED: the person's earlier reviews no longer count
        reason = _first(rule(ctx, resolved, chain_roles) for rule in APPROVAL_RULES)
        if reason is not None:
            node.ignored.append(Ignored(review.reviewer or "", person, reason, review.at))
            continue
        approvals[person] = resolved
    return approvals


# --- the steps of a chain, in order ------------------------------------------------------------------


@dataclass
class _Walk:
    """Where the walk along a chain's steps stands."""

    done_at: datetime
    complete: bool = True
    previous: str = ""
    used: dict[str, str] = field(default_factory=dict)
    """Who signed which step already: one person signs one step."""


def rule_step_signable(ctx: Context, step: Step, needed: list[str | None]) -> Reason | None:
    """A step can be signed only for a bidang the content names, and only if someone holds its role there."""
    if needed == []:
        return Reason(ReasonCode.NO_BIDANG, {"role": step.role})
    missing = [b for b in needed if not ctx.sop.holders(step.role, b)]
    return Reason(ReasonCode.NO_HOLDER, {"role": step.role, "bidang": missing}) if missing else None


def _evaluate_chain(
    ctx: Context, chain: Chain, paths: list[str], latest: dict[str, Resolved], ignored: list[Ignored]
) -> Node:
    node = Node(name=chain.name, status=Status.PENDING, reason=Reason(ReasonCode.WAITING), paths=paths)
    node.ignored.extend(ignored)
    chain_roles = [ctx.sop.step_by_id[step_id].role for step_id in chain.steps]
    approvals = _chain_approvals(ctx, node, latest, chain_roles)
    walk = _Walk(done_at=ctx.facts.started_at)
    for index, step_id in enumerate(chain.steps):
        node.children.append(_evaluate_step(ctx, ctx.sop.step_by_id[step_id], index, approvals, walk))
    node.status, node.reason = chain_outcome(node)
    return node


def _evaluate_step(ctx: Context, step: Step, index: int, approvals: dict[str, Resolved], walk: _Walk) -> Node:
    needed = ctx.needed(step.role)
    child = Node(
        name=step.id,
        status=Status.PENDING,
        reason=Reason(ReasonCode.WAITING),
        step=step.id,
        role=step.role,
        minutes=step.minutes,
        bidang=tuple(b for b in needed if b is not None),
    )
    unsignable = rule_step_signable(ctx, step, needed)
    if unsignable is not None:
        child.status, child.reason = Status.ERROR, unsignable
        walk.complete = False
        return child
    candidates = _candidates(ctx, step, needed, approvals, walk, child)
    remaining: set[str | None] = set(needed)
    if walk.complete:
        child.started_at = walk.done_at
        remaining = _sign(ctx, step, index, candidates, walk, child)
    else:
        for resolved in candidates:
            if resolved.review.role == step.role:
                child.ignored.append(_ignored(resolved, ReasonCode.IGNORED_PREMATURE, step=walk.previous))
    child.status, child.reason = step_outcome(ctx, step, remaining, walk, child)
    if child.status == Status.APPROVED:
        child.done_at = max(signature.at for signature in child.signatures)
        walk.done_at = child.done_at
    else:
        walk.complete = False
    walk.previous = step.id
    return child


def _candidates(
    ctx: Context, step: Step, needed: list[str | None], approvals: dict[str, Resolved], walk: _Walk, child: Node
) -> list[Resolved]:
    """The approvals that may sign this step, oldest first; the others given for its role go to ``unused``."""
    found = []
    for person, resolved in approvals.items():
        review = resolved.review
        if review.role not in (None, step.role) or (review.steps is not None and step.id not in review.steps):
            continue
        if not ctx.holds_any(person, step.role, needed):
            if review.role == step.role:
                child.unused.append(_ignored(resolved, ReasonCode.IGNORED_NO_ROLE, roles=[step.role]))
        elif person in walk.used:
            child.unused.append(_ignored(resolved, ReasonCode.SIGNED_OTHER_STEP, step=walk.used[person]))
        else:
            found.append(resolved)
    return sorted(found, key=lambda resolved: resolved.review.at)


def _sign(
    ctx: Context, step: Step, index: int, candidates: list[Resolved], walk: _Walk, child: Node
) -> set[str | None]:
    """Sign a started step with the candidates in the order they approved; the bidang still unsigned."""
    remaining: set[str | None] = set(ctx.needed(step.role))
    for resolved in candidates:
        covers = {b for b in remaining if ctx.sop.holds(resolved.person, step.role, b)}
        if not covers:  # the step is complete, or complete for every bidang this person holds
            child.unused.append(_ignored(resolved, ReasonCode.STEP_COMPLETE, step=step.id))
            continue
        if index > 0 and resolved.review.at < walk.done_at:
            child.ignored.append(_ignored(resolved, ReasonCode.IGNORED_PREMATURE, step=walk.previous))
            continue
        bidang = tuple(sorted(b for b in covers if b is not None))
        child.signatures.append(_signature(ctx.sop, resolved.person, resolved.review, step.role, bidang))
        walk.used[resolved.person] = step.id
        remaining -= covers
    return remaining


def step_outcome(
    ctx: Context, step: Step, remaining: set[str | None], walk: _Walk, child: Node
) -> tuple[Status, Reason]:
    """Signed for every bidang; else whose turn it is, or that nobody may sign it, or which step comes first."""
    if not remaining:
        return Status.APPROVED, Reason(ReasonCode.SIGNED)
    if not walk.complete:
        return Status.PENDING, Reason(ReasonCode.WAITING_FOR_STEP, {"step": walk.previous})
    eligible = sorted(
        {
            person
            for bidang in remaining
            for person in ctx.sop.holders(step.role, bidang)
            if person not in ctx.author_people and person not in walk.used
        }
    )
    child.waiting_for = eligible
    if not eligible:
        bidang = sorted(b for b in remaining if b is not None)
        return Status.ERROR, Reason(ReasonCode.NO_ELIGIBLE, {"role": step.role, "bidang": bidang})
    return Status.PENDING, Reason(ReasonCode.YOUR_TURN, {"people": eligible})


def chain_outcome(node: Node) -> tuple[Status, Reason]:
    """A step that cannot be signed blocks the chain; then a request for changes; else the first open step."""
    worst = max(child.status for child in node.children)
    if worst == Status.ERROR:
        return Status.ERROR, next(child.reason for child in node.children if child.status == Status.ERROR)
    if node.blocked_by:
        people = [s.person for s in node.blocked_by]
        return Status.DISAPPROVED, Reason(ReasonCode.CHANGES_REQUESTED, {"people": people})
    if worst == Status.APPROVED:
        return Status.APPROVED, Reason(ReasonCode.CHAIN_COMPLETE)
    current = next(child for child in node.children if child.status != Status.APPROVED)
    return Status.PENDING, Reason(ReasonCode.WAITING, {"step": current.step, "people": current.waiting_for})


def _first(reasons: Iterable[Reason | None]) -> Reason | None:
    """The first rule's answer that is not None (rules run lazily, in order)."""
    return next((reason for reason in reasons if reason is not None), None)


def _ignored(resolved: Resolved, code: ReasonCode, **params: object) -> Ignored:
    review = resolved.review
    return Ignored(review.reviewer or "", resolved.person, Reason(code, dict(params)), review.at)


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
