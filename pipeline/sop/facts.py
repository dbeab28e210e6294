"""The facts a forge supplies about a change; the policy needs nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ..content.load import front_matter
from ..content.paths import publication_index, publication_of
from ..messages import _
from .config import Sop


class Decision(StrEnum):
    APPROVED = "APPROVED"
    CHANGES_REQUESTED = "CHANGES_REQUESTED"
    DISMISSED = "DISMISSED"
    COMMENTED = "COMMENTED"


class IdentityKind(StrEnum):
    EMAIL = "email"  # the local forge: git identities
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
    steps: tuple[str, ...] | None = None
    """The steps the signer signed for (a signed review names them); None: whichever the role signs."""
    rejected: str | None = None
    """Why the forge could not authenticate this review (bad or missing signature, another branch…):
    the policy shows it and lets it count for nothing."""


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


Reader = Callable[[str], bytes | None]
"""Reads a file of a commit: ``read(path) -> bytes`` or None when the commit has no such file."""


def draft_bidang(sop: Sop, paths: Iterable[str], read_head: Reader, read_base: Reader) -> tuple[set[str], list[str]]:
    """The bidang of every publication the change touches, read at the head (or at the base for a draft
    the change deletes), and the problems of drafts whose bidang cannot be read or is not in sop.yml."""
    found: set[str] = set()
    problems: list[str] = []
    for publication in sorted({p for path in paths if (p := publication_of(path))}):
        index = publication_index(publication)
        raw = read_head(index)
        if raw is None:
            raw = read_base(index)
        data = front_matter(raw) if raw is not None else None
        value = data.get("bidang") if data else None
        if not isinstance(value, str):
            problems.append(f"{index}: " + _("bidang cannot be read (run humas check)"))
        elif value not in sop.bidang:
            allowed = ", ".join(sop.bidang)
            problems.append(
                f"{index}: " + _("unknown bidang {bidang!r} (allowed: {allowed})", bidang=value, allowed=allowed)
            )
        else:
            found.add(value)
    return found, problems


def build_change_facts(
    sop: Sop,
    *,
    head: str,
    started_at: datetime,
    paths: Iterable[str],
    authors: Iterable[str],
    reviews: Iterable[Review],
    identity_kind: IdentityKind,
    read_head: Reader,
    read_base: Reader,
) -> ChangeFacts:
    """The one builder of a change's facts, for the local forge, GitHub and the re-verification of records."""
    changed = tuple(paths)
    bidang, problems = draft_bidang(sop, changed, read_head, read_base)
    return ChangeFacts(
        head=head,
        started_at=started_at,
        authors=frozenset(a.lower() for a in authors),
        paths=changed,
        bidang=frozenset(bidang),
        reviews=tuple(reviews),
        identity_kind=identity_kind,
        problems=tuple(problems),
    )
