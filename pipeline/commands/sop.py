"""``humas status``, ``humas review`` and ``humas merge``: a change along the SOP.

Imports inside functions keep a help page from loading the policy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from ..git import MAIN
from ..messages import _
from ..problems import ConfigError, NotAcceptable
from .options import first_keys, repo_option, repository, warn_unsigned

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..problems import Problem
    from ..sop.config import Sop
    from ..sop.evaluate import Node


def _echo_checklist(
    result: Node, sop: Sop, branch: str, head: str, now: datetime, problems: Sequence[Problem] = ()
) -> None:
    """The SOP checklist of one change, with the command that signs its next step (or, while its drafts
    fail the check, the problems to fix first: nobody is asked to sign)."""
    from ..sop.explain import render_text

    text = render_text(
        result,
        sop,
        change=branch,
        head=head,
        now=now,
        next_command=f"humas review approve {branch} --role {{role}}",
        problems=problems,
    )
    click.echo(text, nl=False)


@click.command()
@click.argument("branch", required=False)
@repo_option
def status(branch: str | None, repo_path: str | None) -> None:
    """The SOP checklist of a change (default: the current branch; on main: every open change)."""
    from ..forge.local import LocalForge
    from ..forge.shared import synced
    from ..sop.evaluate import evaluate
    from ..sop.explain import render_overview

    repo = repository(repo_path)
    branch = branch or repo.current_branch()
    if not branch:
        raise NotAcceptable(_("no branch given and HEAD is detached (humas status BRANCH)"))
    shared = synced(repo, [] if branch == MAIN else [branch], strict=False, all_branches=branch == MAIN)
    for note in shared.notes if shared else []:
        click.echo(_("note: {note}", note=note), err=True)
    forge = LocalForge(repo, shared.remote if shared else None)
    sop = forge.sop()
    warn_unsigned(sop)
    guidance = first_keys(sop)
    if guidance:
        click.echo(guidance)
    if branch == MAIN:
        changes = forge.open_changes()
        rows = [(c.name, evaluate(sop, c.facts)) for c in changes]
        click.echo(render_overview(rows, sop, now=datetime.now(UTC)), nl=False)
        from ..archive.verify import verify_main
        from ..sop.explain import act_lines

        for line in act_lines([(c.name, c.facts) for c in changes], sop):
            click.echo(line)
        verdict = verify_main(repo, main=forge.main.sha())  # the main the changes were read against
        for publication, life in sorted(verdict.lives.items()):  # a checklist item until the chain confirms it
            if life.withdrawal and life.withdrawal.urgent and not life.withdrawal.confirmed:
                click.echo(
                    _(
                        "urgent withdrawal not confirmed yet: {publication} (record {record}): set darurat to "
                        "false and have the withdrawal chain sign it",
                        publication=publication,
                        record=life.withdrawal.record,
                    )
                )
        for publication, why in sorted(verdict.revoked.items()):  # off the site until signed again
            click.echo(_("to sign again: {publication}: {why}", publication=publication, why=why))
        from ..channels.cli import outbox_lines

        withdrawn = {publication for publication, life in verdict.lives.items() if life.withdrawn}
        for line in outbox_lines(repo, withdrawn, sop.language):  # what a person uploads by hand, or must not
            click.echo(line)
        return
    change = forge.change(branch)
    result = evaluate(sop, change.facts)
    from ..forge.merge import check_change_content

    problems = check_change_content(repo, sop, change)
    _echo_checklist(result, sop, branch, change.head, datetime.now(UTC), problems)


@click.command()
@click.argument("decision", type=click.Choice(["approve", "request-changes"]))
@click.argument("branch")
@click.option("--role", required=True, help="The role you sign as (see sop.yml roles).")
@click.option("-m", "--message", default="", help="A note for the record.")
@repo_option
def review(decision: str, branch: str, role: str, message: str, repo_path: str | None) -> None:
    """Sign a step of a change as the current git identity (git var GIT_AUTHOR_IDENT)."""
    from ..forge.local import LocalForge
    from ..forge.review import review as sign_review
    from ..forge.shared import synced
    from ..sop.facts import Decision

    repo = repository(repo_path)
    shared = synced(repo, [branch], strict=True)
    forge = LocalForge(repo, shared.remote if shared else None)
    guidance = first_keys(forge.sop())
    if guidance:
        raise ConfigError(guidance.rstrip("\n"))
    identity = repo.identity()
    kind = Decision.APPROVED if decision == "approve" else Decision.CHANGES_REQUESTED
    now = datetime.now(UTC)
    change, result = sign_review(
        forge, branch, email=identity.email, name=identity.name, role=role, decision=kind, message=message, at=now
    )
    sop = forge.sop()
    warn_unsigned(sop)
    from ..sop.explain import role_label  # (explain imports it wherever the labels live)

    # the signer and the role as people know them: the name in sop.yml, not the git name or the role's id
    email = identity.email.lower()
    name = next((p.name for p in sop.people.values() if (p.email or "").lower() == email), identity.name)
    fields = {"name": name, "branch": branch, "commit": change.head[:7], "role": role_label(role, sop.language)}
    if kind is Decision.APPROVED:
        said = _("{name} approved {branch} ({commit}) as {role}.", **fields)
    else:
        said = _("{name} requested changes on {branch} ({commit}) as {role}.", **fields)
    click.echo(said + "\n")
    _echo_checklist(result, sop, branch, change.head, now)


@click.command()
@click.argument("branch")
@repo_option
def merge(branch: str, repo_path: str | None) -> None:
    """Merge a change into main when its chain is complete (else print what is missing, exit 1)."""
    from ..forge.local import LocalForge
    from ..forge.merge import merge as do_merge
    from ..forge.shared import synced

    repo = repository(repo_path)
    shared = synced(repo, [branch], strict=True)
    merged = do_merge(LocalForge(repo, shared.remote if shared else None), branch)
    click.echo(_("Merged {branch} into main as {commit}.", branch=branch, commit=merged.merge_commit[:7]))
    sheet = f"arsip:{merged.record}/lembar-pengesahan.pdf"
    click.echo(_("Lembar Pengesahan: {path}", path=sheet))


COMMANDS = {"status": status, "review": review, "merge": merge}
