"""The options several commands share, written once, and what several commands say.

Imports inside functions keep ``humas --help`` fast (the archive and the site builder load when a command
runs; git and sop.yml's reader load with the command line anyway, so they are imported here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..git import Opened, repository_of
from ..messages import _
from ..sop.config import Sop

if TYPE_CHECKING:
    from ..git import GitRepo

F = TypeVar("F", bound=Callable[..., Any])

repo_option = click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The content repository (default: the one around the current directory).",
)


def repository(path: str | None) -> GitRepo:
    """The repository of the command (``--repo`` or the current directory's). Its sop.yml's language was
    taken before the command line was parsed (``cli_language.speak_as_repository``), which opened it: that
    ``GitRepo`` is used again when it is the same directory, so its answers are asked of git once."""
    context = click.get_current_context(silent=True)
    opened = context.find_object(Opened) if context is not None else None
    if opened is not None and opened.where == Path(path or ".").resolve():
        return opened.repo
    return repository_of(path)


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    from ..build import parse_now

    if value is None:
        return None
    try:
        return parse_now(value)
    except ValueError:
        raise click.BadParameter(
            _("{value!r} is not an ISO 8601 time (e.g. 2026-03-01T08:00:00+07:00)", value=value), param_hint="--now"
        ) from None


def now_option(help_text: str) -> Callable[[F], F]:
    """``--now TIME``, parsed once: the command receives ``now``, an aware datetime or None (the clock)."""
    return click.option("--now", "now", default=None, metavar="TIME", callback=_parse_now, help=help_text)


def github_output_option(help_text: str) -> Callable[[F], F]:
    return click.option("--github-output", "github_output", default=None, metavar="FILE", help=help_text)


def first_keys(sop: object) -> str | None:
    """What each person runs when sop.yml requires signatures but lists no key at all, else None."""
    from ..archive.founding import first_keys_guidance, has_no_key

    if isinstance(sop, Sop) and sop.signatures == "ssh" and has_no_key(sop):
        return first_keys_guidance(sop)
    return None


def warn_unsigned(sop: object) -> None:
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
