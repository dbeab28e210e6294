"""The command line in the SOP's language: its help texts and click's own words.

The help texts stay English in the code (a command's docstring, an option's ``help=``): each is a message
id of the catalogue, like every ``_()`` message, and ``speak_help`` puts the current language's text in
place before click shows a help page. Click's own words ("Usage:", "Show this message and exit.",
"No such option: …") are gettext messages of click's (click ships no translation of them): the click
modules that say them look them up in humas' catalogue (``use_catalogue_for_click``). Both kinds are found
by ``tools/catalogue.py``, which ``make messages`` and tests/test_messages.py use.

The language is the one every message follows (``pipeline.messages.language``): ``HUMAS_LANGUAGE``, else
sop.yml's on main of the repository the command runs in (``--repo DIR`` or the current directory, read
before click parses the command line, so that ``--help`` and usage errors speak it too).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from .git import Opened, repository_around
from .messages import catalogue, language, set_language
from .problems import HumasError
from .trusted import TrustedMain

# The modules of click that say something through gettext (``from gettext import gettext as _`` and
# ``ngettext``). Windows' console and shell completion's Bash checks are left out: humas runs neither.
CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)


def _gettext(message: str) -> str:
    return catalogue(language()).gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return catalogue(language()).ngettext(singular, plural, count)


def use_catalogue_for_click() -> None:
    """Click's own words in the current language, looked up when click says them."""
    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


def _commands(command: click.Command, *, load: bool = False) -> Iterator[click.Command]:
    """``command`` and those below it: those already loaded, or (``load``) every one, a lazy group's too."""
    yield command
    if isinstance(command, click.Group):
        if load:
            context = click.Context(command)
            below = [command.get_command(context, name) for name in command.list_commands(context)]
        else:
            below = [command.commands[name] for name in sorted(command.commands)]
        for each in below:
            if each is not None:
                yield from _commands(each, load=load)


def _texts(command: click.Command, *, load: bool = False) -> Iterator[tuple[object, str]]:
    """(owner, attribute) of every help text below ``command``: commands' help and short help, options' help."""
    for each in _commands(command, load=load):
        for attribute in ("help", "short_help"):
            yield each, attribute
        for parameter in each.params:
            if isinstance(parameter, click.Option):
                yield parameter, "help"


def _english(owner: object, attribute: str) -> str | None:
    """The text as the code wrote it, without a docstring's indentation (kept aside the first time it is
    translated, so that a later call in another language starts from it again)."""
    originals: dict[str, str | None] = owner.__dict__.setdefault("_humas_english", {})
    if attribute not in originals:
        text = getattr(owner, attribute)
        originals[attribute] = inspect.cleandoc(text) if text else text
    return originals[attribute]


def help_texts(command: click.Command) -> list[str]:
    """Every help text below ``command`` as the code writes it (English): the catalogue's message ids."""
    found = (_english(owner, attribute) for owner, attribute in _texts(command, load=True))
    return sorted({text for text in found if text})


def speak_help(command: click.Command) -> None:
    """Every help text below ``command`` (those loaded: a lazy group translates each command it loads) in the
    current language."""
    translations = catalogue(language())
    for owner, attribute in _texts(command):
        english = _english(owner, attribute)
        if english:
            setattr(owner, attribute, translations.gettext(english))


def speak_as_repository(args: Sequence[str]) -> Opened | None:
    """Before click parses ``args``: the language of sop.yml on main of the repository they name (``--repo
    DIR``) or of the current directory's. Outside a repository, or when sop.yml cannot be read, the
    default stays (the command itself reports why, when it needs the repository). Returns the repository
    it opened, for the command to use."""
    where = Path(".")
    for index, arg in enumerate(args):
        if arg == "--repo" and index + 1 < len(args):
            where = Path(args[index + 1])
        elif arg.startswith("--repo="):
            where = Path(arg.split("=", 1)[1])
    repo = repository_around(where)
    if repo is None:
        return None
    with contextlib.suppress(HumasError):
        set_language(TrustedMain(repo).sop().language)
    return Opened(where.resolve(), repo)
