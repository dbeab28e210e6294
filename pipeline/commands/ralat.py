"""``humas ralat``: corrections and takedowns of published posts (``pipeline.amend``)."""

from __future__ import annotations

import click

from .options import repo_option, repository


@click.group()
def ralat() -> None:
    """Corrections (ralat) and takedowns (penarikan) of published posts."""


@ralat.command()
@click.argument("publication")
@click.argument("channel")
@click.argument("act", required=False)
@repo_option
def selesai(publication: str, channel: str, act: str | None, repo_path: str | None) -> None:
    """Record that the correction or takedown ACT of PUBLICATION's post on CHANNEL was done by hand."""
    from ..amend.manual import record_by_hand

    click.echo(record_by_hand(repository(repo_path), publication, channel, act))


COMMANDS = {"ralat": ralat}
