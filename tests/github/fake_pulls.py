"""The local GitHub, with the list of a repository's pull requests (``GET /repos/{owner}/{repo}/pulls``).

Documented at https://docs.github.com/en/rest/pulls/pulls#list-pull-requests: ``state`` is ``open``
(default), ``closed`` or ``all``; newest first by default (``sort=created``, ``direction=desc``); paginated
with ``per_page`` (at most 100) and ``page``; each item is a ``pull-request-simple``.
"""

from __future__ import annotations

from typing import Any

from tests.github.fake import NAME, OWNER, FakeGitHub


class FakeGitHubWithPulls(FakeGitHub):
    ROUTES = [("GET", r"/repos/{o}/{r}/pulls", "/repos/{owner}/{repo}/pulls"), *FakeGitHub.ROUTES]

    def _get_repos_owner_repo_pulls(self, p, q, r, who):  # noqa: ANN001, ANN202
        state = q.get("state", ["open"])[0]
        if state not in ("open", "closed", "all"):
            return self._invalid(f"Validation Failed: state {state!r} (allowed: open, closed, all)")
        found = [x for x in self.pulls.values() if state == "all" or x.state == state]
        found.sort(key=lambda x: x.created_at, reverse=q.get("direction", ["desc"])[0] != "asc")
        items: list[Any] = [self.pull_simple(x) for x in found]
        return self._page(f"/repos/{OWNER}/{NAME}/pulls", q, items)

    def post_comment(self, number: int, login: str, body: str) -> None:
        """A comment written by someone on the web (not through the API under test)."""
        self.comments[number].append(
            {"id": next(self._ids), "login": login, "body": body, "created_at": self.clock, "updated_at": self.clock}
        )
