"""The archive's data as typed models: a record (``record.json``) and a receipt (one ledger entry).

Everything that reads the archive (the Lembar Pengesahan, the Mutu Baku report, publish) reads these,
never the JSON: ``pipeline.archive.record`` reads and writes records, ``pipeline.archive.journal`` the
receipts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from ..messages import _
from ..sop.facts import Decision, Review
from .review import SignedReview


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignatureEntry(_Model):
    person: str
    name: str
    jabatan: str | None = None
    nip: str | None = None
    identity: str
    role: str
    bidang: list[str] = []
    decision: str = "APPROVED"
    at: str
    commit: str
    message: str = ""


class StepEntry(_Model):
    step: str
    name: str
    role: str
    minutes: int | None = None
    bidang: list[str] = []
    started_at: str | None = None
    done_at: str | None = None
    elapsed_minutes: int | None = None
    signatures: list[SignatureEntry] = []


class ChainEntry(_Model):
    name: str
    paths: list[str]
    steps: list[StepEntry]


class FileEntry(_Model):
    sha256: str
    blob: str
    size: int


class SopRef(_Model):
    number: str
    name: str


class ForgeReview(_Model):
    """A review as GitHub reported it to the publish job (authenticated by GitHub, then by the job's key)."""

    reviewer: str | None
    name: str = ""
    decision: Decision
    commit: str
    at: str
    role: str | None = None
    message: str = ""
    is_bot: bool = False

    def fact(self) -> Review:
        return Review(
            reviewer=self.reviewer,
            decision=self.decision,
            commit=self.commit,
            at=datetime.fromisoformat(self.at),
            role=self.role,
            message=self.message,
            is_bot=self.is_bot,
            name=self.name,
        )


class RecordData(_Model):
    version: Literal[2] = 2
    forge: Literal["local", "github"]
    signatures: Literal["ssh", "unsigned", "github"]
    """How the approvals were authenticated: SSH-signed reviews, git identities on trust, or GitHub."""
    change: str
    title: str
    institution: str
    unit: str
    sop: SopRef
    language: str
    merge_commit: str
    base: str
    head: str
    merged_at: str
    merged_by: str
    bidang: list[str]
    authors: list[str]
    chains: list[ChainEntry]
    reviews: list[ForgeReview] = []
    """GitHub records: the reviews as GitHub reported them."""
    signed_reviews: list[SignedReview] = []
    """Local records: the signed reviews, exactly as they were on arsip."""
    files: dict[str, FileEntry]
    publications: dict[str, str]
    """{publication id: the git tree id of its folder as approved}."""
    channels: dict[str, list[str]] = {}
    """{publication id: its channels, as the approved draft names them} (for the Lembar Pengesahan)."""


VERSION = 2


class Posted(Protocol):
    """What the ledger keeps of a channel's receipt (``pipeline.channels.base.Receipt`` is one)."""

    @property
    def post_id(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def at(self) -> datetime: ...
    @property
    def details(self) -> Mapping[str, Any]: ...


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
    state: Literal["new", "claimed", "done", "failed", "waiting", "withdrawn"] = "new"
    """``withdrawn``: an outbox package that waited when its publication was withdrawn; it is not to be uploaded
    (signed like ``done``: see ``SEALED``)."""
    attempts: int = 0
    notes: dict[str, Any] = {}
    run: str | None = None
    lease: Lease | None = None
    claimed_at: str | None = None
    deferred_at: str | None = None
    failed_at: str | None = None
    waiting_at: str | None = None
    content_hash: str | None = None
    """A ``done`` receipt's: the approved tree (of the publication's folder) the post was made from, sealed
    with it; absent from receipts written before it was recorded, and from those of a person's upload."""
    post_id: str | None = None
    url: str | None = None
    at: str | None = None
    details: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    signature: str | None = None
    """A ``done`` receipt's proof: see ``ReceiptSeal``."""
    manual: bool | None = None
    """Early manual receipts said ``manual`` here rather than in ``details``."""

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)

    @property
    def posted(self) -> bool:
        """A ``done`` receipt that names its post."""
        return self.state == "done" and bool(self.post_id)


SEALED = ("done", "withdrawn")
"""The states a receipt counts in only when it proves itself (``ReceiptSeal``): a post made, or a package that
must not be uploaded any more."""


Receipts = Mapping[str, Mapping[str, ReceiptEntry]]
"""{publication id: {channel: its receipt}} as the archive holds them (parsed by ``parse_receipt``)."""


def parse_receipt(raw: bytes | str | Mapping[str, Any], publication: str = "", channel: str = "") -> ReceiptEntry:
    """The receipt file at ``receipts/<publication>/<channel>.json``, of any version (version 1 has no
    ``version`` key and no lease). ``ValueError`` (why, in a person's words) when it is not a receipt, or
    names another publication or channel than its place (when given): a receipt copied there stands for
    nothing, though its signature, which covers what it names, is good."""
    try:
        data = json.loads(raw) if isinstance(raw, bytes | str) else dict(raw)
    except ValueError:
        raise ValueError(_("it is not JSON")) from None
    if not isinstance(data, dict):
        raise ValueError(_("it is not JSON"))
    named = (data.setdefault("publication", publication), data.setdefault("channel", channel))
    if (publication and named[0] != publication) or (channel and named[1] != channel):
        raise ValueError(_("it names {publication} → {channel}", publication=str(named[0]), channel=str(named[1])))
    data["version"] = VERSION  # v1 -> v2: the same fields, the lease absent
    try:
        return ReceiptEntry.model_validate(data)
    except ValidationError as error:
        fields = ", ".join(dict.fromkeys(".".join(str(p) for p in e["loc"]) for e in error.errors()))
        raise ValueError(_("unreadable fields: {fields}", fields=fields)) from None


def moment(value: object) -> datetime | None:
    """An ISO 8601 time of the archive (a ``Z`` suffix too), or None when it is absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
