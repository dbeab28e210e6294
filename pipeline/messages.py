"""What humas says to the SOP's people: Bahasa Indonesia by default, English by configuration.

Messages are written in English in the code, wrapped in ``_()``, with named fields::

    raise NotAcceptable(_("review refused: {why}", why=why))

and translated through a gettext catalogue kept with Babel (``pipeline/locale/id/LC_MESSAGES/humas.po``;
``make messages`` extracts new ones). The catalogue is compiled in memory when first used, so no binary
``.mo`` file is kept. The language is ``HUMAS_LANGUAGE`` when set, else the ``language`` of sop.yml on
main (the command line sets it once it has found the repository), else Indonesian.

What is read in a language of its own (the website in ``mkdocs.yml``'s, a Lembar Pengesahan in the
language it was signed in) names that language at each call::

    translated(site.language, "Page {page} of {pages}", page=2, pages=9)
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Any

DOMAIN = "humas"
LANGUAGES = ("id", "en")
_current: str | None = None


def set_language(language: str | None) -> None:
    global _current
    _current = language if language in LANGUAGES else None


@contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Messages in ``language`` (sop.yml's, when a caller has it at hand) for the duration of a block."""
    global _current
    previous = _current
    set_language(language)
    try:
        yield
    finally:
        _current = previous


def language() -> str:
    chosen = os.environ.get("HUMAS_LANGUAGE") or _current
    return chosen if chosen in LANGUAGES else "id"


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    # start-up: a run in English (HUMAS_LANGUAGE=en, the tests of messages) loads no babel
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = resources.files("pipeline").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str, **fields: Any) -> str:
    """``message`` in the current language, its ``{fields}`` filled in."""
    translated = catalogue(language()).gettext(message)
    return translated.format(**fields) if fields else translated


def translated(language: str | None, message: str, **fields: Any) -> str:
    """``message`` in ``language`` (Indonesian when it is not one of LANGUAGES), its ``{fields}`` filled in."""
    text = catalogue(language if language in LANGUAGES else "id").gettext(message)
    return text.format(**fields) if fields else text


def translated_in(context: str, language: str | None, message: str, **fields: Any) -> str:
    """:func:`translated` for a ``message`` that Indonesian words differently in ``context`` (gettext's msgctxt)."""
    text = catalogue(language if language in LANGUAGES else "id").pgettext(context, message)
    return text.format(**fields) if fields else text
