"""One act on one published post: an edit (ralat) or a deletion (penarikan), and what became of it.

An act names its post by the id of the publication's proven ``done`` receipt (``post_id``) and carries
``act_id``, the id of the record of the correction or withdrawal that ordered it: each act is done once,
its receipt kept at ``records/<record>/acts/<yyyy>/<slug>/<channel>.<act_id>.<kind>.json`` on ``arsip``
(``act_path``), beside the publication's own receipts and never among them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..archive.journal import ReceiptSeal
from ..archive.models import ReceiptEntry, parse_receipt
from ..archive.record import Record
from ..archive.store import BranchStore
from ..content.paths import PUBLICATION_ID

Kind = Literal["edit", "delete"]
KINDS: tuple[str, ...] = ("edit", "delete")
ACTS = "acts"
"""The folder of a record on ``arsip`` that holds the receipts of its posts' acts."""

ACT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,119}")
"""An act id is a record id (``2026-12-07-ralat-wisuda-1a2b3c4``): no dot, no slash."""
PUBLICATION = PUBLICATION_ID
"""A publication id of any kind (``<yyyy>/<slug>``, ``pengumuman/<yyyy>/<slug>``, ... see ``content.paths``), as
the archive names them; ``..`` is refused apart."""
CHANNELS = ("instagram", "facebook", "tiktok", "youtube", "threads")


@dataclass(frozen=True)
class Act:
    publication: str
    """The publication's id, e.g. ``2025/wisuda``."""
    channel: str
    kind: Kind
    post_id: str
    """The post's id as the publication's proven ``done`` receipt gives it."""
    act_id: str
    """The id of the record of the correction or withdrawal that orders this act."""
    text: str | None = None
    """An edit: the corrected text (Facebook's message; the caption a person writes on Instagram, Threads,
    TikTok)."""
    title: str | None = None
    """An edit on YouTube: the corrected title (None: the title stays)."""
    description: str | None = None
    """An edit on YouTube: the corrected description (None: it stays)."""
    unchanged: bool = False
    """An edit whose texts are those the post already got (the correction changed something else): nothing is
    sent nor handed to a person; its receipt says so (``how: unchanged``)."""

    @property
    def stem(self) -> str:
        """The act's name in the archive, also the ``channel`` its signed receipt names (so that a receipt of
        the post itself, or of another act, can never stand for this one)."""
        return f"{self.channel}.{self.act_id}.{self.kind}"

    def texts(self) -> dict[str, str]:
        """The corrected texts an edit sets, by the platform's field names."""
        found = {"text": self.text, "title": self.title, "description": self.description}
        return {key: value for key, value in found.items() if value is not None}


def act_path(record: Record, act: Act) -> str:
    return f"{record.path}/{ACTS}/{act.publication}/{act.stem}.json"


def proven_acts(
    store: BranchStore, records: Sequence[Record], seal: ReceiptSeal
) -> dict[tuple[str, str], dict[str, ReceiptEntry]]:
    """{(act id, publication): {channel: its act's receipt}} as ``arsip`` holds them (what the Lembar Pengesahan
    shows of each correction and withdrawal). A file that is no act receipt, names another place, or says
    ``done`` without proving itself (``ReceiptSeal``: anyone who can push ``arsip`` can write one) is left out."""
    found: dict[tuple[str, str], dict[str, ReceiptEntry]] = {}
    for record in records:
        folder = f"{record.path}/{ACTS}/"
        for path, raw in sorted(store.read_many(folder, ".json").items()):
            publication, _slash, name = path[len(folder) : -len(".json")].rpartition("/")
            channel, act_id, kind = (name.split(".") + ["", "", ""])[:3]
            if not PUBLICATION.fullmatch(publication) or ".." in publication or channel not in CHANNELS:
                continue
            if kind not in KINDS or not ACT_ID.fullmatch(act_id) or name.count(".") != 2:
                continue
            try:
                entry = parse_receipt(raw, publication, name)
            except ValueError:
                continue
            if entry.state == "done" and seal.unproven(record.path, entry) is not None:
                continue
            found.setdefault((act_id, publication), {})[channel] = entry
    return found


@dataclass
class Outcome:
    act: Act
    state: Literal["done", "already", "waiting", "deferred", "failed", "refused", "busy"]
    message: str
    action: str = ""
    package: str | None = None
    calls: int = 0
    """How many edit or delete requests this run sent for the act."""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def code(self) -> int:
        """1 when an act was refused or failed (a person must act), else 0."""
        return 1 if any(o.state in ("failed", "refused") for o in self.outcomes) else 0
