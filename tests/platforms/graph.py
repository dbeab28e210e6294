"""What Instagram's and Facebook's fakes share: Graph API paths, tokens and the error object."""

from __future__ import annotations

import re
from typing import Any

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


def bad_token() -> Reply:
    return graph_error(
        "Error validating access token: Session has expired on Tuesday, 24-Nov-26 10:00:00 PST.", 190, 463, status=400
    )


class GraphServer(FakeServer):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.next_id = 18000000000000000

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
