"""Every message humas says, as the code writes it (English): the catalogue's message ids.

One list for ``make messages`` (which writes it as the template ``build/humas.pot`` that ``pybabel
update`` merges into the Indonesian catalogue) and for tests/test_messages.py (which checks the catalogue
against it):

- the ``_()`` and ``translated()`` calls of the package (literal strings only, as Babel extracts them);
- the help texts of the ``humas`` command (``pipeline.cli_language.help_texts``);
- click's own words, said through gettext by the click modules of ``cli_language.CLICK_MODULES``.

    python -m pipeline.catalogue build/humas.pot
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "translated": (2,), "translated_in": ((1, "c"), 3)}
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}


Message = str | tuple[str, str]  # a message, or the (singular, plural) of a plural one
Entry = tuple[str | None, Message]  # (context, message): the catalogue's key


def _extracted(files: list[Path], keywords: Mapping[str, Any]) -> list[Entry]:
    """The messages of ``files``. Babel warns of every f-string among a call's arguments, also of those given
    as a field's value (``_("Done in {seconds} s.", seconds=f"{t:.1f}")``, which is right): the warnings are
    dropped, and ruff's INT rules (pyproject.toml) catch an f-string given as the message itself."""
    with contextlib.redirect_stderr(io.StringIO()):
        return [
            (context, message if isinstance(message, str) else (message[0], message[1]))
            for path in files
            for _line, message, _comments, context in extract_from_file(
                "python", str(path), keywords=keywords, comment_tags=(), strip_comment_tags=True
            )
        ]


def messages_in_code() -> list[Entry]:
    """Every (context, message id) once, sorted; the id is a (singular, plural) pair for a plural message."""
    import click

    from .cli import main
    from .cli_language import CLICK_MODULES, help_texts

    own = sorted(p for p in PACKAGE.rglob("*.py") if "vendor" not in p.parts)
    click_dir = Path(click.__file__).parent
    clicks = [click_dir / f"{name.split('.', 1)[1]}.py" for name in CLICK_MODULES]
    helps: list[Entry] = [(None, text) for text in help_texts(main)]
    found = _extracted(own, KEYWORDS) + helps + _extracted(clicks, CLICK_KEYWORDS)
    unique = {(context or "", key(message)): (context, message) for context, message in found}
    return [unique[each] for each in sorted(unique)]


def key(message: Message) -> str:
    """The catalogue's id of a message: the singular of a plural one."""
    return message if isinstance(message, str) else message[0]


def template() -> Catalog:
    catalog = Catalog(project="humas", version="1", fuzzy=False)
    for context, message in messages_in_code():
        catalog.add(message, context=context)
    return catalog


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as out:
        write_po(out, template(), width=120, omit_header=False, sort_output=True)
