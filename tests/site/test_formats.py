"""Dates and numbers as the site writes them in each language (Unicode CLDR, through Babel)."""

from __future__ import annotations

import datetime

import pytest

from pipeline.site.formats import format_date, format_month, format_number

MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_month_is_written_in_full_in_the_language(language: str) -> None:
    dates = [format_date(datetime.date(2025, month, 9), language) for month in range(1, 13)]
    assert dates == [f"9 {name} 2025" for name in MONTHS[language].split()]
    assert [format_month(2026, month, language) for month in (1, 12)] == [
        f"{MONTHS[language].split()[0]} 2026",
        f"{MONTHS[language].split()[-1]} 2026",
    ]


@pytest.mark.parametrize(
    "language,written", [("id", ["7", "999", "1.000", "1.234.567"]), ("en", ["7", "999", "1,000", "1,234,567"])]
)
def test_numbers_are_grouped_by_thousands_as_the_language_does(language: str, written: list[str]) -> None:
    assert [format_number(n, language) for n in (7, 999, 1000, 1234567)] == written


def test_a_language_humas_does_not_speak_is_written_as_indonesian() -> None:
    assert (format_date(datetime.date(2025, 5, 1), "fr"), format_number(1000, "fr")) == ("1 Mei 2025", "1.000")
