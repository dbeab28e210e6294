"""Which acts the life of each approved publication orders on its posts (``humas publish`` runs them).

- A **withdrawn** publication (``Life.withdrawal``): every post that a proven ``done`` receipt gives it is
  deleted (``delete``), once per withdrawal (its record id is the act's id). Nothing is corrected any more.
- A **corrected** publication (``Life.corrections``): every post made *before* its latest correction is
  edited to the text main holds now (``edit``), once per correction. Only the latest correction is acted on:
  the text main holds carries every earlier one, so an earlier correction not yet applied is applied with it.
  A post made after the correction already carries its text and is left alone.

A correction that leaves a channel's text as the post got it (it changed the website's body, say, and not the
Instagram caption) orders an edit marked ``unchanged``: nothing is sent and no package is written, and the act's
receipt says why (``how: unchanged``). The text a post got is read from main's history, never from ``arsip``:
the draft on main just before the first correction merged after the post (the first parent of that correction's
merge commit, which must be on main's line); when it cannot be read, the edit is done as ordered.

What each act sends, or hands to a person, is ``pipeline.amend.run``'s: this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ..approved import ApprovedPublication
from ..archive.models import ReceiptEntry
from ..archive.record import Record
from ..content.load import front_matter
from ..content.paths import INDEX
from ..git import GitRepo, is_object_id
from .act import CHANNELS, Act
from .run import proven_posts


def planned_acts(
    publications: Iterable[ApprovedPublication],
    records: list[Record],
    repo: GitRepo | None = None,
    main: str = "",
) -> list[Act]:
    """The acts ordered by the publications' lives, over ``records`` whose unproven receipts were dropped;
    ``repo`` and ``main`` (main's commit) let an edit that changes nothing be marked ``unchanged``."""
    posts = proven_posts(records)
    history = _History(repo, main, records) if repo is not None and main else None
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
            if act is not None and act.kind == "edit" and history is not None:
                got = history.posted_texts(publication, channel, receipt)
                if got is not None and got == act.texts():
                    act = replace(act, unchanged=True)
            if act is not None:
                acts.append(act)
    return acts


def channel_texts(block: Any, channel: str) -> dict[str, str]:
    """The texts an edit of ``channel`` sets from its block (a model, or the plain data of a front-matter)."""

    def get(name: str) -> Any:
        return block.get(name) if isinstance(block, dict) else getattr(block, name, None)

    if channel == "youtube":
        found = {"title": str(get("title") or "") or None, "description": get("description")}
    else:  # a Threads post is its text (ThreadsBlock.text); the others' is their caption
        found = {"text": get("text" if channel == "threads" else "caption") or ""}
    return {key: str(value) for key, value in found.items() if value is not None}


class _History:
    """What main held for a publication before each of its corrections (main's history only)."""

    def __init__(self, repo: GitRepo, main: str, records: list[Record]) -> None:
        self.repo, self.main = repo, main
        self.merges = {record.path.rsplit("/", 1)[-1]: record.merge_commit for record in records}

    def posted_texts(
        self, publication: ApprovedPublication, channel: str, receipt: ReceiptEntry
    ) -> dict[str, str] | None:
        """The texts of ``channel`` as the post of ``receipt`` got them, or None when they cannot be told."""
        raw = self._posted_draft(publication, receipt)
        front = front_matter(raw) if raw is not None else None
        channels = front.get("channels") if isinstance(front, dict) else None
        block = channels.get(channel) if isinstance(channels, dict) else None
        return channel_texts(block, channel) if isinstance(block, dict) else None

    def _posted_draft(self, publication: ApprovedPublication, receipt: ReceiptEntry) -> bytes | None:
        """The draft the post was made from: the approved tree its receipt names (the folder's tree, an object
        of main's history), else main just before the first correction merged after the post."""
        if receipt.content_hash:
            if not is_object_id(receipt.content_hash):
                return None
            return self.repo.show(receipt.content_hash, INDEX)  # the folder's tree holds its index.md
        posted = _moment(receipt.at)
        if posted is None:
            return None
        second = posted.replace(microsecond=0)
        if any(c.at.replace(microsecond=0) == second for c in publication.life.corrections):
            return None  # merged in the second the post was made: which text it got cannot be told
        after = next((c for c in publication.life.corrections if c.at > posted), None)
        merge = self.merges.get(after.record) if after is not None else None
        if not merge or not self.repo.ok("merge-base", "--is-ancestor", merge, self.main):
            return None
        return self.repo.show(f"{merge}^1", publication.draft.path)


def _act(publication: ApprovedPublication, channel: str, receipt: ReceiptEntry) -> Act | None:
    life = publication.life
    post_id = str(receipt.post_id)
    if life.withdrawal is not None:
        return Act(publication.id, channel, "delete", post_id, life.withdrawal.record)
    if _carries_main(publication, receipt):
        return None  # made from the text main holds now: nothing to correct
    latest = life.corrections[-1]
    block = publication.draft.meta.channels.block(channel)
    texts = channel_texts(block, channel)
    return Act(
        publication.id,
        channel,
        "edit",
        post_id,
        latest.record,
        text=texts.get("text"),
        title=texts.get("title"),
        description=texts.get("description"),
    )


def _carries_main(publication: ApprovedPublication, receipt: ReceiptEntry) -> bool:
    """Whether the post of ``receipt`` was made from the publication as main holds it now.

    A receipt that names the approved tree its post was made from (sealed with it) answers exactly. An older
    one only has its time: the post is taken as made from main's text only when it was made in a later second
    than the latest correction's merge (the merge's time has whole seconds; a post in the same second, or a
    run that read main just before the correction merged and posted just after, is corrected: an edit that
    changes nothing is marked ``unchanged`` rather than sent)."""
    if receipt.content_hash:
        return receipt.content_hash == publication.approval.tree
    posted = _moment(receipt.at)
    latest = publication.life.corrections[-1].at
    return posted is not None and posted.replace(microsecond=0) > latest.replace(microsecond=0)


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
