"""YouTube Data API v3: the resumable ``videos.insert``, ``thumbnails.set``, ``channels.list``,
``playlistItems.list`` on the channel's uploads playlist (newest first) and Google's OAuth token
endpoint, as documented.

``not_listed_yet`` holds ids of videos the uploads playlist does not show yet (YouTube lists a new
upload after a moment).

Every request is also checked against the discovery document that google-api-python-client ships
(``youtube.v3.json``): the method and path, the query parameters, the ``part`` names, the video
resource's fields and enum values, and the media type of the upload. What does not conform lands in
``violations``; the tests require it to stay empty.

The documents each rule follows (cited again beside the rule):

- ``videos.insert`` (and the lock of unverified projects to private): https://developers.google.com/youtube/v3/docs/videos/insert
- The resumable upload protocol (session in ``Location``, ``308`` with ``Range``, the status query
  ``Content-Range: bytes */size``, 404 for an expired session): https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
- ``videos.list`` (``part=statistics``: ``viewCount``, ``likeCount``, ``favoriteCount``, ``commentCount`` as strings;
  its scopes, read from the discovery document: ``youtube``, ``youtube.force-ssl``, ``youtube.readonly``,
  ``youtubepartner``; a token without one is refused 403 ``insufficientPermissions``): https://developers.google.com/youtube/v3/docs/videos/list
- ``playlistItems.list`` on the uploads playlist: https://developers.google.com/youtube/v3/docs/playlistItems/list
- ``videos.update`` and ``videos.delete`` need the scope ``youtube``, ``youtube.force-ssl`` or ``youtubepartner`` (the
  discovery document; ``youtube.upload`` is not one): 403 ``insufficientPermissions`` otherwise
- ``videos.update`` (``part=snippet``; ``snippet.title`` and ``snippet.categoryId`` required; the snippet sent replaces
  the old one whole: a property left out is deleted; 404 ``videoNotFound``):
  https://developers.google.com/youtube/v3/docs/videos/update
- ``videos.delete`` (204 without a body; 404 ``videoNotFound`` "The video that you are trying to delete cannot be
  found", also for a video deleted before): https://developers.google.com/youtube/v3/docs/videos/delete
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import googleapiclient

from .server import FakeServer, Reply, Request

QUANTUM = 256 * 1024
UPLOADS = "UUpoltekkesjkt2"


@cache
def discovery() -> dict[str, Any]:
    path = os.path.join(os.path.dirname(googleapiclient.__file__), "discovery_cache", "documents", "youtube.v3.json")
    with open(path, encoding="utf-8") as handle:
        return dict(json.load(handle))


def google_error(status: int, reason: str, message: str, domain: str = "youtube.video") -> Reply:
    names = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RESOURCE_EXHAUSTED",
        500: "INTERNAL",
        503: "UNAVAILABLE",
    }
    return Reply(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
                "status": names.get(status, "UNKNOWN"),
            }
        },
    )


@dataclass
class Session:
    id: str
    size: int
    kind: str
    resource: dict[str, Any]
    received: int = 0
    digest: Any = field(default_factory=hashlib.sha256)
    video_id: str | None = None
    expired: bool = False
    moved: bool = False


class YouTubeServer(FakeServer):
    def __init__(
        self,
        *,
        client_id: str = "123-abc.apps.googleusercontent.com",
        client_secret: str = "",
        refresh_token: str = "",
        access_token: str = "",
    ) -> None:
        super().__init__()
        self.client_id, self.client_secret, self.refresh_token = client_id, client_secret, refresh_token
        self.access_token = access_token
        self.sessions: dict[str, Session] = {}
        self.videos: dict[str, dict[str, Any]] = {}
        self.thumbnails: dict[str, int] = {}
        self.not_listed_yet: set[str] = set()
        self.violations: list[str] = []
        self.statistics: dict[str, dict[str, str]] = {}
        """What YouTube counted of each video (``statistics``), set by tests."""
        self.scopes = {
            "https://www.googleapis.com/auth/youtube.upload",
            "https://www.googleapis.com/auth/youtube.readonly",
        }
        """The scopes the access token was granted (the OAuth consent)."""
        self.counter = 0
        self.unverified = False
        """An API project not audited by YouTube: "All videos uploaded via the videos.insert endpoint from
        unverified API projects created after 28 July 2020 will be restricted to private viewing mode"
        (https://developers.google.com/youtube/v3/docs/videos/insert). The video is made private whatever
        ``status.privacyStatus`` asked, and the insert's answer says so."""
        self.move_on_308 = False
        """Answer the first 308 of a session with a ``Location``: the session's new address, the old one
        answering 404 from then on ("Resumable Media Uploads in the Google Data Protocol": the 308 of a
        chunk may name in ``Location`` the URI to use for the next request)."""

    @property
    def posts(self) -> list[dict[str, Any]]:
        return list(self.videos.values())

    def _id(self) -> str:
        self.counter += 1
        return f"vid{self.counter:08d}"

    # -- the contract ----------------------------------------------------------------------------

    def conform(self, request: Request, resource: str, method: str) -> None:
        doc = discovery()
        spec = doc["resources"][resource]["methods"][method]
        if request.method != spec["httpMethod"]:
            self.violations.append(f"{resource}.{method}: {request.method} instead of {spec['httpMethod']}")
        upload = spec.get("mediaUpload")
        paths = {"/" + spec["path"]}
        if upload:
            paths |= {p["path"] for p in upload["protocols"].values()}
        if request.path not in paths:
            self.violations.append(f"{resource}.{method}: path {request.path} not in {sorted(paths)}")
        known = set(spec.get("parameters", {})) | set(doc["parameters"])
        for name in request.query:
            if name not in known and name != "upload_id":
                self.violations.append(f"{resource}.{method}: unknown parameter {name}")
        for name in spec.get("parameterOrder", []):
            if spec["parameters"][name].get("required") and name not in request.query:
                self.violations.append(f"{resource}.{method}: required parameter {name} missing")
        if "part" in request.query:
            props = doc["schemas"][spec["response"]["$ref"]]["properties"]
            item = props.get("items", {}).get("items", {}).get("$ref") if "items" in props else spec["response"]["$ref"]
            allowed = set(doc["schemas"][item]["properties"])
            for part in request.query["part"].split(","):
                if part not in allowed:
                    self.violations.append(f"{resource}.{method}: part {part} is not a property of {item}")

    def conform_video(self, body: dict[str, Any], kind: str) -> None:
        schemas = discovery()["schemas"]
        accept = discovery()["resources"]["videos"]["methods"]["insert"]["mediaUpload"]["accept"]
        if not any(re.fullmatch(a.replace("*", ".+"), kind) for a in accept):
            self.violations.append(f"videos.insert: media type {kind} not in {accept}")
        self._schema(body, "Video", schemas, "video")

    def _schema(self, value: Any, name: str, schemas: dict[str, Any], where: str) -> None:
        props = schemas[name]["properties"]
        for key, item in value.items():
            if key not in props:
                self.violations.append(f"{where}.{key} is not in the {name} schema")
                continue
            spec = props[key]
            if "$ref" in spec and isinstance(item, dict):
                self._schema(item, spec["$ref"], schemas, f"{where}.{key}")
            elif "enum" in spec and item not in spec["enum"]:
                self.violations.append(f"{where}.{key}: {item!r} not in {spec['enum']}")
            elif spec.get("type") == "string" and not isinstance(item, str):
                self.violations.append(f"{where}.{key}: not a string")
            elif spec.get("type") == "boolean" and not isinstance(item, bool):
                self.violations.append(f"{where}.{key}: not a boolean")
            elif spec.get("type") == "array" and not isinstance(item, list):
                self.violations.append(f"{where}.{key}: not an array")

    # -- routes ----------------------------------------------------------------------------------

    def route(self, request: Request) -> Reply:
        if request.path == "/token":
            return self.token(request.form())
        if request.header("authorization") != f"Bearer {self.access_token}":
            return google_error(401, "authError", "Invalid Credentials", "global")
        if request.path == "/youtube/v3/channels":
            self.conform(request, "channels", "list")
            return Reply(
                200,
                {
                    "kind": "youtube#channelListResponse",
                    "items": [
                        {
                            "kind": "youtube#channel",
                            "id": "UCpoltekkesjkt2",
                            "snippet": {"title": "Poltekkes Kemenkes Jakarta II"},
                            "status": {"longUploadsStatus": "allowed"},
                            "contentDetails": {"relatedPlaylists": {"uploads": UPLOADS}},
                        }
                    ],
                },
            )
        if request.path == "/youtube/v3/playlistItems":
            self.conform(request, "playlistItems", "list")
            return self.uploads(request.query)
        if request.path == "/youtube/v3/videos" and request.method in ("PUT", "DELETE"):
            return self.amend(request)
        if request.path == "/youtube/v3/videos" and request.method == "GET":
            self.conform(request, "videos", "list")
            if not self.scopes & set(discovery()["resources"]["videos"]["methods"]["list"]["scopes"]):
                return google_error(403, "insufficientPermissions", "Request had insufficient authentication scopes.")
            return self.list_videos(request.query)
        if request.path == "/upload/youtube/v3/thumbnails/set":
            self.conform(request, "thumbnails", "set")
            video = request.query.get("videoId", "")
            if video not in self.videos:
                return google_error(404, "videoNotFound", "The video that you are trying to update cannot be found.")
            self.thumbnails[video] = len(request.body)
            return Reply(200, {"kind": "youtube#thumbnailSetResponse", "items": [{"default": {"url": "x"}}]})
        if request.path == "/upload/youtube/v3/videos" and request.method == "POST":
            return self.open(request)
        if request.path == "/upload/youtube/v3/videos" and request.method == "PUT":
            return self.put(request)
        return google_error(404, "notFound", f"{request.method} {request.path} not found", "global")

    def token(self, form: dict[str, str]) -> Reply:
        if (
            form.get("grant_type") != "refresh_token"
            or form.get("refresh_token") != self.refresh_token
            or form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return Reply(400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
        return Reply(
            200,
            {
                "access_token": self.access_token,
                "expires_in": 3599,
                "token_type": "Bearer",
                "scope": "https://www.googleapis.com/auth/youtube.upload",
            },
        )

    def open(self, request: Request) -> Reply:
        self.conform(request, "videos", "insert")
        if request.query.get("uploadType") != "resumable":
            self.violations.append("videos.insert: uploadType is not resumable")
        size = request.header("x-upload-content-length")
        kind = request.header("x-upload-content-type")
        body = request.json()
        self.conform_video(body, kind)
        if not size.isdigit():
            return google_error(400, "badRequest", "X-Upload-Content-Length is required")
        title = (body.get("snippet") or {}).get("title", "")
        if not title or len(title) > 100 or "<" in title:
            return google_error(400, "invalidTitle", "The request metadata specifies an invalid video title.")
        session = Session(self._id(), int(size), kind, body)
        self.sessions[session.id] = session
        location = f"{self.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={session.id}"
        return Reply(200, None, {"Location": location})

    def put(self, request: Request) -> Reply:
        session = self.sessions.get(request.query.get("upload_id", ""))
        if session is not None and session.moved and request.query.get("moved") != "1":
            session = None  # the address the 308's Location replaced
        if session is None or session.expired:
            # "If you receive a 404 Not Found response, the upload session has expired and the upload must
            # be restarted from the beginning" (YouTube Data API, Resumable uploads, step 4)
            return google_error(404, "notFound", "The upload session was not found or has expired.", "global")
        done = self._video(session)
        match = re.fullmatch(r"bytes (\*|(\d+)-(\d+))/(\d+)", request.header("content-range"))
        if not match or int(match.group(4)) != session.size:
            return google_error(400, "badContent", "Invalid Content-Range")
        # the status query (https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol, step 4)
        if match.group(1) == "*":
            if done is not None:
                return Reply(200, done)
            return self._incomplete(session)
        if done is not None:
            return Reply(200, done)
        first, last = int(match.group(2)), int(match.group(3))
        if first != session.received:
            return google_error(400, "badContent", f"Expected the upload to continue at {session.received}")
        length = last - first + 1
        if last + 1 < session.size and length % QUANTUM:
            self.violations.append(f"chunk of {length} bytes is not a multiple of 256 KiB")
        body = request.body[: max(0, session.size - first)]
        session.digest.update(body)
        session.received += len(body)
        if not request.complete or session.received < session.size:
            return self._incomplete(session)
        video_id = self._id()
        snippet = session.resource.get("snippet", {})
        status = {"uploadStatus": "uploaded", "privacyStatus": "public", **session.resource.get("status", {})}
        if self.unverified:
            status["privacyStatus"] = "private"
        self.videos[video_id] = {
            "kind": "youtube#video",
            "id": video_id,
            "snippet": snippet,
            "status": status,
            "sha256": session.digest.hexdigest(),
            "added": time.time(),
        }
        session.video_id = video_id
        return Reply(201, self._public(video_id))

    def list_videos(self, query: dict[str, str]) -> Reply:
        """``videos.list`` with ``id`` (comma-separated) and ``part``: the channel's own videos, whatever
        their privacy (https://developers.google.com/youtube/v3/docs/videos/list); unknown ids are left out."""
        parts = set(query.get("part", "").split(","))
        zero = {"viewCount": "0", "likeCount": "0", "favoriteCount": "0", "commentCount": "0"}
        items = [
            {
                "kind": "youtube#video",
                "id": vid,
                **{k: v for k, v in self.videos[vid].items() if k in parts},
                **({"statistics": self.statistics.get(vid, zero)} if "statistics" in parts else {}),
            }
            for vid in query.get("id", "").split(",")
            if vid in self.videos
        ]
        return Reply(200, {"kind": "youtube#videoListResponse", "items": items})

    def _public(self, video_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.videos[video_id].items() if k not in ("sha256", "added")}

    def uploads(self, query: dict[str, str]) -> Reply:
        if query.get("playlistId") != UPLOADS:
            return google_error(
                404,
                "playlistNotFound",
                "The playlist identified with the request's playlistId parameter cannot be found.",
            )
        listed = [v for v in reversed(self.videos.values()) if v["id"] not in self.not_listed_yet]
        items = [
            {
                "kind": "youtube#playlistItem",
                "id": f"item-{video['id']}",
                "snippet": {
                    "publishedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(video["added"])),
                    "channelId": "UCpoltekkesjkt2",
                    "title": video["snippet"].get("title", ""),
                    "description": video["snippet"].get("description", ""),
                    "playlistId": UPLOADS,
                    "position": position,
                    "resourceId": {"kind": "youtube#video", "videoId": video["id"]},
                },
            }
            for position, video in enumerate(listed[: int(query.get("maxResults") or 5)])
        ]
        return Reply(200, {"kind": "youtube#playlistItemListResponse", "items": items})

    def _video(self, session: Session) -> dict[str, Any] | None:
        return self._public(session.video_id) if session.video_id else None

    def _incomplete(self, session: Session) -> Reply:
        headers = {"Range": f"bytes=0-{session.received - 1}"} if session.received else {}
        if self.move_on_308 and not session.moved and session.received:
            session.moved = True
            headers["Location"] = (
                f"{self.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id={session.id}&moved=1"
            )
        return Reply(308, None, headers)

    def amend(self, request: Request) -> Reply:
        """``videos.update`` (PUT) or ``videos.delete`` (DELETE), with a token granted one of their scopes."""
        method = "update" if request.method == "PUT" else "delete"
        if not self.scopes & set(discovery()["resources"]["videos"]["methods"][method]["scopes"]):
            return google_error(403, "insufficientPermissions", "Request had insufficient authentication scopes.")
        return self.update(request) if method == "update" else self.delete(request)

    def update(self, request: Request) -> Reply:
        """``videos.update?part=snippet``: the snippet sent replaces the stored one whole."""
        self.conform(request, "videos", "update")
        body = request.json()
        self._schema(body, "Video", discovery()["schemas"], "video")
        video = self.videos.get(str(body.get("id") or ""))
        if video is None:
            return google_error(
                404,
                "videoNotFound",
                "The video that you are trying to update cannot be found. Check the value of the id field in the "
                "request body to ensure that it is correct.",
            )
        snippet = body.get("snippet") or {}
        title = snippet.get("title", "")
        if not title or len(title) > 100 or "<" in title:
            return google_error(400, "invalidTitle", "The request metadata specifies an invalid or empty video title.")
        if not snippet.get("categoryId"):  # required; Google's answer without it is UNCONFIRMED
            return google_error(
                400, "invalidCategoryId", "The snippet.categoryId property specifies an invalid category ID."
            )
        video["snippet"] = dict(snippet)
        return Reply(200, self._public(video["id"]))

    def delete(self, request: Request) -> Reply:
        """``videos.delete?id=``: 204, then 404 ``videoNotFound``."""
        self.conform(request, "videos", "delete")
        video_id = request.query.get("id", "")
        if video_id not in self.videos:
            return google_error(
                404,
                "videoNotFound",
                "The video that you are trying to delete cannot be found. Check the value of the request's id "
                "parameter to ensure that it is correct.",
            )
        del self.videos[video_id]
        return Reply(204, None)
