"""TikTok: Display API ``POST /v2/video/query/?fields=id,view_count,like_count,comment_count,share_count``.

Query Videos (https://developers.tiktok.com/doc/tiktok-api-v2-video-query): body ``{"filters": {"video_ids":
[...]}}``, "Up to 20 video IDs can be included per request"; it "verifies that the videos belong to the user";
scope ``video.list``. Error handling (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling/):
``scope_not_authorized`` (HTTP 401) "The user did not authorize the scope required", ``scope_permission_missed``
(400), ``rate_limit_exceeded`` (429; 600 requests a minute per endpoint, https://developers.tiktok.com/doc/tiktok-api-v2-rate-limit).
TikTok gives public counters only: no reach. A post without a public id (``SELF_ONLY``, or still in
moderation: the receipt holds the ``publish_id``) cannot be asked about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..archive.models import ReceiptEntry
from ..channels.tiktok import DOC, TikTokChannel, classify
from ..messages import _
from .base import Figures, MissingPermission, Reader, count

FIELDS = ("id", "view_count", "like_count", "comment_count", "share_count")
SCOPE_CODES = ("scope_not_authorized", "scope_permission_missed")


class TikTokReader(Reader):
    platform = "tiktok"
    batch = 20

    def __init__(self, channel: TikTokChannel) -> None:
        self.api = channel.api

    @property
    def permission(self) -> str:
        return "video.list"

    def unreadable(self, post_id: str, receipt: ReceiptEntry) -> str | None:
        if (receipt.details or {}).get("publish_id") == post_id:
            return _("TikTok shows figures of public posts only, and this post has no public id")
        return None

    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        response = self.api.call(
            "POST",
            f"/v2/video/query/?fields={','.join(FIELDS)}",
            idempotent=True,
            json={"filters": {"video_ids": list(post_ids)}},
            expect=(400, 401, 403),
            what=_("read the videos' counters"),
        )
        data = self.api.json(response)
        error = (data.get("error") if isinstance(data, dict) else None) or {}
        code = str(error.get("code") or "ok") if isinstance(error, dict) else "ok"
        if code in SCOPE_CODES:
            said = self.api.redact(str(error.get("message") or ""))
            raise MissingPermission(
                self.platform, "video.list", variable="HUMAS_TIKTOK_REFRESH_TOKEN", doc=DOC, platform_message=said
            )
        if code != "ok" or response.status_code >= 400:
            refusal = classify(response)
            refusal.message = self.api.redact(refusal.message)
            refusal.args = (refusal.message,)
            raise refusal
        found = {}
        for video in (data.get("data") or {}).get("videos") or []:
            if not isinstance(video, dict):
                continue
            values = {name: n for name in FIELDS[1:] if (n := count(video.get(name))) is not None}
            found[str(video.get("id"))] = Figures(
                views=values.get("view_count"),
                likes=values.get("like_count"),
                comments=values.get("comment_count"),
                shares=values.get("share_count"),
                metrics=values,
            )
        return found
