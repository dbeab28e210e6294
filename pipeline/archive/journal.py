"""The exactly-once ledger of one (publication, channel): a receipt file in the approval record.

The entry is a versioned model (``ReceiptEntry``, version 2); ``read_entry`` also reads the version-1
JSON written before leases existed.

States: ``claimed`` (written before the first platform call), ``done`` (the receipt), ``failed`` (a
permanent refusal, with the platform's message and what a person should do), ``waiting`` (an outbox
package waits for a person to upload it and record the post's URL).

One claim per post. Every write of an entry is a compare-and-swap on the entry's blob in the archive
(``BranchStore.write(expect=...)``): a run claims only the entry it read, and each later note only
while the entry is still the one it wrote. A claim carries a **lease** (the run's id, host and
process, and an expiry renewed by every note). Another run that finds a live lease skips the post
(``busy``); it takes the claim over only when the lease has expired or, on the same machine, when the
process that holds it is gone. A run that loses its claim mid-way stops before its next platform call
(``ClaimLost``).
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..channels.base import PermanentError, Receipt
from .record import Record
from .store import BranchStore, StaleWrite

LEASE = timedelta(hours=1)
"""How long a claim holds without a note; every note renews it."""

VERSION = 2


class Lease(BaseModel):
    model_config = ConfigDict(extra="ignore")

    run: str
    host: str = ""
    pid: int = 0
    until: datetime


class ReceiptEntry(BaseModel):
    """One receipt file: ``records/<record>/receipts/<yyyy>/<slug>/<channel>.json``."""

    model_config = ConfigDict(extra="ignore")

    version: int = VERSION
    publication: str
    channel: str
    state: Literal["new", "claimed", "done", "failed", "waiting"] = "new"
    attempts: int = 0
    notes: dict[str, Any] = {}
    run: str | None = None
    lease: Lease | None = None
    claimed_at: str | None = None
    deferred_at: str | None = None
    failed_at: str | None = None
    waiting_at: str | None = None
    content_hash: str | None = None
    post_id: str | None = None
    url: str | None = None
    at: str | None = None
    details: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def read_entry(raw: bytes | str | dict[str, Any], publication: str = "", channel: str = "") -> ReceiptEntry:
    """An entry of any version (version 1 has no ``version`` key and no lease); unreadable: a new one."""
    try:
        data = json.loads(raw) if isinstance(raw, bytes | str) else dict(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        data.setdefault("publication", publication)
        data.setdefault("channel", channel)
        data["version"] = VERSION  # v1 -> v2: the same fields, the lease absent
        return ReceiptEntry.model_validate(data)
    except (ValueError, ValidationError):
        return ReceiptEntry(publication=publication, channel=channel)


def receipt_path(record: Record, publication: str, channel: str) -> str:
    return f"{record.path}/receipts/{publication}/{channel}.json"


class ClaimLost(PermanentError):
    """Another run took the claim over (or changed the entry) while this run held it."""


def _me() -> tuple[str, int]:
    return socket.gethostname(), os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lease_is_live(lease: Lease | None, now: datetime) -> bool:
    """Whether a claim's lease still holds: not expired and, on this machine, its process alive."""
    if lease is None or lease.until <= now:
        return False
    host, _ = _me()
    return not (lease.host == host and lease.pid and not _alive(lease.pid))


