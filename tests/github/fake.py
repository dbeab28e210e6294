# ruff: noqa: E501  (long JSON shapes and routes read better on one line)
"""A local, stateful GitHub: the REST subset humas uses, on 127.0.0.1, in a thread.

It keeps repositories as commits (full file trees), branches, pull requests, reviews, statuses, issue
comments, review requests, merges and workflow dispatches. Every commit is also a real git commit in a
bare repository the fake owns (``git_dir``; written with git's plumbing: blobs, a temporary index, the
tree, ``commit-tree`` with the commit's author, e-mail and time), and every branch (and
``refs/pull/N/head``) is a ref there, so shas are real and ``git clone``/``git fetch`` of ``git_dir``
give exactly the history the API describes (a workflow's ``actions/checkout``; what a workflow pushes
there, the ``arsip`` branch, stays in git only). It answers with the shapes of GitHub's
OpenAPI description (every answer is logged, and the tests validate each one against the extracted
description in tests/fixtures/github-openapi/); paginates with ``Link`` headers; checks the token
(read-only tokens get GitHub's 403 on writes); and can be told to fail a request (403/429 with
rate-limit headers, 5xx) or to run a hook before answering one (a push racing a merge).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.github.fake_protection import ACTIONS_APP_ID, ProtectionMixin

OWNER, NAME = "poltekkes", "humas-konten"
EPOCH = datetime(2025, 2, 10, 1, 0, tzinfo=UTC)
RESET_AT = 1_900_000_000


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Commit:
    sha: str
    parents: list[str]
    files: dict[str, bytes]
    author: str | None
    committer: str | None
    email: str
    message: str
    at: datetime
    tree: str = ""


def blob_sha(content: bytes) -> str:
    """git's object id of a file's content."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


