"""``humas review``: sign one step of a change, refusing what could not count.

The review is signed with the approver's SSH key through git's own signing configuration (the one
``git commit -S`` uses: ``gpg.format=ssh``, ``user.signingkey``), and that key must be one of the
person's ``signing_keys`` in sop.yml on main. With ``signatures: unsigned`` in sop.yml the git identity
is taken on trust, and every checklist says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..archive.review import SignedReview
from ..messages import _
from ..problems import NotAcceptable
from ..signing import REVIEW_NAMESPACE, SigningKey, SigningNotConfigured, fingerprint, sign, signing_key
from ..sop.eligibility import refusal
from ..sop.evaluate import evaluate
from ..sop.explain import refusal_way_out
from ..sop.facts import Decision
from ..sop.result import Node, ReasonCode
from .base import Change
from .local import LocalForge
from .merge import check_change_content


def review(
    forge: LocalForge,
    branch: str,
    *,
    email: str,
    name: str,
    role: str,
    decision: Decision,
    message: str = "",
    at: datetime | None = None,
    key: SigningKey | None = None,
) -> tuple[Change, Node]:
    """Record the signed review and return the change and its new result; NotAcceptable if refused."""
    sop = forge.sop()
    change = forge.change(branch)
    result = evaluate(sop, change.facts)
    refused = refusal(sop, change.facts, result, email, role, decision)
    person = sop.person_by_email(email)
    if refused is not None:
        why = refused.message
        if person is not None and refused.code is ReasonCode.IGNORED_AUTHOR:
            why = "\n".join([why, *refusal_way_out(sop, change.facts, result, person)])
        raise NotAcceptable(_("review refused: {why}", why=why))
    assert person is not None  # refusal() names an unknown identity
    if decision is Decision.APPROVED:  # sign only what can merge; asking for the fix stays open
        problems = check_change_content(forge.repo, sop, change)
        if problems:
            raise NotAcceptable(
                _(
                    "review refused: {why}",
                    why=_(
                        "the content of {branch} has problems: fix them first (humas check), commit to the same "
                        "branch, then ask for the signature again",
                        branch=branch,
                    ),
                ),
                problems,
            )
    steps = sorted({step.step or "" for chain in result.children for step in chain.children if step.role == role})
    statement = SignedReview(
        repository=forge.main.repository_id,
        branch=branch,
        head=change.head,
        role=role,
        steps=steps,
        decision="APPROVED" if decision is Decision.APPROVED else "CHANGES_REQUESTED",
        person=person,
        identity=email.lower(),
        name=sop.people[person].name,
        at=(at or datetime.now(UTC)).isoformat(),
        message=message,
    )
    if sop.signatures == "ssh":
        who = sop.people[person].name
        listed = sop.keys_of(person)
        try:
            key = key or signing_key(forge.repo)
        except SigningNotConfigured as error:
            why = f"{who}: {error.message}"
            raise NotAcceptable(_("review refused: {why}", why=why)) from None
        if key.public in sop.revoked:
            entry = sop.revoked[key.public]
            raise NotAcceptable(
                _(
                    "review refused: {why}",
                    why=_(
                        "{name}: the signing key {key} is revoked in sop.yml on main ({reason}); make a new key "
                        "(ssh-keygen -t ed25519) and list its .pub line in your signing_keys",
                        name=who,
                        key=key.fingerprint,
                        reason=entry.reason or _("no reason given"),
                    ),
                )
            )
        if key.public not in listed:
            allowed = ", ".join(fingerprint(k) for k in listed) or _("none yet")
            raise NotAcceptable(
                _(
                    "review refused: {why}",
                    why=_(
                        "{name}: the signing key {key} (git config user.signingkey) is not one of {name}'s "
                        "signing_keys in sop.yml on main (listed: {listed})",
                        name=who,
                        key=key.fingerprint,
                        listed=allowed,
                    ),
                )
            )
        statement = statement.model_copy(update={"signature": sign(key, statement.payload(), REVIEW_NAMESPACE)})
    forge.add_review(statement)
    change = forge.change(branch)
    return change, evaluate(sop, change.facts)
