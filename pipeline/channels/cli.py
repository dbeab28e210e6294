"""What ``humas outbox uploaded PUBLICATION CHANNEL URL`` and ``humas outbox not-posted PUBLICATION CHANNEL``
do (the commands: ``pipeline.commands.publish``).

``uploaded``: a person records the post they made by hand from an outbox package, or the post they found
on the account for a deferred claim (``AskPerson``); only then does the archive hold the receipt (``done``)
and a later run stop waiting. ``not-posted``: a person looked and found no post of a deferred claim; the
claim is cleared, what they said is kept signed (``claims.py``), and the next ``humas publish`` posts once.
Neither ever touches a receipt that proves itself, nor a claim a live run holds."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..approved import approved_publications
from ..archive.journal import ArchiveJournal, drop_unproven, lease_is_live, receipt_seal
from ..archive.journal import receipt_state as _receipt_state
from ..archive.models import ReceiptEntry
from ..archive.record import Record, load_records
from ..archive.store import BranchStore
from ..git import GitRepo
from ..messages import translated
from ..problems import ConfigError, NotAcceptable
from .base import Receipt
from .claims import ASKED, NOT_POSTED, sign_dismissal
from .outbox import uploaded_anyway

if TYPE_CHECKING:
    from ..archive.journal import ArchiveJournal, ReceiptSeal

HOSTS = {
    "instagram": ("instagram.com",),
    "facebook": ("facebook.com", "fb.com", "fb.watch"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
    "threads": ("threads.net", "threads.com"),
}
"""Where a post of each platform lives (the address a person records)."""


def _host_ok(url: str, channel: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in HOSTS[channel])


def _no_package(language: str, publication: str, channel: str) -> str:
    return translated(
        language,
        "{publication} → {channel}: neither an outbox package nor a deferred post waits for a person (run humas "
        "publish first)",
        publication=publication,
        channel=channel,
    )


@dataclass
class _Target:
    language: str
    seal: ReceiptSeal
    journal: ArchiveJournal
    withdrawn: str | None = None
    """The publication was withdrawn: why (its reason)."""


def _target(repo: object, publication: str, channel: str) -> _Target:
    """The journal of (publication, channel) as the archive holds it now; ConfigError or NotAcceptable for an
    unknown channel or a publication that is not approved or was never tried."""
    assert isinstance(repo, GitRepo)
    with approved_publications(repo) as approvals:
        language = approvals.sop.language
        approved = sorted(item.id for item in approvals.publications)
        withdrawn = {
            item.id: item.life.withdrawal.reason for item in approvals.publications if item.life.withdrawal is not None
        }
    if channel not in HOSTS:
        raise ConfigError(
            translated(
                language,
                "CHANNEL: {channel!r} is unknown (allowed: {allowed})",
                channel=channel,
                allowed=", ".join(HOSTS),
            )
        )
    if publication not in approved:
        raise NotAcceptable(
            translated(
                language,
                "PUBLICATION: {publication!r} is not an approved publication (approved: {allowed})",
                publication=publication,
                allowed=", ".join(approved) or "-",
            )
        )
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)
    holder, _entry = _receipt_state(records, publication, channel)
    if holder is None:
        raise NotAcceptable(_no_package(language, publication, channel))
    journal = ArchiveJournal(store, holder, publication, channel, seal=seal)
    journal.refresh()
    return _Target(language, seal, journal, withdrawn.get(publication))


def _recorded(target: _Target, publication: str, channel: str) -> NotAcceptable | None:
    """The refusal when the entry is a receipt that proves itself: a post is recorded, nothing is to settle."""
    entry = target.journal.entry
    if entry.state == "done" and target.seal.unproven(target.journal.record.path, entry) is None:
        return NotAcceptable(
            translated(
                target.language,
                "{publication} → {channel}: already recorded as {url}",
                publication=publication,
                channel=channel,
                url=entry.url or entry.post_id,
            )
        )
    return None


def _deferred(target: _Target) -> bool:
    """A claim no run holds now: a post deferred until a person looks (or an attempt that was cut off)."""
    entry = target.journal.entry
    return entry.state == "claimed" and not lease_is_live(entry.lease, datetime.now(UTC))


def _busy(target: _Target, publication: str, channel: str) -> NotAcceptable:
    return NotAcceptable(
        translated(
            target.language,
            "{publication} → {channel}: a run of humas publish ({run}) is posting it now; wait until it ends",
            publication=publication,
            channel=channel,
            run=target.journal.entry.run or "?",
        )
    )


def record_upload(repo: object, publication: str, channel: str, url: str, *, withdrawn: bool = False) -> str:
    """Write the receipt of a post a person made by hand (an outbox package) or found on the account (a
    deferred post humas could not settle); the message to show. Raises ConfigError (bad arguments) or
    NotAcceptable (nothing waits for a person). The package of a withdrawn publication is refused unless
    ``withdrawn`` says the person uploaded it anyway: its receipt is then written (``details.withdrawn``) and
    the withdrawal's deletion of the post follows on the next ``humas publish``."""
    target = _target(repo, publication, channel)
    if withdrawn and target.withdrawn is None:
        raise ConfigError(
            translated(
                target.language,
                "--withdrawn: {publication} is not withdrawn; record its post without it",
                publication=publication,
            )
        )
    if not _host_ok(url, channel):
        raise ConfigError(
            translated(
                target.language,
                "URL: {url!r} is not a {channel} post address (allowed: https://{hosts}/…)",
                url=url,
                channel=channel,
                hosts=HOSTS[channel][0],
            )
        )
    refusal = _recorded(target, publication, channel)
    if refusal is not None:
        raise refusal
    journal = target.journal
    entry = journal.entry
    if entry.state == "claimed" and not _deferred(target):
        raise _busy(target, publication, channel)
    if entry.state not in ("waiting", "withdrawn", "claimed"):
        raise NotAcceptable(_no_package(target.language, publication, channel))
    target.seal.ready()  # the receipt is signed by the person who records it
    if entry.state in ("waiting", "withdrawn"):  # withdrawn: the emptied package of a withdrawn publication
        if target.withdrawn is not None and not withdrawn:
            raise NotAcceptable(
                translated(
                    target.language,
                    "{publication} → {channel}: {publication} was withdrawn ({reason}); its outbox package must not "
                    "be uploaded any more.",
                    publication=publication,
                    channel=channel,
                    reason=target.withdrawn,
                )
                + " "
                + uploaded_anyway(target.language, publication, channel)
            )
        package = (entry.details or {}).get("package")
        details: dict[str, Any] = {"manual": True, **({"package": package} if package else {})}
        if withdrawn:
            details["withdrawn"] = True  # uploaded despite the withdrawal: a post to delete
        post_id = url
    else:  # a deferred post: the person found it; the platform's id when it is one of the posts shown
        shown = {str(v): str(k) for k, v in (entry.notes.get(ASKED) or {}).items()}
        post_id = shown.get(url, url)
        details = {"found_by_person": True}
    journal.done(Receipt(channel=channel, post_id=post_id, url=url, at=datetime.now(UTC), details=details))
    if withdrawn:
        return translated(
            target.language,
            "recorded: {publication} → {channel}: {url}; the publication is withdrawn: the next humas publish deletes "
            "this post (or tells you how to delete it by hand)",
            publication=publication,
            channel=channel,
            url=url,
        )
    return translated(
        target.language, "recorded: {publication} → {channel}: {url}", publication=publication, channel=channel, url=url
    )


