# ruff: noqa: E501  (long JSON shapes and routes read better on one line)
"""The local GitHub's protection and Apps: rulesets, the rules of a branch, environments and their
deployment branch policies, the repository's merge settings, GitHub Apps (an installation, its tokens
minted from a JWT signed with the App's private key) and check runs.

Answers have the shapes of GitHub's OpenAPI description (tests/fixtures/github-openapi/protection.json,
made by ``extract_protection.py``; tests/github/openapi.py reads it beside operations.json, so every
answer is validated at the end of a test like the others), and request bodies of writes are checked
against the description before they are accepted (422 otherwise, as GitHub answers).

What GitHub does and the fake models:

- Reading rulesets (``GET /rules/branches/{branch}``, ``GET /rulesets/{id}``) needs read access; the
  ``bypass_actors`` of a ruleset are shown only to an administrator. Writing them, the environments and
  the repository's settings needs an administrator (403 otherwise).
- A private repository on the Free plan: rulesets and environments answer 403 with GitHub's words
  ``UPGRADE`` (reported for branch protection and rulesets on such repositories; the fake answers it to
  every ruleset request and to environment writes). Push rulesets are accepted only for private
  repositories of an organization on the Team or Enterprise plan (GitHub: "Push rulesets are available for
  the GitHub Team plan in internal and private repositories"); elsewhere 422.
- A check run can be created only with a GitHub App's token (an installation token; a workflow's
  GITHUB_TOKEN is one of the GitHub Actions app, id 15368); it carries that App. A commit status carries
  the App of the token that set it, if any.
- With ``enforce_rules`` set, a merge through the API (``PUT /pulls/{n}/merge``) is refused (405, GitHub's
  "Repository rule violations found") unless every required status check of the default branch's rules
  passes on the head: the latest check run and the latest status of that name (each kind present must be
  ``success``/``neutral``/``skipped``), counting only those from the App of ``integration_id`` when the
  rule names one; and unless the merge method is one of ``allowed_merge_methods``. Code owners' reviews
  are not modelled. (Off by default: the older gate tests merge with the status and no ruleset.)
"""

from __future__ import annotations

import fnmatch
import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

import jsonschema
import jwt

from tests.github.openapi import _nullable, spec

ACTIONS_APP_ID = 15368
UPGRADE = "Upgrade to GitHub Pro or make this repository public to enable this feature."
PASSING = ("success", "neutral", "skipped")


@dataclass
class FakeApp:
    id: int
    slug: str
    public_key: str
    installation_id: int
    installed: bool = True
    tokens: list[str] = field(default_factory=list)


@cache
def _request_schema(route: str, method: str) -> dict[str, Any] | None:
    operation = spec()["paths"][route][method.lower()]
    schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    return None if schema is None else {"components": _nullable(spec()["components"]), "allOf": [_nullable(schema)]}


