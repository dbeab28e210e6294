"""The site's menu (mkdocs' ``nav``): humas' sections and the standing pages, in the institution's order.

By default: Beranda, Berita, Pengumuman and Agenda (when the site has any), Bidang, Tahun, then the standing
pages (halaman: Profil, PPID, Layanan, Kontak, …) by their ``urutan``, then by title. An institution orders
the menu with ``nav`` in its mkdocs.yml, naming the pages by their source (``index.md``,
``berita/index.md``, ``pengumuman/index.md``, ``agenda/index.md``, ``halaman/profil/index.md``) with the
titles it wants::

    nav:
      - Beranda: index.md
      - Profil: halaman/profil/index.md
      - Berita: berita/index.md
      - Pengumuman: pengumuman/index.md

Entries that name a page the site has are kept in that order, with their titles; the site's pages that
``nav`` does not name follow in the default order; entries naming anything else (a page the site does not
have, a link, a section) are left out with a warning, so the menu never leads to a missing page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import urls
from .labels import section_titles
from .model import SitePublication


def default_menu(
    language: str, sections: Mapping[str, str], standing: Sequence[SitePublication]
) -> list[tuple[str, str]]:
    """(title, source path) of every page of the menu, in humas' order. `sections`: the kinds' listings
    the site has (directory -> title)."""
    titles = section_titles(language)
    menu = [(titles[urls.HOME], urls.HOME), (titles[urls.NEWS], urls.NEWS)]
    menu += [(title, directory) for directory, title in sections.items()]
    menu += [(titles[d], d) for d in titles if d not in (urls.HOME, urls.NEWS)]
    ordered = sorted(standing, key=lambda p: (p.order is None, p.order or 0, p.title.casefold(), p.id))
    menu += [(" ".join(p.title.split()), p.id) for p in ordered]
    return [(title, urls.source_path(directory)) for title, directory in menu]


def site_nav(default: Sequence[tuple[str, str]], configured: object) -> tuple[list[dict[str, str]], list[str]]:
    """The ``nav`` of the build: `configured` (mkdocs.yml's ``nav``) in its order where it names the site's
    pages, then the rest of `default`; and a warning for each entry left out."""
    known = {source: title for title, source in default}
    chosen: list[tuple[str, str]] = []
    warnings: list[str] = []
    if isinstance(configured, list):
        for entry in configured:
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, source),) = entry.items()
                if isinstance(title, str) and isinstance(source, str) and source in known and title.strip():
                    if source not in {s for _, s in chosen}:
                        chosen.append((" ".join(title.split()), source))
                    continue
            warnings.append(f"mkdocs.yml: nav: {entry!r} is not a page of the site; left out of the menu")
    named = {source for _, source in chosen}
    chosen += [(title, source) for title, source in default if source not in named]
    return [{title: source} for title, source in chosen], warnings
