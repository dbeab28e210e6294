"""A post claimed but never receipted when its publication is withdrawn.

A run of ``humas publish`` that was cut off (killed, or its answer lost and the platform not reachable to
settle it) leaves the post's receipt ``claimed``: the platform may hold a post that no receipt proves. The
withdrawal must not pass it by. Before anything is deleted, the claim is settled as the runner settles it
before posting (``find_posted``: the platform's handles noted by the attempt first, then the lookup, whose
text match never takes a post receipted for another publication):

- the post is found: its receipt is written (``done``, signed) and the withdrawal's deletion of it is planned
  (an ``Act``), which ``pipeline.amend.run`` then does exactly once, with its own claim and receipt;
- the platform cannot be asked here (no client for the channel in this run, an error, a question only a
  person can answer) or shows no such post: the claim stays (every later run asks again) and a person is
  told to look at the account, through an outbox package that names the publication and the channel; they
  settle it with ``humas outbox uploaded`` (the post is there: the next run deletes it) or ``humas outbox
  not-posted`` (it is not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..archive.journal import ArchiveJournal, ClaimLost
from ..archive.models import ReceiptEntry
from ..channels.base import AskPerson, Channel, ChannelError, Post
from ..channels.claims import ASKED
from ..channels.outbox import write_package
from ..channels.runner import ATTEMPTS, find_posted
from ..messages import _
from .act import Act

CHECK = "check"
"""The package's name ends with it (``<yyyy>-<slug>.<withdrawal>.check``): apart from the deletion's own."""


def unsettled(entry: ReceiptEntry) -> bool:
    """Whether a receipt is a claim whose attempt was sent to the platform and never settled (killed, or deferred
    with its outcome unknown: the platform may hold a post no receipt proves). A ``failed`` receipt is a
    refusal the platform answered: nothing was posted."""
    return entry.state == "claimed" and bool(entry.notes.get(ATTEMPTS))


@dataclass
class Settled:
    outcome: Literal["found", "busy", "check"]
    detail: str = ""
    act: Act | None = None
    """``found``: the withdrawal's deletion of the post found."""


def settle_claim(
    channel: Channel | None, post: Post, journal: ArchiveJournal, *, run: str, withdrawal: str, outbox: Path
) -> Settled:
    """Settle the claim of ``post`` (a withdrawn publication's) with the platform through ``channel`` (None: this
    run cannot ask it). ``withdrawal`` is the id of the withdrawal's record (the deletion's act id)."""
    if channel is not None:
        journal.seal.ready()  # a found post's receipt must be signed: fail before the platform is asked
    claim = journal.acquire(run)
    if claim == "busy":
        return Settled("busy", _("another run ({run}) is posting it", run=journal.entry.run or "?"))
    try:
        if claim != "done":
            why = _found(channel, post, journal)
            if why is not None:
                return _ask(post, journal, withdrawal, outbox, why)
    except ClaimLost as lost:  # another run took the claim over: it settles the post
        return Settled("busy", lost.message)
    entry = journal.entry
    return Settled("found", act=Act(post.publication, post.channel, "delete", str(entry.post_id), withdrawal))


def _found(channel: Channel | None, post: Post, journal: ArchiveJournal) -> str | None:
    """Record the post the platform shows (None), or say why no post was found."""
    if channel is None:
        return _("this run cannot ask the platform (the channel has no token here)")
    try:
        receipt = find_posted(channel, post, journal)
    except AskPerson as question:
        if question.posts:  # what the person is shown: humas outbox uploaded takes the post's id from it
            journal.note(ASKED, {**(journal.get(ASKED) or {}), **question.posts})
        return _("the platform cannot tell which post it is ({said})", said=question.message)
    except ClaimLost:
        raise
    except ChannelError as error:
        return _("the platform could not be asked ({said})", said=error.message)
    if receipt is None:
        return _("the platform shows no post of it")
    journal.done(receipt, post.content_hash or None)
    return None


def _ask(post: Post, journal: ArchiveJournal, withdrawal: str, outbox: Path, why: str) -> Settled:
    publication, channel = post.publication, post.channel
    folder = outbox / channel / f"{publication.replace('/', '-')}.{withdrawal}.{CHECK}"
    package = folder.relative_to(outbox.parent).as_posix()
    message = _(
        "{publication} was withdrawn while a post of it on {channel} was unsettled (a run was cut off), and "
        "{why}: look at the {channel} account",
        publication=publication,
        channel=channel,
        why=why,
    )
    action = _(
        "If its post is there, record it with humas outbox uploaded {publication} {channel} URL and the next humas "
        "publish deletes it; if it is not, say so with humas outbox not-posted {publication} {channel}.",
        publication=publication,
        channel=channel,
    )
    if not (folder / "README.txt").is_file():
        request = {"publication": publication, "channel": channel, "kind": CHECK, "act": withdrawal}
        write_package(
            folder,
            {
                "README.txt": f"{message}.\n{action}\n",
                "request.json": json.dumps(request, indent=2, ensure_ascii=False) + "\n",
            },
        )
    journal.deferred(message, action)  # the claim stays: every later run asks the platform again
    return Settled("check", f"{message}: {package} — {action}")
