"""``humas build``, ``humas serve`` and ``humas deploy``: the website.

Imports inside functions keep a help page from loading the site builder.
"""

from __future__ import annotations

import os
import pathlib
from datetime import UTC, datetime
from pathlib import Path

import click

from ..git import MAIN
from ..messages import _
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
    if outcome.withdrawn:  # a withdrawn publication is only its notice: counted apart
        built = _(
            "Built {count} publication(s) ({withdrawn} withdrawn) into {out}/ in {seconds} s",
            count=outcome.count,
            withdrawn=outcome.withdrawn,
            out=out,
            seconds=f"{outcome.seconds:.1f}",
        )
    else:
        built = _(
            "Built {count} publication(s) into {out}/ in {seconds} s",
            count=outcome.count,
            out=out,
            seconds=f"{outcome.seconds:.1f}",
        )
    click.echo(built)
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


@click.command("serve")
@click.option(
    "--dir",
    "directory",
    default="site",
    show_default=True,
    help="The built website (humas build --out).",
    type=click.Path(file_okay=False, path_type=pathlib.Path),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port (0: any free one)."
)
def serve_command(directory: pathlib.Path, host: str, port: int) -> None:
    """Serve the built website on this computer (Ctrl+C stops)."""
    from ..site.serve import site_server

    if not (directory / "index.html").is_file():
        raise click.UsageError(
            _(
                "{directory}/index.html not found: build the website first (humas build --out {directory})",
                directory=directory,
            )
        )
    try:
        server = site_server(directory.resolve(), host, port)
    except OSError as error:
        raise click.UsageError(
            _("cannot listen on {host}:{port} ({why})", host=host, port=port, why=error.strerror)
        ) from None
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(
        _(
            "Serving {directory}/ at {url} (Ctrl+C stops)",
            directory=directory,
            url=f"http://{shown_host}:{server.server_address[1]}/",
        )
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command("deploy")
@click.option(
    "--to",
    "destination",
    type=click.Choice(["ssh", "pages"]),
    required=True,
    help="Where: ssh, the institution's own web server (rsync over SSH, host key pinned); pages: only check "
    "that the site is main's newest verified build (actions/deploy-pages deploys it).",
)
@click.option(
    "--site",
    default="site",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The built website (humas build --out DIR).",
)
@click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The repository with main and arsip (default: the one around the current directory).",
)
@click.option(
    "--main",
    "main_ref",
    default=MAIN,
    show_default=True,
    metavar="REV",
    help="Main as it is now (in a workflow: origin/main, fetched by the job).",
)
def deploy(destination: str, site: Path, repo_path: str | None, main_ref: str) -> None:
    """Deploy the built website to the institution's own web server (settings: docs/deploy.md); never a site
    older than main's newest verified commit or than the server's.

    A site the publish workflow built says which commit it was built from (humas-build.json); in GitHub
    Actions a site must say so. A site built by hand (no humas-build.json) is deployed as it is."""
    from ..deploy import STAMP, built_from, deploy_over_ssh, deployed_commit, refuse_older, ssh_settings
    from ..git import repository_around
    from ..problems import ConfigError

    settings = ssh_settings(os.environ) if destination == "ssh" else None
    if (site / STAMP).exists() or os.environ.get("GITHUB_ACTIONS") == "true" or settings is None:
        root = Path(repo_path or ".").resolve()
        repo = repository_around(root)
        if repo is None:
            raise ConfigError(_("{root} is not a git repository (run humas init DIR first, or pass --repo)", root=root))
        built = built_from(site)
        refuse_older(repo, built, deployed_commit(settings) if settings else None, main_ref)
        if settings is None:
            click.echo(
                _(
                    "{site}: built from {commit}, the newest verified commit of {main}",
                    site=site,
                    commit=built[:7],
                    main=MAIN,
                )
            )
            return
    assert settings is not None
    report = deploy_over_ssh(site, settings)
    click.echo(
        _(
            "deployed {site} to {target}: {sent} sent, {deleted} deleted",
            site=site,
            target=settings.target,
            sent=_files(report.files_sent),
            deleted=_files(report.files_deleted),
        )
    )


def _files(number: int) -> str:
    return _("{count} file", count=number) if number == 1 else _("{count} files", count=number)


COMMANDS = {"build": build, "serve": serve_command, "deploy": deploy}
