"""``humas build``, ``humas serve`` and ``humas deploy``: the website.

``serve`` and ``deploy`` are declared beside what they run (``pipeline.site.serve``, ``pipeline.deploy``).
Imports inside functions keep a help page from loading the site builder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from ..deploy import deploy
from ..messages import _
from ..site.serve import serve_command
from .options import now_option, repo_option, repository, warn_unsigned


@click.command()
@click.option("--out", "out", default="site", show_default=True, help="Where to write the website.")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical"]), default="mkdocs", show_default=True)
@click.option(
    "--next-due",
    is_flag=True,
    help="Build nothing: print when the next held-back publication comes due (ISO 8601, UTC), "
    "or nothing when none is held back.",
)
@now_option(
    "Act as of TIME (ISO 8601, UTC without an offset) instead of the clock. With --next-due: "
    "the first publish_at after TIME."
)
@repo_option
def build(out: str, engine: str, next_due: bool, now: datetime | None, repo_path: str | None) -> None:
    """Build the website of the approved content on main."""
    import os

    from ..build import build_website, held_lines
    from ..build import next_due as first_due
    from ..editor.admin import github_backend_from_env
    from ..site.images import default_cache_dir
    from ..trusted import TrustedMain

    repo = repository(repo_path)
    if next_due:
        due = first_due(repo, now)
        if due is not None:
            click.echo(due.astimezone(UTC).isoformat())
        return
    warn_unsigned(TrustedMain(repo).sop())
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
    click.echo(engine_notice(engine))


def engine_notice(engine: str) -> str:
    """What every build says once about its engine: Material for MkDocs' end of life and its successor."""
    if engine == "zensical":
        return _(
            "note: Material for MkDocs reaches its end of life on 5 May 2027; "
            "this site is built with Zensical, its maintained successor"
        )
    return _(
        "note: Material for MkDocs, which builds this site, reaches its end of life on 5 May 2027; "
        'Zensical is its maintained successor: build with --engine zensical (README, "Switching to Zensical")'
    )


COMMANDS = {"build": build, "serve": serve_command, "deploy": deploy}