class ArchiveJournal:
    def __init__(
        self, store: BranchStore, record: Record, publication: str, channel: str, previous: dict[str, Any] | None = None
    ) -> None:
        self.store = store
        self.record = record
        self.path = receipt_path(record, publication, channel)
        self.entry = read_entry(previous or {}, publication, channel)
        self.blob: str | None = None
        """The blob id of the entry as this journal last read or wrote it (None: absent)."""
        self.run: str | None = None
        self.previous_state: str = self.entry.state
        """The entry's state when this run claimed it."""

    @property
    def state(self) -> dict[str, Any]:
        return self.entry.dump()

    # reading the entry as it is now -----------------------------------------------------------

    def refresh(self) -> ReceiptEntry:
        """Read the entry from the archive's tip (the base of the next compare-and-swap)."""
        tip = self.store.tip()
        self.blob = self.store.blob(self.path, tip)
        raw = self.store.repo.show(tip, self.path) if (tip and self.blob) else None
        self.entry = read_entry(raw or {}, self.entry.publication, self.entry.channel)
        return self.entry

    # Journal protocol ---------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        return self.entry.notes.get(key, default)

    def note(self, key: str, value: Any) -> None:
        self.entry.notes[key] = value
        self._save(f"note {key}")

    def forget_all(self) -> None:
        """Drop every note (handles of an attempt at other content)."""
        if self.entry.notes:
            self.entry.notes = {}
            self._save("forget handles")

    # states -----------------------------------------------------------------------------------

    def acquire(self, run: str, now: datetime | None = None) -> str:
        """Claim the entry for ``run``: ``fresh`` (no attempt before), ``resume`` (an earlier attempt to
        settle first), ``done`` (posted meanwhile), ``waiting`` (an outbox package awaits its upload) or
        ``busy`` (another live run holds it). A lost race is read again, never overwritten."""
        for _ in range(4):
            current = now or datetime.now(UTC)
            entry = self.refresh()
            if entry.state == "done":
                return "done"
            if entry.state == "claimed" and entry.run != run and lease_is_live(entry.lease, current):
                return "busy"
            earlier = entry.state in ("claimed", "failed", "waiting") or bool(entry.notes)
            state = self.previous_state = entry.state
            self.run = run
            host, pid = _me()
            entry.state = "claimed"
            entry.run = run
            entry.lease = Lease(run=run, host=host, pid=pid, until=current + LEASE)
            entry.claimed_at = current.isoformat()
            entry.attempts += 1
            try:
                self._save("claim")
            except ClaimLost:
                continue
            if state == "waiting":
                return "waiting"
            return "resume" if earlier else "fresh"
        return "busy"

    def done(self, receipt: Receipt) -> None:
        self.entry.state = "done"
        self.entry.post_id = receipt.post_id
        self.entry.url = receipt.url
        self.entry.at = receipt.at.isoformat()
        self.entry.details = dict(receipt.details)
        self.entry.error = None
        self.entry.lease = None
        self._save("published", with_sheet=True)

    def deferred(self, message: str, action: str, platform_message: str = "") -> None:
        """Not posted in this run, for a reason that passes (the claim stays: reconcile first next time)."""
        self.entry.state = "claimed"
        self.entry.deferred_at = _now()
        self.entry.lease = None  # released: the next run may take it at once
        self.entry.error = {
            "message": message,
            "action": action,
            "platform_message": platform_message,
            "retryable": True,
        }
        self._save("deferred")

    def failed(self, message: str, action: str, platform_message: str = "") -> None:
        self.entry.state = "failed"
        self.entry.failed_at = _now()
        self.entry.lease = None
        self.entry.error = {"message": message, "action": action, "platform_message": platform_message}
        self._save("failed", with_sheet=True)

    def waiting(self, package: str) -> None:
        """An outbox package is ready: a person uploads it and records the URL (``humas outbox uploaded``)."""
        self.entry.state = "waiting"
        self.entry.waiting_at = self.entry.waiting_at or _now()
        self.entry.lease = None
        self.entry.error = None
        self.entry.details = {"package": package}
        self._save("waiting for a manual upload", with_sheet=True)

    def _save(self, what: str, with_sheet: bool = False) -> None:
        if self.run is not None and self.entry.lease is not None:
            self.entry.lease.until = max(self.entry.lease.until, datetime.now(UTC) + LEASE)
        content = json.dumps(self.entry.dump(), indent=2, ensure_ascii=False).encode() + b"\n"
        files: dict[str, bytes | None] = {self.path: content}
        if with_sheet:  # the Lembar Pengesahan lists the receipts of its publications
            from .lembar import render_html, render_markdown

            self.record.receipts.setdefault(self.entry.publication, {})[self.entry.channel] = self.entry.dump()
            files[f"{self.record.path}/lembar-pengesahan.md"] = render_markdown(
                self.record.data, self.record.receipts
            ).encode()
            files[f"{self.record.path}/lembar-pengesahan.html"] = render_html(
                self.record.data, self.record.receipts
            ).encode()
        try:
            tip = self.store.write(
                files, f"receipt: {self.entry.publication} {self.entry.channel} {what}", expect={self.path: self.blob}
            )
        except StaleWrite:
            raise ClaimLost(
                f"{self.entry.channel}: another run changed the claim on {self.entry.publication} "
                "while this run held it; this run stops before posting",
                action="Nothing to do: the other run posts it, or a later run settles it.",
            ) from None
        self.blob = self.store.blob(self.path, tip)


def _now() -> str:
    return datetime.now(UTC).isoformat()