class GitStore:
    """The bare repository behind the fake: commits written as git writes them, refs kept in step."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root.parent),
            "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_DIR": str(root),
        }
        subprocess.run(
            ["git", "init", "--quiet", "--bare", "--initial-branch=main", str(root)],
            check=True,
            env=self._env,
            capture_output=True,
        )
        # objects are written loose and every workflow checkout fetches them: packing them for a fetch without
        # a delta search or zlib compression is what makes a checkout cheap (the fetched objects are the same)
        for key, value in (("pack.window", "0"), ("core.compression", "0")):
            subprocess.run(["git", "config", key, value], check=True, env=self._env, capture_output=True)

    def git(self, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", *args], input=stdin, env={**self._env, **(env or {})}, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
        return done.stdout.decode()

    def write_object(self, kind: str, body: bytes) -> str:
        """Write one loose object as git does (``<kind> <size>\\0<body>``, zlib, at ``objects/xx/yyyy``, put in
        place by a rename so that a reading git never sees half of it); its id."""
        data = b"%s %d\0" % (kind.encode(), len(body)) + body
        sha = hashlib.sha1(data).hexdigest()
        path = self.root / "objects" / sha[:2] / sha[2:]
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            part = path.parent / f"tmp_obj_{sha[2:]}_{threading.get_ident()}"
            part.write_bytes(zlib.compress(data, 0))  # core.compression 0, as the repository is configured
            part.chmod(0o444)
            os.replace(part, path)
        return sha

    def write_tree(self, files: dict[str, bytes]) -> str:
        """The tree object of ``files`` (every one mode 100644), its subtrees first; its id."""
        blobs: dict[str, str] = {}
        folders: dict[str, dict[str, bytes]] = {}
        for path, content in files.items():
            head, slash, rest = path.partition("/")
            if slash:
                folders.setdefault(head, {})[rest] = content
            else:
                blobs[head] = self.write_object("blob", content)
        entries = [(name.encode(), b"100644", sha) for name, sha in blobs.items()]
        entries += [(name.encode(), b"40000", self.write_tree(inside)) for name, inside in folders.items()]
        # git's order: by name, a folder's name read as if it ended with "/"
        entries.sort(key=lambda e: e[0] + (b"/" if e[1] == b"40000" else b""))
        return self.write_object("tree", b"".join(b"%s %s\0" % (m, n) + bytes.fromhex(sha) for n, m, sha in entries))

    def write_commit(
        self,
        files: dict[str, bytes],
        parents: list[str],
        *,
        author: str,
        committer: str,
        email: str,
        message: str,
        at: datetime,
    ) -> tuple[str, str]:
        """(commit sha, tree sha) of a new commit holding exactly ``files``: the objects written here as
        ``git hash-object -w``, ``write-tree`` and ``commit-tree`` write them (test_fake_git_objects.py holds
        them to git's own), without a git process per object."""
        tree = self.write_tree(files)
        when = f"{int(at.timestamp())} +0000"
        lines = [f"tree {tree}", *(f"parent {parent}" for parent in parents)]
        lines += [f"author {author} <{email}> {when}", f"committer {committer} <{email}> {when}"]
        return self.write_object("commit", ("\n".join(lines) + "\n\n" + message).encode()), tree

    def set_ref(self, ref: str, sha: str) -> None:
        """``ref`` at ``sha`` as ``git update-ref`` leaves it in a bare repository (a loose ref, which wins over
        packed-refs; no reflog), written to ``<ref>.lock`` and renamed into place as git does."""
        if not re.fullmatch(r"[0-9a-f]{40}", sha) or not (self.root / "objects" / sha[:2] / sha[2:]).is_file():
            self.git("update-ref", ref, sha)  # what is not a loose object of this repository: git's own checks
            return
        path = self.root / ref
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(path.name + ".lock")
        lock.write_text(sha + "\n")
        os.replace(lock, path)


class Branches(dict[str, str]):
    """Branch name → commit sha, written through to ``refs/heads/<name>`` of the bare repository."""

    def __init__(self, store: GitStore) -> None:
        super().__init__()
        self.store = store

    def __setitem__(self, name: str, sha: str) -> None:
        super().__setitem__(name, sha)
        self.store.set_ref(f"refs/heads/{name}", sha)


@dataclass
class PullState:
    number: int
    title: str
    author: str
    head_ref: str
    head_sha: str
    base_ref: str
    base_sha: str
    created_at: datetime
    fork: bool = False
    draft: bool = False
    state: str = "open"
    merged: bool = False
    merged_at: datetime | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None
    requested: list[str] = field(default_factory=list)
    merged_onto: str | None = None
    """The tip of the base branch the pull request was merged onto (its commits and files stay as they were)."""
    labels: list[str] = field(default_factory=list)
    """The names of the pull request's labels (its issue's), in order."""


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    headers: dict[str, str]
    body: dict[str, Any] | None
    times: int


@dataclass
class Logged:
    method: str
    path: str
    query: dict[str, list[str]]
    route: str | None
    status: int
    body: Any
    request: Any
    injected: bool = False


WRITE_SCOPES: dict[str, set[str]] = {
    "/repos/{owner}/{repo}/pulls/{pull_number}/merge": {"contents"},
    "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers": {"pull-requests"},
    "/repos/{owner}/{repo}/statuses/{sha}": {"statuses"},
    "/repos/{owner}/{repo}/issues/{issue_number}/comments": {"issues", "pull-requests"},
    "/repos/{owner}/{repo}/issues/comments/{comment_id}": {"issues", "pull-requests"},
    "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches": {"actions"},
    "/repos/{owner}/{repo}/issues": {"issues"},
    "/repos/{owner}/{repo}/issues/{issue_number}": {"issues"},
    "/repos/{owner}/{repo}/issues/{issue_number}/labels": {"issues", "pull-requests"},
}
"""The ``permissions:`` scope that lets a job's token make each write (GitHub's permissions for
GITHUB_TOKEN); a write of a route not listed needs a scope no job token has."""


class FakeGitHub(ProtectionMixin):
    def __init__(self) -> None:
        self._home = tempfile.TemporaryDirectory(prefix="fake-github-")
        self.git_store = GitStore(Path(self._home.name) / f"{NAME}.git")
        self.git_dir = self.git_store.root
        """The bare repository: clone or fetch it as a workflow's checkout would."""
        self.tokens: dict[str, dict[str, Any]] = {}
        self.commits: dict[str, Commit] = {}
        self.branches: dict[str, str] = Branches(self.git_store)
        self.pulls: dict[int, PullState] = {}
        self.reviews: dict[int, list[dict[str, Any]]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.statuses: dict[str, list[dict[str, Any]]] = {}
        self.dispatches: list[dict[str, Any]] = []
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.hooks: list[tuple[str, re.Pattern[str], Callable[[], None]]] = []
        self.clock = EPOCH
        self._ids = itertools.count(1000)
        self._numbers = itertools.count(1)
        self._lock = threading.RLock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.base_url = ""
        self._init_protection()

    # --- life ------------------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body are two writes: with Nagle's algorithm the body waits for the client's
            # delayed ACK of the headers (40 ms per answer on a kept-alive connection, as PyGithub's).
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                status, headers, body = fake.handle(self.command, self.path, dict(self.headers.items()), raw)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)
        self._home.cleanup()

    # --- setting up a repository -----------------------------------------------------------------

    def add_token(
        self,
        token: str,
        login: str = "github-actions[bot]",
        *,
        write: bool = True,
        admin: bool = False,
        scopes: set[str] | None = None,
    ) -> None:
        """A token of ``login``: a workflow's GITHUB_TOKEN (the GitHub Actions app) by default, a person's
        otherwise; ``admin``: an administrator of the repository; ``scopes``: the write scopes of a job's
        token (``permissions:``), None: every scope."""
        app_id = ACTIONS_APP_ID if login == "github-actions[bot]" else None
        self.tokens[token] = {"login": login, "write": write, "admin": admin, "app_id": app_id, "scopes": scopes}

    def tick(self, minutes: int = 1) -> datetime:
        with self._lock:
            self.clock += timedelta(minutes=minutes)
            return self.clock

    def commit(
        self,
        parent: str | None,
        changes: dict[str, bytes | None],
        *,
        author: str | None,
        email: str = "someone@example.org",
        message: str = "change",
        committer: str | None = "web-flow",
        parents: list[str] | None = None,
    ) -> str:
        files = dict(self.commits[parent].files) if parent else {}
        for path, content in changes.items():
            if content is None:
                files.pop(path, None)
            else:
                files[path] = content
        at = self.tick()
        lineage = parents if parents is not None else ([parent] if parent else [])
        sha, tree = self.git_store.write_commit(
            files,
            lineage,
            author=author or "Someone",
            committer=committer or "Someone",
            email=email,
            message=message,
            at=at,
        )
        self.commits[sha] = Commit(sha, lineage, files, author, committer, email, message, at, tree)
        return sha

    def git(self, *args: str) -> str:
        """Run git in the bare repository (to read what a workflow pushed there)."""
        return self.git_store.git(*args)

    def _pull_ref(self, pull: PullState) -> None:
        self.git_store.set_ref(f"refs/pull/{pull.number}/head", pull.head_sha)

    def init_main(self, files: dict[str, bytes], author: str = "admin-pkj2") -> str:
        sha = self.commit(None, dict(files), author=author, message="init")
        self.branches["main"] = sha
        return sha

    def push_main(self, changes: dict[str, bytes | None], author: str = "admin-pkj2") -> str:
        sha = self.commit(self.branches["main"], changes, author=author, message="direct push")
        self.branches["main"] = sha
        return sha

    def open_pull(
        self,
        author: str,
        branch: str,
        changes: dict[str, bytes | None],
        *,
        title: str = "Publikasi",
        fork: bool = False,
        email: str = "someone@example.org",
        committer: str | None = "web-flow",
        draft: bool = False,
    ) -> PullState:
        base = self.branches["main"]
        head = self.commit(base, changes, author=author, email=email, committer=committer, message=title)
        self.branches[branch] = head
        number = next(self._numbers)
        pull = PullState(
            number=number,
            title=title,
            author=author,
            head_ref=branch,
            head_sha=head,
            base_ref="main",
            base_sha=base,
            created_at=self.commits[head].at,
            fork=fork,
            draft=draft,
        )
        self.pulls[number] = pull
        self._pull_ref(pull)
        self.reviews[number] = []
        self.comments[number] = []
        return pull

    def push(
        self,
        number: int,
        changes: dict[str, bytes | None],
        *,
        author: str | None = None,
        committer: str | None = "web-flow",
        email: str = "someone@example.org",
    ) -> str:
        pull = self.pulls[number]
        head = self.commit(
            pull.head_sha, changes, author=author or pull.author, committer=committer, email=email, message="update"
        )
        pull.head_sha = head
        self.branches[pull.head_ref] = head
        self._pull_ref(pull)
        return head

    def merge_main_into(self, number: int, *, author: str | None = None) -> str:
        """The pull request's branch takes main in with a merge commit ("Update branch").

        The pull request's ``base_sha`` stays where it was, as GitHub's ``base.sha`` may (it is not
        kept at the base branch's tip): a comparison from it no longer matches the pull request.
        """
        pull = self.pulls[number]
        tip = self.branches[pull.base_ref]
        since = self.commits[self._merge_base(tip, pull.head_sha) or tip].files
        ours = self.commits[tip].files
        changes: dict[str, bytes | None] = {p: c for p, c in ours.items() if since.get(p) != c}
        changes.update({p: None for p in since if p not in ours})
        head = self.commit(
            pull.head_sha,
            changes,
            author=author or pull.author,
            parents=[pull.head_sha, tip],
            message=f"Merge branch '{pull.base_ref}' into {pull.head_ref}",
        )
        pull.head_sha = head
        self.branches[pull.head_ref] = head
        self._pull_ref(pull)
        return head

    def review(
        self,
        number: int,
        login: str | None,
        state: str = "APPROVED",
        *,
        commit: str | None = None,
        bot: bool = False,
        body: str = "",
    ) -> dict[str, Any]:
        pull = self.pulls[number]
        review = {
            "id": next(self._ids),
            "login": login,
            "bot": bot,
            "state": state,
            "commit_id": commit or pull.head_sha,
            "submitted_at": self.tick(),
            "body": body,
        }
        self.reviews[number].append(review)
        if login in pull.requested:
            pull.requested.remove(login)
        return review

    def dismiss(self, review: dict[str, Any]) -> None:
        review["state"] = "DISMISSED"

    def merge_pull(self, number: int, *, by: str = "admin-pkj2", message: str | None = None) -> str:
        """Merge as a person on the web would (no checks: an admin bypassing the gate)."""
        pull = self.pulls[number]
        base_files = self.commits[pull.base_sha].files
        head_files = self.commits[pull.head_sha].files
        changes: dict[str, bytes | None] = {p: c for p, c in head_files.items() if base_files.get(p) != c}
        changes.update({p: None for p in base_files if p not in head_files})
        tip = self.branches["main"]
        pull.merged_onto = tip
        sha = self.commit(
            tip,
            changes,
            author=by,
            committer="web-flow",
            parents=[tip, pull.head_sha],
            message=message or f"Merge pull request #{number} from {pull.head_ref}",
        )
        self.branches["main"] = sha
        pull.state, pull.merged, pull.merged_at = "closed", True, self.commits[sha].at
        pull.merge_commit_sha, pull.merged_by = sha, by
        return sha

    def fail(
        self,
        method: str,
        pattern: str,
        status: int,
        *,
        headers: dict[str, str] | None = None,
        message: str = "Server Error",
        times: int = 1,
    ) -> None:
        body = (
            None
            if status >= 500 and message == ""
            else {"message": message, "documentation_url": "https://docs.github.com/rest", "status": str(status)}
        )
        self.faults.append(Fault(method, re.compile(pattern), status, headers or {}, body, times))

    def before(self, method: str, pattern: str, hook: Callable[[], None]) -> None:
        self.hooks.append((method, re.compile(pattern), hook))

    # --- what happened ---------------------------------------------------------------------------

    def requests(self, method: str | None = None, route: str | None = None) -> list[Logged]:
        return [e for e in self.log if (method is None or e.method == method) and (route is None or e.route == route)]

    def status_of(self, sha: str) -> dict[str, Any] | None:
        found = [s for s in self.statuses.get(sha, []) if s["context"] == "humas/sop"]
        return found[-1] if found else None

    # --- JSON shapes -----------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def user(self, login: str, *, bot: bool = False) -> dict[str, Any]:
        base = self.url(f"/users/{login}")
        uid = int(hashlib.sha1(login.encode()).hexdigest()[:6], 16)
        return {
            "login": login,
            "id": uid,
            "node_id": f"U_{uid}",
            "avatar_url": f"{base}/avatar",
            "gravatar_id": "",
            "url": base,
            "html_url": f"https://github.test/{login}",
            "followers_url": f"{base}/followers",
            "following_url": f"{base}/following{{/other_user}}",
            "gists_url": f"{base}/gists{{/gist_id}}",
            "starred_url": f"{base}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{base}/subscriptions",
            "organizations_url": f"{base}/orgs",
            "repos_url": f"{base}/repos",
            "events_url": f"{base}/events{{/privacy}}",
            "received_events_url": f"{base}/received_events",
            "type": "Bot" if bot or login.endswith("[bot]") else "User",
            "site_admin": False,
        }

    def repo_json(self, owner: str = OWNER, name: str = NAME) -> dict[str, Any]:
        base = self.url(f"/repos/{owner}/{name}")
        urls = {
            key: f"{base}/{key[:-4]}"
            for key in (
                "archive_url",
                "assignees_url",
                "blobs_url",
                "branches_url",
                "collaborators_url",
                "comments_url",
                "commits_url",
                "compare_url",
                "contents_url",
                "contributors_url",
                "deployments_url",
                "downloads_url",
                "events_url",
                "forks_url",
                "git_commits_url",
                "git_refs_url",
                "git_tags_url",
                "hooks_url",
                "issue_comment_url",
                "issue_events_url",
                "issues_url",
                "keys_url",
                "labels_url",
                "languages_url",
                "merges_url",
                "milestones_url",
                "notifications_url",
                "pulls_url",
                "releases_url",
                "stargazers_url",
                "statuses_url",
                "subscribers_url",
                "subscription_url",
                "tags_url",
                "teams_url",
                "trees_url",
            )
        }
        return {
            **urls,
            "id": 4242 if owner == OWNER else 4343,
            "node_id": "R_1",
            "name": name,
            "full_name": f"{owner}/{name}",
            "owner": self.user(owner),
            "private": False,
            "html_url": f"https://github.test/{owner}/{name}",
            "description": None,
            "fork": owner != OWNER,
            "url": base,
            "clone_url": f"https://github.test/{owner}/{name}.git",
            "default_branch": "main",
            "forks": 0,
            "forks_count": 0,
            "git_url": f"git://github.test/{owner}/{name}.git",
            "has_downloads": True,
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": True,
            "homepage": None,
            "language": None,
            "archived": False,
            "disabled": False,
            "mirror_url": None,
            "open_issues": 0,
            "open_issues_count": 0,
            "license": None,
            "pushed_at": iso(EPOCH),
            "size": 1,
            "ssh_url": f"git@github.test:{owner}/{name}.git",
            "stargazers_count": 0,
            "svn_url": f"https://github.test/{owner}/{name}",
            "watchers": 0,
            "watchers_count": 0,
            "created_at": iso(EPOCH),
            "updated_at": iso(EPOCH),
        }

    def _ref(self, pull: PullState, which: str) -> dict[str, Any]:
        sha = pull.head_sha if which == "head" else pull.base_sha
        ref = pull.head_ref if which == "head" else pull.base_ref
        owner = f"{pull.author}" if which == "head" and pull.fork else OWNER
        return {
            "label": f"{owner}:{ref}",
            "ref": ref,
            "sha": sha,
            "user": self.user(owner),
            "repo": self.repo_json(owner),
        }

    def pull_simple(self, pull: PullState) -> dict[str, Any]:
        base = self.url(f"/repos/{OWNER}/{NAME}/pulls/{pull.number}")
        issue = self.url(f"/repos/{OWNER}/{NAME}/issues/{pull.number}")
        links = {
            k: {"href": v}
            for k, v in {
                "self": base,
                "html": f"https://github.test/{OWNER}/{NAME}/pull/{pull.number}",
                "issue": issue,
                "comments": f"{issue}/comments",
                "review_comments": f"{base}/comments",
                "review_comment": self.url(f"/repos/{OWNER}/{NAME}/pulls/comments{{/number}}"),
                "commits": f"{base}/commits",
                "statuses": self.url(f"/repos/{OWNER}/{NAME}/statuses/{pull.head_sha}"),
            }.items()
        }
        return {
            "url": base,
            "id": 90000 + pull.number,
            "node_id": f"PR_{pull.number}",
            "html_url": links["html"]["href"],
            "diff_url": f"{links['html']['href']}.diff",
            "patch_url": f"{links['html']['href']}.patch",
            "issue_url": issue,
            "commits_url": f"{base}/commits",
            "review_comments_url": f"{base}/comments",
            "review_comment_url": links["review_comment"]["href"],
            "comments_url": f"{issue}/comments",
            "statuses_url": links["statuses"]["href"],
            "number": pull.number,
            "state": pull.state,
            "locked": False,
            "title": pull.title,
            "user": self.user(pull.author),
            "body": "Draf publikasi",
            "labels": [self.label_json(name) for name in pull.labels],
            "milestone": None,
            "active_lock_reason": None,
            "created_at": iso(pull.created_at),
            "updated_at": iso(self.clock),
            "closed_at": iso(pull.merged_at) if pull.merged_at else None,
            "merged_at": iso(pull.merged_at) if pull.merged_at else None,
            "merge_commit_sha": pull.merge_commit_sha,
            "assignee": None,
            "assignees": [],
            "requested_reviewers": [self.user(u) for u in pull.requested],
            "requested_teams": [],
            "head": self._ref(pull, "head"),
            "base": self._ref(pull, "base"),
            "_links": links,
            "author_association": "MEMBER",
            "auto_merge": None,
            "draft": pull.draft,
        }

    def pull_full(self, pull: PullState) -> dict[str, Any]:
        files = self._diff(pull)
        return {
            **self.pull_simple(pull),
            "merged": pull.merged,
            "mergeable": True if not pull.merged else None,
            "rebaseable": True,
            "mergeable_state": "clean" if not pull.merged else "unknown",
            "merged_by": self.user(pull.merged_by) if pull.merged_by else None,
            "comments": len(self.comments[pull.number]),
            "review_comments": 0,
            "maintainer_can_modify": False,
            "commits": len(self._pull_commits(pull)),
            "additions": len(files),
            "deletions": 0,
            "changed_files": len(files),
        }

    def review_json(self, number: int, review: dict[str, Any]) -> dict[str, Any]:
        pull_url = self.url(f"/repos/{OWNER}/{NAME}/pulls/{number}")
        html = f"https://github.test/{OWNER}/{NAME}/pull/{number}#pullrequestreview-{review['id']}"
        out = {
            "id": review["id"],
            "node_id": f"PRR_{review['id']}",
            "user": self.user(review["login"], bot=review["bot"]) if review["login"] else None,
            "body": review["body"],
            "state": review["state"],
            "html_url": html,
            "pull_request_url": pull_url,
            "_links": {"html": {"href": html}, "pull_request": {"href": pull_url}},
            "commit_id": review["commit_id"],
            "author_association": "MEMBER",
        }
        if review["state"] != "PENDING":
            out["submitted_at"] = iso(review["submitted_at"])
        return out

    def commit_json(self, commit: Commit) -> dict[str, Any]:
        base = self.url(f"/repos/{OWNER}/{NAME}/commits/{commit.sha}")
        git = {"name": commit.author or "Someone", "email": commit.email, "date": iso(commit.at)}
        return {
            "url": base,
            "sha": commit.sha,
            "node_id": f"C_{commit.sha[:8]}",
            "html_url": f"https://github.test/{OWNER}/{NAME}/commit/{commit.sha}",
            "comments_url": f"{base}/comments",
            "commit": {
                "url": self.url(f"/repos/{OWNER}/{NAME}/git/commits/{commit.sha}"),
                "author": git,
                "committer": {**git, "name": commit.committer or "Someone"},
                "message": commit.message,
                "comment_count": 0,
                "tree": {"sha": commit.tree, "url": self.url(f"/repos/{OWNER}/{NAME}/git/trees/{commit.tree}")},
            },
            "author": self.user(commit.author) if commit.author else None,
            "committer": self.user(commit.committer) if commit.committer else None,
            "parents": [{"sha": p, "url": self.url(f"/repos/{OWNER}/{NAME}/commits/{p}")} for p in commit.parents],
        }

    def comment_json(self, number: int, comment: dict[str, Any]) -> dict[str, Any]:
        url = self.url(f"/repos/{OWNER}/{NAME}/issues/comments/{comment['id']}")
        return {
            "id": comment["id"],
            "node_id": f"IC_{comment['id']}",
            "url": url,
            "html_url": f"https://github.test/{OWNER}/{NAME}/pull/{number}#issuecomment-{comment['id']}",
            "body": comment["body"],
            "user": self.user(comment["login"]),
            "created_at": iso(comment["created_at"]),
            "updated_at": iso(comment["updated_at"]),
            "issue_url": self.url(f"/repos/{OWNER}/{NAME}/issues/{number}"),
            "author_association": "NONE" if comment["login"].endswith("[bot]") else "MEMBER",
        }

    # --- derived state ---------------------------------------------------------------------------

    # Like GitHub: a pull request is its head against its base branch, three dots (the commits of the
    # head that the base branch does not have; the diff from their merge base), frozen once merged.

    def _ancestors(self, sha: str) -> set[str]:
        seen: set[str] = set()
        todo = [sha]
        while todo:
            cursor = todo.pop()
            if cursor in seen or cursor not in self.commits:
                continue
            seen.add(cursor)
            todo.extend(self.commits[cursor].parents)
        return seen

    def _merge_base(self, a: str, b: str) -> str | None:
        common = self._ancestors(a) & self._ancestors(b)
        # commits are made in time order, so the newest common ancestor is a best one
        return max(common, key=lambda sha: (self.commits[sha].at, sha)) if common else None

    def _only_in(self, head: str, base: str) -> list[Commit]:
        """``git log base..head`` in chronological order."""
        found = self._ancestors(head) - self._ancestors(base)
        return sorted((self.commits[sha] for sha in found), key=lambda c: (c.at, c.sha))

    def _pull_base(self, pull: PullState) -> str:
        return pull.merged_onto or self.branches.get(pull.base_ref, pull.base_sha)

    def _pull_commits(self, pull: PullState) -> list[Commit]:
        return self._only_in(pull.head_sha, self._pull_base(pull))

    def _diff(self, pull: PullState) -> list[dict[str, Any]]:
        base = self._merge_base(self._pull_base(pull), pull.head_sha) or pull.base_sha
        return self._diff_between(base, pull.head_sha)

    def _diff_between(self, old: str, new: str) -> list[dict[str, Any]]:
        base = self.commits[old].files
        head = self.commits[new].files
        out = []
        for path in sorted(set(base) | set(head)):
            if base.get(path) == head.get(path):
                continue
            status = "added" if path not in base else "removed" if path not in head else "modified"
            blob = blob_sha(head.get(path, b""))
            out.append(
                {
                    "sha": blob,
                    "filename": path,
                    "status": status,
                    "additions": 1,
                    "deletions": 0,
                    "changes": 1,
                    "blob_url": f"https://github.test/{OWNER}/{NAME}/blob/{new}/{path}",
                    "raw_url": f"https://github.test/{OWNER}/{NAME}/raw/{new}/{path}",
                    "contents_url": self.url(f"/repos/{OWNER}/{NAME}/contents/{path}?ref={new}"),
                }
            )
        return out

    # --- requests --------------------------------------------------------------------------------

    ROUTES: list[tuple[str, str, str]] = [
        *ProtectionMixin.PROTECTION_ROUTES,
        ("GET", r"/repos/{o}/{r}/pulls/(?P<n>\d+)", "/repos/{owner}/{repo}/pulls/{pull_number}"),
        ("GET", r"/repos/{o}/{r}/pulls/(?P<n>\d+)/reviews", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
        ("GET", r"/repos/{o}/{r}/pulls/(?P<n>\d+)/commits", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"),
        ("GET", r"/repos/{o}/{r}/pulls/(?P<n>\d+)/files", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
        ("GET", r"/repos/{o}/{r}/compare/(?P<basehead>.+)", "/repos/{owner}/{repo}/compare/{basehead}"),
        ("PUT", r"/repos/{o}/{r}/pulls/(?P<n>\d+)/merge", "/repos/{owner}/{repo}/pulls/{pull_number}/merge"),
        (
            "POST",
            r"/repos/{o}/{r}/pulls/(?P<n>\d+)/requested_reviewers",
            "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers",
        ),
        ("POST", r"/repos/{o}/{r}/statuses/(?P<sha>[0-9a-f]{40})", "/repos/{owner}/{repo}/statuses/{sha}"),
        ("GET", r"/repos/{o}/{r}/issues/(?P<n>\d+)/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
        ("POST", r"/repos/{o}/{r}/issues/(?P<n>\d+)/comments", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
        ("PATCH", r"/repos/{o}/{r}/issues/comments/(?P<id>\d+)", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
        ("GET", r"/repos/{o}/{r}/issues/(?P<n>\d+)/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels"),
        ("PUT", r"/repos/{o}/{r}/issues/(?P<n>\d+)/labels", "/repos/{owner}/{repo}/issues/{issue_number}/labels"),
        ("GET", r"/repos/{o}/{r}/contents/(?P<path>.+)", "/repos/{owner}/{repo}/contents/{path}"),
        (
            "GET",
            r"/repos/{o}/{r}/commits/(?P<sha>[0-9a-f]{40})/pulls",
            "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
        ),
        ("GET", r"/repos/{o}/{r}/commits/(?P<ref>[^/]+)", "/repos/{owner}/{repo}/commits/{ref}"),
        (
            "POST",
            r"/repos/{o}/{r}/actions/workflows/(?P<wf>[^/]+)/dispatches",
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches",
        ),
    ]

    def handle(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(target)
        path, query = unquote(parts.path), parse_qs(parts.query)
        route, match = None, None
        for verb, pattern, template in self.ROUTES:
            regex = "^" + pattern.replace("{o}", re.escape(OWNER)).replace("{r}", re.escape(NAME)) + "$"
            if verb == method and (match := re.match(regex, path)):
                route = template
                break
        try:
            request = json.loads(raw) if raw else None
        except ValueError:
            request = None
        with self._lock:
            for verb, pattern, hook in list(self.hooks):
                if verb == method and pattern.search(path):
                    self.hooks.remove((verb, pattern, hook))
                    hook()
            injected = next(
                (f for f in self.faults if f.times > 0 and f.method == method and f.pattern.search(path)), None
            )
            if injected is not None:
                injected.times -= 1
                status, extra, body = injected.status, injected.headers, injected.body
            else:
                status, extra, body = self._answer(method, path, query, headers, request, route, match)
            self.log.append(Logged(method, path, query, route, status, body, request, injected is not None))
        out = {
            "x-ratelimit-limit": "1000",
            "x-ratelimit-remaining": "999",
            "x-ratelimit-reset": str(RESET_AT),
            "x-ratelimit-used": "1",
            "x-ratelimit-resource": "core",
            **extra,
        }
        return status, out, body

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: dict[str, str],
        request: Any,
        route: str | None,
        match: re.Match[str] | None,
    ) -> tuple[int, dict[str, str], Any]:
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token = auth.split(" ", 1)[1] if " " in auth else ""
        who = self.tokens.get(token) or self.app_from_jwt(token)
        if (who is not None and "jwt_app" in who) != (route in self.APP_ROUTES):
            who = None  # an App's JWT opens only the App's own endpoints, and those need one
        if who is None:
            return (
                401,
                {},
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"},
            )
        if route is None or match is None:
            return (
                404,
                {},
                {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"},
            )
        if method != "GET" and not who["write"]:
            return (
                403,
                {},
                {
                    "message": "Resource not accessible by integration",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "403",
                },
            )
        scopes = who.get("scopes")
        if method != "GET" and scopes is not None and not WRITE_SCOPES.get(route, set()) & scopes:
            return (
                403,
                {},
                {
                    "message": "Resource not accessible by integration",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "403",
                },
            )
        handler = getattr(self, "_" + re.sub(r"\W+", "_", f"{method} {route}").strip("_").lower())
        return handler(match.groupdict(), query, request, who)

    def _page(self, path: str, query: dict[str, list[str]], items: list[Any]) -> tuple[int, dict[str, str], Any]:
        per_page, page, headers = self._paging(path, query, len(items))
        return 200, headers, items[(page - 1) * per_page : page * per_page]

    def _paging(self, path: str, query: dict[str, list[str]], count: int) -> tuple[int, int, dict[str, str]]:
        """(per_page, page, Link header) of a paginated answer with ``count`` items in all."""
        per_page = min(100, int(query.get("per_page", ["30"])[0]))
        page = max(1, int(query.get("page", ["1"])[0]))
        last = max(1, -(-count // per_page))
        links = []
        if page < last:
            links.append(f'<{self.url(path)}?per_page={per_page}&page={page + 1}>; rel="next"')
            links.append(f'<{self.url(path)}?per_page={per_page}&page={last}>; rel="last"')
        return per_page, page, {"Link": ", ".join(links)} if links else {}

    def _pull(self, n: str) -> PullState | None:
        return self.pulls.get(int(n))

    @staticmethod
    def _not_found() -> tuple[int, dict[str, str], Any]:
        return 404, {}, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}

    @staticmethod
    def _invalid(message: str) -> tuple[int, dict[str, str], Any]:
        return 422, {}, {"message": message, "documentation_url": "https://docs.github.com/rest", "status": "422"}

    # labels: https://docs.github.com/en/rest/issues/labels (a pull request's labels are its issue's; PUT
    # replaces them all, creating a label the repository does not have yet)

    def label_json(self, name: str) -> dict[str, Any]:
        uid = int(hashlib.sha1(name.encode()).hexdigest()[:6], 16)
        return {
            "id": uid,
            "node_id": f"LA_{uid}",
            "url": self.url(f"/repos/{OWNER}/{NAME}/labels/{name}"),
            "name": name,
            "description": "",
            "color": "ededed",
            "default": False,
        }

    def _get_repos_owner_repo_issues_issue_number_labels(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        items = [self.label_json(name) for name in pull.labels]
        return self._page(f"/repos/{OWNER}/{NAME}/issues/{pull.number}/labels", q, items)

    def _put_repos_owner_repo_issues_issue_number_labels(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        names = r.get("labels") if isinstance(r, dict) else r
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            return self._invalid("Validation Failed: labels must be a list of names")
        pull.labels = list(dict.fromkeys(names))
        return 200, {}, [self.label_json(name) for name in pull.labels]

    def _get_repos_owner_repo_pulls_pull_number(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        return (200, {}, self.pull_full(pull)) if pull else self._not_found()

    def _get_repos_owner_repo_pulls_pull_number_reviews(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        items = [self.review_json(pull.number, x) for x in self.reviews[pull.number]]
        return self._page(f"/repos/{OWNER}/{NAME}/pulls/{pull.number}/reviews", q, items)

    def _get_repos_owner_repo_pulls_pull_number_commits(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        items = [self.commit_json(c) for c in self._pull_commits(pull)[:250]]  # GitHub lists at most 250
        return self._page(f"/repos/{OWNER}/{NAME}/pulls/{pull.number}/commits", q, items)

    def _get_repos_owner_repo_pulls_pull_number_files(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        return self._page(f"/repos/{OWNER}/{NAME}/pulls/{pull.number}/files", q, self._diff(pull)[:3000])

    def _get_repos_owner_repo_compare_basehead(self, p, q, r, who):  # noqa: ANN001, ANN202
        """``BASE...HEAD``: the commits of HEAD that BASE does not have, the diff from their merge base.

        Without ``page``/``per_page`` at most the 250 newest commits; with them, pages of commits
        and the files on the first page only; never more than 300 files.
        """
        sides = p["basehead"].split("...")
        if len(sides) != 2:
            return self._not_found()
        base, head = (self._resolve(side.split(":", 1)[-1]) for side in sides)
        if base is None or head is None:
            return self._not_found()
        merge_base = self._merge_base(base, head)
        if merge_base is None:
            return (
                404,
                {},
                {
                    "message": f"No common ancestor between {sides[0]} and {sides[1]}.",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "404",
                },
            )
        ahead = self._only_in(head, base)
        behind = len(self._ancestors(base) - self._ancestors(head))
        path = f"/repos/{OWNER}/{NAME}/compare/{p['basehead']}"
        html = f"https://github.test/{OWNER}/{NAME}/compare/{p['basehead']}"
        body: dict[str, Any] = {
            "url": self.url(path),
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "permalink_url": f"https://github.test/{OWNER}/{NAME}/compare/{OWNER}:{base}...{OWNER}:{head}",
            "base_commit": self.commit_json(self.commits[base]),
            "merge_base_commit": self.commit_json(self.commits[merge_base]),
            "status": (
                "identical" if base == head else "behind" if not ahead else "ahead" if not behind else "diverged"
            ),
            "ahead_by": len(ahead),
            "behind_by": behind,
            "total_commits": len(ahead),
        }
        headers: dict[str, str] = {}
        if "page" in q or "per_page" in q:
            per_page, page, headers = self._paging(path, q, len(ahead))
            body["commits"] = [self.commit_json(c) for c in ahead[(page - 1) * per_page : page * per_page]]
            if page == 1:
                body["files"] = self._diff_between(merge_base, head)[:300]
        else:
            body["commits"] = [self.commit_json(c) for c in ahead[-250:]]
            body["files"] = self._diff_between(merge_base, head)[:300]
        return 200, headers, body

    def _put_repos_owner_repo_pulls_pull_number_merge(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        r = r or {}
        if pull.merged or pull.state != "open":
            return (
                405,
                {},
                {"message": "Pull Request is not mergeable", "documentation_url": "https://docs.github.com/rest"},
            )
        refusal = self.merge_refusal(pull.head_sha, r.get("merge_method") or "merge")
        if refusal:
            return 405, {}, {"message": refusal, "documentation_url": "https://docs.github.com/rest"}
        if r.get("sha") and r["sha"] != pull.head_sha:
            return (
                409,
                {},
                {
                    "message": "Head branch was modified. Review and try the merge again.",
                    "documentation_url": "https://docs.github.com/rest",
                },
            )
        title = r.get("commit_title") or f"Merge pull request #{pull.number}"
        message = f"{title}\n\n{r.get('commit_message', '')}".rstrip() + "\n"
        sha = self.merge_pull(pull.number, by=who["login"], message=message)
        return 200, {}, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"}

    def _post_repos_owner_repo_pulls_pull_number_requested_reviewers(self, p, q, r, who):  # noqa: ANN001, ANN202
        pull = self._pull(p["n"])
        if pull is None:
            return self._not_found()
        wanted = list((r or {}).get("reviewers") or [])
        if pull.author in wanted:
            return self._invalid("Review cannot be requested from pull request author.")
        for login in wanted:
            if login not in pull.requested:
                pull.requested.append(login)
        return 201, {}, self.pull_simple(pull)

    def _post_repos_owner_repo_statuses_sha(self, p, q, r, who):  # noqa: ANN001, ANN202
        r = r or {}
        if r.get("state") not in ("error", "failure", "pending", "success"):
            return self._invalid("Validation Failed: state")
        if len(r.get("description") or "") > 140:
            return self._invalid("description is too long (maximum is 140 characters)")
        sid = next(self._ids)
        status = {
            "url": self.url(f"/repos/{OWNER}/{NAME}/statuses/{p['sha']}"),
            "avatar_url": None,
            "id": sid,
            "node_id": f"SC_{sid}",
            "state": r["state"],
            "description": r.get("description"),
            "target_url": r.get("target_url"),
            "context": r.get("context") or "default",
            "created_at": iso(self.clock),
            "updated_at": iso(self.clock),
            "creator": self.user(who["login"]),
        }
        self.statuses.setdefault(p["sha"], []).append(status)
        status = dict(status)
        self.statuses[p["sha"]][-1]["app_id"] = who.get("app_id")
        return 201, {}, status

    def _get_repos_owner_repo_issues_issue_number_comments(self, p, q, r, who):  # noqa: ANN001, ANN202
        number = int(p["n"])
        if number not in self.comments:
            return self._not_found()
        items = [self.comment_json(number, c) for c in self.comments[number]]
        return self._page(f"/repos/{OWNER}/{NAME}/issues/{number}/comments", q, items)

    def _post_repos_owner_repo_issues_issue_number_comments(self, p, q, r, who):  # noqa: ANN001, ANN202
        number = int(p["n"])
        if number not in self.comments:
            return self._not_found()
        body = (r or {}).get("body") or ""
        if len(body) > 65536:
            return self._invalid("Body is too long (maximum is 65536 characters)")
        comment = {
            "id": next(self._ids),
            "login": who["login"],
            "body": body,
            "created_at": self.clock,
            "updated_at": self.clock,
        }
        self.comments[number].append(comment)
        return 201, {}, self.comment_json(number, comment)

    def _patch_repos_owner_repo_issues_comments_comment_id(self, p, q, r, who):  # noqa: ANN001, ANN202
        for number, comments in self.comments.items():
            for comment in comments:
                if comment["id"] == int(p["id"]):
                    if comment["login"] != who["login"]:
                        return (
                            403,
                            {},
                            {
                                "message": "Resource not accessible by integration",
                                "documentation_url": "https://docs.github.com/rest",
                                "status": "403",
                            },
                        )
                    comment["body"] = (r or {}).get("body") or ""
                    comment["updated_at"] = self.tick(0)
                    return 200, {}, self.comment_json(number, comment)
        return self._not_found()

    def _resolve(self, ref: str) -> str | None:
        if ref in self.commits:
            return ref
        return self.branches.get(ref)

    def _get_repos_owner_repo_contents_path(self, p, q, r, who):  # noqa: ANN001, ANN202
        sha = self._resolve(q.get("ref", ["main"])[0])
        if sha is None:
            return (
                404,
                {},
                {
                    "message": "No commit found for the ref",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "404",
                },
            )
        content = self.commits[sha].files.get(p["path"])
        if content is None:
            return self._not_found()
        blob = blob_sha(content)
        url = self.url(f"/repos/{OWNER}/{NAME}/contents/{p['path']}?ref={sha}")
        git = self.url(f"/repos/{OWNER}/{NAME}/git/blobs/{blob}")
        html = f"https://github.test/{OWNER}/{NAME}/blob/{sha}/{p['path']}"
        return (
            200,
            {},
            {
                "type": "file",
                "encoding": "base64",
                "size": len(content),
                "name": p["path"].rsplit("/", 1)[-1],
                "path": p["path"],
                "content": base64.b64encode(content).decode(),
                "sha": blob,
                "url": url,
                "git_url": git,
                "html_url": html,
                "download_url": f"https://raw.github.test/{OWNER}/{NAME}/{sha}/{p['path']}",
                "_links": {"self": url, "git": git, "html": html},
            },
        )

    def _get_repos_owner_repo_commits_commit_sha_pulls(self, p, q, r, who):  # noqa: ANN001, ANN202
        sha = p["sha"]
        found = [self.pull_simple(x) for x in self.pulls.values() if x.merge_commit_sha == sha or x.head_sha == sha]
        return self._page(f"/repos/{OWNER}/{NAME}/commits/{sha}/pulls", q, found)

    def _get_repos_owner_repo_commits_ref(self, p, q, r, who):  # noqa: ANN001, ANN202
        sha = self._resolve(p["ref"])
        if sha is None:
            return (
                422,
                {},
                {
                    "message": f"No commit found for SHA: {p['ref']}",
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "422",
                },
            )
        return (
            200,
            {},
            {**self.commit_json(self.commits[sha]), "files": [], "stats": {"additions": 0, "deletions": 0, "total": 0}},
        )

    def _post_repos_owner_repo_actions_workflows_workflow_id_dispatches(self, p, q, r, who):  # noqa: ANN001, ANN202
        r = r or {}
        if not r.get("ref"):
            return self._invalid("Invalid request: ref is required")
        self.dispatches.append({"workflow": p["wf"], "ref": r["ref"], "inputs": r.get("inputs") or {}})
        return 204, {}, None
