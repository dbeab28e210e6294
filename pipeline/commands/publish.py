"""``humas publish``, ``humas due``, ``humas outbox`` and ``humas channels``: the posts.

Imports inside functions keep a help page from loading the channels.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import click

from ..messages import _
from .options import github_output_option, now_option, repo_option, repository


@click.command()
@click.option("--dry-run", is_flag=True, help="Say what would be posted; change nothing.")
@click.option(
    "--verify-only",
    is_flag=True,
    help="On GitHub: verify every merge of main not recorded yet, up to the run's commit, and record it in the "
    "archive; post nothing.",
)
@click.option("--outbox", default="outbox", show_default=True, help="The outbox folder.")
@github_output_option("With --verify-only: also write commit=<the newest verified commit> to FILE (GITHUB_OUTPUT).")
@repo_option
def publish(dry_run: bool, verify_only: bool, outbox: str, github_output: str | None, repo_path: str | None) -> None:
    """Post approved, not yet published content to its channels; record receipts.

    In a GitHub Actions run on main (push or workflow_dispatch) it first finds the merged pull request
    of the commit, re-reads its reviews and sop.yml from main, re-runs the policy and stops (exit 1,
    nothing posted) unless the chain is complete. With --verify-only (the record job, which holds
    HUMAS_RECORD_KEY) it verifies and records, in order, every merge of main's first-parent line after
    the newest verified commit up to the run's commit (a scheduled run too), and posts nothing; without
    it (the post job) the signed record is already there and the posts follow.
    """
    import os

    from ..channels.registry import configured_channels
    from ..forge.actions import before_posting
    from ..publish import outcome_words
    from ..publish import publish as do_publish

    repo = repository(repo_path)
    code = before_posting(
        os.environ,
        repo,
        dry_run=dry_run,
        verify_only=verify_only,
        github_output=github_output,
        say=click.echo,
        warn=partial(click.echo, err=True),
    )
    if code is not None:
        sys.exit(code)
    report = do_publish(
        repo, outbox=(Path.cwd() / outbox).resolve(), dry_run=dry_run, channels=configured_channels(os.environ)
    )
    for publication, reason in sorted(report.excluded.items()):
        click.echo(_("left out: {publication}: {reason}", publication=publication, reason=reason))
    for warning in report.warnings:
        click.echo(_("warning: {warning}", warning=warning), err=True)
    words = outcome_words()
    width = max(len(word) for word in words.values()) + 1
    for action in report.actions:
        click.echo(
            f"{words.get(action.outcome, action.outcome):{width}} {action.publication} → {action.channel}"
            + (f": {action.detail}" if action.detail else "")
        )
    if not report.actions and not report.acts:
        click.echo(_("nothing to publish"))
    amended = _amend(repo, report.acts, outbox, dry_run, shown=set(report.warnings))
    if report.failed or amended:
        sys.exit(1)


def _amend(repo: Any, acts: list[Any], outbox: str, dry_run: bool, shown: set[str]) -> int:
    """The corrections and takedowns the publications' lives order on their posts (``pipeline.amend``):
    each once, or handed to a person. Returns 1 when one failed or was refused. A warning the posting run
    ``shown`` already is not repeated."""
    import os

    from ..amend.run import amend, kind_word

    if dry_run:
        for act in acts:
            click.echo(
                _(
                    "would do the {kind} of {publication} → {channel}",
                    kind=kind_word(act.kind),
                    publication=act.publication,
                    channel=act.channel,
                )
            )
        return 0
    if not acts:
        return 0
    done = amend(repo, acts, os.environ, outbox=(Path.cwd() / outbox).resolve())
    for warning in done.warnings:
        if warning in shown:
            continue
        click.echo(_("warning: {warning}", warning=warning), err=True)
    for outcome in done.outcomes:
        click.echo(outcome.message)
        if outcome.action:
            click.echo("  " + _("to fix: {action}", action=outcome.action))
    return done.code


@click.command()
@github_output_option("Also write post=true|false and site=true|false to FILE (GitHub Actions' GITHUB_OUTPUT).")
@now_option("Act as of TIME (ISO 8601) instead of the clock.")
@repo_option
def due(github_output: str | None, now: datetime | None, repo_path: str | None) -> None:
    """Whether a post or an embargoed page is due now (the scheduled workflow's first step)."""
    from ..channels.cli import withdrawn_line
    from ..due import what_is_due
    from ..messages import language as current_language

    found = what_is_due(repository(repo_path), now=now or datetime.now(UTC))
    for post in found.posts:
        click.echo(_("post due: {post}", post=post))
    for page in found.pages:
        click.echo(_("page due: {publication} (its publish_at has come)", publication=page))
    if not found.posts and not found.pages:
        click.echo(_("nothing is due"))
    for publication, channel, package in found.withdrawn:  # not due, and a person must not upload it either
        click.echo(withdrawn_line(current_language(), publication, channel, package))
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"post={str(bool(found.posts)).lower()}\nsite={str(bool(found.pages)).lower()}\n")