def record_not_posted(repo: object, publication: str, channel: str, person: str, shown: str | None = None) -> str:
    """Clear a deferred claim on a person's word that the platform has no post of it (``claims.py``); the
    message to show. ``person`` is kept in the archive (git's ``name <e-mail>``), ``shown`` is how the message
    names them (their name in sop.yml). Never clears a receipt, an outbox package or a claim a live run holds."""
    target = _target(repo, publication, channel)
    refusal = _recorded(target, publication, channel)
    if refusal is not None:
        raise refusal
    journal = target.journal
    entry = journal.entry
    if entry.state == "claimed" and not _deferred(target):
        raise _busy(target, publication, channel)
    if entry.state != "claimed":
        raise NotAcceptable(
            translated(
                target.language,
                "{publication} → {channel}: no deferred post waits for a person (nothing to clear)",
                publication=publication,
                channel=channel,
            )
        )
    target.seal.ready()  # what the person says is signed like a receipt
    said: dict[str, Any] = {
        "by": person,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "posts": dict(entry.notes.get(ASKED) or {}),
    }
    sign_dismissal(target.seal, journal.record.path, publication, channel, said)
    entry.notes = {}  # the earlier attempt's handles: the next run asks the platform nothing about it
    entry.error = None
    journal.note(NOT_POSTED, said)
    return translated(
        target.language,
        "{publication} → {channel}: the claim is cleared ({person} found no post); the next humas publish posts "
        "it once",
        publication=publication,
        channel=channel,
        person=shown or person,
    )


def withdrawn_line(language: str, publication: str, channel: str, package: str) -> str:
    """The line that tells a person a withdrawn publication's outbox package is not to be uploaded."""
    return translated(
        language,
        "withdrawn, do not upload: {publication} → {channel} ({package})",
        publication=publication,
        channel=channel,
        package=package,
    )


def outbox_lines(repo: GitRepo, withdrawn: Collection[str], language: str) -> list[str]:
    """One line per outbox package a person is concerned with, from the receipts that count (``drop_unproven``:
    a hand-written ``withdrawn`` receipt is read as ``waiting``): waiting for its upload, or withdrawn and not to
    be uploaded (a signed ``withdrawn`` receipt, or a ``waiting`` one of a publication in ``withdrawn``, whose
    package the next ``humas publish`` empties)."""
    records = load_records(BranchStore(repo))
    drop_unproven(records, receipt_seal(repo))
    lines = []
    for (publication, channel), entry in sorted(_latest(records).items()):
        package = str((entry.details or {}).get("package") or "")
        if entry.state == "withdrawn" or (entry.state == "waiting" and publication in withdrawn):
            lines.append(withdrawn_line(language, publication, channel, package))
        elif entry.state == "waiting":
            lines.append(
                translated(
                    language,
                    "waiting for a manual upload: {publication} → {channel} ({package})",
                    publication=publication,
                    channel=channel,
                    package=package,
                )
            )
    return lines


def _latest(records: list[Record]) -> dict[tuple[str, str], ReceiptEntry]:
    """{(publication, channel): its entry} as ``receipt_state`` reads it: a ``done`` wins, else the latest."""
    found: dict[tuple[str, str], ReceiptEntry] = {}
    for record in records:
        for publication, channels in record.receipts.items():
            for channel, entry in channels.items():
                if found.get((publication, channel), entry).state != "done":
                    found[(publication, channel)] = entry
                found.setdefault((publication, channel), entry)
    return found
