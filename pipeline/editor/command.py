"""The ``humas editor`` command (registered in pipeline/cli.py)."""

from __future__ import annotations

import contextlib

import click

from ..messages import translated


@click.command()
@click.option("--port", default=8090, show_default=True, help="The port on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Open the editor in the browser.")
@click.option(
    "--repo",
    "repo_path",
    default=None,
    metavar="DIR",
    help="The content repository (default: the one around the current directory).",
)
def editor(port: int, open_browser: bool, repo_path: str | None) -> None:
    """The web editor on 127.0.0.1, saving drafts as branches of the repository on disk."""
    from ..cli import _repo
    from ..trusted import TrustedMain
    from .server import EditorServer, serve

    repo = _repo(repo_path)
    sop = TrustedMain(repo).sop()

    def ready(server: EditorServer) -> None:
        url = f"{server.origin}/admin/"
        message = translated(
            sop.language,
            "The Humas editor is at {url} (Ctrl+C stops it). Every draft is saved on its own branch, "
            "cms/<collection>/<slug>.",
            url=url,
        )
        click.echo(message)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    with contextlib.suppress(KeyboardInterrupt):
        serve(repo, sop, port, ready)