class ProtectionMixin:
    """Mixed into FakeGitHub (tests/github/fake.py): state and handlers of protection and Apps."""

    PROTECTION_ROUTES: list[tuple[str, str, str]] = [
        ("GET", r"/repos/{o}/{r}", "/repos/{owner}/{repo}"),
        ("PATCH", r"/repos/{o}/{r}", "/repos/{owner}/{repo}"),
        ("GET", r"/repos/{o}/{r}/rulesets", "/repos/{owner}/{repo}/rulesets"),
        ("POST", r"/repos/{o}/{r}/rulesets", "/repos/{owner}/{repo}/rulesets"),
        ("GET", r"/repos/{o}/{r}/rulesets/(?P<id>\d+)", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
        ("PUT", r"/repos/{o}/{r}/rulesets/(?P<id>\d+)", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
        ("GET", r"/repos/{o}/{r}/rules/branches/(?P<branch>.+)", "/repos/{owner}/{repo}/rules/branches/{branch}"),
        ("GET", r"/repos/{o}/{r}/environments/(?P<env>[^/]+)", "/repos/{owner}/{repo}/environments/{environment_name}"),
        ("PUT", r"/repos/{o}/{r}/environments/(?P<env>[^/]+)", "/repos/{owner}/{repo}/environments/{environment_name}"),
        (
            "GET",
            r"/repos/{o}/{r}/environments/(?P<env>[^/]+)/deployment-branch-policies",
            "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies",
        ),
        (
            "POST",
            r"/repos/{o}/{r}/environments/(?P<env>[^/]+)/deployment-branch-policies",
            "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies",
        ),
        (
            "DELETE",
            r"/repos/{o}/{r}/environments/(?P<env>[^/]+)/deployment-branch-policies/(?P<id>\d+)",
            "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}",
        ),
        ("GET", r"/repos/{o}/{r}/installation", "/repos/{owner}/{repo}/installation"),
        ("POST", r"/app/installations/(?P<id>\d+)/access_tokens", "/app/installations/{installation_id}/access_tokens"),
        ("POST", r"/repos/{o}/{r}/check-runs", "/repos/{owner}/{repo}/check-runs"),
        ("GET", r"/repos/{o}/{r}/commits/(?P<ref>[^/]+)/check-runs", "/repos/{owner}/{repo}/commits/{ref}/check-runs"),
    ]
    APP_ROUTES = ("/repos/{owner}/{repo}/installation", "/app/installations/{installation_id}/access_tokens")

    # provided by FakeGitHub
    clock: Any
    commits: dict[str, Any]
    branches: dict[str, str]
    statuses: dict[str, list[dict[str, Any]]]
    tokens: dict[str, dict[str, Any]]

    def _init_protection(self) -> None:
        self.private = False
        self.plan = "free"
        """free, pro, team or enterprise."""
        self.owner_type = "Organization"
        self.settings: dict[str, bool] = {
            "allow_merge_commit": True,
            "allow_squash_merge": True,
            "allow_rebase_merge": True,
        }
        self.rulesets: dict[int, dict[str, Any]] = {}
        self.environments: dict[str, dict[str, Any]] = {}
        self.apps: dict[int, FakeApp] = {}
        self.check_runs: dict[str, list[dict[str, Any]]] = {}
        self.enforce_rules = False
        self._protection_ids = itertools.count(7000)

    # --- setting up ------------------------------------------------------------------------------

    def add_app(self, app_id: int, slug: str, public_key_pem: str, *, installed: bool = True) -> FakeApp:
        app = FakeApp(app_id, slug, public_key_pem, next(self._protection_ids), installed)
        self.apps[app_id] = app
        return app

    def protect(self, app_id: int) -> None:
        """The repository as ``humas github setup --app-id APP_ID`` leaves it (written here independently)."""
        self.settings = {"allow_merge_commit": True, "allow_squash_merge": False, "allow_rebase_merge": False}
        self.add_ruleset(
            "humas: main",
            ["~DEFAULT_BRANCH"],
            [
                {"type": "deletion"},
                {"type": "non_fast_forward"},
                {
                    "type": "pull_request",
                    "parameters": {
                        "allowed_merge_methods": ["merge"],
                        "dismiss_stale_reviews_on_push": True,
                        "require_code_owner_review": True,
                        "require_last_push_approval": True,
                        "required_approving_review_count": 1,
                        "required_review_thread_resolution": False,
                    },
                },
                {
                    "type": "required_status_checks",
                    "parameters": {
                        "strict_required_status_checks_policy": False,
                        "required_status_checks": [{"context": "humas/sop", "integration_id": app_id}],
                    },
                },
            ],
        )
        self.add_ruleset("humas: arsip", ["refs/heads/arsip"], [{"type": "deletion"}, {"type": "non_fast_forward"}])
        for name in ("publikasi", "humas-gate", "github-pages"):
            self.add_environment(name, ["main"])

    def add_ruleset(
        self,
        name: str,
        include: list[str],
        rules: list[dict[str, Any]],
        *,
        target: str = "branch",
        bypass: list[dict[str, Any]] | None = None,
        enforcement: str = "active",
    ) -> dict[str, Any]:
        ruleset_id = next(self._protection_ids)
        ruleset = {
            "id": ruleset_id,
            "name": name,
            "target": target,
            "enforcement": enforcement,
            "bypass_actors": list(bypass or []),
            "rules": rules,
            "created_at": self.clock,
            "updated_at": self.clock,
        }
        if target != "push":
            ruleset["conditions"] = {"ref_name": {"include": include, "exclude": []}}
        self.rulesets[ruleset_id] = ruleset
        return ruleset

    def add_environment(self, name: str, branches: list[str] | None) -> dict[str, Any]:
        """``branches``: the deployment branch policies (None: every branch may deploy)."""
        env = {
            "id": next(self._protection_ids),
            "name": name,
            "policy": None if branches is None else "custom",
            "branches": [{"id": next(self._protection_ids), "name": b, "type": "branch"} for b in branches or []],
            "created_at": self.clock,
            "updated_at": self.clock,
        }
        self.environments[name] = env
        return env

    def ruleset_named(self, name: str) -> dict[str, Any]:
        [found] = [r for r in self.rulesets.values() if r["name"] == name]
        return found

    # --- rules in force --------------------------------------------------------------------------

    def _matches(self, ruleset: dict[str, Any], branch: str) -> bool:
        if ruleset["target"] != "branch" or ruleset["enforcement"] != "active":
            return False
        ref = f"refs/heads/{branch}"

        def hit(pattern: str) -> bool:
            if pattern == "~ALL":
                return True
            if pattern == "~DEFAULT_BRANCH":
                return branch == "main"
            return fnmatch.fnmatchcase(ref, pattern)

        names = ruleset.get("conditions", {}).get("ref_name", {})
        return any(hit(p) for p in names.get("include", [])) and not any(hit(p) for p in names.get("exclude", []))

    def branch_rules(self, branch: str) -> list[dict[str, Any]]:
        if self.private and self.plan == "free":
            return []  # rulesets are not available: nothing applies
        out = []
        for ruleset in self.rulesets.values():
            if self._matches(ruleset, branch):
                for rule in ruleset["rules"]:
                    out.append(
                        {
                            **rule,
                            "ruleset_source_type": "Repository",
                            "ruleset_source": f"{self._owner()}/{self._name()}",
                            "ruleset_id": ruleset["id"],
                        }
                    )
        return out

    def merge_refusal(self, head_sha: str, merge_method: str) -> str | None:
        """Why GitHub would refuse this merge into main under the rules, or None."""
        if not self.enforce_rules:
            return None
        problems = []
        for rule in self.branch_rules("main"):
            params = rule.get("parameters") or {}
            if rule["type"] == "pull_request" and merge_method not in params.get(
                "allowed_merge_methods", [merge_method]
            ):
                problems.append(f"Merge method {merge_method} is not allowed.")
            if rule["type"] == "required_status_checks":
                for check in params.get("required_status_checks", []):
                    if not self.check_passes(head_sha, check["context"], check.get("integration_id")):
                        problems.append(f'Required status check "{check["context"]}" is expected.')
        if not problems:
            return None
        return "Repository rule violations found\n\n" + "\n\n".join(problems) + "\n\n"

    def check_passes(self, sha: str, context: str, integration_id: int | None) -> bool:
        """Whether the required check ``context`` (from ``integration_id``, when given) passes on ``sha``."""
        runs = [
            r for r in self.check_runs.get(sha, []) if r["name"] == context and integration_id in (None, r["app_id"])
        ]
        statuses = [
            s
            for s in self.statuses.get(sha, [])
            if s["context"].lower() == context.lower() and integration_id in (None, s.get("app_id"))
        ]
        latest = [found[-1] for found in (runs, statuses) if found]
        if not latest:
            return False
        return all((x.get("conclusion") if "conclusion" in x else x["state"]) in PASSING for x in latest)

    # --- auth --------------------------------------------------------------------------------------

    def app_from_jwt(self, token: str) -> dict[str, Any] | None:
        """The App a JWT was signed by (its ``iss``, verified with the App's public key), or None."""
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
            app = self.apps.get(int(claims.get("iss")))
            if app is None:
                return None
            jwt.decode(token, app.public_key, algorithms=["RS256"])
        except (jwt.PyJWTError, TypeError, ValueError):
            return None
        return {"login": f"{app.slug}[bot]", "write": True, "admin": False, "jwt_app": app}

    # --- answers -----------------------------------------------------------------------------------

    def _owner(self) -> str:
        from tests.github.fake import OWNER

        return OWNER

    def _name(self) -> str:
        from tests.github.fake import NAME

        return NAME

    def _error(self, status: int, message: str) -> tuple[int, dict[str, str], Any]:
        return (
            status,
            {},
            {"message": message, "documentation_url": "https://docs.github.com/rest", "status": str(status)},
        )

    def _invalid_request(self, route: str, method: str, body: Any) -> tuple[int, dict[str, str], Any] | None:
        schema = _request_schema(route, method)
        if schema is None:
            return None
        try:
            jsonschema.Draft4Validator(schema).validate(body)
        except jsonschema.ValidationError as error:
            return self._error(422, f"Invalid request.\n\n{error.message}")
        return None

    def _admin(self, who: dict[str, Any]) -> tuple[int, dict[str, str], Any] | None:
        if not who.get("admin"):
            return self._error(403, "Must have admin rights to Repository.")
        return None

    def _unavailable(self) -> tuple[int, dict[str, str], Any] | None:
        if self.private and self.plan == "free":
            return self._error(403, UPGRADE)
        return None

    def full_repo_json(self, who: dict[str, Any]) -> dict[str, Any]:
        base = self.repo_json()  # type: ignore[attr-defined]
        return {
            **base,
            "private": self.private,
            "visibility": "private" if self.private else "public",
            "owner": {**base["owner"], "type": self.owner_type},
            "has_discussions": False,
            "network_count": 0,
            "subscribers_count": 0,
            "permissions": {
                "admin": bool(who.get("admin")),
                "maintain": bool(who.get("admin")),
                "push": bool(who.get("write")),
                "triage": True,
                "pull": True,
            },
            **self.settings,
        }

    def _get_repos_owner_repo(self, p, q, r, who):  # noqa: ANN001, ANN202
        return 200, {}, self.full_repo_json(who)

    def _patch_repos_owner_repo(self, p, q, r, who):  # noqa: ANN001, ANN202
        refused = self._admin(who) or self._invalid_request("/repos/{owner}/{repo}", "PATCH", r or {})
        if refused:
            return refused
        for key in ("allow_merge_commit", "allow_squash_merge", "allow_rebase_merge"):
            if key in (r or {}):
                self.settings[key] = bool(r[key])
        if not any(self.settings.values()):
            return self._error(422, "Validation Failed: at least one merge method must be allowed")
        return 200, {}, self.full_repo_json(who)

    def ruleset_json(self, ruleset: dict[str, Any], who: dict[str, Any], *, summary: bool = False) -> dict[str, Any]:
        from tests.github.fake import iso

        url = self.url(f"/repos/{self._owner()}/{self._name()}/rulesets/{ruleset['id']}")  # type: ignore[attr-defined]
        out: dict[str, Any] = {
            "id": ruleset["id"],
            "name": ruleset["name"],
            "target": ruleset["target"],
            "source_type": "Repository",
            "source": f"{self._owner()}/{self._name()}",
            "enforcement": ruleset["enforcement"],
            "node_id": f"RRS_{ruleset['id']}",
            "_links": {
                "self": {"href": url},
                "html": {"href": f"https://github.test/{self._owner()}/{self._name()}/rules/{ruleset['id']}"},
            },
            "created_at": iso(ruleset["created_at"]),
            "updated_at": iso(ruleset["updated_at"]),
        }
        if summary:
            return out
        out["current_user_can_bypass"] = "always" if who.get("admin") and ruleset["bypass_actors"] else "never"
        if who.get("admin"):
            out["bypass_actors"] = ruleset["bypass_actors"]
        if "conditions" in ruleset:
            out["conditions"] = ruleset["conditions"]
        out["rules"] = ruleset["rules"]
        return out

    def _get_repos_owner_repo_rulesets(self, p, q, r, who):  # noqa: ANN001, ANN202
        refused = self._unavailable()
        if refused:
            return refused
        items = [self.ruleset_json(x, who, summary=True) for x in self.rulesets.values()]
        return self._page(f"/repos/{self._owner()}/{self._name()}/rulesets", q, items)  # type: ignore[attr-defined]

    def _write_ruleset(self, r: Any, who: dict[str, Any], method: str, ruleset_id: int | None):  # noqa: ANN202
        route = "/repos/{owner}/{repo}/rulesets" + ("/{ruleset_id}" if ruleset_id else "")
        refused = self._admin(who) or self._unavailable() or self._invalid_request(route, method, r or {})
        if refused:
            return refused
        r = r or {}
        target = r.get("target", "branch")
        if target == "push" and not (
            self.private and self.owner_type == "Organization" and self.plan in ("team", "enterprise")
        ):
            return self._error(422, "Validation Failed: push rulesets are not available for this repository")
        if ruleset_id is None:
            if any(x["name"] == r["name"] for x in self.rulesets.values()):
                return self._error(422, "Validation Failed: Name must be unique")
            ruleset = self.add_ruleset(
                r["name"],
                [],
                list(r.get("rules") or []),
                target=target,
                bypass=r.get("bypass_actors"),
                enforcement=r["enforcement"],
            )
            if "conditions" in r and target != "push":
                ruleset["conditions"] = r["conditions"]
            return 201, {}, self.ruleset_json(ruleset, who)
        ruleset = self.rulesets[ruleset_id]
        for key in ("name", "target", "enforcement", "conditions", "rules"):
            if key in r:
                ruleset[key] = r[key]
        if "bypass_actors" in r:
            ruleset["bypass_actors"] = r["bypass_actors"]
        ruleset["updated_at"] = self.clock
        return 200, {}, self.ruleset_json(ruleset, who)

    def _post_repos_owner_repo_rulesets(self, p, q, r, who):  # noqa: ANN001, ANN202
        return self._write_ruleset(r, who, "POST", None)

    def _get_repos_owner_repo_rulesets_ruleset_id(self, p, q, r, who):  # noqa: ANN001, ANN202
        refused = self._unavailable()
        if refused:
            return refused
        ruleset = self.rulesets.get(int(p["id"]))
        return (200, {}, self.ruleset_json(ruleset, who)) if ruleset else self._not_found()  # type: ignore[attr-defined]

    def _put_repos_owner_repo_rulesets_ruleset_id(self, p, q, r, who):  # noqa: ANN001, ANN202
        if int(p["id"]) not in self.rulesets:
            return self._not_found()  # type: ignore[attr-defined]
        return self._write_ruleset(r, who, "PUT", int(p["id"]))

    def _get_repos_owner_repo_rules_branches_branch(self, p, q, r, who):  # noqa: ANN001, ANN202
        return self._page(  # type: ignore[attr-defined]
            f"/repos/{self._owner()}/{self._name()}/rules/branches/{p['branch']}", q, self.branch_rules(p["branch"])
        )

    def environment_json(self, env: dict[str, Any]) -> dict[str, Any]:
        from tests.github.fake import iso

        out: dict[str, Any] = {
            "id": env["id"],
            "node_id": f"EN_{env['id']}",
            "name": env["name"],
            "url": self.url(f"/repos/{self._owner()}/{self._name()}/environments/{env['name']}"),  # type: ignore[attr-defined]
            "html_url": f"https://github.test/{self._owner()}/{self._name()}/deployments/activity_log?environments_filter={env['name']}",
            "created_at": iso(env["created_at"]),
            "updated_at": iso(env["updated_at"]),
            "protection_rules": [],
            "deployment_branch_policy": None,
        }
        if env["policy"] == "custom":
            out["protection_rules"] = [{"id": env["id"] + 1, "node_id": f"GA_{env['id']}", "type": "branch_policy"}]
            out["deployment_branch_policy"] = {"protected_branches": False, "custom_branch_policies": True}
        elif env["policy"] == "protected":
            out["protection_rules"] = [{"id": env["id"] + 1, "node_id": f"GA_{env['id']}", "type": "branch_policy"}]
            out["deployment_branch_policy"] = {"protected_branches": True, "custom_branch_policies": False}
        return out

    @staticmethod
    def _may_read_environments(who: dict[str, Any]) -> bool:
        """GitHub: a GitHub App's token (a workflow's GITHUB_TOKEN is one) needs ``actions: read`` to read
        environments and their deployment branch policies. Tokens whose permissions the test did not set
        have it."""
        granted = who.get("permissions")
        return granted is None or granted.get("actions") in ("read", "write")

    def _get_repos_owner_repo_environments_environment_name(self, p, q, r, who):  # noqa: ANN001, ANN202
        if not self._may_read_environments(who):
            return self._error(403, "Resource not accessible by integration")
        env = self.environments.get(p["env"])
        return (200, {}, self.environment_json(env)) if env else self._not_found()  # type: ignore[attr-defined]

    def _put_repos_owner_repo_environments_environment_name(self, p, q, r, who):  # noqa: ANN001, ANN202
        route = "/repos/{owner}/{repo}/environments/{environment_name}"
        refused = self._admin(who) or self._unavailable() or self._invalid_request(route, "PUT", r)
        if refused:
            return refused
        env = self.environments.get(p["env"]) or self.add_environment(p["env"], None)
        policy = (r or {}).get("deployment_branch_policy", "unchanged")
        if policy is None:
            env["policy"] = None
        elif isinstance(policy, dict):
            if policy.get("protected_branches") == policy.get("custom_branch_policies"):
                return self._error(
                    422, "Validation Failed: exactly one of protected_branches and custom_branch_policies must be true"
                )
            env["policy"] = "protected" if policy["protected_branches"] else "custom"
        if env["policy"] != "custom":
            env["branches"] = []
        env["updated_at"] = self.clock
        return 200, {}, self.environment_json(env)

    def _policy_json(self, policy: dict[str, Any]) -> dict[str, Any]:
        return {"id": policy["id"], "node_id": f"DBP_{policy['id']}", "name": policy["name"], "type": policy["type"]}

    def _get_repos_owner_repo_environments_environment_name_deployment_branch_policies(self, p, q, r, who):  # noqa: ANN001, ANN202
        if not self._may_read_environments(who):
            return self._error(403, "Resource not accessible by integration")
        env = self.environments.get(p["env"])
        if env is None:
            return self._not_found()  # type: ignore[attr-defined]
        items = [self._policy_json(x) for x in env["branches"]]
        return 200, {}, {"total_count": len(items), "branch_policies": items}

    def _post_repos_owner_repo_environments_environment_name_deployment_branch_policies(self, p, q, r, who):  # noqa: ANN001, ANN202
        route = "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies"
        refused = self._admin(who) or self._invalid_request(route, "POST", r)
        if refused:
            return refused
        env = self.environments.get(p["env"])
        if env is None or env["policy"] != "custom":
            return self._not_found()  # type: ignore[attr-defined]
        if any(x["name"] == r["name"] and x["type"] == r.get("type", "branch") for x in env["branches"]):
            return self._error(303, "Policy already exists")
        policy = {"id": next(self._protection_ids), "name": r["name"], "type": r.get("type", "branch")}
        env["branches"].append(policy)
        return 200, {}, self._policy_json(policy)

    def _delete_repos_owner_repo_environments_environment_name_deployment_branch_policies_branch_policy_id(
        self, p, q, r, who
    ):  # noqa: ANN001, ANN202
        refused = self._admin(who)
        if refused:
            return refused
        env = self.environments.get(p["env"])
        if env is None or not any(x["id"] == int(p["id"]) for x in env["branches"]):
            return self._not_found()  # type: ignore[attr-defined]
        env["branches"] = [x for x in env["branches"] if x["id"] != int(p["id"])]
        return 204, {}, None

    def _app_json(self, app: FakeApp) -> dict[str, Any]:
        from tests.github.fake import EPOCH, iso

        return {
            "id": app.id,
            "slug": app.slug,
            "node_id": f"A_{app.id}",
            "client_id": f"Iv1.{app.id:016x}",
            "owner": self.user(self._owner()),  # type: ignore[attr-defined]
            "name": app.slug,
            "description": "",
            "external_url": "https://humas.example",
            "html_url": f"https://github.test/apps/{app.slug}",
            "created_at": iso(EPOCH),
            "updated_at": iso(EPOCH),
            "permissions": {"checks": "write", "contents": "write", "pull_requests": "write", "metadata": "read"},
            "events": [],
        }

    def _get_repos_owner_repo_installation(self, p, q, r, who):  # noqa: ANN001, ANN202
        from tests.github.fake import EPOCH, iso

        app = who["jwt_app"]
        if not app.installed:
            return self._not_found()  # type: ignore[attr-defined]
        return (
            200,
            {},
            {
                "id": app.installation_id,
                "account": self.user(self._owner()),  # type: ignore[attr-defined]
                "repository_selection": "selected",
                "access_tokens_url": self.url(f"/app/installations/{app.installation_id}/access_tokens"),  # type: ignore[attr-defined]
                "repositories_url": self.url("/installation/repositories"),  # type: ignore[attr-defined]
                "html_url": f"https://github.test/organizations/{self._owner()}/settings/installations/{app.installation_id}",
                "app_id": app.id,
                "app_slug": app.slug,
                "target_id": 1,
                "target_type": "Organization",
                "permissions": {"checks": "write", "contents": "write", "pull_requests": "write", "metadata": "read"},
                "events": [],
                "created_at": iso(EPOCH),
                "updated_at": iso(EPOCH),
                "single_file_name": None,
                "suspended_by": None,
                "suspended_at": None,
            },
        )

    def _post_app_installations_installation_id_access_tokens(self, p, q, r, who):  # noqa: ANN001, ANN202
        from tests.github.fake import iso

        app = who["jwt_app"]
        if not app.installed or int(p["id"]) != app.installation_id:
            return self._not_found()  # type: ignore[attr-defined]
        token = f"ghs_app{app.id}x{len(app.tokens):04d}installationtoken"
        app.tokens.append(token)
        permissions = dict((r or {}).get("permissions") or {})
        self.tokens[token] = {
            "login": f"{app.slug}[bot]",
            "write": True,
            "admin": False,
            "app_id": app.id,
            "permissions": permissions,
        }
        return (
            201,
            {},
            {
                "token": token,
                "expires_at": iso(self.clock + timedelta(hours=1)),
                "permissions": permissions,
                "repository_selection": "selected",
            },
        )

    def check_run_json(self, run: dict[str, Any]) -> dict[str, Any]:
        from tests.github.fake import iso

        url = self.url(f"/repos/{self._owner()}/{self._name()}/check-runs/{run['id']}")  # type: ignore[attr-defined]
        app = self.apps.get(run["app_id"])
        app_json = (
            self._app_json(app)
            if app
            else {**self._app_json(FakeApp(ACTIONS_APP_ID, "github-actions", "", 0)), "name": "GitHub Actions"}
        )
        return {
            "id": run["id"],
            "node_id": f"CR_{run['id']}",
            "head_sha": run["head_sha"],
            "name": run["name"],
            "url": url,
            "html_url": f"https://github.test/{self._owner()}/{self._name()}/runs/{run['id']}",
            "details_url": run.get("details_url"),
            "status": run["status"],
            "conclusion": run.get("conclusion"),
            "started_at": iso(run["at"]),
            "completed_at": iso(run["at"]) if run["status"] == "completed" else None,
            "external_id": None,
            "check_suite": {"id": run["id"] + 1},
            "output": {
                "title": run["output"].get("title"),
                "summary": run["output"].get("summary"),
                "text": None,
                "annotations_count": 0,
                "annotations_url": f"{url}/annotations",
            },
            "app": app_json,
            "pull_requests": [],
        }

    def _post_repos_owner_repo_check_runs(self, p, q, r, who):  # noqa: ANN001, ANN202
        if who.get("app_id") is None:
            return self._error(403, "You must authenticate via a GitHub App.")
        if who.get("permissions") is not None and who["permissions"].get("checks") != "write":
            return self._error(403, "Resource not accessible by integration")
        refused = self._invalid_request("/repos/{owner}/{repo}/check-runs", "POST", r)
        if refused:
            return refused
        r = r or {}
        if r["head_sha"] not in self.commits:
            return self._error(422, "No commit found for SHA: " + r["head_sha"])
        if r.get("status", "queued") == "completed" and r.get("conclusion") is None:
            return self._error(422, "Validation Failed: conclusion is required when status is completed")
        run = {
            "id": next(self._protection_ids),
            "name": r["name"],
            "head_sha": r["head_sha"],
            "status": r.get("status") or ("completed" if r.get("conclusion") else "queued"),
            "conclusion": r.get("conclusion"),
            "details_url": r.get("details_url"),
            "output": r.get("output") or {},
            "app_id": who["app_id"],
            "at": self.clock,
        }
        self.check_runs.setdefault(run["head_sha"], []).append(run)
        return 201, {}, self.check_run_json(run)

    def _get_repos_owner_repo_commits_ref_check_runs(self, p, q, r, who):  # noqa: ANN001, ANN202
        sha = self._resolve(p["ref"])  # type: ignore[attr-defined]
        runs = [self.check_run_json(x) for x in reversed(self.check_runs.get(sha or "", []))]
        name = (q.get("check_name") or [None])[0]
        runs = [x for x in runs if name is None or x["name"] == name]
        return 200, {}, {"total_count": len(runs), "check_runs": runs}
