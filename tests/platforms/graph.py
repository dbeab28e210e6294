"""What Instagram's and Facebook's fakes share: Graph API paths, tokens, the error object, and
fetching media from a URL as Meta does ("We will cURL the image").

With ``fetch_media`` on, a media URL is fetched when the container or photo is made (only from
127.0.0.1: the tests never leave the machine) and its bytes are kept in ``fetched``; a URL that
cannot be fetched is refused with error 9004 / 2207052 (as third-party error catalogues report it;
Meta's own table does not list it). Off (the default), a URL is only required to start with
``http``.
"""

from __future__ import annotations

import re
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from .server import FakeServer, Reply, Request

VERSION = re.compile(r"^/v\d+\.\d+(?=/)")


def graph_error(
    message: str,
    code: int,
    subcode: int | None = None,
    *,
    status: int = 400,
    user_msg: str | None = None,
    transient: bool = False,
    headers: dict[str, str] | None = None,
) -> Reply:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException",
        "code": code,
        "is_transient": transient,
        "fbtrace_id": "AbCdEfGh123",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if user_msg:
        error["error_user_msg"] = user_msg
    return Reply(status, {"error": error}, headers or {})


def not_found(method: str, object_id: str) -> Reply:
    """A deleted or unknown object. Meta documents no answer for it (UNCONFIRMED); this is the one observed
    (HTTP 400, ``GraphMethodException``, code 100, subcode 33), the same as for a missing permission:
    github.com/SpottedBot/SpottedBot/issues/30 (a second delete), roughike/flutter_facebook_login#44 (a get)."""
    reply = graph_error(
        f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not exist, cannot be loaded due to "
        "missing permissions, or does not support this operation. Please read the Graph API documentation at "
        "https://developers.facebook.com/docs/graph-api",
        100,
        33,
    )
    reply.body["error"]["type"] = "GraphMethodException"
    return reply


def bad_token() -> Reply:
    return graph_error(
        "Error validating access token: Session has expired on Tuesday, 24-Nov-26 10:00:00 PST.", 190, 463, status=400
    )


class GraphServer(FakeServer):
    def __init__(self, token: str, *, fetch_media: bool = False) -> None:
        super().__init__()
        self.token = token
        self.next_id = 18000000000000000
        self.fetch_media = fetch_media
        self.fetched: dict[str, bytes] = {}

    def fetch(self, url: str) -> Reply | None:
        """Fetch ``url`` if fetching is on; a refusal, or None when the media arrived."""
        if not self.fetch_media:
            return None
        refusal = graph_error(
            "Media download has failed.: The media could not be fetched from this URI: " + url,
            9004,
            2207052,
            user_msg="The media could not be fetched from this URI.",
        )
        if urlsplit(url).hostname != "127.0.0.1":
            return refusal
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(url, timeout=5) as response:
                self.fetched[url] = response.read()
        except (OSError, ValueError):
            return refusal
        return None

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def authorised(self, request: Request, *, scheme: str = "Bearer") -> bool:
        given = request.header("authorization")
        if given.startswith(f"{scheme} "):
            return given[len(scheme) + 1 :] == self.token
        return request.query.get("access_token") == self.token

    def route(self, request: Request) -> Reply:
        path = VERSION.sub("", request.path)
        if not self.authorised(request, scheme="OAuth" if path.startswith("/upload:") else "Bearer"):
            return bad_token()
        parts = [p for p in path.split("/") if p]
        return self.graph(request, parts)

    def graph(self, request: Request, parts: list[str]) -> Reply:
        raise NotImplementedError


class Insights:
    """The insights edge of one Meta object type, as documented: ``GET /{id}/{edge}?metric=a,b``.

    ``values`` ({object id: {metric: value}}) are what the platform counted; a metric without a value is
    left out of ``data`` ("If insights data you are requesting does not exist or is currently unavailable,
    the API returns an empty data set instead of 0", Instagram Media Insights). A metric not in ``allowed``
    (``deprecated`` ones among them, named in the error) is refused with code 100, as Meta answers "an invalid
    metric error" (Deprecated Page Insights Metrics). ``granted`` off: the token lacks ``permission`` (code
    ``permission_code``: 10 "API Permission Denied" or 200-299 "API Permission", Graph API "Handling Errors").
    ``too_few``: ids answered "(#10) Not enough viewers for the media to show insights".
    """

    def __init__(
        self,
        edge: str,
        allowed: tuple[str, ...],
        *,
        permission: str,
        permission_code: int,
        deprecated: tuple[str, ...] = (),
    ) -> None:
        self.edge = edge
        self.allowed = allowed
        self.deprecated = deprecated
        self.permission = permission
        self.permission_code = permission_code
        self.values: dict[str, dict[str, int]] = {}
        self.granted = True
        self.too_few: set[str] = set()
        self.unsupported: dict[str, set[str]] = {}
        """Metrics an object's type lacks: "(#100) The Media Insights API does not support the <m> metric for this
        media product type" (as third-party clients report Instagram's answer)."""
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def answer(self, object_id: str, query: dict[str, str]) -> Reply:
        metrics = tuple(m for m in query.get("metric", "").split(",") if m)
        self.asked.append((object_id, metrics))
        if not self.granted:
            return graph_error(
                f"(#{self.permission_code}) Requires {self.permission} permission to manage the object",
                self.permission_code,
            )
        if not metrics:  # Page Insights: code 3001, subcode 1504028 "No metric was specified to be fetched"
            return graph_error("Invalid query", 3001, 1504028, user_msg="No metric was specified to be fetched.")
        for metric in metrics:
            if metric not in self.allowed:
                why = " (deprecated)" if metric in self.deprecated else ""
                return graph_error(f"(#100) The value must be a valid insights metric: {metric}{why}", 100)
        for metric in metrics:
            if metric in self.unsupported.get(object_id, set()):
                return graph_error(
                    f"(#100) The Media Insights API does not support the {metric} metric for this media product type",
                    100,
                )
        if object_id in self.too_few:
            return graph_error("(#10) Not enough viewers for the media to show insights", 10)
        counted = self.values.get(object_id, {})
        data = [
            {
                "name": metric,
                "period": "lifetime",
                "values": [{"value": counted[metric]}],
                "title": metric.replace("_", " ").title(),
                "description": metric,
                "id": f"{object_id}/{self.edge}/{metric}/lifetime",
            }
            for metric in metrics
            if metric in counted
        ]
        return Reply(200, {"data": data})
