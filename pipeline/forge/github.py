"""GitHub as a forge, through PyGithub: the facts of a pull request and the effects of the gate.

Facts: the pull request (head sha, base sha, author), its reviews (every page), the logins of every
author and committer of its commits and its changed files (both from one comparison of the base and
head shas when it matches the pull request, see :meth:`GitHub.read_change`), and sop.yml read at a
trusted commit (the base sha, never the change). Effects: the check run ``humas/sop`` (as the
institution's GitHub App, see :func:`app_installation_token`) or, without the App, the commit status
of that name, one sticky comment found by a hidden marker, review requests, the merge with the ``sha``
guard, and a workflow dispatch.

Every call goes through :meth:`GitHub.call`, which tries again by the one retry policy of humas
(``pipeline/retry.py``): ``retry-after`` and ``x-ratelimit-reset`` on 403/429 answers are GitHub's word on
the wait, 5xx and lost connections back off, within ``tries`` sends of a call and one budget of tries and
seconds per command (the sleep is injectable so tests stay fast). A write whose outcome is unknown is
reconciled with GitHub before it is tried again. The token never appears in a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import jwt
import requests
from github import Auth, Github, GithubException, GithubIntegration
from github.PullRequest import PullRequest

from .. import retry as retries
from ..messages import _
from ..problems import ConfigError, HumasError
from ..redact import redact
from ..sop.config import SOP_FILE, Sop, parse_sop
from ..sop.facts import ChangeFacts, Decision, IdentityKind, Review, build_change_facts

POLICY = retries.RetryPolicy(tries=4, retries=12, seconds=900.0, longest=30.0)
"""GitHub's numbers for the one retry policy: a command waits for a rate limit's reset up to 15 minutes in all."""
STATUS_CONTEXT = "humas/sop"
APP_PERMISSIONS = {"checks": "write", "contents": "write", "pull_requests": "write", "metadata": "read"}
"""What the gate's installation token may do: post the check run, merge (contents and pull requests)."""
CHECK_CONCLUSIONS = {"success": "success", "failure": "failure", "pending": "action_required"}
"""The check run's conclusion for each state of the gate. A chain still waiting for a signature is
``action_required`` (a person must act; GitHub counts it as not passing), never left ``in_progress``."""
COMMENT_MARKER = "<!-- humas:sop -->"
PULL_COMMITS = 250
"""``pulls/{n}/commits`` lists at most this many commits."""
PULL_FILES = 3000
"""``pulls/{n}/files`` lists at most this many files."""
T = TypeVar("T")

_DECISIONS = {
    "APPROVED": Decision.APPROVED,
    "CHANGES_REQUESTED": Decision.CHANGES_REQUESTED,
    "DISMISSED": Decision.DISMISSED,
    "COMMENTED": Decision.COMMENTED,
}


class GitHubError(HumasError):
    """GitHub: one of the errors below."""


class GitHubUnavailable(GitHubError):
    """GitHub did not answer usefully (rate limit, outage, network); running again may succeed."""

    exit_code = 2
    retryable = True


