"""Before anything is published from main on GitHub: find the merged pull request of the commit and
check its chain again, from the trusted side. Fail closed.

This is the security boundary of the GitHub set-up (the gate's status is a convenience, since a pull
request can edit the workflow that posts it). Run on a ``push`` to main or a ``workflow_dispatch``
(the gate dispatches one after its own merge, with the merge commit as input ``sha``), it:

1. finds the pull request merged as that commit (``commits/{sha}/pulls``: ``merged_at`` set,
   ``merge_commit_sha`` equal to the commit, base the default branch) — a commit pushed to main
   without a pull request, or merged some other way, publishes nothing;
2. re-reads the pull request, its reviews (every page), commits and files (the same reading as the
   gate's, ``GitHub.read_change``);
3. reads sop.yml from main as it was just before the merge (the merge commit's first parent) and at the
   pull request's base, and re-runs the same policy with each: both must say the chain is complete, so
   neither a pull request that edits sop.yml to give itself a role nor a role revoked on main since
   the pull request was opened can carry it.

Anything else (an admin merge that bypassed the gate, a stale approval, a missing step) raises
:class:`NotAcceptable` with the checklist, and nothing is built or posted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from ..archive.record import (
    build_record,
    content_files,
    load_records,
    publication_channels,
    record_file,
    write_record,
)
from ..archive.store import BranchStore
from ..content.paths import publication_folder, publication_of
from ..git import GitRepo, object_ids
from ..messages import _
from ..problems import ConfigError, NotAcceptable
from ..signing import RECORD_NAMESPACE, fingerprint, sign_with_private_key, verify
from ..sop.config import Sop
from ..sop.evaluate import evaluate
from ..sop.explain import render_text
from ..sop.facts import ChangeFacts
from ..sop.keys import key_id
from ..sop.result import Node, Status
from ..trusted import TrustedMain
from ..verified_commit import not_approved, verified_line
from .github import GitHub, Pull, change_facts
from .github_gate import ActionsContext

MAIN_EVENTS = ("push", "workflow_dispatch", "schedule")


@dataclass(frozen=True)
class VerifiedMerge:
    sha: str
    parent: str
    pull: Pull
    sop: Sop
    facts: ChangeFacts
    result: Node


def _read_at(github: GitHub, ref: str, path: str) -> bytes | None:
    return github.read_file(path, ref)


def commit_of_event(ctx: ActionsContext) -> tuple[str, str]:
    """(commit sha, branch) the run is about: input ``sha`` of a dispatch, else GITHUB_SHA."""
    repository = ctx.event.get("repository")
    default = repository.get("default_branch") if isinstance(repository, dict) else None
    branch = str(default or "main")
    ref = ctx.event.get("ref")
    if isinstance(ref, str) and ref.startswith("refs/heads/") and ref != f"refs/heads/{branch}":
        raise ConfigError(
            _("this run is for {ref}, not {branch}: humas publishes from {branch} only", ref=ref, branch=branch)
        )
    sha: object = ctx.sha
    inputs = ctx.event.get("inputs")
    if ctx.event_name == "workflow_dispatch" and isinstance(inputs, dict) and inputs.get("sha"):
        sha = inputs["sha"]
    if ctx.event_name == "push" and isinstance(ctx.event.get("after"), str):
        sha = ctx.event["after"]
    if not isinstance(sha, str) or len(sha) != 40 or not all(c in "0123456789abcdef" for c in sha.lower()):
        raise ConfigError(
            _(
                "no commit to publish: GITHUB_SHA or the dispatch input sha is {sha!r} "
                "(allowed: a full 40-character commit sha)",
                sha=sha,
            )
        )
    return sha.lower(), branch


def find_merged_pull(github: GitHub, sha: str, branch: str, *, sleep: Callable[[float], None]) -> Pull:
    """The one pull request merged into ``branch`` as ``sha`` (GitHub may need a moment to index it: asked
    again by the one retry policy, on the command's budget)."""
    attempt = 0
    while True:
        attempt += 1
        found = [
            p
            for p in github.pulls_of_commit(sha)
            if p.info.merged_at is not None and p.info.merge_commit_sha == sha and p.info.base_ref == branch
        ]
        wait = None if found else github.budget.take(None, attempt)  # not listed yet: the policy's backoff
        if wait is None:
            break
        sleep(wait)
    if len(found) != 1:
        why = (
            _("no pull request was merged as this commit")
            if not found
            else _(
                "{count} pull requests claim this commit ({pulls})",
                count=len(found),
                pulls=", ".join(f"#{p.info.number}" for p in found),
            )
        )
        raise NotAcceptable(
            _(
                "nothing is published: commit {commit} on {branch} did not come through the SOP: "
                "{why} (every change to {branch} goes through a pull request signed by every step)",
                commit=sha[:7],
                branch=branch,
                why=why,
            )
        )
    return found[0]


def verify_merge(
    env: Mapping[str, str], *, sleep: Callable[[float], None] = time.sleep, now: datetime | None = None
) -> VerifiedMerge:
    """Verify the merge the run is about; raise NotAcceptable (nothing is published) unless complete."""
    ctx = ActionsContext.from_env(env, events=MAIN_EVENTS)
    sha, branch = commit_of_event(ctx)
    github = GitHub(ctx.api_url, ctx.token, ctx.repository, sleep=sleep)
    return verify_merge_at(github, sha, branch, sleep=sleep, now=now)


def verify_merge_at(
    github: GitHub,
    sha: str,
    branch: str,
    *,
    trusted: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: datetime | None = None,
) -> VerifiedMerge:
    """Verify the merge ``sha`` of ``branch`` with GitHub: the rules of main just before it, of the pull
    request's base and (``trusted``) of the newest verified commit before it must each find the chain
    complete; raise NotAcceptable otherwise."""
    candidate = find_merged_pull(github, sha, branch, sleep=sleep)
    pull = github.pull(candidate.info.number)
    info = pull.info
    if not info.merged or info.merge_commit_sha != sha:
        raise NotAcceptable(
            _(
                "nothing is published: #{number} is not merged as {commit} "
                "(GitHub says merged={merged}, merge commit {merge_commit})",
                number=info.number,
                commit=sha[:7],
                merged=info.merged,
                merge_commit=str(info.merge_commit_sha)[:7],
            )
        )
    parents = github.commit_parents(sha)
    if not parents:
        raise NotAcceptable(
            _(
                "nothing is published: commit {commit} has no parent, so there is no main before it to read sop.yml "
                "from",
                commit=sha[:7],
            )
        )
    github.read_reviews(pull)
    github.read_change(pull)
    rules = {parents[0]: f"{branch} before the merge"}
    if info.base_sha not in rules:
        rules[info.base_sha] = f"base of #{info.number}"
    if trusted and trusted not in rules:
        rules[trusted] = "the newest verified commit before the merge"
    verified: VerifiedMerge | None = None
    for ref, label in rules.items():
        sop = github.sop_at(ref, label)
        facts = change_facts(
            sop, pull, lambda path: github.read_file(path, info.head_sha), partial(_read_at, github, ref)
        )
        result = evaluate(sop, facts)
        if result.status != Status.APPROVED:
            checklist = render_text(
                result,
                sop,
                change=f"#{info.number} {info.title}",
                head=info.head_sha,
                now=now or datetime.now(UTC),
            )
            raise NotAcceptable(
                f"nothing is published: #{info.number} was merged into {branch} as {sha[:7]} without the "
                f"complete SOP chain (rules: sop.yml of {label}, {ref[:7]})\n\n{checklist}".rstrip()
            )
        if verified is None:
            verified = VerifiedMerge(sha=sha, parent=parents[0], pull=pull, sop=sop, facts=facts, result=result)
    assert verified is not None
    return verified


@dataclass
class CatchUp:
    """What one record job did: the merges it recorded, the ones that do not verify, and the newest verified
    commit of main's first-parent line afterwards (the commit whose code and content the run may use)."""

    event_commit: str
    recorded: list[tuple[str, int, str | None]] = field(default_factory=list)
    """(merge, its pull request's number, the record's folder or None when a signed one was there), for each
    merge verified with GitHub by this run (oldest first)."""
    refused: dict[str, str] = field(default_factory=dict)
    """{merge: why it is not published}."""
    newest: str = ""


def record_every_merge(
    env: Mapping[str, str],
    repo: GitRepo,
    *,
    signing_key: str | None,
    sleep: Callable[[float], None] = time.sleep,
    now: datetime | None = None,
) -> CatchUp:
    """Verify with GitHub and record, in order, every merge on the first-parent line of the run's commit
    that is not verified yet (after the newest verified commit): a merge whose own run was cancelled (a
    newer run took its place in the concurrency group) is recorded by the next run, scheduled ones
    included. ``repo`` is a clone of the run's commit with its history and the arsip branch (data: nothing
    of it is run). A merge that does not verify is reported and skipped; the rules of the newest verified
    commit before each merge must approve it too. A merge that carries files a commit outside the SOP
    brought in is not recorded: a signed record makes a merge's code trusted (the workflows' anchor)."""
    ctx = ActionsContext.from_env(env, events=MAIN_EVENTS)
    sha, branch = commit_of_event(ctx)
    github = GitHub(ctx.api_url, ctx.token, ctx.repository, sleep=sleep)
    line = verified_line(repo, sha)
    done = CatchUp(event_commit=sha)
    trusted = line.newest
    for merge in line.unverified_after(trusted):
        try:
            verified = verify_merge_at(github, merge, branch, trusted=trusted, sleep=sleep, now=now)
        except NotAcceptable as refused:
            done.refused[merge] = refused.message
            continue
        foreign = not_approved(repo, trusted, merge)
        if foreign:  # signed, its record would make it trusted code: never for what a bypass brought in
            done.refused[merge] = foreign
            continue
        folder = record_merge(repo, verified, signing_key=signing_key, now=now, keys_from=trusted)
        done.recorded.append((merge, verified.pull.info.number, folder))
        trusted = merge
    done.newest = verified_line(repo, sha).newest
    return done


def record_merge(
    repo: GitRepo,
    verified: VerifiedMerge,
    *,
    signing_key: str | None = None,
    now: datetime | None = None,
    keys_from: str | None = None,
) -> str | None:
    """Write the archive record (Lembar Pengesahan) of a verified merge to the arsip branch of ``repo`` (a
    clone of main with full history), signed with ``signing_key`` (the publish job's private key, from the
    protected environment's secret ``HUMAS_RECORD_KEY``): only a signed record of a GitHub merge counts
    when the website is built or a scheduled run posts. None when a signed record is there already.
    ``keys_from``: the commit whose ``record_keys`` the key must be listed in (the newest verified commit
    before the merge; by default main's tip). While that commit lists none, the merge's own keys count
    (the first key of a repository being set up)."""

    if not signing_key:
        raise ConfigError(
            _(
                "HUMAS_RECORD_KEY is not set: the record of a GitHub merge must be signed by the publish job "
                "(an SSH private key in the publikasi environment's secrets; its public key in record_keys of "
                "sop.yml; see docs/github.md)"
            )
        )
    store = BranchStore(repo)
    trusted = TrustedMain(repo)
    keys = trusted.sop(keys_from).record_keys
    if keys_from is not None and not keys:
        keys = trusted.sop(verified.sha).record_keys
    revoked = trusted.sop().revoked  # a stolen key is cut by main as it is now
    keys = [line for line in keys if key_id(line) not in revoked]
    existing = [r for r in load_records(store) if r.merge_commit == verified.sha]
    # Already signed by a key of record_keys: done. A signature anyone pushed to arsip that does not verify
    # is no reason to skip writing the real record.
    if any(r.attestation and verify(r.raw, r.attestation, keys, RECORD_NAMESPACE) is None for r in existing):
        return None
    info = verified.pull.info
    paths = list(verified.facts.paths)
    publications = sorted({p for path in paths if (p := publication_of(path))})
    ids = object_ids(repo, [f"{info.head_sha}:{publication_folder(p)}" for p in publications])
    approved = {p: tree for p in publications if (tree := ids[f"{info.head_sha}:{publication_folder(p)}"])}
    record = build_record(
        forge="github",
        change=f"#{info.number} {info.head_ref}",
        title=info.title,
        merge_commit=verified.sha,
        base=verified.parent,
        facts=verified.facts,
        result=verified.result,
        sop=verified.sop,
        files=content_files(repo, info.head_sha, paths),
        publications=approved,
        merged_at=info.merged_at or now or datetime.now(UTC),
        merged_by="github",
        channels=publication_channels(repo, info.head_sha, sorted(approved)),
    )
    public, attestation = sign_with_private_key(signing_key, record_file(record), RECORD_NAMESPACE)
    if key_id(public) not in {key_id(k) for k in keys}:
        raise ConfigError(
            _(
                "HUMAS_RECORD_KEY ({fingerprint}) is not listed in record_keys of sop.yml on main: "
                "add its public key there (a change signed by the Direktur)",
                fingerprint=fingerprint(public),
            )
        )
    return write_record(store, record, attestation=attestation)
