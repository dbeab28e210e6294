"""What every forge offers: the facts of a change, recording a review, merging.

The policy (``pipeline.sop.evaluate``) needs nothing but :class:`ChangeFacts`; a forge supplies them
and performs the effects. The local forge (``local.py``) keeps changes as branches and signed reviews on
``arsip``; GitHub (``github.py``, ``github_gate.py``) keeps them as pull requests and reviews, which
GitHub itself authenticates. Either way the rules come from :class:`pipeline.trusted.TrustedMain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..sop.config import Sop
from ..sop.facts import ChangeFacts


@dataclass(frozen=True)
class Change:
    name: str
    """The branch (local) or ``#<number> <branch>`` (GitHub)."""
    base: str
    head: str
    facts: ChangeFacts
    title: str


class Forge(Protocol):
    """What the checklist, the review and the merge need of a forge. ``LocalForge`` keeps changes as
    branches (reviews are recorded by ``forge.review.review``, merges made by ``forge.merge.merge``); on
    GitHub, reviews and merges happen on GitHub and the gate reads them (``GitHub.read_change``)."""

    def sop(self) -> Sop:
        """The rules, from the trusted side."""
        ...

    def change(self, name: str) -> Change: ...
