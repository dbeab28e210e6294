"""The facts a forge supplies about a change; the policy needs nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from ..content.load import draft_of, front_matter_and_body
from ..content.paths import kind_of, publication_index, publication_of
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


class ActKind(StrEnum):
    """What a change does to one publication, read from its draft at the base (main) and at the head."""

    NEW = "new"
    """Not on main yet (or deleted from it): the publication's own chain."""
    CORRECTION = "correction"
    """Changes a publication main already holds (a *ralat*): the ``corrections`` chain."""
    WITHDRAWAL = "withdrawal"
    """Only adds ``ditarik`` (or confirms an urgent withdrawal, ``darurat: false``): the ``withdrawals`` chain."""
    URGENT_WITHDRAWAL = "urgent_withdrawal"
    """Only adds ``ditarik`` with ``darurat: true``: the ``emergency`` chain, signed alone."""


@dataclass(frozen=True)
class Act:
    """One publication the change touches, and what it does to it."""

    publication: str
    kind: ActKind
    note: object = None
    """The ``ralat`` note at the head (as written: a string, or anything a hostile draft holds)."""
    previous: object = None
    """The ``ralat`` note on main before the change."""
    withdraws: bool = False
    """The head marks it withdrawn (``ditarik``)."""


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
    acts: tuple[Act, ...] = ()
    """What the change does to each publication it touches (sorted by publication)."""


Reader = Callable[[str], bytes | None]
"""Reads a file of a commit: ``read(path) -> bytes`` or None when the commit has no such file."""


def draft_bidang(sop: Sop, paths: Iterable[str], read_head: Reader, read_base: Reader) -> tuple[set[str], list[str]]:
    """The bidang of every publication the change touches (a halaman has none), read at the head (or at the base
    for a draft the change deletes), and the problems of drafts whose bidang cannot be read or is not in sop.yml."""
    found: set[str] = set()
    problems: list[str] = []
    for publication in sorted({p for path in paths if (p := publication_of(path))}):
        if kind_of(publication) == "halaman":
            continue  # a standing page has no bidang (its chain names no role by bidang)
        index = publication_index(publication)
        raw = read_head(index)
        if raw is None:
            raw = read_base(index)
        draft = draft_of(raw, index)[0] if raw is not None else None
        value = getattr(draft.meta, "bidang", None) if draft else None  # absent: it did not validate
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


def _without_ditarik(data: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in data.items() if key != "ditarik"}


def _kind(
    paths: list[str], index: str, head: tuple[dict[str, object], str], base: tuple[dict[str, object], str]
) -> ActKind:
    """A correction, unless the change only adds or confirms ``ditarik`` in the draft's front-matter."""
    (head_data, head_body), (base_data, base_body) = head, base
    ditarik = head_data.get("ditarik")
    only_ditarik = (
        paths == [index]
        and head_body == base_body
        and _without_ditarik(head_data) == _without_ditarik(base_data)
        and isinstance(ditarik, dict)
        and ditarik != base_data.get("ditarik")
    )
    if not only_ditarik:
        return ActKind.CORRECTION
    assert isinstance(ditarik, dict)
    urgent = ditarik.get("darurat") is True and "ditarik" not in base_data
    return ActKind.URGENT_WITHDRAWAL if urgent else ActKind.WITHDRAWAL


def change_acts(paths: Iterable[str], read_head: Reader, read_base: Reader) -> tuple[Act, ...]:
    """What the change does to each publication it touches: a publication main holds (at the base) and the
    head keeps is corrected or withdrawn; any other is the publication's own business (a draft that cannot
    be read is a correction: the strictest)."""
    by_publication: dict[str, list[str]] = {}
    for path in sorted(paths):
        if publication := publication_of(path):
            by_publication.setdefault(publication, []).append(path)
    acts = []
    for publication, touched in sorted(by_publication.items()):
        index = publication_index(publication)
        raw_head, raw_base = read_head(index), read_base(index)
        head = front_matter_and_body(raw_head) if raw_head is not None else None
        base = front_matter_and_body(raw_base) if raw_base is not None else None
        head_data = head[0] if head else {}
        note, previous = head_data.get("ralat"), (base[0].get("ralat") if base else None)
        withdraws = "ditarik" in head_data
        if raw_base is None or raw_head is None:
            acts.append(Act(publication, ActKind.NEW, note, previous, withdraws))
        elif head is None or base is None:
            acts.append(Act(publication, ActKind.CORRECTION, note, previous, withdraws))
        else:
            acts.append(Act(publication, _kind(touched, index, head, base), note, previous, withdraws))
    return tuple(acts)


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
        acts=change_acts(changed, read_head, read_base),
    )
