"""What GitHub itself enforces around the SOP: rulesets, environments and merge settings.

``humas github setup`` applies them with an administrator's token, through the REST API; ``humas github
check`` and every run that records or posts on GitHub (``require_protection``) read them back with any
token that can read the repository. The settings, and what each one stops:

- ruleset ``humas: main`` on the default branch: a pull request before every merge, with the review of
  the code owners (CODEOWNERS gives ``*`` to the Direktur, ``/content/rencana/`` to the Koordinator),
  stale approvals dismissed on every push, the last push approved by someone other than its pusher,
  merge commits only; the check ``humas/sop`` required **from the institution's GitHub App** (its
  ``integration_id``: a status or a check of that name from any other source, a branch workflow's
  GitHub Actions token for one, does not count); no force push, no deletion; nobody on the bypass list.
- ruleset ``humas: arsip`` on ``arsip``: no force push, no deletion (the archive only grows).
- ruleset ``humas: workflows`` (push ruleset, where GitHub offers it: private and internal repositories
  on the Team and Enterprise plans): no push to any branch that changes ``.github/workflows/**``,
  except by the repository's administrators.
- environments ``publikasi`` (the channels' secrets, ``HUMAS_RECORD_KEY``), ``humas-gate`` (the App's
  private key) and ``github-pages``: deployment branches ``main`` only.
- the repository: merge commits only (the archive verifies a publication through the merge commit's
  two parents).

Reading them back needs no administrator: ``GET /rules/branches/{branch}`` and the environments are
readable by anyone with read access. The bypass list is shown only to administrators, so it is checked
when the token can see it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..messages import _
from ..problems import ConfigError, NotAcceptable
from .github import STATUS_CONTEXT, GitHub, GitHubRefused, parse_app_id

ACTIONS_APP_ID = 15368
"""The GitHub Actions app: every workflow run's GITHUB_TOKEN posts as it, on any branch."""
MAIN_RULESET = "humas: main"
ARSIP_RULESET = "humas: arsip"
WORKFLOWS_RULESET = "humas: workflows"
ARSIP = "arsip"
GUARDED_ENVIRONMENTS = ("publikasi", "humas-gate")
"""Environments whose secrets humas depends on; each must be usable from main only."""
ENVIRONMENTS = (*GUARDED_ENVIRONMENTS, "github-pages")
REPOSITORY_ADMIN_ROLE = 5
"""``actor_id`` of the repository role *admin* in a ruleset's bypass list."""
MERGE_SETTINGS = {"allow_merge_commit": True, "allow_squash_merge": False, "allow_rebase_merge": False}
UPGRADE = "Upgrade to GitHub Pro or make this repository public to enable this feature."
"""GitHub's answer (403) to rulesets and environments on a private repository of the Free plan."""


def main_ruleset(app_id: int) -> dict[str, Any]:
    return {
        "name": MAIN_RULESET,
        "target": "branch",
        "enforcement": "active",
        "bypass_actors": [],
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "rules": [
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
                    "required_status_checks": [{"context": STATUS_CONTEXT, "integration_id": app_id}],
                },
            },
        ],
    }


def arsip_ruleset() -> dict[str, Any]:
    return {
        "name": ARSIP_RULESET,
        "target": "branch",
        "enforcement": "active",
        "bypass_actors": [],
        "conditions": {"ref_name": {"include": [f"refs/heads/{ARSIP}"], "exclude": []}},
        "rules": [{"type": "deletion"}, {"type": "non_fast_forward"}],
    }


def workflows_ruleset() -> dict[str, Any]:
    return {
        "name": WORKFLOWS_RULESET,
        "target": "push",
        "enforcement": "active",
        "bypass_actors": [{"actor_id": REPOSITORY_ADMIN_ROLE, "actor_type": "RepositoryRole", "bypass_mode": "always"}],
        "rules": [{"type": "file_path_restriction", "parameters": {"restricted_file_paths": [".github/workflows/**"]}}],
    }


# --- reading ---------------------------------------------------------------------------------------


