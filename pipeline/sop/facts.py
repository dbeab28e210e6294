"""The facts a forge supplies about a change; the policy needs nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Decision(StrEnum):
    APPROVED = "APPROVED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    DISMISSED = "DISMISSED"
    COMMENTED = "COMMENTED"


class IdentityKind(StrEnum):
    EMAIL = "email"    # the local forge: git identities
    GITHUB = "github"  # GitHub logins


@dataclass(frozen=True)
class Review:
    """One review as the forge recorded it.

    ``reviewer`` is the identity the forge knows (an e-mail address for the local forge, a login on
    GitHub; None for a deleted account). ``role`` is the role the reviewer signed as, when the forge
    records one (the local forge does; on GitHub the role follows from who the reviewer is).
    """

    reviewer: str | None
    decision: Decision
    commit: str
    at: datetime
    role: str | None = None
    message: str = ""
    is_bot: bool = False
    name: str = ""


@dataclass(frozen=True)
class ChangeFacts:
    """Everything the policy needs to know about one change (a branch or a pull request)."""

    head: str
    started_at: datetime
    """When the change became ready for review (the head commit's time): step 1's clock starts here."""
    authors: frozenset[str]
    """Identities of every author and committer of every commit of the change."""
    paths: tuple[str, ...]
    bidang: frozenset[str]
    reviews: tuple[Review, ...] = ()
    identity_kind: IdentityKind = IdentityKind.EMAIL
    problems: tuple[str, ...] = field(default=())
    """Reasons the change cannot be evaluated at all (for example a draft whose bidang is unreadable)."""
