"""``humas ingatkan``: remind the approvers of every open pull request whose step is over its Mutu Baku.

Run by a scheduled workflow (``remind.yml``) with ``GITHUB_TOKEN``. On a working day (Monday to Friday
in sop.yml's time zone) it evaluates each open, non-draft pull request with the same policy as the gate
(sop.yml read at the pull request's base, never from the change) and, for each step that waits longer
than its Mutu Baku, posts one comment that mentions the people the step waits for. A hidden first line
(``<!-- humas:ingatkan day=YYYY-MM-DD steps=chain/step,... -->``) in the bot's own comments makes it
idempotent: a step is reminded at most once per working day, however often the schedule runs. Only
comments by a bot count, so a person cannot silence a reminder by writing the marker. Public holidays
are not known to it. Without GitHub, ``HUMAS_SMTP_HOST`` set, the same rule sends e-mail instead
(``pipeline.forge.remind_mail``).

Cost per run: 1 request for the list of open pull requests, 1 for sop.yml on main, then per pull
request 5 or 6 (the pull request, its base's sop.yml when it differs, reviews, comparison, the draft's
bidang) and, only when a step is overdue, the comments and the new comment.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import IO, Any
from zoneinfo import ZoneInfo

from ..messages import translated
from ..problems import HumasError, report
from ..sop.config import Sop
from ..sop.evaluate import evaluate
from ..sop.explain import duration, format_time
from ..sop.overdue import Overdue, overdue_steps, working_day
from .github import GitHub, Pull, change_facts, pull_info
from .github_gate import ActionsContext, mention_map

EVENTS = ("schedule", "workflow_dispatch")
MARKER = re.compile(r"^<!-- humas:ingatkan day=(\d{4}-\d{2}-\d{2}) steps=([\w/,.-]+) -->")


def reminded_today(comments: list[Mapping[str, Any]], day: str) -> set[str]:
    """The ``chain/step`` keys that a bot's reminder already named on ``day``."""
    keys: set[str] = set()
    for comment in comments:
        user = comment.get("user") or {}
        match = MARKER.match(str(comment.get("body") or ""))
        if match and isinstance(user, Mapping) and user.get("type") == "Bot" and match.group(1) == day:
            keys.update(match.group(2).split(","))
    return keys


def render_reminder(steps: list[Overdue], sop: Sop, day: str) -> str:
    lang = sop.language
    logins = mention_map(sop)
    lines = [
        f"<!-- humas:ingatkan day={day} steps={','.join(s.key for s in steps)} -->",
        "⏰ **" + translated(lang, "Mutu Baku reminder") + "**",
        "",
    ]
    for step in steps:
        people = ", ".join(f"@{logins[p]}" if p in logins else sop.people[p].name for p in step.people)
        lines.append(
            "- "
            + translated(
                lang,
                "**{step_name}** has waited for {people} since {since} ({elapsed}; standard {minutes} min)",
                step_name=sop.step_by_id[step.key.split("/", 1)[1]].name,
                people=people,
                since=format_time(step.since, sop),
                elapsed=duration(step.elapsed, lang),
                minutes=step.minutes,
            )
        )
    lines += [
        "",
        "<sub>"
        + translated(
            lang,
            "Reminded once per step per working day by humas. How to sign: open *Files changed* → *Review "
            "changes* → *Approve*.",
        )
        + "</sub>",
    ]
    return "\n".join(lines) + "\n"


def run_remind(
    env: Mapping[str, str],
    *,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
    repo_path: str | None = None,
) -> int:
    """The reminders; returns the exit code (0 done, 2 usage or GitHub error). With ``HUMAS_SMTP_HOST`` set,
    by e-mail for the local forge's changes in the repository at ``repo_path`` (``remind_mail``)."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if env.get("HUMAS_SMTP_HOST"):  # no GitHub: the local forge's changes, by e-mail
            from .remind_mail import run_remind_mail  # start-up: SMTP and the local forge only for e-mail

            run_remind_mail(env, now=now or datetime.now(UTC), repo_path=repo_path, echo=partial(print, file=out))
            return 0
        return _remind(env, now=now or datetime.now(UTC), sleep=sleep, out=out)
    except HumasError as error:
        return report(error, partial(print, file=err), env)


def _remind(env: Mapping[str, str], *, now: datetime, sleep: Callable[[float], None], out: IO[str]) -> int:
    ctx = ActionsContext.from_env(env, events=EVENTS)
    github = GitHub(ctx.api_url, ctx.token, ctx.repository, sleep=sleep)
    main = github.sop_at(ctx.sha or "main", "main")
    local = now.astimezone(ZoneInfo(main.timezone))
    if not working_day(now, main.timezone):
        print(f"{local:%Y-%m-%d} is not a working day ({local:%A}) in {main.timezone}: no reminders.", file=out)
        return 0
    day = local.strftime("%Y-%m-%d")
    pulls = github.call(
        "listing the open pull requests",
        lambda: [
            Pull(info=pull_info(item, ctx.repository, simple=True), handle=item)
            for item in github.repo.get_pulls(state="open")
        ],
    )
    if not pulls:
        print("no open pull request", file=out)
    rules: dict[str, Sop] = {}
    for listed in pulls:
        if listed.info.draft:
            print(f"#{listed.info.number}: a draft, not reminded", file=out)
            continue
        print(_remind_pull(github, listed.info.number, rules, now=now, day=day), file=out)
    return 0


def _remind_pull(github: GitHub, number: int, rules: dict[str, Sop], *, now: datetime, day: str) -> str:
    """Remind the overdue steps of one pull request; returns what was done, for the log."""
    pull = github.pull(number)
    info = pull.info
    if info.base_sha not in rules:
        rules[info.base_sha] = github.sop_at(info.base_sha, f"base {info.base_ref}")
    sop = rules[info.base_sha]
    github.read_reviews(pull)
    github.read_change(pull)

    def read_head(path: str) -> bytes | None:
        return github.read_file(path, info.head_sha)

    def read_base(path: str) -> bytes | None:
        return github.read_file(path, info.base_sha)

    late = overdue_steps(evaluate(sop, change_facts(sop, pull, read_head, read_base)), now)
    if not late:
        return f"#{number}: nothing over its Mutu Baku"

    def read_comments() -> list[Mapping[str, Any]]:
        return [dict(comment._rawData) for comment in pull.handle.get_issue_comments()]

    done = reminded_today(github.call(f"reading the comments of #{number}", read_comments), day)
    fresh = [step for step in late if step.key not in done]
    if not fresh:
        return f"#{number}: already reminded today ({', '.join(s.key for s in late)})"
    body = render_reminder(fresh, sop, day)
    github.call(f"commenting on #{number}", lambda: pull.handle.create_issue_comment(body), retry=False)
    return f"#{number}: reminded {', '.join(s.key for s in fresh)}"
