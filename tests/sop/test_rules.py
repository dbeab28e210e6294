"""The policy's rules one by one, and the up-front refusals of ``humas review`` read from the same rules.

Each rule is a function from facts to a reason code (None: nothing against it); the first table holds
every rule to its code. The second holds ``eligibility.verdict`` to what ``evaluate`` says at the
reviewer's step once the review is really added: the same code, or (for the few refusals read from the
tree as it stands) what the evaluation would do instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from pipeline import skeleton
from pipeline.messages import speaking
from pipeline.sop import evaluate as policy
from pipeline.sop.config import parse_sop
from pipeline.sop.eligibility import refusal, verdict
from pipeline.sop.evaluate import Context, Resolved, evaluate
from pipeline.sop.facts import ChangeFacts, Decision, Review
from pipeline.sop.labels import reason_label, refusal_label
from pipeline.sop.result import Node, ReasonCode, Status
from tests.sop.test_policy import EMAIL, HEAD, OLD, PUB, SOP, T0, facts, review

TEMPLATE = skeleton.read("sop.yml").decode()
TWO_VERIFIERS = parse_sop(
    TEMPLATE.replace("    akademik: [kasubbag_akademik]", "    akademik: [kasubbag_akademik, kasubbag_umum]")
)
SPI_TOO = parse_sop(TEMPLATE.replace("pengendali: [spi]", "pengendali: [spi, kasubbag_akademik]"))
PUBLIKASI = [SOP.step_by_id[s].role for s in SOP.chains[0].steps]
assert SOP.chains[0].name == "publikasi" and PUBLIKASI[0] == "verifikator"


def ctx(change: ChangeFacts, sop: object = SOP) -> Context:
    return Context.of(sop, change)  # type: ignore[arg-type]


def resolved(who: str, **kw: object) -> Resolved:
    return Resolved(who, review(who, 5, **kw))  # type: ignore[arg-type]


CASES: list[tuple[str, Callable[[], object], ReasonCode | None]] = [
    ("readable", lambda: policy.rule_evaluable(SOP, facts()), None),
    ("unreadable", lambda: policy.rule_evaluable(SOP, facts(problems=("x: bidang",))), ReasonCode.CANNOT_EVALUATE),
    ("files", lambda: policy.rule_not_empty(SOP, facts()), None),
    ("no file", lambda: policy.rule_not_empty(SOP, facts(paths=())), ReasonCode.EMPTY_CHANGE),
    ("covered", lambda: policy.rule_covered(SOP, facts(paths=(*PUB, "README.md"))), None),
    (
        "uncovered",
        lambda: policy.rule_covered(
            parse_sop(TEMPLATE.replace('paths: ["**"]', 'paths: ["docs/**"]')), facts(paths=("README.md",))
        ),
        ReasonCode.NO_CHAIN,
    ),
    ("account", lambda: policy.rule_deleted_account(ctx(facts()), review("spi", 1)), None),
    (
        "deleted account",
        lambda: policy.rule_deleted_account(ctx(facts()), Review(None, Decision.APPROVED, HEAD, T0)),
        ReasonCode.IGNORED_DELETED_USER,
    ),
    ("verified", lambda: policy.rule_verified(ctx(facts()), review("spi", 1)), None),
    (
        "forged",
        lambda: policy.rule_verified(ctx(facts()), review("spi", 1, rejected="bad signature")),
        ReasonCode.IGNORED_UNVERIFIED,
    ),
    ("person", lambda: policy.rule_not_a_bot(ctx(facts()), review("spi", 1)), None),
    ("bot", lambda: policy.rule_not_a_bot(ctx(facts()), review("spi", 1, is_bot=True)), ReasonCode.IGNORED_BOT),
    ("known", lambda: policy.rule_known_person(ctx(facts()), review("spi", 1)), None),
    (
        "stranger",
        lambda: policy.rule_known_person(ctx(facts()), Review("luar@example.com", Decision.APPROVED, HEAD, T0)),
        ReasonCode.IGNORED_UNKNOWN,
    ),
    ("not an author", lambda: policy.rule_not_an_author(ctx(facts()), review("spi", 1)), None),
    (
        "author",
        lambda: policy.rule_not_an_author(ctx(facts(authors=("spi",))), review("spi", 1)),
        ReasonCode.IGNORED_AUTHOR,
    ),
    (
        "author under another case",
        lambda: policy.rule_not_an_author(ctx(facts()), Review(EMAIL["humas1"].upper(), Decision.APPROVED, HEAD, T0)),
        ReasonCode.IGNORED_AUTHOR,
    ),
    ("holder", lambda: policy.rule_holds_a_role(ctx(facts()), resolved("spi"), PUBLIKASI), None),
    (
        "holder of another bidang",
        lambda: policy.rule_holds_a_role(ctx(facts()), resolved("kasubbag_umum"), PUBLIKASI),
        ReasonCode.IGNORED_NO_ROLE,
    ),
    (
        "a role of another chain",
        lambda: policy.rule_holds_a_role(ctx(facts()), resolved("spi", role="anggota"), PUBLIKASI),
        ReasonCode.IGNORED_NO_ROLE,
    ),
    ("on the head", lambda: policy.rule_on_the_head(ctx(facts()), resolved("spi"), PUBLIKASI), None),
    (
        "an older commit",
        lambda: policy.rule_on_the_head(ctx(facts()), resolved("spi", commit=OLD), PUBLIKASI),
        ReasonCode.IGNORED_STALE,
    ),
    (
        "signable",
        lambda: policy.rule_step_signable(ctx(facts()), SOP.step_by_id["verifikasi"], ["akademik"]),
        None,
    ),
    (
        "no bidang",
        lambda: policy.rule_step_signable(ctx(facts()), SOP.step_by_id["verifikasi"], []),
        ReasonCode.NO_BIDANG,
    ),
    (
        "no holder",
        lambda: policy.rule_step_signable(ctx(facts()), SOP.step_by_id["verifikasi"], ["akademik", "perpustakaan"]),
        ReasonCode.NO_HOLDER,
    ),
]


@pytest.mark.parametrize("rule,expected", [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_gives_its_reason_code(rule: Callable[[], object], expected: ReasonCode | None) -> None:
    reason = rule()
    assert (reason.code if reason is not None else None) == expected  # type: ignore[attr-defined]


def chain_of(*statuses: Status, blocked: bool = False) -> Node:
    node = Node(name="publikasi", status=Status.PENDING, reason=policy.Reason(ReasonCode.WAITING))
    for index, status in enumerate(statuses):
        code = {Status.APPROVED: ReasonCode.SIGNED, Status.ERROR: ReasonCode.NO_HOLDER}.get(status)
        node.children.append(
            Node(name=f"s{index}", status=status, reason=policy.Reason(code or ReasonCode.YOUR_TURN), step=f"s{index}")
        )
    if blocked:
        node.blocked_by.append(evaluate(SOP, facts(*[review("kasubbag_akademik", 5)])).steps()[0].signatures[0])
    return node


@pytest.mark.parametrize(
    "chain,expected",
    [
        (chain_of(Status.APPROVED, Status.APPROVED), ReasonCode.CHAIN_COMPLETE),
        (chain_of(Status.APPROVED, Status.PENDING), ReasonCode.WAITING),
        (chain_of(Status.APPROVED, Status.PENDING, blocked=True), ReasonCode.CHANGES_REQUESTED),
        (chain_of(Status.APPROVED, Status.ERROR, blocked=True), ReasonCode.NO_HOLDER),
    ],
)
def test_the_chain_outcome_rule(chain: Node, expected: ReasonCode) -> None:
    assert policy.chain_outcome(chain)[1].code is expected


@pytest.mark.parametrize(
    "change,expected",
    [
        (facts(), ReasonCode.YOUR_TURN),
        (facts(review("kasubbag_akademik", 5)), ReasonCode.SIGNED),
        (facts(authors=("kasubbag_akademik",)), ReasonCode.NO_ELIGIBLE),
    ],
)
def test_the_step_outcome_rule(change: ChangeFacts, expected: ReasonCode) -> None:
    assert evaluate(SOP, change).steps()[0].reason.code is expected


# --- eligibility and evaluation agree -----------------------------------------------------------------

LATER = 60  # minutes: the review under test comes after every other


def at_reviewers_step(result: Node, identity: str, role: str, at: object) -> ReasonCode | None:
    """What the evaluation says about the review ``identity`` gave ``at``, at the first step of ``role``
    where it does not sign (None: it signs every step of the role)."""
    for chain in result.children:
        for step in chain.children:
            if step.role != role:
                continue
            if any(s.identity == identity and s.at == at for s in step.signatures):
                continue
            mine = [i for i in (*chain.ignored, *step.ignored, *step.unused) if i.identity == identity and i.at == at]
            if mine:
                return mine[0].reason.code
            return ReasonCode.STEP_BLOCKED if step.status == Status.ERROR else ReasonCode.NOT_COUNTED
    return None


SITUATIONS = [
    # (id, sop, change, who, role, expected code)
    ("may sign", SOP, facts(), "kasubbag_akademik", "verifikator", None),
    ("next in line", SOP, facts(review("kasubbag_akademik", 5)), "spi", "pengendali", None),
    ("a stranger", SOP, facts(), "luar@example.com", "verifikator", ReasonCode.IGNORED_UNKNOWN),
    (
        "an author",
        SOP,
        facts(authors=("kasubbag_akademik",)),
        "kasubbag_akademik",
        "verifikator",
        ReasonCode.IGNORED_AUTHOR,
    ),
    ("another bidang", SOP, facts(), "kasubbag_umum", "verifikator", ReasonCode.IGNORED_NO_ROLE),
    ("holds another role of the chain", SOP, facts(), "spi", "verifikator", ReasonCode.IGNORED_NO_ROLE),
    ("not yet", SOP, facts(), "reni", "pengarah", ReasonCode.IGNORED_PREMATURE),
    (
        "not yet, two steps ahead",
        SOP,
        facts(review("kasubbag_akademik", 5)),
        "wadir1",
        "penanggung_jawab",
        ReasonCode.IGNORED_PREMATURE,
    ),
    (
        "step complete",
        TWO_VERIFIERS,
        facts(review("kasubbag_akademik", 5)),
        "kasubbag_umum",
        "verifikator",
        ReasonCode.STEP_COMPLETE,
    ),
    ("no bidang", SOP, facts(bidang=()), "reni", "verifikator", ReasonCode.STEP_BLOCKED),
    (
        "a stale approval is replaced",
        SOP,
        facts(review("kasubbag_akademik", 5, commit=OLD)),
        "kasubbag_akademik",
        "verifikator",
        None,
    ),
]


@pytest.mark.parametrize("sop,change,who,role,expected", [s[1:] for s in SITUATIONS], ids=[s[0] for s in SITUATIONS])
def test_eligibility_and_evaluation_give_the_same_reason(
    sop: object, change: ChangeFacts, who: str, role: str, expected: ReasonCode | None
) -> None:
    identity = EMAIL.get(who, who)
    refused = verdict(sop, change, evaluate(sop, change), identity, role, Decision.APPROVED)  # type: ignore[arg-type]
    assert (refused.code if refused else None) == expected
    at = T0 + timedelta(minutes=LATER)
    given = Review(identity, Decision.APPROVED, HEAD, at, role=role)
    after = evaluate(sop, replace(change, reviews=(*change.reviews, given)))  # type: ignore[arg-type]
    assert at_reviewers_step(after, identity, role, at) == expected


def test_a_second_signature_by_one_person_is_refused_where_the_evaluation_would_withdraw_the_first() -> None:
    """Each person's latest review counts: signing another step would take the first signature back."""
    change = facts(review("kasubbag_akademik", 5))
    result = evaluate(SPI_TOO, change)
    refused = verdict(SPI_TOO, change, result, EMAIL["kasubbag_akademik"], "pengendali", Decision.APPROVED)
    assert refused is not None and refused.code is ReasonCode.SIGNED_OTHER_STEP
    assert refused.params == {"step": "verifikasi"}
    given = review("kasubbag_akademik", LATER, role="pengendali")
    after = evaluate(SPI_TOO, replace(change, reviews=(*change.reviews, given)))
    assert [s.person for s in after.steps()[0].signatures] == []  # verifikasi lost its signature
    assert at_reviewers_step(after, EMAIL["kasubbag_akademik"], "pengendali", given.at) is ReasonCode.IGNORED_PREMATURE


