"""What happened to a publication after it was first published: its corrections (*ralat*) and its
withdrawal (*penarikan*), each proved by a verified merge of main.

The archive derives a publication's ``Life`` from main's verified records (``pipeline.archive``); the
website (``pipeline.site``), the channels and the Lembar Pengesahan read it. It is plain data: nothing here
reads git or the archive.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Correction:
    """One *ralat*: a verified merge that changed a publication already published."""

    at: datetime.datetime
    """When the correction's merge was recorded (aware)."""
    note: str
    """The public note of what was corrected (front-matter ``ralat``), shown on the page."""
    record: str = ""
    """The record id of the correction's merge on ``arsip`` (each act on a platform is done once per record)."""


@dataclass(frozen=True)
class Withdrawal:
    """The *penarikan* of a publication: a verified merge that marked it withdrawn."""

    at: datetime.datetime
    """When the withdrawal's merge was recorded (aware)."""
    reason: str
    """Why it was withdrawn (front-matter ``ditarik.alasan``), shown on the notice that replaces the page."""
    record: str = ""
    """The record id of the withdrawal's merge on ``arsip``."""
    urgent: bool = False
    """Withdrawn by the people sop.yml lists for emergencies, before the normal chain signed."""
    confirmed: bool = True
    """For an urgent withdrawal: whether the normal chain has confirmed it since."""


@dataclass(frozen=True)
class Life:
    """A publication's corrections (oldest first) and its withdrawal, if any."""

    corrections: tuple[Correction, ...] = ()
    withdrawal: Withdrawal | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawal is not None

    @property
    def modified(self) -> datetime.datetime | None:
        """When it last changed after its first publication (``dateModified``): the latest correction or
        the withdrawal; None when it never changed."""
        moments = [c.at for c in self.corrections] + ([self.withdrawal.at] if self.withdrawal else [])
        return max(moments) if moments else None


UNCHANGED = Life()
