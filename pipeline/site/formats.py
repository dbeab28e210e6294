"""How a date or a number is written in a language: Unicode CLDR's conventions, through Babel.

``10 Februari 2025`` (``Senin, 10 Februari 2025`` for an event's day) and ``1.234`` in Bahasa Indonesia,
``10 February 2025`` and ``1,234`` in English.
A language humas does not speak is written as Indonesian, as :func:`pipeline.messages.translated` does.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date as _cldr_date
from babel.numbers import format_decimal

from ..messages import LANGUAGES


def _locale(language: str) -> str:
    return language if language in LANGUAGES else "id"


def format_date(day: datetime.date, language: str) -> str:
    """``10 Februari 2025`` / ``10 February 2025``."""
    return _cldr_date(day, "d MMMM y", locale=_locale(language))


def format_weekday_date(day: datetime.date, language: str) -> str:
    """``Jumat, 20 Maret 2026`` / ``Friday, 20 March 2026``: an event's day, with its weekday."""
    return _cldr_date(day, "EEEE, d MMMM y", locale=_locale(language))


def format_month(year: int, month: int, language: str) -> str:
    """``Februari 2025`` / ``February 2025``."""
    return _cldr_date(datetime.date(year, month, 1), "MMMM y", locale=_locale(language))


def format_time(moment: datetime.datetime, language: str) -> str:
    """``14.05 WIB`` / ``14:05 WIB``: the hour and minute of `moment` (aware), with its zone's abbreviation."""
    separator = ":" if _locale(language) == "en" else "."
    zone = moment.tzname() or moment.strftime("%z")
    return f"{moment:%H}{separator}{moment:%M} {zone}"


def format_number(n: int, language: str) -> str:
    """``1.234`` / ``1,234``."""
    return format_decimal(n, locale=_locale(language))