def test_signing_again_is_refused_where_the_evaluation_would_change_nothing() -> None:
    change = facts(review("kasubbag_akademik", 5))
    result = evaluate(SOP, change)
    refused = verdict(SOP, change, result, EMAIL["kasubbag_akademik"], "verifikator", Decision.APPROVED)
    assert refused is not None and refused.code is ReasonCode.ALREADY_SIGNED
    given = review("kasubbag_akademik", LATER, role="verifikator")
    assert evaluate(SOP, replace(change, reviews=(*change.reviews, given))).steps()[0].status == Status.APPROVED


@pytest.mark.parametrize(
    "role,expected", [("anggota", ReasonCode.ROLE_NOT_IN_CHANGE), ("direktur", ReasonCode.UNKNOWN_ROLE)]
)
def test_a_role_the_change_has_no_step_for_is_refused_before_anything_else(role: str, expected: ReasonCode) -> None:
    refused = verdict(SOP, facts(), evaluate(SOP, facts()), EMAIL["humas2"], role, Decision.APPROVED)
    assert refused is not None and refused.code is expected


def test_a_request_for_changes_needs_a_signer_but_not_their_turn() -> None:
    change = facts()
    result = evaluate(SOP, change)
    assert verdict(SOP, change, result, EMAIL["reni"], "pengarah", Decision.CHANGES_REQUESTED) is None
    stranger = verdict(SOP, change, result, EMAIL["kasubbag_umum"], "verifikator", Decision.CHANGES_REQUESTED)
    assert stranger is not None and stranger.code is ReasonCode.IGNORED_NO_ROLE


def test_a_step_nobody_can_sign_says_why_in_the_refusal() -> None:
    change = facts(bidang=())
    with speaking("id"):
        refused = refusal(SOP, change, evaluate(SOP, change), EMAIL["reni"], "verifikator", Decision.APPROVED)
    assert refused is not None
    assert refused.message == (
        "tahap Verifikasi tidak dapat ditandatangani: konten tidak menyebut bidang, padahal peran verifikator "
        "ditetapkan per bidang"
    )


def test_every_reason_code_has_words() -> None:
    """The codes a checklist shows have its words; the others are words of a refusal."""
    shown = {code for code in ReasonCode if not reason_label(code, "id").startswith("reason.")}
    refused = {code for code in ReasonCode if not refusal_label(code).startswith("reason.")}
    assert shown | refused == set(ReasonCode)
