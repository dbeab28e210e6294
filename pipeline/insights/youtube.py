"""YouTube: ``videos.list`` with ``part=statistics`` and up to 50 ids in one call (1 quota unit).

videos.list (https://developers.google.com/youtube/v3/docs/videos/list): ``statistics.viewCount``,
``likeCount``, ``commentCount`` (strings of digits); a video that is gone, or not visible to the token, is
left out of ``items``. Its authorisation scopes are ``youtube``, ``youtube.force-ssl``, ``youtube.readonly``
and ``youtubepartner``: a token granted only ``youtube.upload`` (all posting needs) is refused with 403
``insufficientPermissions``; humas asks for the narrowest one, ``youtube.readonly``. YouTube's Data API
counts no reach; since March 2025 a Short's view counts each play (revision history,
https://developers.google.com/youtube/v3/revision_history).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..archive.models import ReceiptEntry
from ..channels.youtube import DOC, YouTubeChannel, classify
from ..messages import _
from .base import Figures, MissingPermission, Reader, count

READONLY = "https://www.googleapis.com/auth/youtube.readonly"
SCOPE_REASONS = ("insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "forbidden")


class YouTubeReader(Reader):
    platform = "youtube"
    batch = 50

    def __init__(self, channel: YouTubeChannel) -> None:
        self.channel = channel
        self.api = channel.api

    @property
    def permission(self) -> str:
        return READONLY

    def read_batch(self, post_ids: Sequence[str], receipts: Mapping[str, ReceiptEntry]) -> dict[str, Figures]:
        response = self.api.call(
            "GET",
            "/youtube/v3/videos",
            idempotent=True,
            headers=self.channel._auth(),
            params={"part": "statistics", "id": ",".join(post_ids)},
            expect=(403,),
            what=_("read the videos' statistics"),
        )
        if response.status_code == 403:
            error = _error(response)
            reasons = [str(e.get("reason")) for e in error.get("errors") or [] if isinstance(e, dict)]
            said = self.api.redact(str(error.get("message") or ""))
            if any(reason in SCOPE_REASONS for reason in reasons) or "scope" in said.lower():
                raise MissingPermission(
                    self.platform, READONLY, variable="HUMAS_YOUTUBE_REFRESH_TOKEN", doc=DOC, platform_message=said
                )
            refusal = classify(response)  # quota used up, rate limits: as posting says them
            refusal.message = self.api.redact(refusal.message)
            refusal.args = (refusal.message,)
            raise refusal
        found = {}
        data = self.api.json(response)
        for item in (data.get("items") if isinstance(data, dict) else None) or []:
            statistics = item.get("statistics") if isinstance(item, dict) else None
            if not isinstance(statistics, dict):
                continue
            values = {name: n for name, value in statistics.items() if (n := count(value)) is not None}
            found[str(item.get("id"))] = Figures(
                views=values.get("viewCount"),
                likes=values.get("likeCount"),
                comments=values.get("commentCount"),
                metrics=values,
            )
        return found


def _error(response: Any) -> dict[str, Any]:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}
