"""``humas gate``: the SOP gate of a pull request, run by GitHub Actions on pull_request and
pull_request_review events.

It re-reads the pull request (a run whose event is older than the head leaves the decision to the
newer run), its reviews, commits and files, and sop.yml at the base sha; evaluates the same policy as
the local forge; validates the drafts the pull request changes from the checkout of its head (data
only: nothing of the pull request is executed); then posts the commit status ``humas/sop``, keeps one
comment up to date, asks the next step's holders for a review and, when the last step is signed,
merges with the ``sha`` guard and trailers and starts the publish workflow.

With the institution's GitHub App (``HUMAS_APP_ID``, ``HUMAS_APP_PRIVATE_KEY``; the key is a secret
of the environment ``humas-gate``, which only runs from main) the result is the check run
``humas/sop`` posted as the App, and the merge is made as the App too, so its push starts the publish
workflow. The ruleset on main requires that check from that App's integration id (``humas github
setup``), so no branch workflow, whose token is GitHub Actions', can make it pass. Without the App the
gate posts the commit status ``humas/sop`` with the job's token, which any writer can set too, and
starts the publish workflow itself; ``humas github check`` says that this is not enforceable.
``humas publish`` on main (``github_publish``) checks everything again either way.

Cost: 4 requests of facts for a pull request with up to 100 reviews, 100 commits and 300 changed
files (the pull request, sop.yml at its base, the reviews, one comparison of base and head for the
commits and files); then the status and the comment lookup (skipped when the pull request has no
comments): 6 in all, however many reviews up to 100 (with the App, 2 more: its installation and
its token). A comment write only when its content changed, a
review request only when someone new is asked, and the pull request's own lists of commits or files
only when the comparison does not match it (see ``GitHub.read_change``).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import IO, Any

from ..archive.record import trailers
from ..archive.verify import verify_main
from ..content.check import check_drafts
from ..content.paths import publication_index, publication_of
from ..git import MAIN, GitRepo
from ..messages import _, translated
from ..preview.render import render_previews
from ..problems import ConfigError, HumasError, Problem, report
from ..sop.config import Sop
from ..sop.evaluate import evaluate
from ..sop.explain import render_markdown, render_text, status_line
from ..sop.mermaid import render_flowchart
from ..sop.result import Node, Status
from .github import (
    COMMENT_MARKER,
    STATUS_CONTEXT,
    GitHub,
    GitHubRefused,
    HeadMoved,
    Pull,
    PullInfo,
    app_credentials,
    app_installation_token,
    change_facts,
)

PR_EVENTS = ("pull_request", "pull_request_review", "pull_request_target", "workflow_run")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EDITOR_BRANCH_PREFIX = "cms/"
"""The branches of the web editor's pull requests (Decap CMS's ``CMS_BRANCH_PREFIX``)."""
BOARD_LABEL_PREFIX = "humas/"
"""Decap CMS's ``cms_label_prefix`` as the editor's configuration sets it (pipeline/editor/admin.py): the
label ``humas/<column>`` of a ``cms/…`` pull request is the column of its card on the editor's board."""
BOARD_COLUMNS = {"failure": "draft", "pending": "pending_review", "success": "pending_publish"}
"""The board column of each state of the check: something to fix first (the content check fails, a step
asked for changes), waiting for an approver, every step signed (about to be merged)."""


