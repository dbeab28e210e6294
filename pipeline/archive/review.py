"""A review on the local forge: a signed statement, stored on the ``arsip`` branch and copied into the
record of the merge, that one person decided one thing about one commit of one change.

The signature covers every field (``payload``): the repository (its first commit), the branch, the
head commit, the role and the steps signed, the decision, who, when and the note. So a review cannot
be replayed on another repository, branch, commit or step, and a file written by anyone with push
access to ``arsip`` counts for nothing unless a key listed for that person in ``sop.yml`` on main
signed it. Reviews are read and written here only (``read_review`` / ``review_file``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, ValidationError

from ..messages import _
from ..signing import REVIEW_NAMESPACE, canonical, fingerprint, verify
from ..sop.config import Sop
from ..sop.facts import Decision, Review

REVIEWS = "reviews"


class SignedReview(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[2] = 2
    repository: str
    """The id of the repository: its first commit on main."""
    branch: str
    head: str
    role: str
    steps: list[str] | None
    decision: Literal["APPROVED", "CHANGES_REQUESTED"]
    person: str
    identity: str
    name: str
    at: str
    """ISO 8601 with its offset, exactly as signed."""
    message: str = ""
    signature: str | None = None

    def payload(self) -> bytes:
        return canonical(self.model_dump(exclude={"signature"}))

    @property
    def moment(self) -> datetime:
        moment = datetime.fromisoformat(self.at)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def branch_key(branch: str) -> str:
    """The folder of a branch's reviews: every byte but ASCII letters, digits, ``-``, ``_`` and ``~``
    percent-encoded (``/`` and ``.`` too), so no two branch names share a folder and none nests below
    another. The branch name is also inside each signed review, and checked."""
    return quote(branch, safe="").replace(".", "%2E")


def review_path(review: SignedReview) -> str:
    stamp = review.moment.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{REVIEWS}/{branch_key(review.branch)}/{stamp}-{review.person}.json"


def review_file(review: SignedReview) -> bytes:
    return json.dumps(review.model_dump(), indent=2, ensure_ascii=False).encode() + b"\n"


def read_review(raw: bytes | dict[str, object], branch: str = "") -> SignedReview | None:
    """A review file (version 2) or a version-1 review (unsigned, from before signatures), or None when
    it cannot be read."""
    try:
        data = json.loads(raw) if isinstance(raw, bytes) else dict(raw)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("version") is None and "reviewer" in data:  # version 1: migrate
        data = {
            "repository": "",
            "branch": branch,
            "head": data.get("commit"),
            "role": data.get("role") or "",
            "steps": None,
            "decision": data.get("decision"),
            "person": "",
            "identity": data.get("reviewer") or "",
            "name": data.get("name") or "",
            "at": data.get("at"),
            "message": data.get("message") or "",
        }
    try:
        return SignedReview.model_validate(data)
    except ValidationError:
        return None


def revoked_signer(payload: bytes, armored: str | None, sop: Sop, namespace: str) -> str | None:
    """If ``armored`` is a valid signature of ``payload`` by a key in ``revoked_keys`` of ``sop``: that key
    and why it was revoked, as one phrase (``SHA256:… (laptop stolen, revoked 2026-03-01)``); else None."""
    if not sop.revoked or not armored or verify(payload, armored, list(sop.revoked), namespace) is not None:
        return None
    for key, entry in sop.revoked.items():
        if verify(payload, armored, [key], namespace) is None:
            reason = entry.reason.strip() or _("no reason given")
            if entry.date is not None:
                reason = _("{reason}, revoked {date}", reason=reason, date=entry.date.isoformat())
            return f"{fingerprint(key)} ({reason})"
    return None


def authenticate(review: SignedReview, sop: Sop, *, repository: str, branch: str) -> Review:
    """The policy's view of a review, with ``rejected`` saying why it cannot count when it cannot.

    ``sop`` is sop.yml of main (before the merge, for a record): the keys of a change itself never count.
    """
    person = sop.person_by_email(review.identity)
    rejected = None
    if review.branch != branch:
        rejected = _("it was given on branch {given!r}, not {branch!r}", given=review.branch, branch=branch)
    elif review.repository and review.repository != repository:
        rejected = _("it was given in another repository")
    elif sop.signatures == "ssh":
        if person is None:
            rejected = None  # the policy says who is unknown
        elif review.signature is None:
            rejected = _("{name}'s review is not signed", name=sop.people[person].name)
        elif review.person != person:
            rejected = _(
                "it names {named!r}, but {identity} is {person!r} in sop.yml",
                named=review.person,
                identity=review.identity,
                person=person,
            )
        else:
            keys = sop.keys_of(person)
            why = (
                verify(review.payload(), review.signature, keys, REVIEW_NAMESPACE)
                if keys
                else _("{name} has no signing_keys in sop.yml on main", name=sop.people[person].name)
            )
            revoked = revoked_signer(review.payload(), review.signature, sop, REVIEW_NAMESPACE) if why else None
            if revoked:
                why = _("signed with revoked key {key}", key=revoked)
            if why:
                rejected = f"{sop.people[person].name}: {why}" if keys or revoked else why
    return Review(
        reviewer=review.identity,
        decision=Decision(review.decision),
        commit=review.head,
        at=review.moment,
        role=review.role or None,
        message=review.message,
        name=review.name,
        steps=tuple(review.steps) if review.steps is not None else None,
        rejected=rejected,
    )
