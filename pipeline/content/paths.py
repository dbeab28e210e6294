"""Where drafts live in a repository: the one module that spells the paths below ``content/``.

The portal's four kinds of publication, each a folder holding ``index.md`` with its media beside it:

===========  ===============================================  ============================
kind         folder                                           id
===========  ===============================================  ============================
berita       ``content/publikasi/<yyyy>/<slug>/``              ``<yyyy>/<slug>``
pengumuman   ``content/pengumuman/<yyyy>/<slug>/``             ``pengumuman/<yyyy>/<slug>``
agenda       ``content/agenda/<yyyy>/<slug>/``                 ``agenda/<yyyy>/<slug>``
halaman      ``content/halaman/<slug>/``                       ``halaman/<slug>``
===========  ===============================================  ============================

An id is also the page's path on the website. An arahan and a rencana are one Markdown file each, directly
in their folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

ARAHAN = "content/arahan"
RENCANA = "content/rencana"
PUBLIKASI = "content/publikasi"
PENGUMUMAN = "content/pengumuman"
AGENDA = "content/agenda"
HALAMAN = "content/halaman"
PUBLICATION_DIRS = (PUBLIKASI, PENGUMUMAN, AGENDA, HALAMAN)
"""The folders that hold publications (every kind the website shows)."""
CONTENT_DIRS = (ARAHAN, RENCANA, *PUBLICATION_DIRS)
INDEX = "index.md"

KINDS = ("berita", "pengumuman", "agenda", "halaman")
"""The kinds of publication (the website's ``KINDS``), in the order the portal lists them."""
DRAFT_KINDS = {"berita": "publikasi", "pengumuman": "pengumuman", "agenda": "agenda", "halaman": "halaman"}
"""A publication kind's name as a draft kind (``humas new``, the models, the editor's collections): news
keeps its historical name ``publikasi``."""
FOLDERS = {"berita": PUBLIKASI, "pengumuman": PENGUMUMAN, "agenda": AGENDA, "halaman": HALAMAN}
DATED = ("berita", "pengumuman", "agenda")
"""The kinds filed by year (``<yyyy>/<slug>``); a halaman is filed by its slug alone."""

_YEAR = re.compile(r"\d{4}")
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]*"
PUBLICATION_ID = re.compile(rf"(?:(?:pengumuman|agenda)/)?\d{{4}}/{_SEGMENT}|halaman/{_SEGMENT}")
"""A publication id of any kind, as the archive and the receipts name them (use :func:`is_publication_id`:
it refuses ``..`` too)."""


def is_publication_id(text: str) -> bool:
    """Whether ``text`` is a publication id of one of the four kinds (no ``..``, no other segment)."""
    return bool(PUBLICATION_ID.fullmatch(text)) and ".." not in text


def kind_of(publication: str) -> str | None:
    """The kind (one of :data:`KINDS`) of a publication id, or None when it is not one."""
    if not is_publication_id(publication):
        return None
    first = publication.split("/", 1)[0]
    return first if first in FOLDERS else "berita"


def publication_folder(publication: str) -> str:
    """``content/publikasi/<yyyy>/<slug>``, ``content/pengumuman/<yyyy>/<slug>``, ``content/agenda/<yyyy>/<slug>``,
    ``content/halaman/<slug>``: the folder of a publication (its draft and its media)."""
    kind = kind_of(publication)
    if kind is None:
        raise ValueError(f"not a publication id: {publication!r}")
    return f"{PUBLIKASI}/{publication}" if kind == "berita" else f"content/{publication}"


def publication_index(publication: str) -> str:
    """The folder's ``index.md``: a publication's draft."""
    return f"{publication_folder(publication)}/{INDEX}"


def arahan_file(name: str) -> str:
    return f"{ARAHAN}/{name}.md"


def rencana_file(name: str) -> str:
    return f"{RENCANA}/{name}.md"


def publication_of(path: str) -> str | None:
    """The publication id a repository path belongs to (its draft, its media), if any."""
    parts: tuple[str, ...] | list[str] = path.split("/")
    if "" in parts or "." in parts:  # what PurePosixPath folds (``a//b``, ``./a``, ``a/``): the same parts as it
        parts = PurePosixPath(path).parts
    if len(parts) < 4 or parts[0] != "content":
        return None
    if parts[1] == "publikasi" and len(parts) >= 5 and _YEAR.fullmatch(parts[2]):
        found = f"{parts[2]}/{parts[3]}"
    elif parts[1] in ("pengumuman", "agenda") and len(parts) >= 5 and _YEAR.fullmatch(parts[2]):
        found = f"{parts[1]}/{parts[2]}/{parts[3]}"
    elif parts[1] == "halaman":
        found = f"halaman/{parts[2]}"
    else:
        return None
    return found if is_publication_id(found) else None


def new_publication_id(kind: str, year: str, slug: str) -> str:
    """The id of a publication of ``kind`` (``year``: four digits, its date's; unused for a halaman) and ``slug``."""
    if kind == "berita":
        return f"{year}/{slug}"
    return f"{kind}/{year}/{slug}" if kind in DATED else f"{kind}/{slug}"
