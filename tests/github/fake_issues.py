"""The local GitHub with issues: list, open and update (what ``humas channels doctor --github-issue`` uses).

It extends ``FakeGitHub`` with three operations, answered in the shapes of GitHub's OpenAPI description
(extracted to tests/fixtures/github-openapi/issues.json by ``extract_issues.py``) and validated the same
way as every other answer (``validate_log``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from tests.github.fake import NAME, OWNER, FakeGitHub, iso
from tests.github.openapi import _nullable

ISSUES_SPEC = Path(__file__).resolve().parent.parent / "fixtures" / "github-openapi" / "issues.json"


class FakeGitHubIssues(FakeGitHub):
    ROUTES = [
        *FakeGitHub.ROUTES,
        ("GET", r"/repos/{o}/{r}/issues", "/repos/{owner}/{repo}/issues"),
        ("POST", r"/repos/{o}/{r}/issues", "/repos/{owner}/{repo}/issues"),
        ("PATCH", r"/repos/{o}/{r}/issues/(?P<n>\d+)", "/repos/{owner}/{repo}/issues/{issue_number}"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.issues: dict[int, dict[str, Any]] = {}
        self._issue_numbers = iter(range(500, 10_000))

    def label_json(self, name: str) -> dict[str, Any]:
        return {
            "id": abs(hash(name)) % 10**6,
            "node_id": f"LA_{name}",
            "name": name,
            "description": None,
            "color": "d93f0b",
            "default": False,
            "url": self.url(f"/repos/{OWNER}/{NAME}/labels/{name}"),
        }

    def issue_json(self, issue: dict[str, Any]) -> dict[str, Any]:
        base = self.url(f"/repos/{OWNER}/{NAME}/issues/{issue['number']}")
        return {
            "id": issue["number"] * 7919,
            "node_id": f"I_{issue['number']}",
            "url": base,
            "repository_url": self.url(f"/repos/{OWNER}/{NAME}"),
            "labels_url": f"{base}/labels{{/name}}",
            "comments_url": f"{base}/comments",
            "events_url": f"{base}/events",
            "html_url": f"https://github.test/{OWNER}/{NAME}/issues/{issue['number']}",
            "number": issue["number"],
            "state": issue["state"],
            "title": issue["title"],
            "body": issue["body"],
            "user": self.user(issue["author"]),
            "labels": [self.label_json(name) for name in issue["labels"]],
            "assignee": None,
            "assignees": [],
            "milestone": None,
            "locked": False,
            "comments": 0,
            "created_at": iso(issue["created_at"]),
            "updated_at": iso(issue["updated_at"]),
            "closed_at": iso(issue["closed_at"]) if issue["closed_at"] else None,
            "author_association": "NONE",
            "state_reason": issue["state_reason"],
        }

    def _get_repos_owner_repo_issues(self, p, q, r, who):  # noqa: ANN001, ANN202
        state = (q.get("state") or ["open"])[0]
        labels = [name for name in (q.get("labels") or [""])[0].split(",") if name]
        found = [
            self.issue_json(issue)
            for number, issue in sorted(self.issues.items(), reverse=True)
            if (state == "all" or issue["state"] == state) and all(name in issue["labels"] for name in labels)
        ]
        return self._page(f"/repos/{OWNER}/{NAME}/issues", q, found)

    def _post_repos_owner_repo_issues(self, p, q, r, who):  # noqa: ANN001, ANN202
        title = (r or {}).get("title")
        if not isinstance(title, str) or not title:
            return self._invalid("Validation Failed: title is missing")
        number = next(self._issue_numbers)
        self.issues[number] = {
            "number": number,
            "title": title,
            "body": (r or {}).get("body"),
            "state": "open",
            "labels": list((r or {}).get("labels") or []),
            "author": who["login"],
            "created_at": self.clock,
            "updated_at": self.clock,
            "closed_at": None,
            "state_reason": None,
        }
        return 201, {}, self.issue_json(self.issues[number])

    def _patch_repos_owner_repo_issues_issue_number(self, p, q, r, who):  # noqa: ANN001, ANN202
        issue = self.issues.get(int(p["n"]))
        if issue is None:
            return self._not_found()
        change = r or {}
        for key in ("title", "body"):
            if key in change:
                issue[key] = change[key]
        if change.get("state") in ("open", "closed") and change["state"] != issue["state"]:
            issue["state"] = change["state"]
            issue["closed_at"] = self.clock if change["state"] == "closed" else None
            issue["state_reason"] = "completed" if change["state"] == "closed" else "reopened"
        issue["updated_at"] = self.clock
        return 200, {}, self.issue_json(issue)


@cache
def _issues_spec() -> dict[str, Any]:
    return json.loads(ISSUES_SPEC.read_text())


def validate_log(fake: FakeGitHubIssues) -> list[str]:
    """Every answer to an issues operation checked against GitHub's description; the mismatches."""
    spec = _issues_spec()
    components = _nullable(spec["components"])
    problems = []
    for entry in fake.log:
        if entry.route not in spec["paths"] or entry.injected:
            continue
        operation = spec["paths"][entry.route][entry.method.lower()]
        response = operation["responses"].get(str(entry.status))
        if response is None and entry.status >= 400:
            response = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/basic-error"}}}}
        if response is None:
            problems.append(f"{entry.method} {entry.path}: {entry.status} is not a documented answer")
            continue
        if "$ref" in response:
            response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            if entry.body is not None:
                problems.append(f"{entry.method} {entry.path} {entry.status}: a body where none is documented")
            continue
        try:
            jsonschema.Draft4Validator({"components": components, "allOf": [_nullable(schema)]}).validate(entry.body)
        except jsonschema.ValidationError as error:
            problems.append(f"{entry.method} {entry.path} {entry.status}: {error.message}")
    return problems