@click.group()
def outbox() -> None:
    """The outbox: packages a person uploads by hand."""


@outbox.command()
@click.argument("publication")
@click.argument("channel")
@click.argument("url")
@click.option(
    "--withdrawn",
    is_flag=True,
    help="The publication was withdrawn and its package was uploaded anyway: record the post so that the next "
    "humas publish deletes it.",
)
@repo_option
def uploaded(publication: str, channel: str, url: str, withdrawn: bool, repo_path: str | None) -> None:
    """Record that PUBLICATION is posted on CHANNEL at URL (its receipt): an outbox package a person uploaded,
    or a deferred post a person found on the account."""
    from ..channels.cli import record_upload

    click.echo(record_upload(repository(repo_path), publication, channel, url, withdrawn=withdrawn))


@outbox.command("list")
@repo_option
def list_packages(repo_path: str | None) -> None:
    """The outbox packages that wait for a person's upload, and those of withdrawn publications that must not
    be uploaded."""
    from ..approved import approved_publications
    from ..channels.cli import outbox_lines

    repo = repository(repo_path)
    with approved_publications(repo) as approvals:
        withdrawn = {item.id for item in approvals.publications if item.life.withdrawn}
        language = approvals.sop.language
    lines = outbox_lines(repo, withdrawn, language)
    for line in lines:
        click.echo(line)
    if not lines:
        click.echo(_("no outbox package waits for a person"))


@outbox.command("not-posted")
@click.argument("publication")
@click.argument("channel")
@repo_option
def not_posted(publication: str, channel: str, repo_path: str | None) -> None:
    """Say that a deferred post of PUBLICATION is not on CHANNEL (you looked): the claim is cleared, your word
    is kept signed in the archive, and the next humas publish posts it once."""
    from ..channels.cli import record_not_posted
    from ..trusted import TrustedMain

    repo = repository(repo_path)
    me = repo.identity()
    sop = TrustedMain(repo).rules()
    found = sop.person_by_email(me.email)
    shown = sop.people[found].name if found else None  # as sop.yml names them, not as git does
    click.echo(record_not_posted(repo, publication, channel, f"{me.name} <{me.email}>", shown))


@click.group()
def channels() -> None:
    """The social channels."""


@channels.command()
@click.option(
    "--github-issue",
    is_flag=True,
    help="In a scheduled GitHub Actions run: open, update or close the one issue labelled humas-channels.",
)
def doctor(github_issue: bool) -> None:
    """Check each configured channel: token and its life, permissions, quota; say what to fix."""
    import os

    from ..channels.doctor import diagnose, vault_here

    if os.environ.get("GITHUB_ACTIONS") == "true":
        from ..forge.github_protection import require_protection

        require_protection(os.environ)  # it renews tokens on arsip and writes an issue: only when protected
    report, code = diagnose(
        os.environ, vault=vault_here(os.environ), renew=bool(os.environ.get("HUMAS_ARCHIVE_REMOTE"))
    )
    click.echo(report)
    if github_issue:
        from ..forge.alert import sync_issue

        click.echo(sync_issue(report, code, os.environ, _language()))
    sys.exit(code)


def _language() -> str:
    """The language of sop.yml in the repository here (Indonesian when it cannot be read)."""
    from ..sop.config import parse_sop

    try:
        return parse_sop((Path.cwd() / "sop.yml").read_text(encoding="utf-8")).language
    except Exception:  # noqa: BLE001 - any unreadable sop.yml: the default language
        return "id"


COMMANDS = {"publish": publish, "due": due, "outbox": outbox, "channels": channels}
