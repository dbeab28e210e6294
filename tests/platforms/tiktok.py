"""TikTok Content Posting API (Direct Post), as documented.

``creator_info/query``; ``video/init`` with ``FILE_UPLOAD`` checked against the chunk rules (chunks
of ``min_chunk``–64 MB, ``total_chunk_count = floor(size / chunk_size)``, the last chunk takes the
remainder, a video under ``min_chunk`` in one chunk); ``PUT upload_url`` answering 206 (more), 201
(all parts), 416 (range not matching progress, with ``Content-Range`` saying where it stands), 403
(the URL expired); ``status/fetch`` going PROCESSING_UPLOAD → PUBLISH_COMPLETE; ``content/init`` for
photos pulled from verified URLs. The documented ``min_chunk`` is 5 MB; tests lower it to keep
files small.

The documents each rule follows (cited again beside the rule):

- ``creator_info/query``, ``video/init``, privacy levels; "All content posted by unaudited clients
  will be restricted to private viewing mode": https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
  and https://developers.tiktok.com/doc/content-posting-api-get-started/
- Chunk rules and ``PUT upload_url`` (206, 201, ``Content-Range``): https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide
- ``status/fetch`` (PROCESSING_UPLOAD → PUBLISH_COMPLETE | FAILED; ``publicaly_available_post_id`` only
  after moderation of a public post): https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status
- ``content/init`` photo posts (PULL_FROM_URL, 1 to 35 images, verified URL prefixes): https://developers.tiktok.com/doc/content-posting-api-reference-photo-post
- ``/v2/video/list/``: "the given user's public TikTok video posts", ``max_count`` at most 20: https://developers.tiktok.com/doc/tiktok-api-v2-video-list/
- ``/v2/video/query/`` (``filters.video_ids``, up to 20; only the user's own videos; scope ``video.list``):
  https://developers.tiktok.com/doc/tiktok-api-v2-video-query ; ``scope_not_authorized`` is HTTP 401:
  https://developers.tiktok.com/doc/tiktok-api-v2-error-handling/
- Refresh tokens rotate: "The previous refresh token stops working once a new one is issued": https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from typing import Any

from .server import FakeServer, Reply, Request

MB = 1024 * 1024


def envelope(data: dict[str, Any] | None = None, code: str = "ok", message: str = "", status: int = 200) -> Reply:
    return Reply(
        status,
        {"data": data or {}, "error": {"code": code, "message": message, "log_id": "202611251030FAKE0000000000000001"}},
    )


@dataclass
class Upload:
    publish_id: str
    token: str
    size: int
    chunk_size: int
    count: int
    privacy: str
    title: str
    received: int = 0
    digest: Any = field(default_factory=hashlib.sha256)
    expired: bool = False
    status: str = "PROCESSING_UPLOAD"
    polls_left: int = 1
    post_id: str | None = None
    photos: list[str] = field(default_factory=list)
    created: int = field(default_factory=lambda: int(time.time()))
    fail_reason: str = ""


class TikTokServer(FakeServer):
    def __init__(
        self,
        token: str,
        *,
        min_chunk: int = 5 * MB,
        privacy_options: list[str] | None = None,
        verified_prefix: str = "https://",
    ) -> None:
        super().__init__()
        self.token = token
        self.min_chunk = min_chunk
        self.privacy_options = privacy_options or ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"]
        self.verified_prefix = verified_prefix
        self.unaudited = False
        self.processing_polls = 1
        self.max_duration = 600
        self.reports_bytes = True
        """Whether ``status/fetch`` says ``uploaded_bytes`` (documented; tests also try without)."""
        self.uploads: dict[str, Upload] = {}
        self.counter = 0
        self.client_key = "tiktok-client-key"
        self.client_secret = "tiktok-client-secret-0007"
        self.refresh_token = "rft.tiktok-refresh-secret-0008"
        self.refresh_expires_at = time.time() + 180 * 86400
        self.access_lifetime = 7200  # "Access token: 2 hours" (TikTok, Manage OAuth Access Tokens)
        self.renewals = 0
        self.scopes = {"video.publish", "video.list"}
        """The scopes the user authorised."""
        self.counters: dict[str, dict[str, int]] = {}
        """What TikTok counted of each public post (``view_count``, ``like_count``, …), set by tests."""

    @property
    def posts(self) -> list[Upload]:
        """Every post TikTok will show: an upload whose every byte arrived, or a photo post."""
        return [u for u in self.uploads.values() if u.received >= u.size]

    def _id(self) -> str:
        self.counter += 1
        return str(7300000000000000000 + self.counter)

    def route(self, request: Request) -> Reply:
        if request.path == "/upload/":
            return self.chunk(request)
        if request.path == "/v2/oauth/token/":
            return self.renew(request)
        if request.header("authorization") != f"Bearer {self.token}":
            return envelope(
                code="access_token_invalid",
                message="The access token is invalid or not found in the request.",
                status=401,
            )
        if request.method != "POST":
            return envelope(code="invalid_params", message="method not allowed", status=405)
        if request.path == "/v2/video/list/":
            return self.video_list(request)
        if request.path == "/v2/video/query/":
            return self.video_query(request)
        if request.path == "/v2/post/publish/creator_info/query/":
            return envelope(
                {
                    "creator_avatar_url": "https://p16.tiktokcdn.com/a.jpeg",
                    "creator_username": "poltekkesjkt2",
                    "creator_nickname": "Poltekkes Jakarta II",
                    "privacy_level_options": self.privacy_options,
                    "comment_disabled": False,
                    "duet_disabled": False,
                    "stitch_disabled": True,
                    "max_video_post_duration_sec": self.max_duration,
                }
            )
        if not request.header("content-type").startswith("application/json"):
            return envelope(code="invalid_params", message="Content-Type must be application/json", status=400)
        body = request.json()
        if request.path == "/v2/post/publish/video/init/":
            return self.init(body)
        if request.path == "/v2/post/publish/content/init/":
            return self.photo(body)
        if request.path == "/v2/post/publish/status/fetch/":
            return self.status(body.get("publish_id", ""))
        return envelope(code="invalid_params", message=f"unknown path {request.path}", status=404)

    def renew(self, request: Request) -> Reply:
        """``POST /v2/oauth/token/`` (form) with ``grant_type=refresh_token`` (TikTok, "Refresh a User Access
        Token"): a new access token (``expires_in`` seconds) and a **rotated** refresh token; "The previous
        refresh token stops working once a new one is issued." Errors: ``{"error", "error_description"}``."""
        form = request.form()
        if not request.header("content-type").startswith("application/x-www-form-urlencoded"):
            return Reply(400, {"error": "invalid_request", "error_description": "form body required"})
        if (form.get("client_key"), form.get("client_secret")) != (self.client_key, self.client_secret):
            return Reply(401, {"error": "invalid_client", "error_description": "Client key or secret is incorrect."})
        if (
            form.get("grant_type") != "refresh_token"
            or form.get("refresh_token") != self.refresh_token
            or (self.refresh_expires_at <= time.time())
        ):
            return Reply(400, {"error": "invalid_grant", "error_description": "Refresh token is invalid or expired."})
        self.renewals += 1
        self.token = f"act.renewed-{self.renewals:04d}-access"
        self.refresh_token = f"rft.renewed-{self.renewals:04d}-refresh"
        return Reply(
            200,
            {
                "access_token": self.token,
                "expires_in": self.access_lifetime,
                "open_id": "open-1",
                "refresh_token": self.refresh_token,
                "refresh_expires_in": int(self.refresh_expires_at - time.time()),
                "scope": "video.publish,video.list",
                "token_type": "Bearer",
            },
        )

    def _privacy(self, post_info: dict[str, Any]) -> Reply | None:
        privacy = post_info.get("privacy_level")
        if privacy not in self.privacy_options:
            return envelope(
                code="privacy_level_option_mismatch",
                message="privacy_level is not one of the creator's options",
                status=403,
            )
        if (
            self.unaudited and privacy != "SELF_ONLY"
        ):  # unaudited clients post private only (https://developers.tiktok.com/doc/content-posting-api-get-started/)
            return envelope(
                code="unaudited_client_can_only_post_to_private_accounts",
                message="Please review our integration guidelines",
                status=403,
            )
        if len((post_info.get("title") or "").encode("utf-16-le")) // 2 > 2200:
            return envelope(code="invalid_params", message="title too long", status=400)
        return None

    def init(self, body: dict[str, Any]) -> Reply:
        post_info, source = body.get("post_info") or {}, body.get("source_info") or {}
        refusal = self._privacy(post_info)
        if refusal:
            return refusal
        if source.get("source") != "FILE_UPLOAD":
            return envelope(code="invalid_params", message="source must be FILE_UPLOAD here", status=400)
        size, chunk, count = (int(source.get(k) or 0) for k in ("video_size", "chunk_size", "total_chunk_count"))
        problem = self.chunk_rules(size, chunk, count)
        if problem:
            return envelope(code="invalid_params", message=problem, status=400)
        upload = Upload(
            f"v_pub_file~v2-1.{self._id()}",
            hashlib.sha1(self._id().encode()).hexdigest()[:12],
            size,
            chunk,
            count,
            post_info["privacy_level"],
            post_info.get("title", ""),
            polls_left=self.processing_polls,
        )
        self.uploads[upload.publish_id] = upload
        upload_url = f"{self.url}/upload/?upload_id={upload.publish_id.split('.')[-1]}&upload_token={upload.token}"
        return envelope({"publish_id": upload.publish_id, "upload_url": upload_url})

    def chunk_rules(self, size: int, chunk: int, count: int) -> str | None:
        """ "Chunk restrictions" (https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide)."""
        if size <= 0:
            return "video_size must be positive"
        if size < self.min_chunk:
            return None if (chunk, count) == (size, 1) else "a video under the minimum goes in one chunk"
        if not self.min_chunk <= chunk <= 64 * MB and not (count == 1 and chunk == size):
            return f"chunk_size {chunk} out of range"
        if count != max(1, size // chunk) or not 1 <= count <= 1000:
            return f"total_chunk_count must be {size // chunk}"
        if size - (count - 1) * chunk > 128 * MB:
            return "the final chunk is over 128 MB"
        return None

    def chunk(self, request: Request) -> Reply:
        upload = next((u for u in self.uploads.values() if u.token == request.query.get("upload_token")), None)
        if request.method != "PUT" or upload is None:
            return Reply(404, {"error": {"code": "not_found", "message": "no upload task"}})
        if upload.expired:
            return Reply(403, {"error": {"code": "url_expired", "message": "upload url expired"}})
        if "authorization" in request.headers:
            return Reply(400, {"error": {"code": "invalid_params", "message": "no Authorization on upload"}})
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", request.header("content-range"))
        if not match or int(match.group(3)) != upload.size:
            return Reply(400, {"error": {"code": "invalid_params", "message": "bad Content-Range"}})
        first, last = int(match.group(1)), int(match.group(2))
        index = first // upload.chunk_size if upload.chunk_size else 0
        final = index == upload.count - 1
        expected_last = upload.size - 1 if final else first + upload.chunk_size - 1
        if first != upload.received or last != expected_last:
            # 416 Range Not Satisfiable. TikTok's Media Transfer Guide documents no header that says
            # where the upload stands in this answer, so none is given (the client must not rely on one).
            return Reply(416, {"error": {"code": "range_not_satisfiable", "message": "range does not match"}})
        if len(request.body) != last - first + 1 or not request.complete:
            return Reply(400, {"error": {"code": "invalid_params", "message": "body length mismatch"}})
        upload.digest.update(request.body)
        upload.received = last + 1
        here = {"Content-Range": f"bytes 0-{last}/{upload.size}"}
        if upload.received < upload.size:
            return Reply(206, None, here)
        return Reply(201, None, here)

    def status(self, publish_id: str) -> Reply:
        """``POST /v2/post/publish/status/fetch/`` (https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status)."""
        upload = self.uploads.get(publish_id)
        if upload is None:
            return envelope(code="invalid_publish_id", message="publish_id does not exist", status=400)
        if upload.status == "PROCESSING_UPLOAD" and upload.received >= upload.size:
            if upload.polls_left <= 0:
                upload.status = "PUBLISH_COMPLETE"
                if upload.privacy == "PUBLIC_TO_EVERYONE":
                    upload.post_id = self._id()
            upload.polls_left -= 1
        data: dict[str, Any] = {
            "status": upload.status,
            "fail_reason": upload.fail_reason,
            "publicaly_available_post_id": [int(upload.post_id)] if upload.post_id else [],
        }
        if self.reports_bytes:
            data["uploaded_bytes"] = upload.received
        return envelope(data)

    def video_list(self, request: Request) -> Reply:
        """Display API ``POST /v2/video/list/?fields=…`` (scope ``video.list``): the user's public posts,
        newest first, ``max_count`` at most 20 (TikTok for Developers, "List Videos"; Video Object:
        ``id``, ``create_time`` in UTC epoch seconds, ``title``, ``video_description``, ``share_url``)."""
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        if not fields:
            return envelope(code="invalid_params", message="fields is required", status=400)
        count = int(request.json().get("max_count") or 10)
        if not 1 <= count <= 20:
            return envelope(code="invalid_params", message="max_count must be 1 to 20", status=400)
        for upload in self.posts:  # processing ends on TikTok's side whether or not anyone asks
            if upload.status == "PROCESSING_UPLOAD":
                upload.status = "PUBLISH_COMPLETE"
                upload.post_id = upload.post_id or self._id()
        # "a paginated list for the given user's public TikTok video posts"
        # (https://developers.tiktok.com/doc/tiktok-api-v2-video-list/): only
        # PUBLIC_TO_EVERYONE posts are listed (SELF_ONLY, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR are not public)
        shown = [
            u for u in reversed(self.posts) if u.status == "PUBLISH_COMPLETE" and u.privacy == "PUBLIC_TO_EVERYONE"
        ]
        videos = []
        for upload in shown[:count]:
            item = {
                "id": upload.post_id or upload.publish_id,
                "create_time": upload.created,
                "title": upload.title,
                "video_description": upload.title,
                "share_url": f"https://www.tiktok.com/@poltekkesjkt2/video/{upload.post_id}",
            }
            videos.append({k: v for k, v in item.items() if k in fields})
        return envelope({"videos": videos, "cursor": 0, "has_more": False})

    def video_query(self, request: Request) -> Reply:
        """Display API ``POST /v2/video/query/?fields=…`` with ``{"filters": {"video_ids": [...]}}``: "verifies that
        the videos belong to the user and returns video details", "Up to 20 video IDs" (Query Videos)."""
        if "video.list" not in self.scopes:
            return envelope(
                code="scope_not_authorized",
                message="The user did not authorize the scope required for completing this request.",
                status=401,
            )
        known = {"id", "create_time", "cover_image_url", "share_url", "video_description", "duration", "height"}
        known |= {
            "width",
            "title",
            "embed_html",
            "embed_link",
            "like_count",
            "comment_count",
            "share_count",
            "view_count",
        }
        fields = [f for f in request.query.get("fields", "").split(",") if f]
        if not fields or not set(fields) <= known:
            return envelope(code="invalid_params", message="fields: choose from the video object's fields", status=400)
        ids = (request.json().get("filters") or {}).get("video_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 20:
            return envelope(code="invalid_params", message="filters.video_ids: 1 to 20 ids", status=400)
        mine = {u.post_id: u for u in self.posts if u.post_id and u.status == "PUBLISH_COMPLETE"}
        zero = {"view_count": 0, "like_count": 0, "comment_count": 0, "share_count": 0}
        videos = []
        for video_id in ids:
            if video_id not in mine:
                continue  # not this user's video: left out
            item = {"id": video_id, "title": mine[video_id].title, **self.counters.get(video_id, zero)}
            videos.append({k: v for k, v in item.items() if k in fields})
        return envelope({"videos": videos})

    def photo(self, body: dict[str, Any]) -> Reply:
        post_info, source = body.get("post_info") or {}, body.get("source_info") or {}
        refusal = self._privacy(post_info)
        if refusal:
            return refusal
        images = source.get("photo_images") or []
        if (
            source.get("source") != "PULL_FROM_URL" or not 1 <= len(images) <= 35
        ):  # https://developers.tiktok.com/doc/content-posting-api-reference-photo-post
            return envelope(code="invalid_params", message="photo_images: 1 to 35 URLs", status=400)
        if any(not url.startswith(self.verified_prefix) for url in images):
            return envelope(code="url_ownership_unverified", message="Please verify the URL ownership.", status=403)
        upload = Upload(
            f"p_pub_url~v2.{self._id()}",
            "",
            1,
            1,
            1,
            post_info["privacy_level"],
            post_info.get("description", ""),
            received=1,
            photos=list(images),
            polls_left=self.processing_polls,
        )
        self.uploads[upload.publish_id] = upload
        return envelope({"publish_id": upload.publish_id})
