"""``humas kunci``: the signing keys of sop.yml.

Imports inside functions keep a help page from loading the archive.
"""

from __future__ import annotations

import click

from ..messages import _
from .options import repo_option, repository


@click.group()
def kunci() -> None:
    """Signing keys of sop.yml."""


@kunci.command("awal")
@click.argument("keys", nargs=-1, required=True, metavar="PERSON=KEY...")
@repo_option
def kunci_awal(keys: tuple[str, ...], repo_path: str | None) -> None:
    """The founding act: write the first keys into sop.yml in one commit on main, recorded on arsip.

    Only while sop.yml on main lists no key at all; afterwards keys change through the SOP.
    """
    from ..archive.founding import founding_act

    repo = repository(repo_path)
    commit = founding_act(repo, keys)
    click.echo(
        _(
            "Founding act: the first keys of {people} are on main as {commit} (recorded in arsip:founding/act.json).",
            people=", ".join(k.partition("=")[0].strip() for k in keys),
            commit=commit[:7],
        )
    )


COMMANDS = {"kunci": kunci}
