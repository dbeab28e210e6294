"""Facebook Pages API with a Page token, and Meta's Resumable Upload API, as documented.

``/{page}/feed`` (posts, scheduled with ``published=false`` + ``scheduled_publish_time`` 10 minutes
to 30 days ahead), ``/{page}/photos`` (published or not), ``/{page}/scheduled_posts``,
``/{app}/uploads`` → ``upload:<id>`` sessions taking bytes at ``file_offset`` (``GET`` says how far
they got; the handle comes when all bytes arrived), ``/{page}/videos`` with the handle.

The documents each rule follows (cited again beside the rule):

- Posts, scheduling (``published=false`` + ``scheduled_publish_time``), photos: https://developers.facebook.com/docs/pages-api/posts
- Scheduled posts listed on their own edge: https://developers.facebook.com/docs/graph-api/reference/page/scheduled_posts/
- Resumable Upload API (``/{app}/uploads``, ``upload:<id>``, ``file_offset``, handle ``h``): https://developers.facebook.com/docs/graph-api/guides/upload
- Videos published with the handle (``fbuploader_video_file_chunk``): https://developers.facebook.com/docs/video-api/guides/publishing
- Post insights (``post_media_view``, ``post_total_media_view_unique``; ``post_impressions*`` deprecated in 2025,
  an invalid metric error; ``read_insights``): https://developers.facebook.com/documentation/pages-api/platforminsights/page/deprecated-metrics
  and https://developers.facebook.com/docs/graph-api/reference/insights
- Video insights (``total_video_views``, ``total_video_views_unique``): https://developers.facebook.com/docs/video-api/guides/insights
- Correcting and deleting a Page post (``POST /{page-post-id}`` with ``message``, ``DELETE /{page-post-id}``, both
  ``{"success": true}``; read ``GET /{page-post-id}?fields=id,message,permalink_url``):
  https://developers.facebook.com/docs/pages-api/posts and
  https://developers.facebook.com/docs/graph-api/reference/page-post ;
  a deleted post answers the observed (undocumented) code 100 / subcode 33 (``graph.not_found``)
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from .graph import GraphServer, Insights, graph_error, not_found
from .server import Reply, Request


@dataclass
class PagePost:
    id: str
    message: str
    link: str | None = None
    attached: list[str] = field(default_factory=list)
    scheduled_for: int | None = None
    created: int = 0


@dataclass
class Session:
    id: str
    length: int
    kind: str
    offset: int = 0
    digest: Any = field(default_factory=hashlib.sha256)
    handle: str | None = None


@dataclass
class Video:
    id: str
    title: str
    description: str
    sha256: str
    scheduled_for: int | None = None
    created: int = field(default_factory=lambda: int(time.time()))


class FacebookServer(GraphServer):
    def __init__(
        self,
        token: str,
        page_id: str = "104000000000001",
        app_id: str = "900000000000001",
        *,
        fetch_media: bool = False,
    ) -> None:
        super().__init__(token, fetch_media=fetch_media)
        self.page_id = page_id
        self.app_id = app_id
        self.feed: list[PagePost] = []
        self.photos: dict[str, dict[str, str]] = {}
        self.sessions: dict[str, Session] = {}
        self.videos: list[Video] = []
        self.deleted: set[str] = set()
        self.insights = Insights(
            "insights",
            ("post_media_view", "post_total_media_view_unique", "post_reactions_by_type_total", "post_clicks"),
            deprecated=("post_impressions", "post_impressions_unique", "post_impressions_paid", "post_impressions_fan"),
            permission="read_insights",
            permission_code=200,
        )
        self.video_insights = Insights(
            "video_insights",
            ("total_video_views", "total_video_views_unique", "total_video_avg_time_watched"),
            permission="pages_read_engagement",
            permission_code=200,
        )

    @property
    def posts(self) -> list[Any]:
        return [*self.feed, *self.videos]

    def graph(self, request: Request, parts: list[str]) -> Reply:
        method, page = request.method, self.page_id
        if len(parts) == 1 and (parts[0] in self.deleted or parts[0] in {p.id for p in self.feed}):
            return self.page_post(request, parts[0])
        if len(parts) == 2 and parts[1] == "insights" and method == "GET" and parts[0] in {p.id for p in self.feed}:
            return self.insights.answer(parts[0], request.query)
        if (
            len(parts) == 2
            and parts[1] == "video_insights"
            and method == "GET"
            and parts[0] in {v.id for v in self.videos}
        ):
            return self.video_insights.answer(parts[0], request.query)
        if parts == [page] and method == "GET":
            return Reply(200, {"id": page, "name": "Poltekkes Kemenkes Jakarta II"})
        if parts == [page, "feed"] and method == "POST":
            return self.post(request.form())
        if parts == [page, "feed"] and method == "GET":
            return self.listing([p for p in self.feed if p.scheduled_for is None], request.query)
        if parts == [page, "scheduled_posts"] and method == "GET":
            return self.listing([p for p in self.feed if p.scheduled_for is not None], request.query)
        if parts == [page, "photos"] and method == "POST":
            return self.photo(request.form())
        if parts == [self.app_id, "uploads"] and method == "POST":
            return self.open_session(request.form())
        if len(parts) == 1 and parts[0].startswith("upload:"):
            session = self.sessions.get(parts[0])
            if session is None:
                return graph_error("Invalid upload session", 100, 1363030, status=400)
            if method == "GET":
                return Reply(200, {"id": session.id, "file_offset": str(session.offset)})
            return self.receive(session, request)
        if parts == [page, "videos"] and method == "POST":
            return self.video(request.form())
        if parts == [page, "videos"] and method == "GET":
            since = int(request.query.get("since") or 0)
            return Reply(
                200,
                {
                    "data": [
                        {
                            "id": v.id,
                            "description": v.description,
                            "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(v.created)),
                        }
                        for v in reversed(self.videos)
                        if v.created >= since
                    ]
                },
            )
        return graph_error(f"Unsupported {method} request.", 100, 33)

    def _schedule(self, form: dict[str, str]) -> tuple[int | None, Reply | None]:
        if form.get("published", "true") != "false" or "scheduled_publish_time" not in form:
            return None, None
        when = int(form["scheduled_publish_time"])
        ahead = when - time.time()  # 10 minutes to 30 days ahead (https://developers.facebook.com/docs/pages-api/posts)
        if not 600 <= ahead <= 30 * 86400:
            return None, graph_error(
                "Invalid parameter", 100, 1501234, user_msg="The specified scheduled publish time is invalid."
            )
        return when, None

    def post(self, form: dict[str, str]) -> Reply:
        when, refusal = self._schedule(form)
        if refusal:
            return refusal
        attached = []
        for key in sorted(k for k in form if k.startswith("attached_media[")):
            fbid = json.loads(form[key])["media_fbid"]
            if fbid not in self.photos:
                return graph_error("Invalid attached media", 100)
            attached.append(fbid)
        if not (
            form.get("message") or form.get("link") or attached
        ):  # https://developers.facebook.com/docs/pages-api/posts
            return graph_error("(#100) Missing message or attachment", 100)
        if any(p.message == form.get("message") and p.message and p.created > time.time() - 60 for p in self.feed):
            return graph_error(
                "Duplicate status message", 506, user_msg="This status update is identical to the last one you posted."
            )
        post = PagePost(
            f"{self.page_id}_{self.new_id()}",
            form.get("message", ""),
            form.get("link"),
            attached,
            when,
            int(time.time()),
        )
        self.feed.append(post)
        return Reply(200, {"id": post.id})

    def photo(self, form: dict[str, str]) -> Reply:
        if not (form.get("url", "").startswith("http") or form.get("source", "").startswith("<file of")):
            return graph_error("(#324) Requires upload file", 324)
        refusal = self.fetch(form["url"]) if form.get("url") else None
        if refusal is not None:
            return refusal
        photo_id = self.new_id()
        self.photos[photo_id] = form
        if form.get("published", "true") == "false" and "scheduled_publish_time" not in form:
            return Reply(200, {"id": photo_id})
        when, refusal = self._schedule(form)
        if refusal:
            return refusal
        post = PagePost(
            f"{self.page_id}_{self.new_id()}",
            form.get("caption") or form.get("message", ""),
            attached=[photo_id],
            scheduled_for=when,
            created=int(time.time()),
        )
        self.feed.append(post)
        return Reply(200, {"id": photo_id, "post_id": post.id})

    def listing(self, posts: list[PagePost], query: dict[str, str]) -> Reply:
        since = int(query.get("since") or 0)
        return Reply(
            200,
            {
                "data": [
                    {
                        "id": p.id,
                        "message": p.message,
                        # Page Post ``created_time``: an ISO 8601 datetime (Graph API, Page Post reference)
                        "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(p.created)),
                        "permalink_url": f"https://www.facebook.com/{p.id}",
                    }
                    for p in reversed(posts)
                    if p.created >= since
                ]
            },
        )

    def open_session(self, form: dict[str, str]) -> Reply:
        # "Valid values are: application/pdf, image/jpeg, image/jpg, image/png, and video/mp4" (https://developers.facebook.com/docs/graph-api/guides/upload)
        if form.get("file_type") not in {"application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4"}:
            return graph_error("Invalid file_type", 100)
        if not form.get("file_length", "").isdigit():
            return graph_error("file_length is required", 100)
        session = Session(f"upload:{self.new_id()}", int(form["file_length"]), form["file_type"])
        self.sessions[session.id] = session
        return Reply(200, {"id": session.id})

    def receive(self, session: Session, request: Request) -> Reply:
        offset = request.header(
            "file_offset"
        )  # resume at the session's file_offset (https://developers.facebook.com/docs/graph-api/guides/upload)
        if not offset.isdigit() or int(offset) != session.offset:
            return graph_error(
                f"file_offset {offset} does not match the upload's offset {session.offset}", 100, 1363037
            )
        session.digest.update(request.body)
        session.offset += len(request.body)
        if session.offset > session.length:
            return graph_error("More bytes than file_length", 100)
        if session.offset < session.length:
            return Reply(200, {"error": "incomplete"}) if request.complete else Reply(400, None)
        session.handle = session.handle or f"2:{self.new_id()}"
        return Reply(200, {"h": session.handle})

    def video(self, form: dict[str, str]) -> Reply:
        handle = form.get(
            "fbuploader_video_file_chunk", ""
        )  # https://developers.facebook.com/docs/video-api/guides/publishing
        session = next((s for s in self.sessions.values() if s.handle and s.handle == handle), None)
        if session is None:
            return graph_error("Invalid video handle", 100, 1363019)
        when, refusal = self._schedule(form)
        if refusal:
            return refusal
        video = Video(
            self.new_id(), form.get("title", ""), form.get("description", ""), session.digest.hexdigest(), when
        )
        self.videos.append(video)
        return Reply(200, {"id": video.id})

    def page_post(self, request: Request, post_id: str) -> Reply:
        """One Page post by id (https://developers.facebook.com/docs/pages-api/posts): read it, correct its
        ``message``, delete it; a deleted one answers ``not_found`` to everything."""
        if post_id in self.deleted:
            return not_found(request.method, post_id)
        post = next(p for p in self.feed if p.id == post_id)
        if request.method == "GET":
            return Reply(
                200, {"id": post.id, "message": post.message, "permalink_url": f"https://www.facebook.com/{post.id}"}
            )
        if request.method == "POST":
            form = request.form()
            if "message" not in form:  # "the parameters you want to update set to the new content"
                return graph_error("(#100) No parameter to update", 100)
            post.message = form["message"]
            return Reply(200, {"success": True})
        if request.method == "DELETE":
            self.feed.remove(post)
            self.deleted.add(post_id)
            return Reply(200, {"success": True})
        return not_found(request.method, post_id)
