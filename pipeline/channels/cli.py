"""What ``humas outbox uploaded PUBLICATION CHANNEL URL`` does (the command: ``pipeline.commands.publish``):
a person records the post they made by hand from an outbox package; only then does the archive hold the
receipt (``done``) and a later run stop waiting."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..messages import translated
from ..problems import ConfigError, NotAcceptable

HOSTS = {
    "instagram": ("instagram.com",),
    "facebook": ("facebook.com", "fb.com", "fb.watch"),
    "tiktok": ("tiktok.com",),
    "youtube": ("youtube.com", "youtu.be"),
}


def _host_ok(url: str, channel: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(host == h or host.endswith("." + h) for h in HOSTS[channel])


def _no_package(language: str, publication: str, channel: str) -> str:
    return translated(
        language,
        "{publication} → {channel}: no outbox package waits for an upload (run humas publish first)",
        publication=publication,
        channel=channel,
    )


def record_upload(repo: object, publication: str, channel: str, url: str) -> str:
    """Write the receipt of a manual upload; the message to show. Raises ConfigError (bad arguments)
    or NotAcceptable (nothing waits for this upload)."""
    from ..approved import approved_publications
    from ..archive.journal import ArchiveJournal, drop_unproven, receipt_seal
    from ..archive.journal import receipt_state as _receipt_state
    from ..archive.record import load_records
    from ..archive.store import BranchStore
    from ..git import GitRepo
    from .base import Receipt

    assert isinstance(repo, GitRepo)
    with approved_publications(repo) as approvals:
        language = approvals.sop.language
        approved = sorted(item.id for item in approvals.publications)
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
    if not _host_ok(url, channel):
        raise ConfigError(
            translated(
                language,
                "URL: {url!r} is not a {channel} post address (allowed: https://{hosts}/…)",
                url=url,
                channel=channel,
                hosts=HOSTS[channel][0],
            )
        )
    store = BranchStore(repo)
    records = load_records(store)
    seal = receipt_seal(repo)
    drop_unproven(records, seal)
    holder, entry = _receipt_state(records, publication, channel)
    if holder is None or entry.get("state") not in ("waiting", "done"):
        raise NotAcceptable(_no_package(language, publication, channel))
    seal.ready()  # the receipt of a manual upload is signed by the person who records it
    journal = ArchiveJournal(store, holder, publication, channel, seal=seal)
    current = journal.refresh()
    if current.state == "done" and seal.unproven(holder.path, current) is None:
        raise NotAcceptable(
            translated(
                language,
                "{publication} → {channel}: already recorded as {url}",
                publication=publication,
                channel=channel,
                url=current.url or current.post_id,
            )
        )
    if current.state != "waiting":
        raise NotAcceptable(_no_package(language, publication, channel))
    package = (current.details or {}).get("package")
    journal.done(
        Receipt(
            channel=channel,
            post_id=url,
            url=url,
            at=datetime.now(UTC),
            details={"manual": True, **({"package": package} if package else {})},
        )
    )
    return translated(
        language, "recorded: {publication} → {channel}: {url}", publication=publication, channel=channel, url=url
    )
