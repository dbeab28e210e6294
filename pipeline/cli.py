"""The ``humas`` command: parse, call one function, map errors to exit codes.

Exit codes: 0 ok; 1 the content or the chain is not acceptable; 2 a usage or configuration error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from .channels.cli import doctor, outbox
from .cli_language import speak_as_repository, speak_help, use_catalogue_for_click
from .deploy import deploy
from .editor.command import editor
from .messages import _
from .preview.command import preview
from .problems import HumasError, NotAcceptable
from .redact import redact
from .report.commands import ingatkan, laporan, lembar
from .site.serve import serve_command


class HumasGroup(click.Group):
    def main(self, args: Sequence[str] | None = None, *more: Any, **options: Any) -> Any:
        """The language first (for --help and usage errors too), then click."""
        arguments = list(sys.argv[1:] if args is None else args)
        speak_as_repository(arguments)
        speak_help(self)
        return super().main(arguments, *more, **options)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except HumasError as error:
            _report(error)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo(_("humas: interrupted"), err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug: one line a person can report; HUMAS_DEBUG=1 shows everything
            import os
            import traceback

            if os.environ.get("HUMAS_DEBUG"):
                raise
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
            click.echo(
                redact(
                    _(
                        "humas: unexpected error ({kind} at {where}): {error} — please report it; "
                        "HUMAS_DEBUG=1 shows the details",
                        kind=type(error).__name__,
                        where=where,
                        error=error,
                    )
                ),
                err=True,
            )
            ctx.exit(2)
        return None


def _report(error: HumasError) -> None:
    click.echo(redact(f"humas: {error.message}"), err=True)
    for problem in error.problems:
        click.echo(redact(str(problem)), err=True)


def _first_keys(sop: object) -> str | None:
    """What each person runs when sop.yml requires signatures but lists no key at all, else None."""
    from .archive.founding import first_keys_guidance, has_no_key
    from .sop.config import Sop

    if isinstance(sop, Sop) and sop.signatures == "ssh" and has_no_key(sop):
        return first_keys_guidance(sop)
    return None


def _warn_unsigned(sop: object) -> None:
    """Say it loudly whenever sop.yml takes git identities on trust."""
    if getattr(sop, "signatures", "ssh") == "unsigned":
        click.echo(
            _(
                "WARNING: signatures: unsigned in sop.yml: signatures are not verified with keys; anyone who "
                "can write to the repository can pose as an approver."
            )
            + "\n",
            err=True,
        )


def _repo(path: str | None):  # noqa: ANN202 - GitRepo, imported late to keep --help fast
    """The repository of the command (``--repo`` or the current directory's). Its sop.yml's language was
    taken before the command line was parsed (``cli_language.speak_as_repository``)."""
    from .git import repository_around
    from .problems import ConfigError

    root = Path(path or ".").resolve()
    repo = repository_around(root)
    if repo is None:
        raise ConfigError(_("{root} is not a git repository (run humas init DIR first, or pass --repo)", root=root))
    return repo


def _echo_checklist(result, sop, branch: str, head: str, now: datetime) -> None:  # noqa: ANN001 - imported late
    """The SOP checklist of one change, with the command that signs its next step."""
    from .sop.explain import render_text

    text = render_text(
        result, sop, change=branch, head=head, now=now, next_command=f"humas review approve {branch} --role {{role}}"
    )
    click.echo(text, nl=False)


repo_option = click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The content repository (default: the one around the current directory).",
)


@click.group(cls=HumasGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="humas")
def main() -> None:
    """humas: the publication SOP of Poltekkes Kemenkes Jakarta II as a git pipeline."""


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--key",
    "keys",
    multiple=True,
    metavar="PERSON=KEY",
    help="A first signing key, written into sop.yml in the founding commit: the person's id in sop.yml and "
    "their public key (a path to ~/.ssh/id_ed25519.pub, or the key line). Repeatable.",
)
def init(directory: Path, keys: tuple[str, ...]) -> None:
    """Create a new content repository: sop.yml, mkdocs.yml, content/, .github/workflows/."""
    from .scaffold import init_repository

    init_repository(directory, keys=keys)
    if keys:
        click.echo(
            _(
                "Created {directory} with the first keys of {people} in its founding commit.",
                directory=directory,
                people=", ".join(k.partition("=")[0].strip() for k in keys),
            )
        )
    else:
        click.echo(
            _("Created {directory}: edit sop.yml (people and roles), then commit it on main.", directory=directory)
        )


@main.group()
def kunci() -> None:
    """Signing keys of sop.yml."""


@kunci.command("awal")
@click.argument("keys", nargs=-1, required=True, metavar="PERSON=KEY...")
@repo_option
def kunci_awal(keys: tuple[str, ...], repo_path: str | None) -> None:
    """The founding act: write the first keys into sop.yml in one commit on main, recorded on arsip.

    Only while sop.yml on main lists no key at all; afterwards keys change through the SOP.
    """
    from .archive.founding import founding_act

    repo = _repo(repo_path)
    commit = founding_act(repo, keys)
    click.echo(
        _(
            "Founding act: the first keys of {people} are on main as {commit} (recorded in arsip:founding/act.json).",
            people=", ".join(k.partition("=")[0].strip() for k in keys),
            commit=commit[:7],
        )
    )


@main.command()
@click.argument("kind", type=click.Choice(["arahan", "rencana", "publikasi"]))
@click.argument("title")
@click.option("--bidang", default=None, help="The bidang (publikasi): one of sop.yml's bidang.")
@click.option(
    "--channels",
    default="website",
    show_default=True,
    help="Comma-separated channels (publikasi): website,instagram,tiktok,facebook,youtube.",
)
@click.option("--date", "when", default=None, help="The date, YYYY-MM-DD (default: today).")
@repo_option
def new(kind: str, title: str, bidang: str | None, channels: str, when: str | None, repo_path: str | None) -> None:
    """Scaffold a draft: arahan | rencana | publikasi."""
    from .scaffold import new_draft

    repo = _repo(repo_path)
    path = new_draft(
        repo, kind, title, bidang=bidang, channels=[c.strip() for c in channels.split(",") if c.strip()], when=when
    )
    click.echo(path)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@repo_option
def check(paths: tuple[str, ...], fmt: str, repo_path: str | None) -> None:
    """Validate drafts (all of them, or those below PATHS); exit 1 on any problem."""
    from .content.check import check_drafts, discover
    from .git import source_of
    from .trusted import TrustedMain

    repo = _repo(repo_path)
    if head := repo.rev("HEAD"):  # the commit the work tree was made from: refused if it holds a hostile path
        branch = repo.current_branch()
        repo.check_tree(head, source_of(f"refs/heads/{branch}" if branch else head))
    sop = TrustedMain(repo).sop()
    relative = [_relative(repo.root, p) for p in paths]
    report = check_drafts(repo.root, sop, discover(repo.root, relative))
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "checked": len(report.drafts)
                    + len({p.path for p in report.problems} - {d.path for d in report.drafts}),
                    "problems": [p.to_json() for p in report.problems],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for problem in report.problems:
            click.echo(str(problem))
        if report.ok:
            click.echo(_("{count} draft(s) OK", count=len(report.drafts)))
    if not report.ok:
        sys.exit(1)


def _relative(root: Path, given: str) -> str:
    path = Path(given)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(given).as_posix()


@main.command()
@click.argument("branch", required=False)
@repo_option
def status(branch: str | None, repo_path: str | None) -> None:
    """The SOP checklist of a change (default: the current branch; on main: every open change)."""
    from .forge.local import LocalForge
    from .git import MAIN
    from .sop.evaluate import evaluate
    from .sop.explain import render_overview

    repo = _repo(repo_path)
    forge = LocalForge(repo)
    branch = branch or repo.current_branch()
    if not branch:
        raise NotAcceptable(_("no branch given and HEAD is detached (humas status BRANCH)"))
    sop = forge.sop()
    _warn_unsigned(sop)
    guidance = _first_keys(sop)
    if guidance:
        click.echo(guidance)
    if branch == MAIN:
        changes = forge.open_changes()
        rows = [(c.name, evaluate(sop, c.facts)) for c in changes]
        click.echo(render_overview(rows, sop, now=datetime.now(UTC)), nl=False)
        if sop.revoked:  # what a revoked key signed is off the site until signed again
            from .archive.verify import verify_main

            for publication, why in sorted(verify_main(repo).revoked.items()):
                click.echo(_("to sign again: {publication}: {why}", publication=publication, why=why))
        return
    change = forge.change(branch)
    result = evaluate(sop, change.facts)
    _echo_checklist(result, sop, branch, change.head, datetime.now(UTC))


@main.command()
@click.argument("decision", type=click.Choice(["approve", "request-changes"]))
@click.argument("branch")
@click.option("--role", required=True, help="The role you sign as (see sop.yml roles).")
@click.option("-m", "--message", default="", help="A note for the record.")
@repo_option
def review(decision: str, branch: str, role: str, message: str, repo_path: str | None) -> None:
    """Sign a step of a change as the current git identity (git var GIT_AUTHOR_IDENT)."""
    from .forge.local import LocalForge
    from .forge.review import review as sign_review
    from .sop.facts import Decision

    repo = _repo(repo_path)
    forge = LocalForge(repo)
    guidance = _first_keys(forge.sop())
    if guidance:
        from .problems import ConfigError

        raise ConfigError(guidance.rstrip("\n"))
    identity = repo.identity()
    kind = Decision.APPROVED if decision == "approve" else Decision.CHANGES_REQUESTED
    now = datetime.now(UTC)
    change, result = sign_review(
        forge, branch, email=identity.email, name=identity.name, role=role, decision=kind, message=message, at=now
    )
    sop = forge.sop()
    _warn_unsigned(sop)
    if kind is Decision.APPROVED:
        said = _(
            "{name} approved {branch} ({commit}) as {role}.",
            name=identity.name,
            branch=branch,
            commit=change.head[:7],
            role=role,
        )
    else:
        said = _(
            "{name} requested changes on {branch} ({commit}) as {role}.",
            name=identity.name,
            branch=branch,
            commit=change.head[:7],
            role=role,
        )
    click.echo(said + "\n")
    _echo_checklist(result, sop, branch, change.head, now)


@main.command()
@click.argument("branch")
@repo_option
def merge(branch: str, repo_path: str | None) -> None:
    """Merge a change into main when its chain is complete (else print what is missing, exit 1)."""
    from .forge.local import LocalForge
    from .forge.merge import merge as do_merge

    repo = _repo(repo_path)
    merged = do_merge(LocalForge(repo), branch)
    click.echo(_("Merged {branch} into main as {commit}.", branch=branch, commit=merged.merge_commit[:7]))
    sheet = f"arsip:{merged.record}/lembar-pengesahan.pdf"
    click.echo(_("Lembar Pengesahan: {path}", path=sheet))


@main.command()
@click.option("--out", "out", default="site", show_default=True, help="Where to write the website.")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True)
@click.option(
    "--next-due",
    is_flag=True,
    help="Build nothing: print when the next held-back publication comes due (ISO 8601, UTC), "
    "or nothing when none is held back.",
)
@click.option(
    "--now",
    "now_text",
    default=None,
    metavar="TIME",
    help="Act as of TIME (ISO 8601, UTC without an offset) instead of the clock. With --next-due: "
    "the first publish_at after TIME.",
)
@repo_option
def build(out: str, engine: str, next_due: bool, now_text: str | None, repo_path: str | None) -> None:
    """Build the website of the approved content on main."""
    from .build import build_website, held_lines, parse_now
    from .build import next_due as first_due
    from .trusted import TrustedMain

    try:
        now = parse_now(now_text) if now_text else None
    except ValueError:
        raise click.BadParameter(
            _("{value!r} is not an ISO 8601 time (e.g. 2026-03-01T08:00:00+07:00)", value=now_text), param_hint="--now"
        ) from None
    repo = _repo(repo_path)
    if next_due:
        due = first_due(repo, now)
        if due is not None:
            click.echo(due.astimezone(UTC).isoformat())
        return
    _warn_unsigned(TrustedMain(repo).sop())
    import os

    from .editor.admin import github_backend_from_env
    from .site.images import default_cache_dir

    outcome = build_website(
        repo,
        out_dir=(Path.cwd() / out).resolve(),
        engine=engine,
        now=now,
        editor=github_backend_from_env(os.environ),
        image_cache=default_cache_dir(),  # smaller copies survive between builds: a rebuild resizes nothing
    )
    for publication, reason in sorted(outcome.excluded.items()):
        click.echo(_("left out: {publication}: {reason}", publication=publication, reason=reason))
    for line in held_lines(outcome):
        click.echo(line)
    for warning in outcome.warnings:
        click.echo(_("warning: {warning}", warning=warning))
    click.echo(
        _(
            "Built {count} publication(s) into {out}/ in {seconds} s",
            count=outcome.count,
            out=out,
            seconds=f"{outcome.seconds:.1f}",
        )
    )


@main.command()
@click.option("--dry-run", is_flag=True, help="Say what would be posted; change nothing.")
@click.option(
    "--verify-only",
    is_flag=True,
    help="On GitHub: verify every merge of main not recorded yet, up to the run's commit, and record it in the "
    "archive; post nothing.",
)
@click.option("--outbox", default="outbox", show_default=True, help="The outbox folder.")
@click.option(
    "--github-output",
    "github_output",
    default=None,
    metavar="FILE",
    help="With --verify-only: also write commit=<the newest verified commit> to FILE (GITHUB_OUTPUT).",
)
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

    from .publish import outcome_words
    from .publish import publish as do_publish

    repo = _repo(repo_path)
    if os.environ.get("GITHUB_ACTIONS") == "true" and not dry_run:
        from .forge.github_protection import require_protection

        require_protection(os.environ)  # nothing is recorded or posted from an unprotected repository
    on_main = os.environ.get("GITHUB_ACTIONS") == "true" and os.environ.get("GITHUB_EVENT_NAME") in (
        "push",
        "workflow_dispatch",
    )
    if verify_only and not dry_run and os.environ.get("GITHUB_EVENT_NAME") == "schedule":
        on_main = True
    if on_main and verify_only and not dry_run:
        _record_every_merge(repo, github_output)
        return
    if on_main:
        from .forge.github_publish import verify_merge

        verified = verify_merge(os.environ)
        click.echo(
            _(
                "verified: #{number} merged as {commit} carries every signature",
                number=verified.pull.info.number,
                commit=verified.sha[:7],
            )
        )
    elif verify_only:
        from .problems import ConfigError

        raise ConfigError(_("--verify-only is for a GitHub Actions run on main (push or workflow_dispatch)"))
    if verify_only:
        return
    from .channels.registry import configured_channels

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
    if not report.actions:
        click.echo(_("nothing to publish"))
    if report.failed:
        sys.exit(1)


def _record_every_merge(repo, github_output: str | None) -> None:  # noqa: ANN001 - GitRepo, imported late
    """The record job: catch up every merge not recorded yet, say what was done, write the newest verified
    commit; exit 1 when the run's own commit is not verified (a push or dispatch of a merge that bypassed
    the SOP) or, on a schedule, when a merge was refused."""
    import os

    from .forge.github_publish import record_every_merge

    done = record_every_merge(os.environ, repo, signing_key=os.environ.get("HUMAS_RECORD_KEY"))
    for merge, number, folder in done.recorded:
        click.echo(_("verified: #{number} merged as {commit} carries every signature", number=number, commit=merge[:7]))
        click.echo(_("record: arsip:{folder}", folder=folder) if folder else _("record: already in the archive"))
    for why in done.refused.values():
        click.echo(redact(f"humas: {why}"), err=True)
    click.echo(_("newest verified commit: {commit}", commit=done.newest))
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"commit={done.newest}\n")
    if os.environ.get("GITHUB_EVENT_NAME") == "schedule":
        if done.refused:
            sys.exit(1)
        return
    if done.newest != done.event_commit:
        if done.event_commit not in done.refused:
            click.echo(
                _(
                    "humas: nothing is published: commit {commit} is not a verified merge of main (no signed record "
                    "proves it); the newest verified commit is {newest}",
                    commit=done.event_commit[:7],
                    newest=done.newest[:7],
                ),
                err=True,
            )
        sys.exit(1)


@main.command("verified-commit")
@click.argument("rev", required=False, default="main")
@click.option(
    "--github-output",
    "github_output",
    default=None,
    metavar="FILE",
    help="Also write commit=<sha> and unverified=<number of merges after it> to FILE (GITHUB_OUTPUT).",
)
@repo_option
def verified_commit(rev: str, github_output: str | None, repo_path: str | None) -> None:
    """The newest verified commit on REV's first-parent line (default main): the founding commit, or a merge
    whose record on arsip verifies. Only its code may run where a secret is."""
    from .verified_commit import verified_line

    found = verified_line(_repo(repo_path), rev)
    click.echo(found.newest)
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"commit={found.newest}\nunverified={len(found.unverified_after(found.newest))}\n")


@main.command()
@click.option(
    "--github-output",
    "github_output",
    default=None,
    metavar="FILE",
    help="Also write post=true|false and site=true|false to FILE (GitHub Actions' GITHUB_OUTPUT).",
)
@click.option("--now", "now_text", default=None, metavar="TIME", help="Act as of TIME (ISO 8601) instead of the clock.")
@repo_option
def due(github_output: str | None, now_text: str | None, repo_path: str | None) -> None:
    """Whether a post or an embargoed page is due now (the scheduled workflow's first step)."""
    from .build import parse_now
    from .due import what_is_due

    try:
        now = parse_now(now_text) if now_text else datetime.now(UTC)
    except ValueError:
        raise click.BadParameter(
            _("{value!r} is not an ISO 8601 time (e.g. 2026-03-01T08:00:00+07:00)", value=now_text), param_hint="--now"
        ) from None
    found = what_is_due(_repo(repo_path), now=now)
    for post in found.posts:
        click.echo(_("post due: {post}", post=post))
    for page in found.pages:
        click.echo(_("page due: {publication} (its publish_at has come)", publication=page))
    if not found.posts and not found.pages:
        click.echo(_("nothing is due"))
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"post={str(bool(found.posts)).lower()}\nsite={str(bool(found.pages)).lower()}\n")


