"""Instagram: ``GET /{ig-media-id}/insights?metric=views,reach,likes,comments,shares,saved``.

Instagram Media Insights (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights,
updated Jun 18 2026): "Introducing the views metric for FEED, STORY, and REELS media product types"; ``impressions``
(with ``plays``, ``clips_replays_count``, ``ig_reels_aggregated_all_plays_count``) "deprecated for v22.0 and ... for
all versions on April 21, 2025" (media created after July 1 2024 answer an error), and ``video_views`` deprecated:
so humas never asks for them. An empty data set (not 0) when figures are not available; data "delayed up to 48
hours". Permissions (Insights guide, https://developers.facebook.com/documentation/instagram-platform/insights):
``instagram_business_manage_insights`` with Instagram Login (host graph.instagram.com), ``instagram_manage_insights``
with Facebook Login (host graph.facebook.com). Not every metric exists for every media product type; a media
that refuses one ("(#100) ... does not support the <metric> metric for this media product type", as third-party
clients report it; Meta's per-type table was not in the copy read) is asked again for ``views`` and ``reach`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..archive.models import ReceiptEntry
from ..channels.instagram import DOC, InstagramChannel
from .base import Figures, MissingPermission, PostRefused, Reader
from .graph import figures, read_insights

METRICS = ("views", "reach", "likes", "comments", "shares", "saved")
CORE = ("views", "reach")


class InstagramReader(Reader):
    platform = "instagram"

    def __init__(self, channel: InstagramChannel) -> None:
        self.api = channel.api

    @property
    def permission(self) -> str:
        host = self.api.base_url
        return "instagram_business_manage_insights" if "graph.instagram.com" in host else "instagram_manage_insights"

    def refused_permission(self, said: str) -> MissingPermission:
        return MissingPermission(
            self.platform, self.permission, variable="HUMAS_INSTAGRAM_TOKEN", doc=DOC, platform_message=said
        )

    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        found = {}
        for post_id in post_ids:
            try:
                values, note = read_insights(self.api, post_id, "insights", METRICS, refused=self.refused_permission)
            except PostRefused as error:
                if "does not support" not in error.platform_message:
                    raise
                values, note = read_insights(self.api, post_id, "insights", CORE, refused=self.refused_permission)
            found[post_id] = figures(
                values, note, views="views", reach="reach", likes="likes", comments="comments", shares="shares"
            )
        return found
