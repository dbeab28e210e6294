"""``humas gate``, ``humas ingatkan``, ``humas github`` and ``humas verified-commit``: GitHub.

``ingatkan`` is declared beside the other commands for the SOP's people (``pipeline.commands.report``).
Imports inside functions keep a help page from loading the GitHub client.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..messages import _
from ..problems import ConfigError
from .options import github_output_option, repo_option, repository
from .report import ingatkan

if TYPE_CHECKING:
    from ..forge.github import GitHub


@click.command()
def gate() -> None:
    """In GitHub Actions: evaluate the pull request of the event."""
    from ..forge.github_gate import run_gate

    sys.exit(run_gate(os.environ))


@click.command("verified-commit")
@click.argument("rev", required=False, default="main")
@github_output_option("Also write commit=<sha> and unverified=<number of merges after it> to FILE (GITHUB_OUTPUT).")
@repo_option
def verified_commit(rev: str, github_output: str | None, repo_path: str | None) -> None:
    """The newest verified commit on REV's first-parent line (default main): the founding commit, or a merge
    whose record on arsip verifies. Only its code may run where a secret is."""
    from ..verified_commit import verified_line

    found = verified_line(repository(repo_path), rev)
    click.echo(found.newest)
    if github_output:
        with open(github_output, "a", encoding="utf-8") as output:
            output.write(f"commit={found.newest}\nunverified={len(found.unverified_after(found.newest))}\n")


def _github_target(repository: str | None, api_url: str | None, token_env: str) -> GitHub:
    """The repository on GitHub, with the token read from the environment variable ``token_env``."""
    from ..forge.github import GitHub

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

    from ..forge.github import parse_app_id

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


def _github_options(command: Callable[..., Any]) -> Callable[..., Any]:
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


@click.group()
def github() -> None:
    """The repository on GitHub: the rulesets, environments and settings that enforce the SOP."""


@github.command("setup")
@click.option("--dry-run", is_flag=True, help="Print the differences; change nothing.")
@_github_options
def github_setup(
    dry_run: bool, repository: str | None, api_url: str | None, token_env: str, app_id: str | None
) -> None:
    """Apply the rulesets, environments and merge settings (an administrator's token); idempotent."""
    from ..forge.github_protection import setup

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
    from ..forge.github_protection import protection_gaps

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


COMMANDS = {"gate": gate, "ingatkan": ingatkan, "github": github, "verified-commit": verified_commit}
