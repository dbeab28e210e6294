"""Every message humas says, as the code writes it (English): the catalogue's message ids.

One list for ``make messages`` (which writes it as the template ``build/humas.pot`` that ``pybabel
update`` merges into the Indonesian catalogue) and for tests/test_messages.py (which checks the catalogue
against it):

- the ``_()``, ``translated()`` and ``translated_in()`` calls of the package;
- the help texts of the ``humas`` command (``pipeline.cli_language.help_texts``);
- click's own words, said through gettext by the click modules of ``cli_language.CLICK_MODULES``.

Calls are found in the syntax tree (Python's ``ast``), wherever they stand, inside an f-string's
``{…}`` too (Babel's extractor misses those on Python 3.11, and the text would silently stay English).
A message must be a literal string: a call whose message is anything else cannot be translated, and
``unreadable_calls`` names it (tests/test_messages.py fails on one).

    python -m tools.catalogue build/humas.pot

A development tool: it lives beside the package, not in it (the installed humas never needs it).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

Message = str | tuple[str, str]  # a message, or the (singular, plural) of a plural one
Entry = tuple[str | None, Message]  # (context, message): the catalogue's key


# function name -> (index of the context argument or None, indexes of the message's arguments)
KEYWORDS: Mapping[str, tuple[int | None, tuple[int, ...]]] = {
    "_": (None, (0,)),
    "translated": (None, (1,)),
    "translated_in": (0, (2,)),
}
CLICK_KEYWORDS: Mapping[str, tuple[int | None, tuple[int, ...]]] = {"_": (None, (0,)), "ngettext": (None, (0, 1))}

# Click's words said through a variable (``_(extra["required"])`` in an option's help), which the syntax
# tree cannot read as a literal: named here so that they are in the catalogue too ("[required]").
CLICK_INDIRECT: tuple[str, ...] = ("required",)

# A fixed date in the template's header: the catalogue changes only when a message does.
TEMPLATE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def _calls(path: Path, keywords: Mapping[str, tuple[int | None, tuple[int, ...]]]) -> Iterator[tuple[int, list]]:
    """(line, [context node or None, message nodes…]) of every call of a keyword function in ``path``."""
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords:
            context, indexes = keywords[node.func.id]
            arguments = node.args
            if max(indexes) >= len(arguments) or (context is not None and context >= len(arguments)):
                continue  # not a message call (e.g. a function of the same name used otherwise)
            yield node.lineno, [None if context is None else arguments[context], *(arguments[i] for i in indexes)]


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _extracted(files: list[Path], keywords: Mapping[str, tuple[int | None, tuple[int, ...]]]) -> list[Entry]:
    found: list[Entry] = []
    for path in files:
        for _line, (context, *parts) in _calls(path, keywords):
            texts = [_literal(part) for part in parts]
            if all(text is not None for text in texts) and (context is None or _literal(context) is not None):
                message: Message = texts[0] if len(texts) == 1 else (texts[0], texts[1])  # type: ignore[assignment]
                found.append((_literal(context), message))
    return found


def unreadable_calls(files: list[Path] | None = None) -> list[str]:
    """``path:line`` of every message call of the package whose message (or context) is not a literal
    string: it cannot be in the catalogue, so it would never be translated."""
    wrong = []
    for path in files if files is not None else _own_files():
        for line, (context, *parts) in _calls(path, KEYWORDS):
            if any(_literal(part) is None for part in parts) or (context is not None and _literal(context) is None):
                shown = path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE.parent) else path
                wrong.append(f"{shown}:{line}")
    return wrong


def _own_files() -> list[Path]:
    # messages.py defines the functions; the calls there are the definitions' own (no message)
    return sorted(p for p in PACKAGE.rglob("*.py") if "vendor" not in p.parts and p.name != "messages.py")


def messages_in_code() -> list[Entry]:
    """Every (context, message id) once, sorted; the id is a (singular, plural) pair for a plural message."""
    import click

    from pipeline.cli import main
    from pipeline.cli_language import CLICK_MODULES, help_texts

    click_dir = Path(click.__file__).parent
    clicks = [click_dir / f"{name.split('.', 1)[1]}.py" for name in CLICK_MODULES]
    helps: list[Entry] = [(None, text) for text in help_texts(main)]
    indirect: list[Entry] = [(None, text) for text in CLICK_INDIRECT]
    found = _extracted(_own_files(), KEYWORDS) + helps + _extracted(clicks, CLICK_KEYWORDS) + indirect
    unique = {(context or "", key(message)): (context, message) for context, message in found}
    return [unique[each] for each in sorted(unique)]


def key(message: Message) -> str:
    """The catalogue's id of a message: the singular of a plural one."""
    return message if isinstance(message, str) else message[0]


GLOSSARY = PACKAGE.parent / "docs" / "glossary.md"
GLOSSARY_RULES = "## What the catalogue checks"


def glossary_rules(path: Path = GLOSSARY) -> list[tuple[str, tuple[str, ...]]]:
    """The glossary's table of words kept for one act: (an Indonesian word, the English words of the message
    ids where it may stand). No English word: the Indonesian word is never used."""
    section = path.read_text(encoding="utf-8").split(GLOSSARY_RULES, 1)[1].split("\n## ", 1)[0]
    rules = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            english = tuple(word.lower() for word in re.findall(r"`([^`]+)`", cells[1]))
            rules.append((cells[0].strip("`").lower(), english))
    return rules


def glossary_problems(
    entries: list[tuple[str, str]], rules: list[tuple[str, tuple[str, ...]]] | None = None
) -> list[str]:
    """Each (message id, Indonesian) whose Indonesian uses a word the glossary keeps for an act the English
    does not name, e.g. *terbit* (published) for a merge: ``"Merged": 'terbit'``."""
    wrong = []
    for message, text in entries:
        for word, english in glossary_rules() if rules is None else rules:
            if word in text.lower() and not any(each in message.lower() for each in english):
                wrong.append(f"{message!r}: {word!r}")
    return wrong


def template() -> Catalog:
    catalog = Catalog(project="humas", version="1", fuzzy=False, creation_date=TEMPLATE_DATE)
    for context, message in messages_in_code():
        catalog.add(message, context=context)
    return catalog


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as out:
        write_po(out, template(), width=120, omit_header=False, sort_output=True)