def _rules(github: GitHub, branch: str) -> list[dict[str, Any]]:
    found = github.rest(f"reading the rules of {branch}", "GET", f"/rules/branches/{branch}?per_page=100")
    return [rule for rule in found or [] if isinstance(rule, dict)]


def _of_type(rules: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [rule for rule in rules if rule.get("type") == kind]


def _params(rule: dict[str, Any]) -> dict[str, Any]:
    params = rule.get("parameters")
    return params if isinstance(params, dict) else {}


def main_gaps(github: GitHub, branch: str, app_id: int | None) -> list[str]:
    """What is missing from the rules that apply to ``branch`` (the default branch)."""
    rules = _rules(github, branch)
    gaps: list[str] = []
    pulls = _of_type(rules, "pull_request")
    if not pulls:
        gaps.append(_("{branch}: no pull request is required before merging", branch=branch))
    else:
        for key, missing in (
            ("require_code_owner_review", _("{branch}: the review of the code owners is not required", branch=branch)),
            (
                "dismiss_stale_reviews_on_push",
                _("{branch}: approvals are not dismissed when new commits are pushed", branch=branch),
            ),
            (
                "require_last_push_approval",
                _("{branch}: the most recent push need not be approved by someone else", branch=branch),
            ),
        ):
            if not any(_params(rule).get(key) is True for rule in pulls):
                gaps.append(missing)
    checks = [
        check
        for rule in _of_type(rules, "required_status_checks")
        for check in _params(rule).get("required_status_checks") or []
        if isinstance(check, dict) and check.get("context") == STATUS_CONTEXT
    ]
    pinned = {check.get("integration_id") for check in checks}
    if not checks:
        gaps.append(_("{branch}: the check {check} is not required", branch=branch, check=STATUS_CONTEXT))
    elif app_id is not None and app_id not in pinned:
        gaps.append(
            _(
                "{branch}: the check {check} is required from {found}, not from the App HUMAS_APP_ID {app_id}",
                branch=branch,
                check=STATUS_CONTEXT,
                found=", ".join(_source(p) for p in sorted(pinned, key=str)),
                app_id=app_id,
            )
        )
    elif None in pinned or ACTIONS_APP_ID in pinned:
        gaps.append(
            _(
                "{branch}: the check {check} is required from {found}: any branch workflow can post it; "
                "pin it to the institution's GitHub App (humas github setup --app-id)",
                branch=branch,
                check=STATUS_CONTEXT,
                found=", ".join(_source(p) for p in sorted(pinned, key=str)),
            )
        )
    if not _of_type(rules, "non_fast_forward"):
        gaps.append(_("{branch}: force pushes are not blocked", branch=branch))
    if not _of_type(rules, "deletion"):
        gaps.append(_("{branch}: deleting it is not blocked", branch=branch))
    gaps += _bypass_gaps(github, branch, rules)
    return gaps


def _source(integration_id: object) -> str:
    if integration_id is None:
        return _("any source")
    if integration_id == ACTIONS_APP_ID:
        return _("GitHub Actions ({app_id})", app_id=ACTIONS_APP_ID)
    return _("the App {app_id}", app_id=integration_id)


def _bypass_gaps(github: GitHub, branch: str, rules: list[dict[str, Any]]) -> list[str]:
    """Bypass lists of the rulesets behind ``rules``, where the token may see them (administrators)."""
    gaps = []
    for ruleset_id in sorted({r["ruleset_id"] for r in rules if isinstance(r.get("ruleset_id"), int)}):
        ruleset = github.rest(f"reading ruleset {ruleset_id}", "GET", f"/rulesets/{ruleset_id}", missing=True)
        actors = ruleset.get("bypass_actors") if isinstance(ruleset, dict) else None
        if actors:
            gaps.append(
                _(
                    "{branch}: the ruleset {name!r} lets {count} actor(s) bypass it (keep its bypass list empty)",
                    branch=branch,
                    name=ruleset.get("name"),
                    count=len(actors),
                )
            )
    return gaps


def arsip_gaps(github: GitHub) -> list[str]:
    rules = _rules(github, ARSIP)
    gaps = []
    if not _of_type(rules, "non_fast_forward"):
        gaps.append(_("{branch}: force pushes are not blocked", branch=ARSIP))
    if not _of_type(rules, "deletion"):
        gaps.append(_("{branch}: deleting it is not blocked", branch=ARSIP))
    return gaps


@dataclass(frozen=True)
class EnvironmentState:
    exists: bool
    policy: str
    """``all`` (any branch), ``protected`` (any protected branch) or ``custom`` (the names below)."""
    branches: tuple[tuple[int, str, str], ...] = ()
    """(id, name pattern, type) of each deployment branch policy."""

    @property
    def main_only(self) -> bool:
        return self.policy == "custom" and [(n, t) for _i, n, t in self.branches] == [("main", "branch")]

    def describe(self) -> str:
        if not self.exists:
            return _("none (no environment)")
        if self.policy == "all":
            return _("every branch")
        if self.policy == "protected":
            return _("every protected branch")
        return ", ".join(f"{name} ({kind})" for _i, name, kind in self.branches) or _("none")


def environment_state(github: GitHub, name: str) -> EnvironmentState:
    found = github.rest(f"reading the environment {name}", "GET", f"/environments/{name}", missing=True)
    if not isinstance(found, dict):
        return EnvironmentState(False, "all")
    policy = found.get("deployment_branch_policy")
    if not isinstance(policy, dict):
        return EnvironmentState(True, "all")
    if policy.get("protected_branches"):
        return EnvironmentState(True, "protected")
    listed = github.rest(
        f"reading the deployment branches of {name}", "GET", f"/environments/{name}/deployment-branch-policies"
    )
    branches = tuple(
        sorted(
            (int(p.get("id") or 0), str(p.get("name")), str(p.get("type") or "branch"))
            for p in (listed or {}).get("branch_policies") or []
            if isinstance(p, dict)
        )
    )
    return EnvironmentState(True, "custom", branches)


def environment_gaps(github: GitHub) -> list[str]:
    gaps = []
    for name in GUARDED_ENVIRONMENTS:
        state = environment_state(github, name)
        if not state.exists:
            gaps.append(_("environment {name} does not exist (its secrets would be in no protected place)", name=name))
        elif not state.main_only:
            gaps.append(
                _(
                    "environment {name}: deployment branches are {found}, not main only",
                    name=name,
                    found=state.describe(),
                )
            )
    return gaps


def protection_gaps(github: GitHub, app_id: int | None, *, branch: str = "main") -> list[str]:
    """Every missing piece of protection, as sentences; empty when the repository is protected."""
    return main_gaps(github, branch, app_id) + arsip_gaps(github) + environment_gaps(github)


def require_protection(env: Mapping[str, str]) -> None:
    """In a GitHub Actions run that records or posts: read protection back with the job's token and
    refuse (NotAcceptable, exit 1) when anything is missing, naming it. ``HUMAS_APP_ID``, when the
    workflow passes it, must be the App the required check is pinned to."""
    token = env.get("GITHUB_TOKEN") or ""
    repository = env.get("GITHUB_REPOSITORY") or ""
    if not token or repository.count("/") != 1:
        raise ConfigError(
            _(
                "humas reads the protection of the repository before it records or posts: pass GITHUB_TOKEN "
                "and GITHUB_REPOSITORY to this step"
            )
        )
    app_text = (env.get("HUMAS_APP_ID") or "").strip()
    app_id = parse_app_id(app_text, "HUMAS_APP_ID") if app_text else None
    github = GitHub(env.get("GITHUB_API_URL") or "https://api.github.com", token, repository)
    try:
        gaps = protection_gaps(github, app_id)
    except GitHubRefused as error:
        if error.status != 403:
            raise
        raise ConfigError(
            _(
                "the job's token may not read the protection of {repository} ({why}): give the job "
                "permissions: actions: read (environments) besides contents",
                repository=repository,
                why=error.github_message or error.status,
            )
        ) from None
    if gaps:
        raise NotAcceptable(
            _(
                "{repository} is not protected on GitHub, so nothing is recorded or posted "
                "(an administrator runs humas github setup; docs/github.md):",
                repository=repository,
            )
            + "".join(f"\n  - {gap}" for gap in gaps)
        )


# --- writing ---------------------------------------------------------------------------------------


@dataclass
class Change:
    """One difference between the repository and what humas needs, and the requests that remove it."""

    description: str
    requests: list[tuple[str, str, Any]] = field(default_factory=list)


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _rule_map(rules: Any) -> dict[str, dict[str, Any]]:
    return {str(r.get("type")): r for r in rules or [] if isinstance(r, dict)}


def ruleset_differences(existing: dict[str, Any], wanted: dict[str, Any]) -> list[str]:
    """What of ``wanted`` the ruleset ``existing`` lacks, one line each (rules it has beyond are kept)."""
    out = []
    for key in ("target", "enforcement", "conditions", "bypass_actors"):
        if key in wanted and existing.get(key, [] if existing and key == "bypass_actors" else None) != wanted[key]:
            out.append(f"{key}: {_compact(existing.get(key))} → {_compact(wanted[key])}")
    have = _rule_map(existing.get("rules"))
    for kind, rule in _rule_map(wanted.get("rules")).items():
        current = have.get(kind)
        if current is None:
            out.append(_("rule {kind}: missing → {rule}", kind=kind, rule=_compact(rule.get("parameters", {}))))
            continue
        params = _params(current)
        differ = {k: v for k, v in _params(rule).items() if params.get(k) != v}
        if differ:
            before = {k: params.get(k) for k in differ}
            out.append(_("rule {kind}: {old} → {new}", kind=kind, old=_compact(before), new=_compact(differ)))
    return out


def _merged_rules(existing: dict[str, Any], wanted: dict[str, Any]) -> list[dict[str, Any]]:
    """The rule list to write: ``wanted``'s rules, and the other rules ``existing`` has (a PUT replaces
    the whole list)."""
    rules = _rule_map(existing.get("rules"))
    for kind, rule in _rule_map(wanted.get("rules")).items():
        merged = dict(rule)
        if "parameters" in rule:
            merged["parameters"] = {**_params(rules.get(kind, {})), **rule["parameters"]}
        rules[kind] = merged
    return [{k: v for k, v in r.items() if k in ("type", "parameters")} for r in rules.values()]


def plan_setup(github: GitHub, app_id: int, *, private: bool, plan_push: bool) -> Plan:
    """Read what exists; the changes that make the repository protected."""
    plan = Plan()
    listed = github.rest("reading the rulesets", "GET", "/rulesets?includes_parents=false&per_page=100")
    by_name = {str(r.get("name")): r for r in listed or [] if isinstance(r, dict)}
    wanted = [main_ruleset(app_id), arsip_ruleset()]
    if plan_push:
        wanted.append(workflows_ruleset())
    else:
        plan.notes.append(
            _(
                "push ruleset {name} (.github/workflows/**): GitHub offers push rulesets only for private and "
                "internal repositories on the Team and Enterprise plans; on this repository CODEOWNERS and the "
                "code owners' review guard the workflows on main, not on other branches",
                name=WORKFLOWS_RULESET,
            )
            if not private
            else _(
                "push ruleset {name} (.github/workflows/**): not available on this repository's plan (GitHub "
                "offers it on Team and Enterprise); CODEOWNERS and the code owners' review guard the workflows "
                "on main, not on other branches",
                name=WORKFLOWS_RULESET,
            )
        )
    for ruleset in wanted:
        name = ruleset["name"]
        found = by_name.get(name)
        if found is None:
            lines = ruleset_differences({}, ruleset)
            plan.changes.append(
                Change(
                    _("create ruleset {name}:", name=name) + "".join(f"\n    {line}" for line in lines),
                    [("POST", "/rulesets", ruleset)],
                )
            )
            continue
        current = github.rest(f"reading ruleset {name}", "GET", f"/rulesets/{found['id']}")
        differences = ruleset_differences(current, ruleset)
        if differences:
            body = {**ruleset, "rules": _merged_rules(current, ruleset)}
            plan.changes.append(
                Change(
                    _("update ruleset {name}:", name=name) + "".join(f"\n    {line}" for line in differences),
                    [("PUT", f"/rulesets/{found['id']}", body)],
                )
            )
    for name in ENVIRONMENTS:
        state = environment_state(github, name)
        if state.main_only:
            continue
        requests: list[tuple[str, str, Any]] = []
        if state.policy != "custom":
            requests.append(
                (
                    "PUT",
                    f"/environments/{name}",
                    {"deployment_branch_policy": {"protected_branches": False, "custom_branch_policies": True}},
                )
            )
        if ("main", "branch") not in [(n, t) for _i, n, t in state.branches]:
            requests.append(
                ("POST", f"/environments/{name}/deployment-branch-policies", {"name": "main", "type": "branch"})
            )
        for policy_id, pattern, kind in state.branches:
            if (pattern, kind) != ("main", "branch"):
                requests.append(("DELETE", f"/environments/{name}/deployment-branch-policies/{policy_id}", None))
        description = (
            _("create environment {name}: deployment branches: main only", name=name)
            if not state.exists
            else _("update environment {name}: deployment branches: {old} → main only", name=name, old=state.describe())
        )
        plan.changes.append(Change(description, requests))
    return plan


def _repository(github: GitHub) -> dict[str, Any]:
    found = github.rest("reading the repository", "GET", "")
    if not isinstance(found, dict):
        raise ConfigError(_("GitHub did not describe the repository {repository}", repository=github.repository))
    return found


def _refuse_unprotectable(github: GitHub, error: GitHubRefused) -> None:
    if error.status == 403 and UPGRADE.lower() in error.github_message.lower():
        raise ConfigError(
            _(
                "{repository} cannot be protected: it is a private repository on GitHub Free, which has no "
                'rulesets, protected branches or environments for private repositories (GitHub: "{answer}"). '
                "Any writer's branch workflow could then read every secret and post the check. Make the "
                "repository public, or move it to GitHub Team or Enterprise (Pro for a personal account), "
                "then run humas github setup again (docs/github.md, Plans)",
                repository=github.repository,
                answer=error.github_message,
            )
        ) from None


def setup(github: GitHub, app_id: int, *, dry_run: bool) -> tuple[list[str], list[str]]:
    """Apply (or, ``dry_run``, only list) every change; (lines said, notes)."""
    repo = _repository(github)
    permissions = repo.get("permissions")
    if isinstance(permissions, dict) and permissions.get("admin") is not True:
        raise ConfigError(
            _(
                "the token is not an administrator's of {repository}: rulesets, environments and merge "
                "settings need one (pass an administrator's token with --token-env)",
                repository=github.repository,
            )
        )
    private = bool(repo.get("private")) or repo.get("visibility") in ("private", "internal")
    owner = repo.get("owner")
    organization = isinstance(owner, dict) and owner.get("type") == "Organization"
    try:
        plan = plan_setup(github, app_id, private=private, plan_push=private and organization)
    except GitHubRefused as error:
        _refuse_unprotectable(github, error)
        raise
    settings = {k: v for k, v in MERGE_SETTINGS.items() if repo.get(k) is not v}
    if settings:
        plan.changes.append(
            Change(
                _("update repository settings:")
                + "".join(f"\n    {k}: {_compact(repo.get(k))} → {_compact(v)}" for k, v in settings.items()),
                [("PATCH", "", dict(MERGE_SETTINGS))],
            )
        )
    said = [change.description for change in plan.changes]
    if dry_run:
        return said, plan.notes
    for change in plan.changes:
        for method, path, body in change.requests:
            try:
                github.rest(change.description.splitlines()[0], method, path, body)
            except GitHubRefused as error:
                _refuse_unprotectable(github, error)
                if isinstance(body, dict) and body.get("target") == "push":
                    plan.notes.append(
                        _(
                            "push ruleset {name}: GitHub refused it ({why}); CODEOWNERS and the code owners' "
                            "review guard the workflows on main, not on other branches",
                            name=WORKFLOWS_RULESET,
                            why=error.github_message or error.status,
                        )
                    )
                    said.remove(change.description)
                    break
                raise
    return said, plan.notes
