"""The website's texts that more than one page needs, in the site's language (see pipeline.messages).

Each text is a message of the gettext catalogue, written in English in the code; ``translated(language, …)``
gives it in Bahasa Indonesia (default) or English. The texts used in one place only are written there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..messages import translated
from . import urls
from .formats import format_number


def section_titles(language: str) -> dict[str, str]:
    """The top-level pages' titles (the navigation's names), by their directory."""
    return {
        urls.HOME: translated(language, "Home"),
        urls.NEWS: translated(language, "News"),
        urls.BIDANG: translated(language, "Fields"),
        urls.YEARS: translated(language, "Years"),
    }


def count_label(n: int, language: str) -> str:
    """``1 publikasi``, ``1.234 publikasi`` / ``1 publication``, ``1,234 publications``."""
    if n == 1:
        return translated(language, "1 publication")
    return translated(language, "{n} publications", n=format_number(n, language))


def not_found_texts(language: str, latest: Sequence[Mapping[str, str]] = ()) -> dict[str, object]:
    """The 404 page's texts (theme/404.html reads them as ``config.extra.humas_404``), with the `latest`
    publications it offers: {"title", "url" (site path of the page), "date" (as shown)}, plain texts that
    the template escapes."""
    return {
        "title": translated(language, "Page not found"),
        "text": translated(language, "The page you are looking for does not exist or has moved."),
        "home": translated(language, "Back to the home page"),
        "search": translated(language, "Search this site"),
        "search_button": translated(language, "Search"),
        "latest_title": translated(language, "Latest news"),
        "latest": [dict(item) for item in latest],
    }


def bidang_name(bidang: str) -> str:
    """The display name of a bidang id from sop.yml: `kemahasiswaan` -> `Kemahasiswaan`."""
    return " ".join(part.capitalize() for part in bidang.replace("_", " ").replace("-", " ").split())
