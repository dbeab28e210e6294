"""Facebook Pages: a post's ``/insights``, a video's ``/video_insights``.

- Page posts: ``GET /{page-post-id}/insights?metric=post_media_view,post_total_media_view_unique``. Meta deprecated
  ``post_impressions_unique`` by June 15, 2025 ("Alternative: post_total_media_view_unique") and the other
  impression metrics on November 15, 2025, replaced by "views" (Deprecated Page Insights Metrics,
  https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics ; "Page Insights
  API Updates", https://developers.facebook.com/blog/post/2025/08/15/page-insights-api-updates/). Page Insights
  (https://developers.facebook.com/docs/graph-api/reference/insights): a Page token of a person who can perform the
  ANALYZE task, the ``read_insights`` permission; data only for Pages with 100 or more likes, updated once a day.
- Videos (the receipt's URL is ``/{page}/videos/{id}``): ``GET /{video-id}/video_insights?metric=total_video_views,
  total_video_views_unique`` ("Video Insights", https://developers.facebook.com/docs/video-api/guides/insights:
  ``pages_read_engagement`` and the ANALYZE task). Unique viewers are not reach: kept as Meta names them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..archive.models import ReceiptEntry
from ..channels.facebook import DOC, FacebookChannel
from .base import Figures, MissingPermission, Reader
from .graph import figures, read_insights

POST_METRICS = ("post_media_view", "post_total_media_view_unique")
VIDEO_METRICS = ("total_video_views", "total_video_views_unique")


class FacebookReader(Reader):
    platform = "facebook"

    def __init__(self, channel: FacebookChannel) -> None:
        self.api = channel.api

    @property
    def permission(self) -> str:
        return "read_insights"

    def refused_permission(self, permission: str) -> Any:
        return lambda said: MissingPermission(
            self.platform, permission, variable="HUMAS_FACEBOOK_TOKEN", doc=DOC, platform_message=said
        )

    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        found = {}
        for post_id in post_ids:
            if "/videos/" in (receipts[post_id].url or ""):
                values, note = read_insights(
                    self.api,
                    post_id,
                    "video_insights",
                    VIDEO_METRICS,
                    refused=self.refused_permission("pages_read_engagement"),
                )
                found[post_id] = figures(values, note, views="total_video_views")
            else:
                values, note = read_insights(
                    self.api, post_id, "insights", POST_METRICS, refused=self.refused_permission(self.permission)
                )
                found[post_id] = figures(values, note, views="post_media_view", reach="post_total_media_view_unique")
        return found
