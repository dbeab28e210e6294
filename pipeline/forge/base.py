"""A change as every forge reads it: its branch, its base and head, the facts the policy needs, a title.

The policy (``pipeline.sop.evaluate``) needs nothing but :class:`ChangeFacts`; a forge supplies them
and performs the effects. The local forge (``local.py``) keeps changes as branches and signed reviews on
``arsip``; GitHub (``github.py``, ``github_gate.py``) keeps them as pull requests and reviews, which
GitHub itself authenticates. Either way the rules come from :class:`pipeline.trusted.TrustedMain`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sop.facts import ChangeFacts


@dataclass(frozen=True)
class Change:
    name: str
    """The branch (local) or ``#<number> <branch>`` (GitHub)."""
    base: str
    head: str
    facts: ChangeFacts
    title: str
