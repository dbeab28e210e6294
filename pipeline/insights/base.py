"""The contract of a reader: the figures one platform keeps about the posts humas made there.

A reader is made from the channel client that posted (``pipeline.channels``): the same token (renewed
the same way), the same HTTP layer (``Api``: 429 and 5xx retried with ``Retry-After``, secrets redacted
from every message), so reading needs no credential of its own. It only reads: every call is
idempotent, and nothing is posted, edited or deleted.

Figures are kept under a few names that mean the same on every platform (``views``: how many times the
post was shown or played; ``reach``: how many accounts saw it, where the platform counts that; ``likes``,
``comments``, ``shares``), with the platform's own metrics beside them as it names them (``metrics``).
Metric names change: Instagram replaced ``impressions`` with ``views`` (2025), Facebook replaced
``post_impressions`` with ``post_media_view`` (2025); a figure the platform does not give is absent, never 0.

A reader answers only for the ids it was asked about (the receipts' post ids): an answer that names
another post is ignored, so a reading is never attributed to the wrong post.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from ..archive.models import ReceiptEntry
from ..channels.base import PermanentError
from ..messages import _


@dataclass(frozen=True)
class Figures:
    views: int | None = None
    reach: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    metrics: Mapping[str, int] = field(default_factory=dict)
    """The platform's own metrics, by the names it gave them."""
    note: str = ""
    """Why figures are missing although the platform answered (too few viewers, not yet counted)."""

    def dump(self) -> dict[str, Any]:
        data = asdict(self)
        data["metrics"] = dict(self.metrics)
        return {key: value for key, value in data.items() if value not in (None, "", {})}


def count(value: Any) -> int | None:
    """A platform's count (a number, or a string of digits as YouTube sends them); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


class MissingPermission(PermanentError):
    """The token may post but not read the figures: a person grants ``permission`` (named exactly)."""

    def __init__(self, platform: str, permission: str, *, variable: str, doc: str, platform_message: str = "") -> None:
        super().__init__(
            _(
                "{platform}: reading what posts reached needs the permission {permission}, which the token lacks",
                platform=platform,
                permission=permission,
            ),
            platform_message=platform_message,
            action=_(
                "Grant {permission} to the app, then create a new token and set it as {variable} ({doc}).",
                permission=permission,
                variable=variable,
                doc=doc,
            ),
        )
        self.permission = permission


class PostRefused(PermanentError):
    """The platform refuses to give figures of this one post (it does not exist, a metric its type lacks);
    the others are still read."""


def by_hand(receipt: ReceiptEntry) -> bool:
    """A post a person recorded (``humas outbox uploaded``): its id is the address they gave, not the platform's."""
    return bool((receipt.details or {}).get("manual") or receipt.manual)


class Reader(ABC):
    platform: ClassVar[str]
    batch: ClassVar[int] = 1
    """How many post ids one call may ask about."""

    @property
    @abstractmethod
    def permission(self) -> str:
        """The exact permission (Meta), scope (TikTok) or OAuth scope (YouTube) reading needs."""

    def unreadable(self, post_id: str, receipt: ReceiptEntry) -> str | None:
        """Why the platform can give no figures of this post (None: it can be asked)."""
        return None

    @abstractmethod
    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        """Figures of (some of) ``post_ids`` (at most ``batch``, each with its receipt), asked in one call
        where the platform allows. Raises ``ChannelError`` (``MissingPermission`` for a refused permission)."""

    def read(self, receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        """Figures of the posts of ``receipts`` ({post id: receipt}) that the platform answered for; never
        of an id not asked."""
        asked = list(receipts)
        found: dict[str, Figures] = {}
        for start in range(0, len(asked), self.batch):
            part = asked[start : start + self.batch]
            try:
                answered = self.read_batch(part, {key: receipts[key] for key in part})
            except PostRefused as error:
                if len(part) > 1:
                    raise
                self.refused[part[0]] = error  # this post only (deleted, say): the others are still read
                continue
            found.update({key: value for key, value in answered.items() if key in part})
        return found

    @property
    def refused(self) -> dict[str, PostRefused]:
        """Posts the platform refused one by one in ``read`` (post id → why), when it reads one post a call."""
        return self.__dict__.setdefault("_refused", {})