@main.command()
def gate() -> None:
    """In GitHub Actions: evaluate the pull request of the event."""
    import os

    from .forge.github_gate import run_gate

    sys.exit(run_gate(os.environ))


@main.command()
@click.argument("directory", required=False, default="build/demo", type=click.Path(path_type=Path))
def demo(directory: Path) -> None:
    """The whole SOP on example content in a fresh repository."""
    from .demo import run_demo

    run_demo(directory, echo=click.echo)


def _github_target(repository: str | None, api_url: str | None, token_env: str):  # noqa: ANN202 - GitHub, late
    """The repository on GitHub, with the token read from the environment variable ``token_env``."""
    import os

    from .forge.github import GitHub
    from .problems import ConfigError

    name = repository or os.environ.get("GITHUB_REPOSITORY") or ""
    if name.count("/") != 1 or not all(name.split("/")):
        raise ConfigError(
            _(
                "the repository on GitHub is {name!r}: pass --repository OWNER/NAME (or set GITHUB_REPOSITORY)",
                name=name,
            )
        )
    token = os.environ.get(token_env) or ""
    if not token:
        raise ConfigError(
            _("the environment variable {name} holds no token (pass another with --token-env NAME)", name=token_env)
        )
    return GitHub(api_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com", token, name)


def _app_id(given: str | None, *, required: bool) -> int | None:
    import os

    from .forge.github import parse_app_id
    from .problems import ConfigError

    text = (given or os.environ.get("HUMAS_APP_ID") or "").strip()
    if not text:
        if required:
            raise ConfigError(
                _(
                    "the GitHub App's id is needed (--app-id or HUMAS_APP_ID): the required check humas/sop is "
                    "pinned to it. Create the App first (docs/github.md, The App)"
                )
            )
        return None
    return parse_app_id(text, "--app-id")


def _github_options(command):  # noqa: ANN001, ANN202 - a click decorator
    for option in (
        click.option(
            "--app-id",
            "app_id",
            default=None,
            metavar="ID",
            help="The institution's GitHub App (default: HUMAS_APP_ID).",
        ),
        click.option(
            "--token-env",
            default="GITHUB_TOKEN",
            show_default=True,
            metavar="NAME",
            help="The environment variable that holds the token.",
        ),
        click.option(
            "--api-url", default=None, metavar="URL", help="The REST API (default: GITHUB_API_URL or GitHub's)."
        ),
        click.option(
            "--repository",
            default=None,
            metavar="OWNER/NAME",
            help="The repository on GitHub (default: GITHUB_REPOSITORY).",
        ),
    ):
        command = option(command)
    return command


@main.group()
def github() -> None:
    """The repository on GitHub: the rulesets, environments and settings that enforce the SOP."""


@github.command("setup")
@click.option("--dry-run", is_flag=True, help="Print the differences; change nothing.")
@_github_options
def github_setup(
    dry_run: bool, repository: str | None, api_url: str | None, token_env: str, app_id: str | None
) -> None:
    """Apply the rulesets, environments and merge settings (an administrator's token); idempotent."""
    from .forge.github_protection import setup

    target = _github_target(repository, api_url, token_env)
    said, notes = setup(target, _app_id(app_id, required=True) or 0, dry_run=dry_run)
    if dry_run:
        click.echo(
            _("differences on {repository} (nothing is changed):", repository=target.repository)
            if said
            else _("no difference: {repository} is protected as humas needs", repository=target.repository)
        )
    else:
        click.echo(
            _("changed on {repository}:", repository=target.repository)
            if said
            else _("nothing to change: {repository} is protected as humas needs", repository=target.repository)
        )
    for line in said:
        click.echo(f"  - {line}")
    for note in notes:
        click.echo(_("note: {note}", note=note))


@github.command("check")
@_github_options
def github_check(repository: str | None, api_url: str | None, token_env: str, app_id: str | None) -> None:
    """Read the protection back and say what is missing (exit 1) or OK (exit 0)."""
    from .forge.github_protection import protection_gaps

    target = _github_target(repository, api_url, token_env)
    pinned = _app_id(app_id, required=False)
    gaps = protection_gaps(target, pinned)
    if gaps:
        click.echo(_("{repository} is not protected as humas needs:", repository=target.repository))
        for gap in gaps:
            click.echo(f"  - {gap}")
        sys.exit(1)
    click.echo(
        _(
            "OK: {repository}: main, arsip and the environments publikasi and humas-gate are protected; "
            "humas/sop is required from the App {app_id}",
            repository=target.repository,
            app_id=pinned,
        )
        if pinned is not None
        else _(
            "OK: {repository}: main, arsip and the environments publikasi and humas-gate are protected "
            "(HUMAS_APP_ID not given: the App the check is pinned to was not compared)",
            repository=target.repository,
        )
    )


@main.group()
def channels() -> None:
    """The social channels."""


channels.add_command(doctor)
for command in (deploy, editor, preview, lembar, laporan, ingatkan, outbox, serve_command):
    main.add_command(command)
use_catalogue_for_click()

if __name__ == "__main__":
    main()