@dataclass(frozen=True)
class ActionsContext:
    """The standard environment of a GitHub Actions run, checked."""

    repository: str
    token: str
    event_name: str
    event: dict[str, Any]
    api_url: str
    server_url: str
    run_id: str | None
    sha: str | None
    summary: Path | None

    @property
    def run_url(self) -> str | None:
        if not self.run_id:
            return None
        return f"{self.server_url.rstrip('/')}/{self.repository}/actions/runs/{self.run_id}"

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, events: tuple[str, ...]) -> ActionsContext:
        missing = [
            name
            for name in ("GITHUB_REPOSITORY", "GITHUB_TOKEN", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH")
            if not env.get(name)
        ]
        if missing:
            raise ConfigError(
                _(
                    "missing environment variable(s) {names} (humas runs this command "
                    "inside GitHub Actions; pass GITHUB_TOKEN through env:)",
                    names=", ".join(missing),
                )
            )
        repository = env["GITHUB_REPOSITORY"]
        if repository.count("/") != 1 or not all(repository.split("/")):
            raise ConfigError(_("GITHUB_REPOSITORY is {repository!r} (allowed: owner/name)", repository=repository))
        event_name = env["GITHUB_EVENT_NAME"]
        if event_name not in events:
            raise ConfigError(
                _(
                    "GITHUB_EVENT_NAME is {event_name!r} (allowed: {allowed})",
                    event_name=event_name,
                    allowed=", ".join(events),
                )
            )
        path = Path(env["GITHUB_EVENT_PATH"])
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(_("GITHUB_EVENT_PATH: {path}: file not found", path=path)) from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(
                _("GITHUB_EVENT_PATH: {path}: cannot be read ({why})", path=path, why=type(error).__name__)
            ) from None
        except json.JSONDecodeError as error:
            raise ConfigError(
                _(
                    "GITHUB_EVENT_PATH: {path}:{line}: not valid JSON ({why})",
                    path=path,
                    line=error.lineno,
                    why=error.msg,
                )
            ) from None
        if not isinstance(event, dict):
            raise ConfigError(_("GITHUB_EVENT_PATH: {path}: expected a JSON object (the event payload)", path=path))
        summary = env.get("GITHUB_STEP_SUMMARY")
        return cls(
            repository=repository,
            token=env["GITHUB_TOKEN"],
            event_name=event_name,
            event=event,
            api_url=env.get("GITHUB_API_URL") or "https://api.github.com",
            server_url=env.get("GITHUB_SERVER_URL") or "https://github.com",
            run_id=env.get("GITHUB_RUN_ID") or None,
            sha=env.get("GITHUB_SHA") or None,
            summary=Path(summary) if summary else None,
        )

    def pull_request(self) -> tuple[int | None, str]:
        """(number, head sha) of the event's pull request. A ``workflow_run`` event (the evaluation after a
        review, see .github/workflows/review.yml) names the head sha, and the pull request when GitHub
        lists it (it does not for forks: the number is then None, found from the sha)."""
        if self.event_name == "workflow_run":
            run = self.event.get("workflow_run")
            sha = run.get("head_sha") if isinstance(run, dict) else None
            pulls = run.get("pull_requests") if isinstance(run, dict) else None
            if not isinstance(sha, str) or len(sha) != 40:
                raise ConfigError(
                    _(
                        "the workflow_run event has no workflow_run.head_sha "
                        "(is GITHUB_EVENT_PATH the event payload of the run?)"
                    )
                )
            found = [p.get("number") for p in pulls or [] if isinstance(p, dict) and isinstance(p.get("number"), int)]
            return (found[0] if len(found) == 1 else None), sha
        pr = self.event.get("pull_request")
        number = pr.get("number") if isinstance(pr, dict) else None
        head = pr.get("head") if isinstance(pr, dict) else None
        sha = head.get("sha") if isinstance(head, dict) else None
        if not isinstance(number, int) or not isinstance(sha, str) or len(sha) < 7:
            raise ConfigError(
                _(
                    "the {event_name} event has no pull_request.number and pull_request.head.sha "
                    "(is GITHUB_EVENT_PATH the event payload of the run?)",
                    event_name=self.event_name,
                )
            )
        return number, sha


def changed_drafts(paths: tuple[str, ...]) -> list[str]:
    """The draft files whose content a change touches (a publication's index.md for its media too)."""
    return sorted(
        {
            publication_index(p) if (p := publication_of(path)) else path
            for path in paths
            if path.startswith("content/") and (publication_of(path) or path.endswith(".md"))
        }
    )


def validate_checkout(root: Path, sop: Sop, paths: tuple[str, ...]) -> list[Problem]:
    present = [d for d in changed_drafts(paths) if (root / d).is_file()]
    return check_drafts(root, sop, present).problems if present else []


def github_state(result: Node, problems: list[Problem]) -> str:
    if problems or result.status in (Status.DISAPPROVED, Status.ERROR):
        return "failure"
    return "success" if result.status == Status.APPROVED else "pending"


def description(result: Node, sop: Sop, problems: list[Problem]) -> str:
    """The status line (under 140 characters), naming the next step while the chain is pending."""
    lang = sop.language
    if problems:
        invalid = translated(lang, "invalid content: {count} problem(s) (see the comment)", count=len(problems))
        line = translated(lang, "changes requested") + f": {invalid}"
    elif result.status == Status.PENDING and (current := result.current_steps()):
        step = current[0]
        steps = result.steps()
        people = ", ".join(sop.people[p].name for p in step.waiting_for)
        line = translated(
            lang,
            "waiting for {step}: {people} ({done}/{total} steps)",
            step=sop.step_by_id[step.step or ""].name,
            people=people,
            done=sum(1 for s in steps if s.status == Status.APPROVED),
            total=len(steps),
        )
    else:
        line = status_line(result, sop)
    return line if len(line) < 140 else line[:136] + "…"


def mention_map(sop: Sop) -> dict[str, str]:
    return {pid: person.github for pid, person in sop.people.items() if person.github}


def next_reviewers(result: Node, sop: Sop) -> list[str]:
    logins = mention_map(sop)
    if result.status != Status.PENDING:
        return []
    return sorted({logins[p] for step in result.current_steps() for p in step.waiting_for if p in logins})


def render_comment(
    result: Node,
    sop: Sop,
    problems: list[Problem],
    *,
    head: str,
    now: datetime,
    asked: list[str],
    previews: str | None = None,
    reminders: tuple[str, ...] = (),
) -> str:
    """The sticky comment. ``previews``: the run whose artifact holds the previews of this head (its URL
    comes from the run's own environment, never from the pull request)."""
    lang = sop.language
    out = ["## " + translated(lang, "Publication SOP checklist"), ""]
    out.append(render_markdown(result, sop, now=now, mention=mention_map(sop), fix_first=bool(problems)).rstrip())
    out.append("")
    if previews:
        out += [
            translated(
                lang,
                "**Previews** of the website page and the posts (Instagram, Facebook, TikTok, YouTube): the "
                "`humas-pratinjau` artifact of [this run]({url}).",
                url=previews,
            ),
            "",
        ]
    if problems:
        out += [
            "### " + translated(lang, "Content problems"),
            "",
            translated(lang, "Fix these files and push to the same branch (run `humas check`):"),
            "",
        ]
        # In a code span: no mention, link or HTML of a draft's text can act in the comment.
        out += ["- `" + str(problem).replace("`", "'").replace("\n", " ") + "`" for problem in problems]
        out.append("")
    if reminders:  # main's urgent withdrawals, until the withdrawal chain confirms each
        out += ["### " + translated(lang, "Urgent withdrawals to confirm"), ""]
        out += ["- " + line for line in reminders]
        out.append("")
    if asked:
        out += [
            "**" + translated(lang, "Review requested from") + ":** " + ", ".join(f"@{login}" for login in asked),
            "",
        ]
    if result.status == Status.APPROVED and not problems:
        out += [
            translated(
                lang,
                "Every step is signed: this pull request is merged automatically with the "
                "signatures in the commit message.",
            ),
            "",
        ]
    elif result.status == Status.PENDING:
        out += [
            "<sub>"
            + translated(
                lang,
                "How to sign: open *Files changed* → *Review changes* → *Approve*. An approval holds for the "
                "latest commit; every new commit voids the approvals given.",
            )
            + "</sub>",
            "",
        ]
    out += ["### " + translated(lang, "SOP flow"), "", render_flowchart(sop, result).rstrip(), ""]
    out.append("<sub>" + translated(lang, "Updated by humas for commit {head}.", head=head[:7]) + "</sub>")
    return "\n".join(out) + "\n"


def _previews(
    env: Mapping[str, str], content: Path, head: str, base: str, sop: Sop, run_url: str | None, out: IO[str]
) -> str | None:
    """Render the previews of the change into ``HUMAS_PREVIEW_DIR`` (the workflow uploads it as the
    artifact ``humas-pratinjau``) from the pull request's clone, read as git data; the run's URL, or None
    when there is nothing to link. A preview that cannot be made never fails the gate."""
    folder = env.get("HUMAS_PREVIEW_DIR")
    if not folder or not run_url:
        return None

    try:
        made = render_previews(GitRepo(content), head, Path(folder), sop, base=base)
    except HumasError as error:
        print(translated(sop.language, "no previews: {why}", why=error.message), file=out)
        return None
    return run_url if made else None


def unconfirmed_withdrawals(main: Path, sop: Sop) -> list[str]:
    """The checklist items of main's urgent withdrawals that the withdrawal chain has not confirmed yet, read
    from ``main`` (the gate's checkout of main with its ``arsip`` branch; only signed records count, as for
    ``humas status main``). Nothing when ``main`` holds no repository or no archive (a note is printed by
    the caller's own output only when the archive cannot be read)."""
    repo = GitRepo(main)
    if not (main / ".git").exists() or repo.rev(f"refs/heads/{MAIN}") is None:
        return []
    verdict = verify_main(repo)
    return [
        translated(
            sop.language,
            "urgent withdrawal not confirmed yet: {publication} (record {record}): set darurat to "
            "false and have the withdrawal chain sign it",
            publication=publication,
            record=life.withdrawal.record,
        )
        for publication, life in sorted(verdict.lives.items())
        if life.withdrawal and life.withdrawal.urgent and not life.withdrawal.confirmed
    ]


def comment_key(result: Node, sop: Sop, problems: list[Problem], head: str, reminders: tuple[str, ...] = ()) -> str:
    """A digest of what the comment says apart from running clocks: it changes when the meaning does."""
    body = render_comment(
        result, sop, problems, head=head, now=EPOCH, asked=next_reviewers(result, sop), reminders=reminders
    )
    return "state:" + hashlib.sha256(body.encode()).hexdigest()[:16]


def run_gate(
    env: Mapping[str, str],
    *,
    sleep: Callable[[float], None] = time.sleep,
    now: datetime | None = None,
    content: Path | None = None,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """The gate; returns the exit code (0 complete or pending, 1 not acceptable, 2 usage or GitHub error)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        return _gate(
            env,
            sleep=sleep,
            now=now or datetime.now(UTC),
            content=content or Path(env.get("HUMAS_CONTENT_DIR") or ".").resolve(),
            out=out,
        )
    except HumasError as error:
        return report(error, partial(print, file=err), env)


def _gate(env: Mapping[str, str], *, sleep: Callable[[float], None], now: datetime, content: Path, out: IO[str]) -> int:
    ctx = ActionsContext.from_env(env, events=PR_EVENTS)
    app = app_credentials(env)
    number, event_head = ctx.pull_request()
    github = GitHub(ctx.api_url, ctx.token, ctx.repository, sleep=sleep)
    if number is None:
        open_pulls = [
            p for p in github.pulls_of_commit(event_head) if p.info.state == "open" and p.info.head_sha == event_head
        ]
        if len(open_pulls) != 1:
            print(f"{event_head[:7]} is the head of no open pull request: nothing to do.", file=out)
            return 0
        number = open_pulls[0].info.number

    pull = github.pull(number)
    info = pull.info
    if info.head_sha != event_head:
        print(
            f"#{number}: the head moved from {event_head[:7]} to {info.head_sha[:7]} since this event; "
            "the run for the newer commit decides.",
            file=out,
        )
        return 0
    if info.state != "open":
        print(f"#{number} is {'merged' if info.merged else info.state}: nothing to do.", file=out)
        return 0
    sop = github.sop_at(info.base_sha, f"base {info.base_ref}")
    github.read_reviews(pull)
    github.read_change(pull)

    def read_head(path: str) -> bytes | None:
        file = content / path
        return file.read_bytes() if file.is_file() and not file.is_symlink() else None

    facts = change_facts(sop, pull, read_head, lambda path: github.read_file(path, info.base_sha))
    result = evaluate(sop, facts)
    problems = validate_checkout(content, sop, facts.paths)
    state = github_state(result, problems)
    line = description(result, sop, problems)
    asked = [] if problems else next_reviewers(result, sop)  # sign only what can merge: fix first
    previews = _previews(env, content, info.head_sha, info.base_sha, sop, ctx.run_url, out)
    try:
        reminders = tuple(unconfirmed_withdrawals(Path.cwd(), sop))
    except HumasError as error:
        print(f"urgent withdrawals: main's archive cannot be read ({error.message})", file=out)
        reminders = ()
    body = render_comment(
        result, sop, problems, head=info.head_sha, now=now, asked=asked, previews=previews, reminders=reminders
    )

    print(
        render_text(result, sop, change=f"#{number} {info.title}", head=info.head_sha, now=now, problems=problems),
        file=out,
    )
    print(f"{state}: {line}", file=out)
    for reminder in reminders:
        print(reminder, file=out)
    _summary(ctx, body)

    code = 1 if state == "failure" else 0
    if info.fork:
        print(
            f"#{number} comes from a fork: its token is read-only, so no status, comment, review request or "
            "merge is written; the checklist is above and in the job summary.",
            file=out,
        )
        return code
    poster = github
    try:
        if app is not None:
            token = app_installation_token(ctx.api_url, app[0], app[1], ctx.repository)
            poster = GitHub(ctx.api_url, token, ctx.repository, sleep=sleep)
            poster.set_check(info.head_sha, state, line, body.replace(COMMENT_MARKER, ""), ctx.run_url)
            print(f"check run {STATUS_CONTEXT}: {state} (as the GitHub App {app[0]})", file=out)
        else:
            github.set_status(info.head_sha, state, line, ctx.run_url)
    except GitHubRefused as error:
        if error.status not in (403, 404) or app is not None:
            raise
        print(
            f"the token may not write to {ctx.repository} ({error.status}): no status, comment or merge "
            "is written; the checklist is above and in the job summary.",
            file=out,
        )
        return code
    outcome = github.upsert_comment(pull, body, comment_key(result, sop, problems, info.head_sha, reminders))
    print(f"comment: {outcome}", file=out)
    _board(github, info, state, out)
    if asked:
        requested = github.request_reviews(pull, asked)
        if requested:
            print(f"review requested from: {', '.join(requested)}", file=out)
    if state == "success" and not info.draft:
        if poster is not github:  # the App merges: its push starts the publish workflow
            return _merge(poster, Pull(info=info, handle=poster.repo.get_pull(info.number)), result, env, out, True)
        return _merge(github, pull, result, env, out, False)
    return code


def board_labels(labels: tuple[str, ...], state: str) -> list[str] | None:
    """The labels a ``cms/…`` pull request should have for the check's ``state``: its own labels, the board's
    one label set to the column of ``state``; None when they are right already."""
    wanted = BOARD_LABEL_PREFIX + BOARD_COLUMNS[state]
    board = [label for label in labels if label.startswith(BOARD_LABEL_PREFIX)]
    if board == [wanted]:
        return None
    return [label for label in labels if not label.startswith(BOARD_LABEL_PREFIX)] + [wanted]


def _board(github: GitHub, info: PullInfo, state: str, out: IO[str]) -> None:
    """Put the web editor's card of a ``cms/…`` pull request in the column of the SOP's state (Decap CMS reads
    the column from the label). A label set by hand or by dragging the card is put back here. The label grants
    nothing: the merge and the publish job read the reviews, never the labels. A label that cannot be written
    only leaves the card where it was."""
    if not info.head_ref.startswith(EDITOR_BRANCH_PREFIX):
        return
    labels = board_labels(info.labels, state)
    if labels is None:
        return
    try:
        github.set_labels(info.number, labels)
    except HumasError as error:
        print(f"the editor's board: the label of #{info.number} was not set ({error.message})", file=out)
        return
    print(f"the editor's board: #{info.number} is in {BOARD_COLUMNS[state]}", file=out)


def _merge(github: GitHub, pull: Pull, result: Node, env: Mapping[str, str], out: IO[str], as_app: bool) -> int:
    """Merge with the trailers. As the App, the merge's push to main starts the publish workflow (a push
    by the job's own token starts none, so without the App the workflow is dispatched)."""
    info = pull.info
    title = f"{info.title} (#{info.number})"
    message = (
        f"Merge pull request #{info.number} from {info.head_ref}\n\n"
        + "\n".join(trailers(result, info.head_sha))
        + "\n"
    )
    try:
        merged = github.merge(pull, info.head_sha, title, message)
    except HeadMoved as moved:
        print(moved.message, file=out)
        return 0
    print(f"merged #{info.number} as {merged[:7]}", file=out)
    if as_app:
        print(f"the push of {merged[:7]} to {info.base_ref} starts the publish workflow", file=out)
        return 0
    workflow = env.get("HUMAS_PUBLISH_WORKFLOW") or "publish.yml"
    try:
        github.dispatch(workflow, info.base_ref, {"sha": merged})
    except HumasError as error:
        print(
            f"humas: merged, but the publish workflow {workflow} could not be started: "
            f"{error.message}; start "
            "it by hand (Actions → publish → Run workflow)",
            file=out,
        )
        return 1
    print(f"started workflow {workflow} on {info.base_ref}", file=out)
    return 0


def _summary(ctx: ActionsContext, body: str) -> None:
    if ctx.summary is None:
        return
    try:
        with ctx.summary.open("a", encoding="utf-8") as handle:
            handle.write(body.replace(COMMENT_MARKER, "") + "\n")
    except OSError:
        pass  # the summary is a convenience; the log has the checklist
