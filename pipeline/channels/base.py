"""The contract every channel follows.

A channel is a small class: ``publish(post, journal)`` posts, returning a receipt or raising a
``ChannelError`` that says whether trying again may help. What a channel accepts is checked offline by
its spec (``spec.py``: the block model and the platform's limits), which ``humas check`` runs at PR time.

Exactly once: the caller claims (publication, channel) in the archive before ``publish`` is called.
A channel writes every server-side handle it obtains (a container id, an upload session URL, a
publish id) into the journal *before* the next call that depends on it, so that a run killed at any
point can be resumed: ``reconcile(post, journal)`` asks the platform what became of the earlier
attempt and returns the receipt if it was posted, or None if it surely was not. A call whose outcome
is unknown is never retried blindly: each channel declares its ``posting_calls`` (the calls that can
create a post), and before any fresh post ``lookup(post)`` asks the platform whether the publication
is already there (a receipt lost or deleted from the archive proves nothing).

No note grants anything by itself. The journal is written to the archive (the ``arsip`` branch),
which travels with every clone and may be public, so:

- ids that work only together with the account's credential (a container id, a ``publish_id``, a
  video id, a Meta upload session id) are noted in clear;
- a handle that *is* a permission (TikTok's ``upload_url``, YouTube's resumable session URL: whoever
  holds it may upload into the account until it expires) is noted only **sealed** (``sealed.py``):
  encrypted and authenticated with a key derived from the channel's own credential. Whoever can open
  it holds the credential already, which gives more than the handle.

Why seal these handles rather than leave them out: with the handle, a run that was killed resumes
the upload where the platform stands (a large video is not sent twice), and YouTube's session,
asked, says for certain whether it made the video. Why not rely on them: a sealed note opens only
with the credential that sealed it, and credentials get replaced (TikTok's access tokens live hours).
So exactly once never depends on a sealed note: each channel also settles an interrupted attempt from
its clear notes alone (TikTok: ``status/fetch`` on the ``publish_id`` says how many bytes arrived;
YouTube: ``final_at``, noted before the chunk with the last byte, and the channel's uploads listed by
title since the session opened), at the cost of uploading again from the first byte.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from ..messages import _

# The tree's classes that the archive and the HTTP layer raise too; the channels import them from here.
from ..problems import ChannelError as ChannelError
from ..problems import OutcomeUnknown as OutcomeUnknown
from ..problems import PermanentError as PermanentError
from ..problems import RetryableError as RetryableError

if TYPE_CHECKING:
    from .http import Session


@dataclass(frozen=True)
class Post:
    """One publication as one channel receives it."""

    publication: str
    """The publication's id: its folder below content/publikasi, e.g. ``2025/wisuda``."""
    channel: str
    title: str
    fields: Mapping[str, Any]
    """The channel's block of the front-matter (caption, media, video, …), validated."""
    folder: Path
    """The folder holding the approved text and media (a checkout of the approved commit)."""
    body: str = ""
    date: str = ""
    bidang: str = ""
    page_url: str | None = None
    """The public URL of the publication's page on the website, once deployed."""
    media_urls: Mapping[str, str] = field(default_factory=dict)
    """Public URL of each media file on the website (Instagram and TikTok fetch media by URL)."""
    publish_at: datetime | None = None
    content_hash: str = ""
    approved_at: datetime | None = None
    """When the publication's chain was completed (its merge): nothing of it can be posted before."""
    taken: Mapping[str, str] = field(default_factory=dict)
    """Post ids of this channel that the archive receipts for *other* publications (id → publication):
    a lookup never takes one of them for this publication."""

    def media_path(self, name: str) -> Path:
        return self.folder / name


@dataclass(frozen=True)
class Receipt:
    channel: str
    post_id: str
    url: str | None
    at: datetime
    details: Mapping[str, Any] = field(default_factory=dict)


class AskPerson(PermanentError):
    """The platform cannot say for certain what became of a post, and sending again could post twice:
    a person looks at the account. ``retryable``: the claim stays (the run *defers*), so every later run
    asks the platform again before anything is sent, and stops at the same question until a person
    settles it: ``humas outbox uploaded`` records the post they found, ``humas outbox not-posted`` says
    there is none (``posts``: the post ids the person was shown → their address; the runner notes them,
    and a signed not-posted sets them aside for this publication)."""

    retryable = True

    def __init__(self, message: str, *, action: str = "", posts: Mapping[str, str] | None = None) -> None:
        super().__init__(message, action=action)
        self.posts: dict[str, str] = dict(posts or {})


