"""Instagram Graph API content publishing, as documented.

Containers start ``IN_PROGRESS`` and become ``FINISHED`` after ``processing_polls`` status reads
(or ``ERROR`` / ``EXPIRED`` when a test says so); ``media_publish`` turns a FINISHED container into
a post (``PUBLISHED``), counts against ``content_publishing_limit`` and refuses past the cap with
code 9 / subcode 2207042.

The documents each rule follows (cited again beside the rule):

- Containers (``status_code`` EXPIRED | ERROR | FINISHED | IN_PROGRESS | PUBLISHED; fields ``id``,
  ``status``, ``status_code``: no media id): https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
- Making containers (image, ``REELS``, ``CAROUSEL`` of 2 to 10 ``is_carousel_item`` children) and the
  account's media list: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
- ``media_publish`` (``creation_id``): https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media_publish
- ``content_publishing_limit`` (``quota_usage``, ``config.quota_total``): https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
- Error codes (9/2207042 the daily limit, 9007/2207027 not ready): https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes
- Media insights (``views`` for FEED, STORY and REELS; ``impressions``, ``plays``, ``clips_replays_count``,
  ``ig_reels_aggregated_all_plays_count`` deprecated for all versions on April 21, 2025, ``video_views`` deprecated;
  an empty data set instead of 0; "(#10) Not enough viewers for the media to show insights"; permission
  ``instagram_manage_insights`` with Facebook Login): https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
- IG Media read (``caption`` with Facebook Login), update (``comment_enabled`` only: no caption), delete
  (``DELETE /{ig-media-id}`` → ``{"success": true, "deleted_id": …}``; Facebook Login only, whole carousels only):
  https://developers.facebook.com/docs/instagram-platform/reference/instagram-media ; a deleted media answers the
  Graph API's code 100 / subcode 33, assumed (UNCONFIRMED: ``graph.not_found``)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .graph import GraphServer, Insights, graph_error, not_found
from .server import Reply, Request


@dataclass
class Container:
    id: str
    params: dict[str, str]
    status: str = "IN_PROGRESS"
    polls_left: int = 1
    outcome: str = "FINISHED"
    media_id: str | None = None


@dataclass
class Media:
    id: str
    caption: str
    container: str
    kind: str
    children: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)

    @property
    def timestamp(self) -> str:
        """IG Media ``timestamp``: ISO 8601 with a +0000 offset (Instagram Platform, IG Media reference)."""
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(self.created))

    @property
    def permalink(self) -> str:
        return f"https://www.instagram.com/p/{self.id}/"


class InstagramServer(GraphServer):
    def __init__(
        self,
        token: str,
        user_id: str = "17841400000000001",
        username: str = "poltekkesjkt2",
        quota_total: int = 50,
        *,
        fetch_media: bool = False,
    ) -> None:
        super().__init__(token, fetch_media=fetch_media)
        self.user_id = user_id
        self.username = username
        self.quota_total = quota_total
        self.quota_usage = 0
        self.processing_polls = 1
        self.next_outcome = "FINISHED"
        self.containers: dict[str, Container] = {}
        self.token_age = 2 * 86400.0
        """Seconds since the current token was issued (tests age it)."""
        self.renewals = 0
        self.media: dict[str, Media] = {}
        self.deleted: set[str] = set()
        self.insights = Insights(
            "insights",
            (
                "views",
                "reach",
                "likes",
                "comments",
                "shares",
                "saved",
                "total_interactions",
                "follows",
                "profile_visits",
            ),
            deprecated=(
                "impressions",
                "plays",
                "clips_replays_count",
                "ig_reels_aggregated_all_plays_count",
                "video_views",
            ),
            permission="instagram_manage_insights",
            permission_code=10,
        )

    @property
    def posts(self) -> list[Media]:
        return list(self.media.values())

    def graph(self, request: Request, parts: list[str]) -> Reply:
        method = request.method
        if parts == ["refresh_access_token"] and method == "GET":
            return self.renew(request)
        if parts == [self.user_id] and method == "GET":
            return Reply(200, {"id": self.user_id, "username": self.username})
        if parts == [self.user_id, "content_publishing_limit"] and method == "GET":
            return Reply(
                200,
                {
                    "data": [
                        {
                            "quota_usage": self.quota_usage,
                            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
                        }
                    ]
                },
            )
        if parts == [self.user_id, "media"] and method == "POST":
            return self.create(request.form())
        if parts == [self.user_id, "media"] and method == "GET":
            items = [
                {"id": m.id, "caption": m.caption, "permalink": m.permalink, "timestamp": m.timestamp}
                for m in reversed(self.posts)
            ]
            return Reply(200, {"data": items})
        if parts == [self.user_id, "media_publish"] and method == "POST":
            return self.publish(request.form().get("creation_id", ""))
        if len(parts) == 2 and parts[1] == "insights" and method == "GET" and parts[0] in self.media:
            return self.insights.answer(parts[0], request.query)
        if len(parts) == 1 and method == "GET" and parts[0] in self.containers:
            return self.status(self.containers[parts[0]])
        if len(parts) == 1 and (parts[0] in self.media or parts[0] in self.deleted):
            return self.one_media(request, parts[0])
        return graph_error(f"Unsupported {method} request. Object with ID '{'/'.join(parts)}' does not exist", 100, 33)

    def renew(self, request: Request) -> Reply:
        """``GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token=…``
        (Instagram Platform, "Refresh Access Token"): a long-lived token "at least 24 hours old but not
        expired" becomes a new one "valid for 60 days"; answer ``{access_token, token_type, expires_in}``."""
        if request.query.get("grant_type") != "ig_refresh_token":
            return graph_error("grant_type must be ig_refresh_token", 100)
        if self.token_age < 86400:
            return graph_error("The access token is too young to be refreshed", 190)
        self.renewals += 1
        self.token = f"IGQVJ-renewed-{self.renewals:04d}"
        self.token_age = 0
        return Reply(200, {"access_token": self.token, "token_type": "bearer", "expires_in": 60 * 86400})

    def create(self, form: dict[str, str]) -> Reply:
        kind = form.get("media_type", "IMAGE")
        if kind == "CAROUSEL":
            children = [c for c in form.get("children", "").split(",") if c]
            # "An array of up to 10 container IDs" (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media)
            if not 2 <= len(children) <= 10 or any(c not in self.containers for c in children):
                return graph_error(
                    "Invalid parameter", 100, 2207028, user_msg="A carousel needs 2 to 10 existing item containers."
                )
            if any(self.containers[c].params.get("is_carousel_item") != "true" for c in children):
                return graph_error("Invalid parameter", 100, 2207028, user_msg="Children must be carousel items.")
        elif kind == "REELS":
            if not form.get("video_url", "").startswith("http"):
                return graph_error("The parameter video_url is required", 100)
        elif not form.get("image_url", "").startswith("http"):
            return graph_error("The parameter image_url is required", 100)
        if kind == "CAROUSEL" and form.get("is_carousel_item"):
            return graph_error("Invalid parameter", 100)
        for key in ("image_url", "video_url", "cover_url"):
            refusal = self.fetch(form[key]) if form.get(key) else None
            if refusal is not None:
                return refusal
        container = Container(self.new_id(), dict(form), polls_left=self.processing_polls, outcome=self.next_outcome)
        self.containers[container.id] = container
        return Reply(200, {"id": container.id})

    def status(self, container: Container) -> Reply:
        """``GET /{container}?fields=status_code,status`` (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container)."""
        if container.status == "IN_PROGRESS":
            if container.polls_left <= 0:
                container.status = container.outcome
            container.polls_left -= 1
        body: dict[str, Any] = {"status_code": container.status, "id": container.id}
        if container.status == "ERROR":
            body["status"] = "Error: 2207026: Unsupported video format"
        return Reply(200, body)

    def publish(self, creation_id: str) -> Reply:
        container = self.containers.get(creation_id)
        if container is None:
            return graph_error("Invalid parameter", 100, user_msg="The container does not exist.")
        if (
            self.quota_usage >= self.quota_total
        ):  # code 9, subcode 2207042 (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes)
            return graph_error(
                "Application request limit reached",
                9,
                2207042,
                user_msg="You reached maximum number of posts that is allowed to be published by "
                "Content Publishing API.",
            )
        if container.status == "PUBLISHED":
            return graph_error("The media has already been published", 100, 2207035)
        if (
            container.status != "FINISHED"
        ):  # 9007/2207027: not ready for publishing (https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes)
            return graph_error(
                "Media ID is not available",
                9007,
                2207027,
                user_msg="The media is not ready for publishing, please wait for a moment",
            )
        media = Media(
            self.new_id(),
            container.params.get("caption", ""),
            container.id,
            container.params.get("media_type", "IMAGE"),
            [c for c in container.params.get("children", "").split(",") if c],
        )
        self.media[media.id] = media
        container.status = "PUBLISHED"
        container.media_id = media.id
        self.quota_usage += 1
        return Reply(200, {"id": media.id})

    def one_media(self, request: Request, media_id: str) -> Reply:
        """``GET``, ``POST`` (``comment_enabled`` only) and ``DELETE`` of one IG Media
        (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media)."""
        if media_id in self.deleted:
            return not_found(request.method, media_id)
        found = self.media[media_id]
        if request.method == "GET":
            return Reply(200, {"id": found.id, "permalink": found.permalink, "caption": found.caption})
        if request.method == "POST":
            form = request.form()
            if set(form) - {"access_token"} != {"comment_enabled"}:  # "Updating": comment_enabled is all there is
                return graph_error("(#100) Param comment_enabled is required; no other field can be updated", 100)
            return Reply(200, {"success": True})
        if request.method == "DELETE":
            if any(media_id in m.children for m in self.media.values()):  # "the entire carousel album must be deleted"
                return graph_error("Fatal", -1, 2207073, user_msg="The media type is not supported for this endpoint")
            del self.media[media_id]
            self.deleted.add(media_id)
            return Reply(200, {"success": True, "deleted_id": media_id})
        return not_found(request.method, media_id)
