"""A publication's life after its first publication, derived from main's verified records only.

``derive_life`` reads, in main's order, the verified merges that changed a publication and the draft before
and after each merge (its front-matter at the merge's base and head, read from git, never from ``arsip``;
the time is the merge commit's): the first merge published it; a later merge whose ``ralat`` note differs
from the one main held just before it is a correction (as the policy decided when it signed it); the first
merge whose draft holds ``ditarik`` withdrew it (urgent when ``ditarik.darurat`` was true), and a later
merge that keeps ``ditarik`` without ``darurat`` confirms an urgent withdrawal. A merge that drops
``ditarik`` again (a correction) puts the publication back. Nothing on ``arsip`` but the records'
verification has a say: editing a record by hand changes no note and no reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..content.life import UNCHANGED, Correction, Life, Withdrawal


@dataclass(frozen=True)
class Merge:
    """One verified merge of main that changed a publication."""

    record: str
    """The record's id on ``arsip`` (its folder name)."""
    at: datetime
    front: dict[str, Any] | None
    """The publication's front-matter at the merge's head (None: it could not be read, or was deleted)."""
    before: dict[str, Any] | None = None
    """Its front-matter on main just before the merge (None: not there)."""


def _withdrawal(merge: Merge, ditarik: dict[str, Any]) -> Withdrawal:
    urgent = ditarik.get("darurat") is True
    reason = ditarik.get("alasan")
    return Withdrawal(
        at=merge.at,
        reason=reason if isinstance(reason, str) else "",
        record=merge.record,
        urgent=urgent,
        confirmed=not urgent,
    )


def derive_life(merges: Sequence[Merge]) -> Life:
    """The corrections and the withdrawal the verified ``merges`` of one publication (main's order) prove."""
    if len(merges) < 2:
        return UNCHANGED
    corrections: list[Correction] = []
    withdrawal: Withdrawal | None = None
    for merge in merges[1:]:
        front = merge.front or {}
        note, ditarik = front.get("ralat"), front.get("ditarik")
        if isinstance(note, str) and note.strip() and note != (merge.before or {}).get("ralat"):
            corrections.append(Correction(at=merge.at, note=note, record=merge.record))
        if not isinstance(ditarik, dict):
            withdrawal = None
        elif withdrawal is None:
            withdrawal = _withdrawal(merge, ditarik)
        elif withdrawal.urgent and not withdrawal.confirmed and ditarik.get("darurat") is not True:
            withdrawal = replace(withdrawal, confirmed=True)
    return Life(corrections=tuple(corrections), withdrawal=withdrawal)
