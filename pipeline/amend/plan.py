"""Which acts the life of each approved publication orders on its posts (``humas publish`` runs them).

- A **withdrawn** publication (``Life.withdrawal``): every post that a proven ``done`` receipt gives it is
  deleted (``delete``), once per withdrawal (its record id is the act's id). Nothing is corrected any more.
- A **corrected** publication (``Life.corrections``): every post made *before* its latest correction is
  edited to the text main holds now (``edit``), once per correction. Only the latest correction is acted on:
  the text main holds carries every earlier one, so an earlier correction not yet applied is applied with it.
  A post made after the correction already carries its text and is left alone.

What each act sends, or hands to a person, is ``pipeline.amend.run``'s: this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from ..approved import ApprovedPublication
from ..archive.record import Record
from .act import CHANNELS, Act
from .run import proven_posts


def planned_acts(publications: Iterable[ApprovedPublication], records: list[Record]) -> list[Act]:
    """The acts ordered by the publications' lives, over ``records`` whose unproven receipts were dropped."""
    posts = proven_posts(records)
    acts: list[Act] = []
    for publication in publications:
        life = publication.life
        if life.withdrawal is None and not life.corrections:
            continue
        for channel in CHANNELS:
            found = posts.get((publication.id, channel))
            if found is None:
                continue
            _record, receipt = found
            act = _act(publication, channel, receipt)
            if act is not None:
                acts.append(act)
    return acts


def _act(publication: ApprovedPublication, channel: str, receipt: dict[str, Any]) -> Act | None:
    life = publication.life
    post_id = str(receipt["post_id"])
    if life.withdrawal is not None:
        return Act(publication.id, channel, "delete", post_id, life.withdrawal.record)
    latest = life.corrections[-1]
    posted = _moment(receipt.get("at"))
    if posted is not None and posted >= latest.at:
        return None  # posted after the correction: the post already says what main says now
    block = publication.draft.meta.channels.block(channel)
    if channel == "youtube":
        return Act(
            publication.id,
            channel,
            "edit",
            post_id,
            latest.record,
            title=str(getattr(block, "title", "")) or None,
            description=getattr(block, "description", None),
        )
    field = "text" if channel == "threads" else "caption"  # a Threads post is its text (ThreadsBlock.text)
    return Act(publication.id, channel, "edit", post_id, latest.record, text=getattr(block, field, None) or "")


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