def settle_action(channel: str, publication: str) -> str:
    """The two commands that settle an ``AskPerson``, for the person who looked at the account."""
    return _(
        "If this publication's post is there, record it with humas outbox uploaded {publication} {channel} URL; if "
        "it is not, say so with humas outbox not-posted {publication} {channel}, and the next humas publish posts "
        "it once.",
        channel=channel,
        publication=publication,
    )


class AwaitingUpload(ChannelError):
    """The outbox wrote the package: a person uploads it and records the post's URL."""

    def __init__(self, message: str, *, package: str) -> None:
        super().__init__(message, action="humas outbox uploaded PUBLICATION CHANNEL URL")
        self.package = package


class Journal(Protocol):
    """Durable notes about one (publication, channel) attempt, kept in the archive."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def note(self, key: str, value: Any) -> None:
        """Record ``key`` durably before returning (claim-before-call)."""
        ...

    def forget_all(self) -> None:
        """Drop every note (the handles of an attempt at content that has since changed)."""
        ...


class Channel(ABC):
    """Every receipt a channel returns (from ``publish``, ``reconcile`` or ``lookup``) is remembered for
    the run: a post given to one publication is never found again for another (``choose``)."""

    name: ClassVar[str]
    session: Session | None = None
    """The run's HTTP session (one client, the retry policy, the post's budget); None: no network (outbox)."""
    posting_calls: ClassVar[tuple[tuple[str, str], ...]] = ()
    """The calls that may create a post, as (method, path pattern): none of them is ever repeated
    before the platform has been asked whether the first one took effect (tests walk each through
    429, 5xx, a connection dropped after the platform committed, and a timeout)."""

    @abstractmethod
    def publish(self, post: Post, journal: Journal) -> Receipt:
        """Post once. Raise ChannelError on failure."""

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        """After an interrupted attempt: the receipt if the platform has the post, else None."""
        return None

    def lookup(self, post: Post) -> Receipt | None:
        """Before a fresh post: the receipt if the platform already shows this publication (posted by
        a run whose receipt was lost or deleted), else None. Asks the platform; never posts."""
        return None

    # -- a post proves it is this publication's ----------------------------------------------------

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in ("publish", "reconcile", "lookup"):
            if name in cls.__dict__:
                setattr(cls, name, _remembering(cls.__dict__[name]))

    @property
    def given(self) -> dict[str, str]:
        """Post ids this channel returned as receipts in this run → the publication each went to."""
        return self.__dict__.setdefault("_given", {})

    def choose(self, post: Post, found: Sequence[Receipt], text: str, where: str) -> Receipt | None:
        """The one post among ``found`` (matched by ``text`` on the platform) that can be this
        publication's, or None when none can.

        A post receipted for another publication (the archive's ``post.taken``, or given to another
        publication earlier in this run) is never taken. Two posts left, or one whose text is empty
        (a post without text proves nothing: a person may have posted it), and humas cannot tell:
        ``AskPerson``, which names the posts to look at.
        """
        others = {**self.given, **post.taken}
        free = [r for r in found if others.get(r.post_id, post.publication) == post.publication]
        if not free:
            return None
        if len(free) == 1 and text.strip():
            return free[0]
        ids = ", ".join(r.url or r.post_id for r in free)
        message = (
            _(
                "{channel}: {count} posts on {where} could be this publication's ({ids}); humas cannot tell which",
                channel=self.name,
                count=len(free),
                where=where,
                ids=ids,
            )
            if len(free) > 1
            else _(
                "{channel}: a post without text on {where} could be this publication's ({ids}); a post without "
                "text proves nothing",
                channel=self.name,
                where=where,
                ids=ids,
            )
        )
        raise AskPerson(
            message,
            action=_("Look at the {channel} account.", channel=self.name)
            + " "
            + settle_action(self.name, post.publication),
            posts={r.post_id: r.url or r.post_id for r in free},
        )


def _remembering(method: Callable[..., Receipt | None]) -> Callable[..., Receipt | None]:
    @functools.wraps(method)
    def remembered(self: Channel, post: Post, *args: Any) -> Receipt | None:
        receipt = method(self, post, *args)
        if receipt is not None:
            self.given[receipt.post_id] = post.publication
        return receipt

    return remembered
