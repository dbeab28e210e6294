"""``humas editor`` and ``humas preview``: a draft on the desk of the person writing it.

Imports inside functions keep a help page from loading the editor's server and the preview renderer.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import click

from ..git import MAIN
from ..messages import _, translated
from ..problems import NotAcceptable
from ..trusted import TrustedMain
from .options import repo_option, repository


@click.command()
@click.option("--port", default=8090, show_default=True, help="The port on 127.0.0.1.")
@click.option("--open", "open_browser", is_flag=True, help="Open the editor in the browser.")
@repo_option
def editor(port: int, open_browser: bool, repo_path: str | None) -> None:
    """The web editor on 127.0.0.1, saving drafts as branches of the repository on disk."""
    from ..editor.server import EditorServer, serve

    repo = repository(repo_path)
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


@click.command()
@click.argument("branch")
@click.option(
    "--out", "out", default=None, metavar="DIR", help="Where to write the previews (default: build/preview/<branch>)."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the previews in the browser.")
@repo_option
def preview(branch: str, out: str | None, open_browser: bool, repo_path: str | None) -> None:
    """Previews of a change (BRANCH): the website page and each channel's post, as static HTML."""
    from ..preview.render import render_previews

    repo = repository(repo_path)
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


@click.command("editor-relay")
@click.option("--port", default=8095, show_default=True, help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (behind HTTPS).")
def editor_relay(port: int, host: str) -> None:
    """The editor's sign-in relay on GitHub (a GitHub App's user tokens; settings: HUMAS_RELAY_* variables)."""
    from ..editor.relay import RelayServer, serve_relay, settings_from_env

    settings = settings_from_env(os.environ)

    def ready(server: RelayServer) -> None:
        address = f"http://{host}:{server.server_address[1]}"
        click.echo(
            _(
                "The editor's sign-in relay listens on {address} for {site} (repository {repository}); "
                "its public address is {url} (Ctrl+C stops it).",
                address=address,
                site=settings.site,
                repository=settings.repository,
                url=settings.url,
            )
        )

    with contextlib.suppress(KeyboardInterrupt):
        serve_relay(settings, port, host, ready)


COMMANDS = {"editor": editor, "preview": preview, "editor-relay": editor_relay}