class GitHubRefused(GitHubError):
    """GitHub refused the call (permission, not found, validation); running again will not help."""

    exit_code = 2

    def __init__(self, message: str, status: int, github_message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.github_message = github_message


class ChangeUnreadable(GitHubError):
    """GitHub cannot list the whole change of a pull request; nothing is decided on part of it."""

    exit_code = 2


class HeadMoved(GitHubError):
    """The pull request's head is no longer the commit that was evaluated."""

    exit_code = 0


@dataclass(frozen=True)
class PullInfo:
    number: int
    title: str
    head_sha: str
    head_ref: str
    base_sha: str
    base_ref: str
    author: str | None
    state: str
    merged: bool
    merged_at: datetime | None
    merge_commit_sha: str | None
    created_at: datetime
    draft: bool = False
    fork: bool = False
    requested: frozenset[str] = frozenset()
    comments: int = -1
    """How many issue comments the pull request has (-1 when unknown)."""
    commit_count: int = -1
    """How many commits GitHub says the pull request has (-1 when unknown)."""
    changed_files: int = -1
    """How many files GitHub says the pull request changes (-1 when unknown)."""
    labels: tuple[str, ...] = ()
    """The names of the pull request's labels, as GitHub lists them (the web editor's board column only:
    nothing of the SOP reads them)."""


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    at: datetime
    logins: frozenset[str]
    emails: frozenset[str]


@dataclass(frozen=True)
class ChangedFile:
    path: str
    status: str
    previous: str | None = None


@dataclass
class Pull:
    """A pull request and the facts read about it, with the PyGithub object for further calls."""

    info: PullInfo
    handle: PullRequest
    reviews: list[Review] = field(default_factory=list)
    commits: list[CommitInfo] = field(default_factory=list)
    files: list[ChangedFile] = field(default_factory=list)


class GitHub:
    """One repository on GitHub (or GitHub Enterprise, or a local test server)."""

    def __init__(
        self,
        api_url: str,
        token: str,
        repository: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        policy: retries.RetryPolicy = POLICY,
        timeout: int = 30,
    ) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.sleep = sleep
        self.clock = clock
        self.budget = retries.Budget(policy)
        """What is left of the policy's tries again and seconds of waiting for this command."""
        self.repository = repository
        self.gh = Github(
            base_url=api_url.rstrip("/"),
            auth=Auth.Token(token),
            per_page=100,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
            timeout=timeout,
        )
        self.repo = self.gh.get_repo(repository)  # lazy: the Github object is lazy

    # --- calling ---------------------------------------------------------------------------------

    def call(self, what: str, action: Callable[[], T], *, retry: bool = True) -> T:
        """Run ``action`` (PyGithub calls); try again by the one retry policy (``pipeline/retry.py``) when
        GitHub says so, on this command's budget; ``retry=False``: once."""

        def hint(error: BaseException, attempt: int) -> float | None | bool:
            if not retry:
                return False
            if isinstance(error, GithubException):
                return self._wait_for(error, attempt)
            if isinstance(error, requests.ConnectionError | requests.Timeout):
                return None  # no answer: the policy's backoff
            return False

        try:
            return retries.run(action, budget=self.budget, hint=hint, sleep=self.sleep)
        except GithubException as error:
            wait = self._wait_for(error, 1)
            if wait is False:
                raise self._refused(what, error) from None
            if retry and error.status in (403, 429) and wait is not None and wait > self.budget.seconds:
                reset = datetime.fromtimestamp(self.clock() + wait, tz=UTC)
                raise GitHubUnavailable(
                    f"GitHub rate limit reached while {what}; it resets at {reset:%H:%M} UTC: run the job again then"
                ) from None
            raise GitHubUnavailable(
                f"GitHub did not answer while {what}: {self._describe(error)}; run the job again later"
            ) from None
        except (requests.ConnectionError, requests.Timeout) as error:
            raise GitHubUnavailable(
                f"cannot reach GitHub while {what}: {type(error).__name__}; run the job again later"
            ) from None

    def _wait_for(self, error: GithubException, attempt: int) -> float | None | bool:
        """GitHub's word on how long to wait (None: it gave none, the policy's backoff), or False when trying
        again cannot help."""
        headers = {str(k).lower(): str(v) for k, v in (error.headers or {}).items()}
        message = self._message(error).lower()
        if error.status in (403, 429):
            if "retry-after" in headers:
                said = retries.parse_retry_after(headers["retry-after"], now=self.clock())
                return 60.0 if said is None else said
            if headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
                try:
                    return max(0.0, float(headers["x-ratelimit-reset"]) - self.clock()) + 1.0
                except ValueError:
                    return 60.0
            if error.status == 429 or "rate limit" in message:
                return 60.0 * (2 ** (attempt - 1))  # secondary limit without a hint: at least a minute
            return False  # a plain 403: no permission (for example a fork's read-only token)
        if error.status >= 500:
            return None
        return False

    @staticmethod
    def _message(error: GithubException) -> str:
        data = error.data
        if isinstance(data, dict) and isinstance(data.get("message"), str):
            return str(data["message"])
        return str(error.message or "")

    def _describe(self, error: GithubException) -> str:
        text = f"{error.status} {self._message(error)}".strip()
        return redact(text, [self._token])

    def _refused(self, what: str, error: GithubException) -> GitHubRefused:
        return GitHubRefused(
            f"GitHub refused {what}: {self._describe(error)}",
            error.status,
            redact(self._message(error), [self._token]),
        )

    # --- facts -----------------------------------------------------------------------------------

    def pull(self, number: int) -> Pull:
        def read() -> Pull:
            handle = self.repo.get_pull(number)
            return Pull(info=pull_info(handle, self.repository), handle=handle)

        return self.call(f"reading pull request #{number}", read)

    def read_reviews(self, pull: Pull) -> list[Review]:
        pull.reviews = self.call(
            f"reading the reviews of #{pull.info.number}",
            lambda: [r for item in pull.handle.get_reviews() if (r := review_of(item))],
        )
        return pull.reviews

    def read_change(self, pull: Pull) -> None:
        """The commits and the changed files of ``pull`` (into ``pull.commits`` and ``pull.files``).

        One request when it can be: ``GET /compare/{base.sha}...{head.sha}`` (first page: up to 100
        commits, with the logins of their authors and committers, and up to 300 changed files). Its
        commits are those of the head that the base does not have, and its files the diff from their
        merge base (``merge_base_commit``) to the head: the three-dot diff a pull request shows. It is
        used only as far as it agrees with the counts the pull request states (``commits``,
        ``changed_files``): a different number of commits means its merge base is not the pull
        request's (a ``base.sha`` that lags behind an update of the branch, a rewritten base), and then
        neither its commits nor its files are used; more than 300 changed files are more than it
        lists. What is not used is read from the pull request's own lists (every page), which fail
        closed beyond what GitHub lists (250 commits, 3000 files).
        """
        info = pull.info
        compared: tuple[int, list[CommitInfo], list[ChangedFile]] | None = None
        if info.commit_count >= 0 and info.changed_files >= 0:
            try:
                compared = self.call(
                    f"comparing {info.base_sha[:7]}...{info.head_sha[:7]} of #{info.number}",
                    lambda: self._compare(pull),
                )
            except GitHubRefused:
                compared = None  # for example a base sha no longer in the repository: the pull request's lists
        if compared is not None and compared[0] == info.commit_count:
            _, pull.commits, files = compared
            if len(files) == info.changed_files:
                pull.files = files
                return
        else:
            self.read_commits(pull)
        self.read_files(pull)

    def _compare(self, pull: Pull) -> tuple[int, list[CommitInfo], list[ChangedFile]] | None:
        """(total commits, commits, files) of the comparison; commits are read only when they are wanted."""
        info = pull.info
        comparison = self.repo.compare(info.base_sha, info.head_sha)
        raw = comparison.raw_data  # one GET: page 1 of the commits, and the files
        total = raw.get("total_commits")
        if not isinstance(total, int):
            return None
        files = [_changed_file(item) for item in raw.get("files") or []]
        if total != info.commit_count:
            return total, [], files
        commits = [_commit_info(_data(c), info.created_at) for c in comparison.commits]  # further pages, if any
        if len(commits) != total or (commits and info.head_sha not in {c.sha for c in commits}):
            return None
        return total, commits, files

    def read_commits(self, pull: Pull) -> list[CommitInfo]:
        """The pull request's own list of commits (every page; GitHub lists at most 250)."""
        info = pull.info
        if info.commit_count > PULL_COMMITS:
            raise ChangeUnreadable(
                f"#{info.number} has {info.commit_count} commits, GitHub lists at most {PULL_COMMITS} of a pull "
                f"request, and the comparison of its base {info.base_sha[:7]} with its head cannot stand for it: "
                f"nothing is decided. Update the branch from {info.base_ref or 'its base'} (or squash it) and run "
                "the job again"
            )
        pull.commits = self.call(
            f"reading the commits of #{info.number}",
            lambda: [_commit_info(_data(c), info.created_at) for c in pull.handle.get_commits()],
        )
        if len(pull.commits) < info.commit_count:
            raise GitHubUnavailable(
                f"GitHub listed {len(pull.commits)} of the {info.commit_count} commits of #{info.number}: nothing "
                "is decided; run the job again later"
            )
        return pull.commits

    def read_files(self, pull: Pull) -> list[ChangedFile]:
        """The pull request's own list of changed files (every page; GitHub lists at most 3000)."""
        info = pull.info
        if info.changed_files > PULL_FILES:
            raise ChangeUnreadable(
                f"#{info.number} changes {info.changed_files} files, GitHub lists at most {PULL_FILES} of a pull "
                "request: nothing is decided. Split it into smaller pull requests"
            )
        pull.files = self.call(
            f"reading the changed files of #{info.number}",
            lambda: [_changed_file(f) for f in pull.handle.get_files()],
        )
        if len(pull.files) < info.changed_files:
            raise GitHubUnavailable(
                f"GitHub listed {len(pull.files)} of the {info.changed_files} changed files of #{info.number}: "
                "nothing is decided; run the job again later"
            )
        return pull.files

    def read_file(self, path: str, ref: str) -> bytes | None:
        """A file's bytes at ``ref``, or None when it does not exist there."""

        def read() -> bytes | None:
            try:
                found = self.repo.get_contents(path, ref=ref)
            except GithubException as error:
                if error.status == 404:
                    return None
                raise
            if isinstance(found, list):
                return None
            return found.decoded_content

        return self.call(f"reading {path} at {ref[:7]}", read)

    def sop_at(self, ref: str, label: str) -> Sop:
        raw = self.read_file(SOP_FILE, ref)
        if raw is None:
            raise ConfigError(
                _(
                    "{sop_file} does not exist at {label} ({commit}): commit it to main first",
                    sop_file=SOP_FILE,
                    label=label,
                    commit=ref[:7],
                )
            )
        return parse_sop(raw.decode("utf-8", "replace"), f"{SOP_FILE} ({label} {ref[:7]})")

    def commit_parents(self, sha: str) -> list[str]:
        return self.call(
            f"reading commit {sha[:7]}",
            lambda: [p["sha"] for p in self.repo.get_commit(sha).raw_data.get("parents", [])],
        )  # one GET

    def pulls_of_commit(self, sha: str) -> list[Pull]:
        def read() -> list[Pull]:
            return [
                Pull(info=pull_info(item, self.repository, simple=True), handle=item)
                for item in self.repo.get_commit(sha).get_pulls()
            ]

        return self.call(f"finding the pull request of commit {sha[:7]}", read)

    # --- effects ---------------------------------------------------------------------------------

    def set_status(self, sha: str, state: str, description: str, target_url: str | None) -> None:
        kwargs: dict[str, Any] = {"state": state, "description": description[:140], "context": STATUS_CONTEXT}
        if target_url:
            kwargs["target_url"] = target_url
        self.call(
            f"setting the status {STATUS_CONTEXT} on {sha[:7]}",
            lambda: self.repo.get_commit(sha).create_status(**kwargs),
        )

    def find_comment(self, pull: Pull) -> Any | None:
        if pull.info.comments == 0:
            return None

        def read() -> Any | None:
            for comment in pull.handle.get_issue_comments():
                user = _data(comment).get("user") or {}
                if str(_data(comment).get("body") or "").startswith(COMMENT_MARKER) and user.get("type") == "Bot":
                    return comment
            return None

        return self.call(f"reading the comments of #{pull.info.number}", read)

    def upsert_comment(self, pull: Pull, body: str, key: str) -> str:
        """Create or update the one sticky comment; ``key`` (in its first line) says whether it changed.

        Returns ``created``, ``updated`` or ``unchanged``.
        """
        head = f"{COMMENT_MARKER}<!-- {key} -->"
        text = f"{head}\n{body}"
        existing = self.find_comment(pull)
        if existing is not None:
            if existing.body.split("\n", 1)[0] == head:
                return "unchanged"
            self.call(f"updating the comment on #{pull.info.number}", lambda: existing.edit(text))
            return "updated"
        try:
            self.call(
                f"commenting on #{pull.info.number}",
                lambda: pull.handle.create_issue_comment(text),
                retry=False,
            )
        except GitHubUnavailable:
            # The outcome is unknown: look before writing again, so there is never a second comment.
            pull.info = _with_comments(pull.info)
            again = self.find_comment(pull)
            if again is None:
                self.call(f"commenting on #{pull.info.number}", lambda: pull.handle.create_issue_comment(text))
            elif again.body != text:
                self.call(f"updating the comment on #{pull.info.number}", lambda: again.edit(text))
        return "created"

    def request_reviews(self, pull: Pull, logins: Iterable[str]) -> list[str]:
        wanted = sorted({login for login in logins if login.lower() not in {r.lower() for r in pull.info.requested}})
        if wanted:
            self.call(
                f"requesting reviews on #{pull.info.number}",
                lambda: pull.handle.create_review_request(reviewers=wanted),
            )
        return wanted

    def merge(self, pull: Pull, sha: str, title: str, message: str) -> str:
        """Merge with the sha guard; raise HeadMoved when the head is no longer ``sha``."""
        try:
            status = self.call(
                f"merging #{pull.info.number}",
                lambda: pull.handle.merge(commit_title=title, commit_message=message, merge_method="merge", sha=sha),
                retry=False,
            )
        except GitHubRefused as error:
            if error.status == 409:
                raise HeadMoved(
                    f"#{pull.info.number} was not merged: its head moved after the last signature "
                    f"(signed {sha[:7]}); the new commits need signatures"
                ) from None
            raise
        except GitHubUnavailable:
            # Unknown outcome: ask GitHub whether the merge happened before anything else.
            current = self.pull(pull.info.number).info
            if current.merged and current.merge_commit_sha:
                return current.merge_commit_sha
            raise
        return str(status.sha)

    def set_check(self, sha: str, state: str, title: str, summary: str, details_url: str | None) -> None:
        """The check run ``humas/sop`` on ``sha``, completed (only a GitHub App's token may create one)."""
        kwargs: dict[str, Any] = {
            "name": STATUS_CONTEXT,
            "head_sha": sha,
            "status": "completed",
            "conclusion": CHECK_CONCLUSIONS[state],
            "output": {"title": title[:1000], "summary": summary[:65535]},
        }
        if details_url:
            kwargs["details_url"] = details_url
        self.call(f"posting the check run {STATUS_CONTEXT} on {sha[:7]}", lambda: self.repo.create_check_run(**kwargs))

    def rest(self, what: str, method: str, path: str, body: Any = None, *, missing: bool = False) -> Any:
        """One REST call on this repository (``path`` below ``/repos/{owner}/{name}``, or from ``/`` when it
        starts with ``//``); its JSON. ``missing``: a 404 answers None instead of raising."""
        url = path[1:] if path.startswith("//") else f"/repos/{self.repository}{path}"

        def send() -> Any:
            try:
                return self.gh.requester.requestJsonAndCheck(method, url, input=body)[1]
            except GithubException as error:
                if missing and error.status == 404:
                    return None
                raise

        return self.call(what, send, retry=method == "GET")

    def set_labels(self, number: int, labels: list[str]) -> None:
        """Replace the labels of pull request ``number`` (``PUT /repos/{owner}/{repo}/issues/{n}/labels``)."""
        self.rest(f"setting the labels of #{number}", "PUT", f"/issues/{number}/labels", {"labels": labels})

    def dispatch(self, workflow: str, ref: str, inputs: dict[str, str]) -> None:
        self.call(
            f"starting workflow {workflow}",
            lambda: self.repo.get_workflow(workflow).create_dispatch(ref=ref, inputs=inputs, throw=True),
        )


def app_credentials(env: Mapping[str, str]) -> tuple[int, str] | None:
    """(App id, private key) of the institution's GitHub App from ``HUMAS_APP_ID`` (a repository variable)
    and ``HUMAS_APP_PRIVATE_KEY`` (a secret of the environment ``humas-gate``), or None when neither is
    set. One without the other is a configuration error: the gate never falls back to the commit status
    when the App was meant to post the check."""
    app_id = (env.get("HUMAS_APP_ID") or "").strip()
    key = env.get("HUMAS_APP_PRIVATE_KEY") or ""
    if not app_id and not key.strip():
        return None
    if not app_id:
        raise ConfigError(
            _("HUMAS_APP_PRIVATE_KEY is set but HUMAS_APP_ID is empty (set the repository variable HUMAS_APP_ID)")
        )
    if not key.strip():
        raise ConfigError(
            _(
                "HUMAS_APP_ID is set but HUMAS_APP_PRIVATE_KEY is empty: the job must run in the environment "
                "humas-gate, which holds the App's private key"
            )
        )
    return parse_app_id(app_id, "HUMAS_APP_ID"), key


def parse_app_id(text: str, name: str) -> int:
    """A GitHub App id (a positive integer)."""
    if not text.strip().isdigit() or int(text) <= 0:
        raise ConfigError(_("{name} is {value!r} (allowed: the App's numeric id, e.g. 123456)", name=name, value=text))
    return int(text)


def app_installation_token(api_url: str, app_id: int, private_key: str, repository: str, *, timeout: int = 30) -> str:
    """An installation token of the App for ``repository`` (valid one hour), with only
    :data:`APP_PERMISSIONS`. Authenticates as the App (a JWT signed with its private key), finds its
    installation on the repository, and asks for the token. The key never appears in a message."""
    owner, name = repository.split("/", 1)
    try:
        integration = GithubIntegration(
            auth=Auth.AppAuth(app_id, private_key),
            base_url=api_url.rstrip("/"),
            timeout=timeout,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
        )
    except (AssertionError, ValueError):
        raise ConfigError(_("HUMAS_APP_PRIVATE_KEY is not a private key (paste the App's .pem file whole)")) from None
    try:
        installation = integration.get_repo_installation(owner, name)
        return str(integration.get_access_token(installation.id, permissions=dict(APP_PERMISSIONS)).token)
    except GithubException as error:
        if error.status == 404:
            raise GitHubRefused(
                _(
                    "the GitHub App {app_id} is not installed on {repository}: install it there "
                    "(docs/github.md, The App)",
                    app_id=app_id,
                    repository=repository,
                ),
                404,
            ) from None
        text = redact(f"{error.status} {GitHub._message(error)}".strip(), [private_key])
        raise GitHubRefused(
            _("GitHub refused a token for the App {app_id}: {why}", app_id=app_id, why=text), error.status
        ) from None
    except (requests.ConnectionError, requests.Timeout) as error:
        raise GitHubUnavailable(
            f"cannot reach GitHub while asking a token for the App {app_id}: {type(error).__name__}; "
            "run the job again later"
        ) from None
    except (ValueError, TypeError, jwt.PyJWTError):  # a key PyJWT cannot sign with
        raise ConfigError(_("HUMAS_APP_PRIVATE_KEY is not a private key (paste the App's .pem file whole)")) from None


def _data(obj: Any) -> dict[str, Any]:
    """The JSON an object was made from, without PyGithub's completion request."""
    return dict(obj._rawData)


def _commit_info(raw: dict[str, Any], default_at: datetime) -> CommitInfo:
    """A commit of a list answer (pull request commits or a comparison): its logins, e-mails and time."""
    git = raw.get("commit") or {}
    logins = {
        user["login"] for key in ("author", "committer") if isinstance(user := raw.get(key), dict) and user.get("login")
    }
    emails = {
        person["email"]
        for key in ("author", "committer")
        if isinstance(person := git.get(key), dict) and person.get("email")
    }
    stamp = (git.get("committer") or {}).get("date") or (git.get("author") or {}).get("date")
    at = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else default_at
    return CommitInfo(sha=str(raw["sha"]), at=at, logins=frozenset(logins), emails=frozenset(emails))


def _changed_file(item: Any) -> ChangedFile:
    raw = item if isinstance(item, dict) else _data(item)
    return ChangedFile(str(raw["filename"]), str(raw["status"]), raw.get("previous_filename"))


def _with_comments(info: PullInfo) -> PullInfo:
    return PullInfo(**{**info.__dict__, "comments": -1})


def pull_info(handle: PullRequest, repository: str, *, simple: bool = False) -> PullInfo:
    """PullInfo from a pull request object without further requests (``simple``: from a list answer)."""
    raw = _data(handle) if simple else handle.raw_data  # raw_data completes the object: one GET
    head = raw.get("head") or {}
    base = raw.get("base") or {}
    head_repo = (head.get("repo") or {}).get("full_name")
    merged_at = raw.get("merged_at")
    created = raw.get("created_at") or "1970-01-01T00:00:00Z"
    return PullInfo(
        number=int(raw["number"]),
        title=str(raw.get("title") or ""),
        head_sha=str(head.get("sha")),
        head_ref=str(head.get("ref") or ""),
        base_sha=str(base.get("sha")),
        base_ref=str(base.get("ref") or ""),
        author=(raw.get("user") or {}).get("login"),
        state=str(raw.get("state")),
        merged=bool(raw.get("merged")) if "merged" in raw else merged_at is not None,
        merged_at=datetime.fromisoformat(merged_at.replace("Z", "+00:00")) if merged_at else None,
        merge_commit_sha=raw.get("merge_commit_sha"),
        created_at=datetime.fromisoformat(created.replace("Z", "+00:00")),
        draft=bool(raw.get("draft")),
        fork=head_repo is not None and head_repo.lower() != repository.lower(),
        requested=frozenset(u["login"] for u in raw.get("requested_reviewers") or [] if u and u.get("login")),
        comments=int(raw["comments"]) if isinstance(raw.get("comments"), int) else -1,
        commit_count=int(raw["commits"]) if isinstance(raw.get("commits"), int) else -1,
        changed_files=int(raw["changed_files"]) if isinstance(raw.get("changed_files"), int) else -1,
        labels=tuple(
            str(label["name"])
            for label in raw.get("labels") or []
            if isinstance(label, dict) and isinstance(label.get("name"), str)
        ),
    )


def review_of(item: Any) -> Review | None:
    raw = _data(item)
    decision = _DECISIONS.get(str(raw.get("state")))
    if decision is None:  # PENDING: visible only to its author, never a decision
        return None
    user = raw.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    is_bot = isinstance(user, dict) and (user.get("type") == "Bot" or str(login).endswith("[bot]"))
    stamp = raw.get("submitted_at")
    at = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else datetime.fromtimestamp(0, UTC)
    return Review(
        reviewer=login,
        decision=decision,
        commit=str(raw.get("commit_id") or ""),
        at=at,
        message=str(raw.get("body") or ""),
        is_bot=is_bot,
    )


def change_paths(files: Iterable[ChangedFile]) -> tuple[str, ...]:
    """Every path the change touches, both sides of a rename."""
    paths: dict[str, None] = {}
    for changed in files:
        paths[changed.path] = None
        if changed.previous:
            paths[changed.previous] = None
    return tuple(sorted(paths))


def change_facts(
    sop: Sop, pull: Pull, read_head: Callable[[str], bytes | None], read_base: Callable[[str], bytes | None]
) -> ChangeFacts:
    """The policy's facts for a pull request whose reviews, commits and files have been read.

    Authors are the logins of the pull request's author and of every author and committer of its
    commits; a commit whose e-mail names a person of sop.yml also makes that person an author (a
    commit need not be linked to a GitHub account). A draft's bidang is read at the head, or at the
    base for a draft the change deletes.
    """
    info = pull.info
    authors: set[str] = {info.author} if info.author else set()
    for commit in pull.commits:
        authors |= commit.logins
        for email in commit.emails:
            person = sop.person_by_email(email)
            if person is not None and sop.people[person].github:
                authors.add(str(sop.people[person].github))
    started = pull.commits[-1].at if pull.commits else info.created_at
    added = {changed.path for changed in pull.files if changed.status == "added"}

    def at_base(path: str) -> bytes | None:
        return None if path in added else read_base(path)  # what the change adds is not at the base: no request

    return build_change_facts(
        sop,
        head=info.head_sha,
        started_at=started,
        paths=change_paths(pull.files),
        authors=authors,
        reviews=pull.reviews,
        identity_kind=IdentityKind.GITHUB,
        read_head=read_head,
        read_base=at_base,
    )
