"""Post one publication to one channel, exactly once, whatever happened before.

``run_channel`` is the only way the publish step calls a channel:

1. If ``publish_at`` lies ahead and the platform cannot schedule the post itself, nothing is sent:
   ``NotDue`` (a ``RetryableError``) says when to come back.
2. If the journal shows an earlier attempt (a run that was killed, or failed without knowing),
   ``reconcile`` asks the platform first; a post it finds is the receipt. Handles noted for other
   content (a re-approval with edited media) are then dropped.
3. A missing or deleted receipt is no proof of no post: ``lookup`` asks the platform whether this
   publication is already there before anything is sent.
4. ``publish``. Each of its calls is tried again by the one policy (``pipeline/retry.py``), and
   ``publish`` itself after a ``RetryableError``, all on the post's one budget (``Session.post()``):
   when it is spent the error goes up (the run defers; a later run posts). On ``OutcomeUnknown`` the
   platform is asked **before** anything is sent again, and only a sure "not posted" sends it again.
5. A ``PermanentError`` goes straight up with the platform's message and what a person should do.
   An ``AskPerson`` notes the posts the person is shown (``person.asked``), which ``humas outbox
   uploaded`` and ``humas outbox not-posted`` settle on.

The journal keeps the count of attempts under ``runner.attempts``; the channel keeps its own handles.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from ..messages import _
from ..retry import Budget
from .base import (
    AskPerson,
    Channel,
    Journal,
    OutcomeUnknown,
    PermanentError,
    Post,
    Receipt,
    RetryableError,
)
from .claims import ASKED, NOT_POSTED, NOT_THIS, ProvingJournal, dismissal_unproven

ATTEMPTS = "runner.attempts"
CONTENT = "runner.content"
"""The content hash the notes were made for."""


class NotDue(RetryableError):
    """``publish_at`` is ahead and the platform does not schedule: come back at that time."""


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_due(channel: Channel, post: Post, now: datetime) -> bool:
    """Whether ``post`` may be handed to ``channel`` now.

    A channel that schedules on the platform (Facebook, YouTube) says so through
    ``schedules(publish_at, now)``; it then receives the post early and the platform holds it.
    """
    if post.publish_at is None:
        return True
    publish_at = _aware(post.publish_at)
    if publish_at <= now:
        return True
    schedules = getattr(channel, "schedules", None)
    return bool(schedules and schedules(publish_at, now))


def run_channel(
    channel: Channel,
    post: Post,
    journal: Journal,
    *,
    now: Callable[[], datetime] = _now,
) -> Receipt:
    current = now()
    if not is_due(channel, post, current):
        assert post.publish_at is not None
        publish_at = _aware(post.publish_at)
        raise NotDue(
            _("{channel}: scheduled for {at}; not posted yet", channel=channel.name, at=publish_at.isoformat()),
            retry_after=(publish_at - current).total_seconds(),
            action=_("Nothing to do: the scheduled workflow posts it at that time."),
        )
    session = channel.session
    budget = session.post() if session is not None else Budget()
    sleep = session.sleep if session is not None else time.sleep
    post = without_dismissed(post, journal)
    try:
        return _post(channel, post, journal, budget, sleep)
    except AskPerson as question:
        if question.posts:  # what the person was shown: humas outbox uploaded / not-posted settle on these
            journal.note(ASKED, {**(journal.get(ASKED) or {}), **question.posts})
        raise


def find_posted(channel: Channel, post: Post, journal: Journal) -> Receipt | None:
    """Steps 2 and 3 alone, posting nothing: the receipt of the post an earlier attempt made (the platform's
    handles noted in the journal first, then the lookup, whose text match never takes a post receipted for
    another publication), or None when the platform shows none. ``OutcomeUnknown`` when the platform cannot
    say; ``AskPerson`` when it cannot tell which post is this publication's. (A withdrawal settles a claim
    left by an interrupted run with it before deleting what it finds: ``pipeline.amend.claimed``.)"""
    session = channel.session
    budget = session.post() if session is not None else Budget()
    sleep = session.sleep if session is not None else time.sleep
    post = without_dismissed(post, journal)
    if journal.get(ATTEMPTS):
        receipt = _reconcile(channel, post, journal, channel.reconcile, budget, sleep)
        if receipt is not None:
            return receipt
    return _reconcile(channel, post, journal, lambda p, _: channel.lookup(p), budget, sleep)


def _post(channel: Channel, post: Post, journal: Journal, budget: Budget, sleep: Callable[[float], None]) -> Receipt:
    if journal.get(ATTEMPTS):
        receipt = _reconcile(channel, post, journal, channel.reconcile, budget, sleep)
        if receipt is not None:
            return receipt
    noted = journal.get(CONTENT)
    if noted is not None and noted != post.content_hash:
        journal.forget_all()  # handles of media that were edited and approved again: start afresh
    receipt = _reconcile(channel, post, journal, lambda p, _: channel.lookup(p), budget, sleep)
    if receipt is not None:
        return receipt
    if journal.get(CONTENT) != post.content_hash:
        journal.note(CONTENT, post.content_hash)
    attempt = 0
    while True:
        attempt += 1
        journal.note(ATTEMPTS, int(journal.get(ATTEMPTS) or 0) + 1)
        try:
            return channel.publish(post, journal)
        except OutcomeUnknown as error:
            # the platform may have posted: ask it first; only a sure "no" lets the post be sent again
            receipt = _reconcile(channel, post, journal, channel.reconcile, budget, sleep)
            if receipt is not None:
                return receipt
            last: RetryableError = error
        except RetryableError as error:
            last = error
        wait = budget.take(last.retry_after, attempt)  # the one policy, on the post's budget
        if wait is None:
            raise last
        sleep(wait)


def _reconcile(
    channel: Channel,
    post: Post,
    journal: Journal,
    ask: Callable[[Post, Journal], Receipt | None],
    budget: Budget,
    sleep: Callable[[float], None],
) -> Receipt | None:
    """What became of the earlier attempt, asked again by the policy on the post's budget while the platform
    cannot say yet; then ``OutcomeUnknown``."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return ask(post, journal)
        except PermanentError:
            raise
        except RetryableError as error:
            wait = budget.take(error.retry_after, attempt)
            if wait is None:
                raise OutcomeUnknown(
                    _(
                        "{channel}: could not learn whether the earlier attempt was posted ({why})",
                        channel=channel.name,
                        why=error.message,
                    ),
                    action=_(
                        "Check the {channel} account before posting again; humas publish asks the platform again on "
                        "its next run.",
                        channel=channel.name,
                    ),
                    retry_after=error.retry_after,
                ) from None
            sleep(wait)


def without_dismissed(post: Post, journal: Journal) -> Post:
    """``post`` with the posts a person said are not this publication's (``humas outbox not-posted``, signed)
    set aside, so that a lookup does not ask about them again. A note that proves nothing sets nothing aside."""
    said = journal.get(NOT_POSTED)
    if not isinstance(said, dict) or not isinstance(journal, ProvingJournal):
        return post
    if dismissal_unproven(journal.seal, journal.record.path, post.publication, post.channel, said) is not None:
        return post
    posts = said.get("posts") or {}
    return replace(post, taken={**{str(k): NOT_THIS for k in posts}, **post.taken})
