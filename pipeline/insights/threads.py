"""Threads: ``GET /{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes``.

Threads Insights API (https://developers.facebook.com/documentation/threads/insights, updated Jan 30 2026):
``threads_basic`` and ``threads_manage_insights`` ("Required for making GET calls to insights endpoints");
``views`` "The number of times your post was played or displayed"; ``replies`` (a root post: every reply);
``reposts``; ``quotes``; "An empty array will be returned for REPOST_FACADE posts". Threads counts no reach.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..archive.models import ReceiptEntry
from ..channels.threads import DOC, ThreadsChannel
from .base import Figures, MissingPermission, Reader
from .graph import figures, read_insights

METRICS = ("views", "likes", "replies", "reposts", "quotes")


class ThreadsReader(Reader):
    platform = "threads"

    def __init__(self, channel: ThreadsChannel) -> None:
        self.api = channel.api

    @property
    def permission(self) -> str:
        return "threads_manage_insights"

    def refused_permission(self, said: str) -> MissingPermission:
        return MissingPermission(
            self.platform, self.permission, variable="HUMAS_THREADS_TOKEN", doc=DOC, platform_message=said
        )

    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        found = {}
        for post_id in post_ids:
            values, note = read_insights(self.api, post_id, "insights", METRICS, refused=self.refused_permission)
            found[post_id] = figures(values, note, views="views", likes="likes", comments="replies", shares="reposts")
        return found
