"""The ``humas preview`` command (registered in pipeline/cli.py)."""

from __future__ import annotations

from pathlib import Path

import click

from ..messages import _, translated


@click.command()
@click.argument("branch")
@click.option(
    "--out", "out", default=None, metavar="DIR", help="Where to write the previews (default: build/preview/<branch>)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the previews in the browser.")
@click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The content repository (default: the one around the current directory).",
)
def preview(branch: str, out: str | None, open_browser: bool, repo_path: str | None) -> None:
    """Previews of a change (BRANCH): the website page and each channel's post, as static HTML."""
    from ..cli import _repo
    from ..git import MAIN
    from ..problems import NotAcceptable
    from ..trusted import TrustedMain
    from .render import render_previews

    repo = _repo(repo_path)
    sop = TrustedMain(repo).sop()
    if branch == MAIN or repo.rev(f"refs/heads/{branch}") is None:
        raise NotAcceptable(
            _(
                "no change {branch!r} (allowed: a local branch other than {main}; see git branch)",
                branch=branch,
                main=MAIN,
            )
        )
    target = (Path.cwd() / (out or f"build/preview/{branch.replace('/', '-')}")).resolve()
    previews = render_previews(repo, f"refs/heads/{branch}", target, sop)
    index = target / "index.html"
    written = translated(
        sop.language, "Previews of {count} publication(s) written to {path}", count=len(previews), path=index
    )
    click.echo(written)
    if open_browser:
        import webbrowser

        webbrowser.open(index.as_uri())
