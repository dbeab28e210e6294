"""Meta's Threads API publishing, as documented.

Containers start ``IN_PROGRESS`` and become ``FINISHED`` after ``processing_polls`` status reads (or
``ERROR`` / ``EXPIRED`` when a test says so); ``threads_publish`` turns a FINISHED container into a post
(``PUBLISHED``), counts against ``threads_publishing_limit`` and refuses past the cap.

The documents each rule follows (cited again beside the rule):

- Posts: https://developers.facebook.com/documentation/threads/posts
- Carousels (2 to 20 children): Meta's Threads Postman collection, mirrored at
  https://developers.qodex.ai/revel-digital/threads-api-1/post-to-threads-carousel-threads-posts-1/2-create-a-carousel-container-1
- Links: https://developers.facebook.com/documentation/threads/create-posts/text-attachments
- Publishing limit: https://developers.facebook.com/documentation/threads/overview
- Container status: https://developers.facebook.com/documentation/threads/troubleshooting
- The account's threads: https://developers.facebook.com/documentation/threads/retrieve-and-discover-posts/retrieve-posts
- Insights (``views``, ``likes``, ``replies``, ``reposts``, ``quotes``; ``threads_manage_insights``):
  https://developers.facebook.com/documentation/threads/insights
- Deleting a post (``DELETE /{threads-media-id}`` → ``{"success": true, "deleted_id": …}``; ``threads_delete``;
  "100 deletes per day per account"): https://developers.facebook.com/docs/threads/posts/delete-posts ; a deleted
  post answers the Graph API's code 100 / subcode 33, assumed (UNCONFIRMED: ``graph.not_found``), and the answer
  past the daily cap is not documented either (here code 4, the Graph API's rate limit)
- Errors: the Graph API error object (``{"error": {"message", "type", "code", "error_subcode",
  "fbtrace_id"}}``); Meta publishes no Threads error table, so the codes below other than the link
  limit's are the Graph API's (100 invalid parameter, 190 token, 4 rate limit).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from .graph import GraphServer, Insights, graph_error, not_found
from .server import Reply, Request

LINK = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)


@dataclass
class Container:
    id: str
    params: dict[str, str]
    status: str = "IN_PROGRESS"
    polls_left: int = 1
    outcome: str = "FINISHED"
    media_id: str | None = None


@dataclass
class Thread:
    id: str
    text: str
    container: str
    kind: str
    children: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)

    @property
    def timestamp(self) -> str:
        """Retrieve posts: ``timestamp`` in ISO 8601 with a +0000 offset."""
        return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(self.created))

    @property
    def permalink(self) -> str:
        return f"https://www.threads.net/@poltekkesjkt2/post/{self.id}"


def text_length(text: str) -> int:
    """Posts: "Text posts are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes."
    (Counted here independently of the client: a character beyond the BMP counts its UTF-8 bytes.)"""
    return sum(len(ch.encode("utf-8")) if ord(ch) > 0xFFFF else 1 for ch in text)


class ThreadsServer(GraphServer):
    def __init__(self, token: str, user_id: str = "26000000000000001", quota_total: int = 250) -> None:
        super().__init__(token)
        self.user_id = user_id
        self.username = "poltekkesjkt2"
        self.quota_total = quota_total  # Overview: "limited to 250 API-published posts within a 24-hour moving period"
        self.quota_usage = 0
        self.processing_polls = 1
        self.next_outcome = "FINISHED"
        self.next_error = "FAILED_DOWNLOADING_VIDEO"
        self.containers: dict[str, Container] = {}
        self.threads: dict[str, Thread] = {}
        self.deleted: set[str] = set()
        self.deletes_today = 0
        self.insights = Insights(
            "insights",
            ("views", "likes", "replies", "reposts", "quotes", "shares"),
            permission="threads_manage_insights",
            permission_code=10,
        )

    @property
    def posts(self) -> list[Thread]:
        return list(self.threads.values())

    def graph(self, request: Request, parts: list[str]) -> Reply:
        method = request.method
        if parts == [self.user_id] and method == "GET":
            return Reply(200, {"id": self.user_id, "username": self.username})
        if parts == [self.user_id, "threads_publishing_limit"] and method == "GET":
            # Overview: {"data": [{"quota_usage": 4, "config": {"quota_total": 250, "quota_duration": 86400}}]}
            config = {"quota_total": self.quota_total, "quota_duration": 86400}
            return Reply(200, {"data": [{"quota_usage": self.quota_usage, "config": config}]})
        if parts == [self.user_id, "threads"] and method == "POST":
            return self.create(request.form())
        if parts == [self.user_id, "threads"] and method == "GET":
            return self.listing(request.query)
        if parts == [self.user_id, "threads_publish"] and method == "POST":
            return self.publish(request.form().get("creation_id", ""))
        if len(parts) == 2 and parts[1] == "insights" and method == "GET" and parts[0] in self.threads:
            return self.insights.answer(parts[0], request.query)
        if len(parts) == 1 and method == "GET" and parts[0] in self.containers:
            return self.status(self.containers[parts[0]])
        if len(parts) == 1 and parts[0] in self.deleted:
            return not_found(method, parts[0])
        if len(parts) == 1 and method == "GET" and parts[0] in self.threads:
            found = self.threads[parts[0]]
            return Reply(200, {"id": found.id, "permalink": found.permalink, "text": found.text})
        if len(parts) == 1 and method == "DELETE" and parts[0] in self.threads:
            return self.delete(parts[0])
        return graph_error(f"Unsupported {method} request. Object with ID '{'/'.join(parts)}' does not exist", 100, 33)

    def create(self, form: dict[str, str]) -> Reply:
        """``POST /{threads-user-id}/threads`` (Posts, step 1; carousels: the Postman collection)."""
        kind = form.get("media_type", "")
        text = form.get("text", "")
        if kind not in ("TEXT", "IMAGE", "VIDEO", "CAROUSEL"):  # Posts: media_type is required
            return graph_error("The parameter media_type is required", 100)
        if kind == "TEXT" and not text:  # Posts: text "Required for media_type=TEXT"
            return graph_error("The parameter text is required", 100)
        if text_length(text) > 500:  # Posts: "Text posts are limited to 500 characters"
            return graph_error("Param text must be at most 500 characters long.", 100)
        if len(set(LINK.findall(text))) > 5:  # Text attachments: more than 5 links fail at media creation
            return graph_error("THREADS_API__LINK_LIMIT_EXCEEDED", 100, user_msg="The post has more than 5 links.")
        if kind == "IMAGE" and not form.get("image_url", "").startswith("http"):  # Posts: image_url for IMAGE
            return graph_error("The parameter image_url is required", 100)
        if kind == "VIDEO" and not form.get("video_url", "").startswith("http"):  # Posts: video_url for VIDEO
            return graph_error("The parameter video_url is required", 100)
        if kind == "CAROUSEL":
            if form.get("is_carousel_item") == "true":
                return graph_error("A carousel cannot be a carousel item", 100)
            children = [c for c in form.get("children", "").split(",") if c]
            # Postman collection: "Carousels can have at least 2 and up to 20 total images or videos"
            if not 2 <= len(children) <= 20 or any(c not in self.containers for c in children):
                return graph_error("A carousel needs 2 to 20 existing item containers", 100)
            if any(self.containers[c].params.get("is_carousel_item") != "true" for c in children):
                return graph_error("Children must be carousel items", 100)
            if any(self.containers[c].status != "FINISHED" for c in children):
                return graph_error("The carousel items are not ready", 100)
        container = Container(self.new_id(), dict(form), polls_left=self.processing_polls, outcome=self.next_outcome)
        self.containers[container.id] = container
        return Reply(200, {"id": container.id})

    def status(self, container: Container) -> Reply:
        """``GET /{container}?fields=status,error_message`` (Troubleshooting)."""
        if container.status == "IN_PROGRESS":
            if container.polls_left <= 0:
                container.status = container.outcome
            container.polls_left -= 1
        body: dict[str, Any] = {"status": container.status, "id": container.id}
        if container.status == "ERROR":
            body["error_message"] = self.next_error
        return Reply(200, body)

    def publish(self, creation_id: str) -> Reply:
        """``POST /{threads-user-id}/threads_publish?creation_id=`` (Posts, step 2)."""
        container = self.containers.get(creation_id)
        if container is None:
            return graph_error("Invalid parameter", 100, user_msg="The container does not exist.")
        if (
            self.quota_usage >= self.quota_total
        ):  # Overview: "The POST .../threads_publish endpoint enforces this limit"
            return graph_error("Application request limit reached", 4, user_msg="The publishing limit is reached.")
        if container.status == "PUBLISHED":
            return graph_error("The media has already been published", 100)
        if container.status != "FINISHED":  # Troubleshooting: FINISHED "ready to be published"
            return graph_error("The media is not ready to be published", 100)
        thread = Thread(
            self.new_id(),
            container.params.get("text", ""),
            container.id,
            container.params.get("media_type", "TEXT"),
            [c for c in container.params.get("children", "").split(",") if c],
        )
        self.threads[thread.id] = thread
        container.status = "PUBLISHED"
        container.media_id = thread.id
        self.quota_usage += 1  # Overview: "Carousels count as a single post"
        return Reply(200, {"id": thread.id})

    def listing(self, query: dict[str, str]) -> Reply:
        """``GET /{threads-user-id}/threads?fields=...&since=`` (Retrieve posts), newest first."""
        since = int(query["since"]) if query.get("since") else None
        if since is not None and since < 1688540400:  # Retrieve posts: since must be >= 1688540400
            return graph_error("Param since must be on or after 1688540400", 100)
        items = [
            {"id": t.id, "text": t.text, "permalink": t.permalink, "timestamp": t.timestamp}
            for t in reversed(self.posts)
            if since is None or t.created >= since
        ]
        return Reply(200, {"data": items})

    def delete(self, media_id: str) -> Reply:
        """``DELETE /{threads-media-id}`` (Delete Posts): 100 a day per account."""
        if self.deletes_today >= 100:
            return graph_error("Application request limit reached", 4, user_msg="The delete limit is reached.")
        self.deletes_today += 1
        del self.threads[media_id]
        self.deleted.add(media_id)
        return Reply(200, {"success": True, "deleted_id": media_id})
