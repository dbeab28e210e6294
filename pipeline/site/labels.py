"""The website's own words, in Bahasa Indonesia (default) and English, and how dates are written."""

from __future__ import annotations

import datetime

LANGUAGES = ("id", "en")

LABELS: dict[str, dict[str, str]] = {
    "home": {"id": "Beranda", "en": "Home"},
    "news": {"id": "Berita", "en": "News"},
    "bidang": {"id": "Bidang", "en": "Fields"},
    "years": {"id": "Tahun", "en": "Years"},
    "latest": {"id": "Publikasi terbaru", "en": "Latest publications"},
    "all_news": {"id": "Semua berita", "en": "All news"},
    "home_intro": {
        "id": "Berita dan publikasi resmi {institution}.",
        "en": "News and official publications of {institution}.",
    },
    "listing_intro": {"id": "{count}, terbaru lebih dahulu.", "en": "{count}, newest first."},
    "bidang_intro": {"id": "Publikasi menurut bidang.", "en": "Publications by field."},
    "years_intro": {"id": "Publikasi menurut tahun.", "en": "Publications by year."},
    "bidang_title": {"id": "Bidang {name}", "en": "Field: {name}"},
    "year_title": {"id": "Tahun {year}", "en": "Year {year}"},
    "count_one": {"id": "1 publikasi", "en": "1 publication"},
    "count_many": {"id": "{n} publikasi", "en": "{n} publications"},
    "empty": {"id": "Belum ada publikasi.", "en": "No publications yet."},
    "page_of": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
    "page_title": {"id": "{title} (halaman {page})", "en": "{title} (page {page})"},
    "newer": {"id": "‹ Lebih baru", "en": "‹ Newer"},
    "older": {"id": "Lebih lama ›", "en": "Older ›"},
    "pagination": {"id": "Halaman", "en": "Pages"},
    "gallery": {"id": "Galeri", "en": "Gallery"},
    "attachments": {"id": "Lampiran", "en": "Attachments"},
    "tags": {"id": "Label", "en": "Tags"},
    "lead": {"id": "Berita utama", "en": "Top story"},
    "reading_time": {"id": "{minutes} menit baca", "en": "{minutes} min read"},
    "share": {"id": "Bagikan", "en": "Share"},
    "share_whatsapp": {"id": "WhatsApp", "en": "WhatsApp"},
    "share_facebook": {"id": "Facebook", "en": "Facebook"},
    "share_x": {"id": "X", "en": "X"},
    "share_email": {"id": "E-mail", "en": "E-mail"},
    "copy_link": {"id": "Salin tautan", "en": "Copy link"},
    "copied": {"id": "Tautan disalin", "en": "Link copied"},
    "related": {"id": "Berita terkait", "en": "Related news"},
    "open_original": {"id": "Buka gambar asli", "en": "Open the original picture"},
    "feeds": {"id": "Langganan", "en": "Subscribe"},
    "feed_title": {"id": "{site}: berita terbaru", "en": "{site}: latest news"},
    "feed_bidang_title": {"id": "{site}: bidang {name}", "en": "{site}: field {name}"},
}

MONTHS = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def label(key: str, language: str, **params: object) -> str:
    """The text of `key` in `language` (plain text: escape it before writing it into HTML)."""
    template = LABELS[key][language]
    return template.format(**params) if params else template


def count_label(n: int, language: str) -> str:
    return (
        label("count_one", language)
        if n == 1
        else label("count_many", language, n=f"{n:,}".replace(",", "." if language == "id" else ","))
    )


def format_date(day: datetime.date, language: str) -> str:
    """`10 Februari 2025` / `10 February 2025`."""
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def bidang_name(bidang: str) -> str:
    """The display name of a bidang id from sop.yml: `kemahasiswaan` -> `Kemahasiswaan`."""
    return " ".join(part.capitalize() for part in bidang.replace("_", " ").replace("-", " ").split())
