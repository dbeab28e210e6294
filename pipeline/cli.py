"""The ``humas`` command: the group that loads each command's module when the command runs, and the one
exit path that maps the error tree (``pipeline.problems``) to exit codes.

Exit codes: 0 ok; 1 the content or the chain is not acceptable; 2 a usage or configuration error.
A module of the package that is absent (``pipeline.…``: a folder an older ``.gitignore`` kept out of the
repository's commits) is a configuration error too: exit code 2 and what to mend (``pipeline.ignored``),
never a traceback; a missing third-party module is a broken installation, reported as a bug is.
The commands are in ``pipeline.commands``, one module per group, imported only when one of their commands
runs or a help page lists it (``COMMANDS``): ``humas --help`` and ``humas COMMAND`` load no other command.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .cli_language import speak_as_repository, speak_help, use_catalogue_for_click
from .messages import _
from .problems import HumasError, report
from .redact import redact

if TYPE_CHECKING:
    pass

# command name -> the module of pipeline.commands that declares it (in its COMMANDS)
COMMANDS = {
    "init": "content",
    "new": "content",
    "check": "content",
    "demo": "content",
    "status": "sop",
    "review": "sop",
    "merge": "sop",
    "build": "site",
    "serve": "site",
    "deploy": "site",
    "publish": "publish",
    "due": "publish",
    "outbox": "publish",
    "channels": "publish",
    "gate": "github",
    "ingatkan": "github",
    "github": "github",
    "verified-commit": "github",
    "editor": "editor",
    "preview": "editor",
    "editor-relay": "editor",
    "kunci": "kunci",
    "lembar": "report",
    "laporan": "report",
    "jangkauan": "report",
    "ralat": "ralat",
}


class HumasGroup(click.Group):
    """A click group whose commands (``lazy``: name -> module of pipeline.commands) are imported when used;
    a person's errors (the tree of pipeline.problems) end in one line and their exit code."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **options: Any) -> None:
        super().__init__(*args, **options)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            module = importlib.import_module(f"pipeline.commands.{self.lazy[cmd_name]}")
            command = module.COMMANDS[cmd_name]
        if command is not None:
            speak_help(command)  # its help in the language taken before parsing
        return command

    def main(self, args: Sequence[str] | None = None, *more: Any, **options: Any) -> Any:
        """The language first (for --help and usage errors too), then click."""
        arguments = list(sys.argv[1:] if args is None else args)
        opened = speak_as_repository(arguments)
        speak_help(self)
        if opened is not None:
            options.setdefault("obj", opened)  # the command's repository, already open (options.repository)
        try:
            return super().main(arguments, *more, **options)
        except ModuleNotFoundError as error:  # outside a command (humas --help lists every command)
            said = _missing_module(error, None)
            if said is None:
                raise
            click.echo(said, err=True)
            sys.exit(2)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except HumasError as error:
            ctx.exit(report(error, partial(click.echo, err=True)))
        except KeyboardInterrupt:
            click.echo(_("humas: interrupted"), err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug: one line a person can report; HUMAS_DEBUG=1 shows everything
            if os.environ.get("HUMAS_DEBUG"):
                raise
            if isinstance(error, ModuleNotFoundError) and (said := _missing_module(error, ctx)) is not None:
                click.echo(said, err=True)
                ctx.exit(2)
            import traceback  # start-up time: loaded only when a bug is reported

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


def _missing_module(error: ModuleNotFoundError, ctx: click.Context | None) -> str | None:
    """What to say when ``error`` is a module of the package that is absent, else None: the repository of
    the command (already open, or the current directory's) tells whether its .gitignore hid the module."""
    from .git import Opened, repository_around
    from .ignored import missing_module

    opened = ctx.find_object(Opened) if ctx is not None else None
    return missing_module(error, opened.repo if opened is not None else repository_around(Path.cwd()))


@click.group(cls=HumasGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="humas")
def main() -> None:
    """humas: an institution's publication SOP as a git pipeline."""


use_catalogue_for_click()

if __name__ == "__main__":
    main()
