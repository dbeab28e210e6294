"""Post one publication to one channel, exactly once, whatever happened before.

``run_channel`` is the only way the publish step calls a channel:

1. If ``publish_at`` lies ahead and the platform cannot schedule the post itself, nothing is sent:
   ``NotDue`` (a ``RetryableError``) says when to come back.
2. If the journal shows an earlier attempt (a run that was killed, or failed without knowing),
   ``reconcile`` asks the platform first; a post it finds is the receipt. Handles noted for other
   content (a re-approval with edited media) are then dropped.
3. A missing or deleted receipt is no proof of no post: ``lookup`` asks the platform whether this
   publication is already there before anything is sent.
4. ``publish``; on a ``RetryableError`` wait (the platform's ``retry_after`` or a bounded backoff)
   and try again; on ``OutcomeUnknown`` reconcile **before** any retry.
5. A ``PermanentError`` goes straight up with the platform's message and what a person should do.
   A wait longer than ``max_wait`` (a daily cap) goes up as the ``RetryableError`` it is: a later
   run posts.

The journal keeps the count of attempts under ``runner.attempts``; the channel keeps its own handles.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from ..messages import _
from .base import (
    Channel,
    ChannelError,
    Journal,
    OutcomeUnknown,
    PermanentError,
    Post,
    Receipt,
    RetryableError,
)
from .http import backoff

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
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 4,
    max_wait: float = 300.0,
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
    if journal.get(ATTEMPTS):
        receipt = _reconcile(channel, post, journal, sleep, attempts, channel.reconcile)
        if receipt is not None:
            return receipt
    noted = journal.get(CONTENT)
    if noted is not None and noted != post.content_hash:
        journal.forget_all()  # handles of media that were edited and approved again: start afresh
    receipt = _reconcile(channel, post, journal, sleep, attempts, lambda p, _: channel.lookup(p))
    if receipt is not None:
        return receipt
    if journal.get(CONTENT) != post.content_hash:
        journal.note(CONTENT, post.content_hash)
    last: ChannelError | None = None
    for attempt in range(1, attempts + 1):
        journal.note(ATTEMPTS, int(journal.get(ATTEMPTS) or 0) + 1)
        try:
            return channel.publish(post, journal)
        except PermanentError:
            raise
        except OutcomeUnknown as error:
            last = error
            receipt = _reconcile(channel, post, journal, sleep, attempts, channel.reconcile)
            if receipt is not None:
                return receipt
        except RetryableError as error:
            last = error
        if attempt == attempts:
            break
        delay = last.retry_after if last.retry_after is not None else backoff(attempt)
        if delay > max_wait:
            raise last
        sleep(delay)
    assert last is not None
    raise last


def _reconcile(
    channel: Channel,
    post: Post,
    journal: Journal,
    sleep: Callable[[float], None],
    attempts: int,
    ask: Callable[[Post, Journal], Receipt | None],
) -> Receipt | None:
    """What became of the earlier attempt; raise ``OutcomeUnknown`` if the platform cannot say."""
    last: ChannelError | None = None
    for attempt in range(1, attempts + 1):
        try:
            return ask(post, journal)
        except PermanentError:
            raise
        except RetryableError as error:
            last = error
        if attempt < attempts:
            sleep(min(last.retry_after if last.retry_after is not None else backoff(attempt), 60.0))
    raise OutcomeUnknown(
        _(
            "{channel}: could not learn whether the earlier attempt was posted ({why})",
            channel=channel.name,
            why=last.message if last else _("no answer"),
        ),
        action=_(
            "Check the {channel} account before posting again; humas publish asks the platform again on its next run.",
            channel=channel.name,
        ),
    )
