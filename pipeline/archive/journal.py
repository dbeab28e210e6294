"""The exactly-once ledger of one (publication, channel): a receipt file in the approval record.

The entry is a versioned model (``ReceiptEntry``, version 2); ``read_entry`` also reads the version-1
JSON written before leases existed.

States: ``claimed`` (written before the first platform call), ``done`` (the receipt), ``failed`` (a
permanent refusal, with the platform's message and what a person should do), ``waiting`` (an outbox
package waits for a person to upload it and record the post's URL), ``withdrawn`` (a package that waited
when its publication was withdrawn: emptied, not to be uploaded; signed like ``done``).

One claim per post. Every write of an entry is a compare-and-swap on the entry's blob in the archive
(``BranchStore.write(expect=...)``): a run claims only the entry it read, and each later note only
while the entry is still the one it wrote. A claim carries a **lease** (the run's id, host and
process, and an expiry renewed by every note). Another run that finds a live lease skips the post
(``busy``); it takes the claim over only when the lease has expired or, on the same machine, when the
process that holds it is gone. A run that loses its claim mid-way stops before its next platform call
(``ClaimLost``).

A ``done`` receipt counts only when it proves itself (``ReceiptSeal``): signed, in namespace
``humas-receipt`` over its facts, the record's folder and the repository's id, by a key of
``record_keys`` (the protected job's ``HUMAS_RECORD_KEY``) or of a person holding a role in sop.yml on
main (the person who ran ``humas publish`` or ``humas outbox uploaded``), none of them revoked. Anyone
who can push to ``arsip`` can write a file there: an unproven ``done`` is reported and ignored
(``drop_unproven``), and the run asks the platform before anything is posted (the runner's lookup).

A ``withdrawn`` receipt proves itself the same way, and it must not hide a post a person uploaded anyway
(``humas outbox uploaded --withdrawn`` turns it into a signed ``done``): a genuine ``withdrawn`` receipt written
back over that ``done`` (a replay; ``arsip`` cannot be force-pushed, so the ``done`` stays in its history) counts
for nothing, and the ``done`` found in the file's history stands again, so the withdrawal's deletion still
follows. An unproven ``withdrawn`` receipt is read as the ``waiting`` it claims to come from.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ..git import GitRepo
from ..messages import _
from ..problems import ConfigError, PermanentError
from ..signing import canonical, fingerprint, sign, sign_with_private_key, signing_key, verify
from ..sop.keys import key_id
from .lembar import archived_letterhead, render_html, render_markdown, sheet_of
from .mainline import MainBranch
from .models import SEALED, Lease, Posted, ReceiptEntry, parse_receipt
from .record import Record
from .store import ARCHIVE_BRANCH, BranchStore, StaleWrite

RECEIPT_NAMESPACE = "humas-receipt"
RECORD_KEY = "HUMAS_RECORD_KEY"

LEASE = timedelta(hours=1)
"""How long a claim holds without a note; every note renews it."""


@dataclass
class ReceiptSeal:
    """Which keys prove a ``done`` receipt (read from sop.yml on main), and how this run signs its own."""

    repository: str
    keys: list[str]
    on_trust: bool = False
    """``signatures: unsigned`` in sop.yml: receipts, like reviews, are taken on trust."""
    make_signer: Callable[[], Callable[[bytes], str]] | None = None
    history: Callable[[str], list[bytes]] | None = None
    """The versions of a file on ``arsip`` that wrote or removed a ``done`` state (``done_history``): what a
    ``withdrawn`` receipt is checked against."""
    _signer: Callable[[bytes], str] | None = field(default=None, repr=False)

    def payload(self, record: str, entry: ReceiptEntry) -> bytes:
        """What a receipt's signature covers. ``content_hash`` (the approved tree the post was made from) only
        when the receipt names one: receipts signed before it was sealed still verify, and one that names it
        cannot lose or change it without losing its signature."""
        sealed = {"publication", "channel", "state", "post_id", "url", "at"}
        if entry.content_hash is not None:
            sealed.add("content_hash")
        facts = entry.model_dump(mode="json", include=sealed)
        return canonical({**facts, "details": entry.details or {}, "record": record, "repository": self.repository})

    def unproven(self, record: str, entry: ReceiptEntry) -> str | None:
        """None when ``entry`` (a ``done`` receipt in ``record``'s folder) proves itself, else why not."""
        if self.on_trust:
            return None
        if not entry.signature:
            return _("it is not signed")
        return verify(self.payload(record, entry), entry.signature, self.keys, RECEIPT_NAMESPACE)

    def uploaded_before(self, record: str, path: str, entry: ReceiptEntry) -> ReceiptEntry | None:
        """The ``done`` receipt that proves itself among the earlier versions of ``path`` (the file of the
        ``withdrawn`` receipt ``entry``), if any: then the post was made, whatever the file says now."""
        for raw in self.history(path) if self.history is not None else []:
            try:
                earlier = parse_receipt(raw, entry.publication, entry.channel)
            except ValueError:
                continue
            if earlier.state == "done" and self.unproven(record, earlier) is None:
                return earlier
        return None

    def ready(self) -> None:
        """Make sure this run can sign a receipt before it posts anything (ConfigError otherwise)."""
        if not self.on_trust and self._signer is None:
            if self.make_signer is None:
                raise ConfigError(_("this command cannot sign receipts"))
            self._signer = self.make_signer()

    def seal(self, record: str, entry: ReceiptEntry) -> None:
        entry.signature = None
        if not self.on_trust:
            self.ready()
            assert self._signer is not None
            entry.signature = self._signer(self.payload(record, entry))


def receipt_seal(repo: GitRepo, env: Mapping[str, str] | None = None) -> ReceiptSeal:
    """The seal of ``repo``: keys from sop.yml on main as it is now; this run signs with ``HUMAS_RECORD_KEY``
    (the protected job on GitHub) or else with git's signing key of the person running it."""
    env = os.environ if env is None else env
    trusted = MainBranch(repo)
    sop = trusted.sop()
    holders = {person for role in sop.roles for person in sop.holders(role)}
    keys = sop.live_record_keys() + [key for person in sorted(holders) for key in sop.keys_of(person)]

    def make_signer() -> Callable[[bytes], str]:
        private = env.get(RECORD_KEY)
        if private:
            public, _probe = sign_with_private_key(private, b"", RECEIPT_NAMESPACE)
            if not_listed(public, sop.live_record_keys()):
                raise ConfigError(
                    _(
                        "HUMAS_RECORD_KEY ({fingerprint}) is not listed in record_keys of sop.yml on main: "
                        "add its public key there (a change signed by the Direktur)",
                        fingerprint=fingerprint(public),
                    )
                )
            return lambda payload: sign_with_private_key(private, payload, RECEIPT_NAMESPACE)[1]
        if env.get("GITHUB_ACTIONS") == "true":
            raise ConfigError(
                _(
                    "HUMAS_RECORD_KEY is not set: the post job signs its receipts with the record key "
                    "(the publikasi environment's secret, in the step's env)"
                )
            )
        key = signing_key(repo)
        if not_listed(key.public, keys):
            raise ConfigError(
                _(
                    "receipts are signed by the person who runs humas publish: the signing key {key} (git config "
                    "user.signingkey) is not among the signing_keys of anyone holding a role in sop.yml on main",
                    key=key.fingerprint,
                )
            )
        return lambda payload: sign(key, payload, RECEIPT_NAMESPACE)

    return ReceiptSeal(
        repository=trusted.repository_id,
        keys=keys,
        on_trust=sop.signatures == "unsigned",
        make_signer=make_signer,
        history=lambda path: done_history(repo, path),
    )


def done_history(repo: GitRepo, path: str) -> list[bytes]:
    """The versions of ``path`` on ``arsip`` in the commits that wrote or removed a ``"state": "done"`` line,
    newest first (one ``git log``, and nothing more when there is none)."""
    found = repo.run("log", "--format=%H", '-G"state": "done"', f"refs/heads/{ARCHIVE_BRANCH}", "--", path, check=False)
    versions = [repo.show(commit, path) for commit in found.split()]
    return [version for version in versions if version]


def not_listed(public: str, keys: list[str]) -> bool:
    """Whether ``public`` is none of ``keys`` (compared as ``type base64``, comments dropped)."""
    return key_id(public) not in {key_id(k) for k in keys}


def drop_unproven(records: list[Record], seal: ReceiptSeal) -> list[str]:
    """Remove from each record's receipts every ``done`` receipt that does not prove itself; one warning
    per receipt removed, naming its file on arsip, and one per receipt file that was no receipt at all
    (``Record.problems``). What is left is all a Lembar or a run may show or trust."""
    warnings = []
    for record in records:
        for problem in record.problems:
            warnings.append(
                _(
                    "{path}: not a receipt ({why}); it is ignored, and the platform is asked before anything is posted",
                    path=problem.path,
                    why=problem.message,
                )
            )
        for publication, channels in record.receipts.items():
            for channel, entry in list(channels.items()):
                if entry.state not in SEALED:
                    continue
                why = seal.unproven(record.path, entry)
                if entry.state == "withdrawn":
                    refused = _withdrawn_receipt(record, publication, channel, entry, seal, why)
                    if refused is not None:
                        warnings.append(refused[0])
                        channels[channel] = refused[1]
                    continue
                if why:
                    del channels[channel]
                    warnings.append(
                        _(
                            "arsip:{path}: a done receipt that proves nothing ({why}) is ignored; the platform is "
                            "asked before anything is posted",
                            path=receipt_path(record, publication, channel),
                            why=why,
                        )
                    )
    return warnings


def _withdrawn_receipt(
    record: Record, publication: str, channel: str, entry: ReceiptEntry, seal: ReceiptSeal, why: str | None
) -> tuple[str, ReceiptEntry] | None:
    """None when the ``withdrawn`` receipt ``entry`` is taken; else why not, and what it stands for: it proves
    nothing (the ``waiting`` package it claims to come from), or the post it says was never uploaded has a
    ``done`` receipt that proves itself in the file's history (that receipt)."""
    path = receipt_path(record, publication, channel)
    if why:
        package = (entry.details or {}).get("package")
        waiting = ReceiptEntry(
            publication=publication,
            channel=channel,
            state="waiting",
            attempts=entry.attempts,
            waiting_at=entry.waiting_at,
            details={"package": package} if isinstance(package, str) else None,
        )
        message = _(
            "arsip:{path}: a withdrawn receipt that proves nothing ({why}) is ignored; the package counts as waiting "
            "until humas publish marks it again",
            path=path,
            why=why,
        )
        return message, waiting
    earlier = seal.uploaded_before(record.path, path, entry)
    if earlier is None:
        return None
    message = _(
        "arsip:{path}: says the package was not uploaded, but an earlier version of it receipted the post {url}; "
        "that receipt counts, and the withdrawal deletes the post",
        path=path,
        url=earlier.url or earlier.post_id or "",
    )
    return message, earlier


def read_entry(raw: bytes | str | Mapping[str, Any], publication: str = "", channel: str = "") -> ReceiptEntry:
    """The entry as the journal reads it back for its next compare-and-swap: ``parse_receipt``, and one
    that is no receipt of this place is a new one (the runner asks the platform before posting)."""
    try:
        return parse_receipt(raw, publication, channel)
    except ValueError:
        return ReceiptEntry(publication=publication, channel=channel)


def receipt_state(records: list[Record], publication: str, channel: str) -> tuple[Record | None, ReceiptEntry]:
    """The latest ledger entry of (publication, channel) across every record, and the record holding it
    (none: a ``new`` entry and no record)."""
    found: tuple[Record | None, ReceiptEntry] = (None, ReceiptEntry(publication=publication, channel=channel))
    for record in records:
        entry = record.receipts.get(publication, {}).get(channel)
        if entry is not None:
            if entry.state == "done":
                return record, entry
            found = (record, entry)
    return found


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
    host, _pid = _me()
    return not (lease.host == host and lease.pid and not _alive(lease.pid))


class ArchiveJournal:
    def __init__(
        self,
        store: BranchStore,
        record: Record,
        publication: str,
        channel: str,
        previous: ReceiptEntry | None = None,
        *,
        seal: ReceiptSeal,
    ) -> None:
        self.store = store
        self.record = record
        self.seal = seal
        self.path = receipt_path(record, publication, channel)
        self.entry = (
            previous.model_copy(deep=True)
            if previous is not None
            else ReceiptEntry(publication=publication, channel=channel)
        )
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
        for _attempt in range(4):
            current = now or datetime.now(UTC)
            entry = self.refresh()
            if entry.state == "done":
                if self.seal.unproven(self.record.path, entry) is None:
                    return "done"
                # proves nothing: forget it (its post id, URL and notes too); the runner asks the platform
                entry = self.entry = ReceiptEntry(
                    publication=entry.publication, channel=entry.channel, attempts=entry.attempts
                )
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

    def done(self, receipt: Posted, content_hash: str | None = None) -> None:
        """The post is made. ``content_hash``: the approved tree of the publication the post was made from
        (sealed with the receipt; a correction's edit is owed exactly when main's tree is another one)."""
        self.entry.state = "done"
        self.entry.content_hash = content_hash
        self.entry.post_id = receipt.post_id
        self.entry.url = receipt.url
        self.entry.at = receipt.at.isoformat()
        self.entry.details = dict(receipt.details)
        self.entry.error = None
        self.entry.lease = None
        self.seal.seal(self.record.path, self.entry)
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

    def withdrawn(self, package: str, withdrawal: str, now: datetime | None = None) -> None:
        """The ``waiting`` package of a withdrawn publication was emptied: it is not to be uploaded any more
        (signed like a ``done`` receipt, so that nobody can write it by hand to hide an upload)."""
        moment = (now or datetime.now(UTC)).isoformat()
        self.entry.state = "withdrawn"
        self.entry.at = moment
        self.entry.lease = None
        self.entry.error = None
        self.entry.details = {"package": package, "withdrawal": withdrawal}
        self.seal.seal(self.record.path, self.entry)
        self._save("withdrawn: not to be uploaded", with_sheet=True)

    def _save(self, what: str, with_sheet: bool = False) -> None:
        if self.run is not None and self.entry.lease is not None:
            self.entry.lease.until = max(self.entry.lease.until, datetime.now(UTC) + LEASE)
        content = json.dumps(self.entry.dump(), indent=2, ensure_ascii=False).encode() + b"\n"
        files: dict[str, bytes | None] = {self.path: content}
        if with_sheet:  # the Lembar Pengesahan lists the receipts of its publications
            self.record.receipts.setdefault(self.entry.publication, {})[self.entry.channel] = self.entry.model_copy(
                deep=True
            )
            sheet = sheet_of(
                self.record.model,
                self.record.receipts,
                record_path=f"arsip:{self.record.path}/record.json",
                letterhead=archived_letterhead(self.store.repo, self.record.merge_commit),
            )
            files[f"{self.record.path}/lembar-pengesahan.md"] = render_markdown(sheet).encode()
            files[f"{self.record.path}/lembar-pengesahan.html"] = render_html(sheet).encode()
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
