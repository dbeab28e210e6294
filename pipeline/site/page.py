"""A generated page: its place, its title and its HTML, and how it is written into the docs dir.

Each page is a Markdown source whose front matter holds the title (HTML-escaped, because the theme
writes ``page.meta.title`` into ``<title>`` and the header without escaping) and whose body is the
page's HTML, already safe. Any engine that reads a mkdocs docs dir builds the same page from it.
``humas_prev`` and ``humas_next`` (escaped relative links) are a listing page's neighbours, which the theme
override writes as ``<link rel="prev">``/``<link rel="next">`` instead of Material's neighbours in the menu.
The front matter also carries ``humas_head``: the page's share-card and feed tags (cards.py), already
escaped, which the theme override (theme/main.html) writes into ``<head>``.
"""

from __future__ import annotations

import datetime
import json
import pathlib
from dataclasses import dataclass

from .sanitize import escape
from .urls import source_path


@dataclass(frozen=True)
class Page:
    directory: str  # "" (home), "berita/2", "2025/wisuda-angkatan-2025"
    title: str  # plain text
    html: str  # the content, safe HTML
    description: str | None = None  # plain text, for <meta name="description">
    searchable: bool = True  # listings repeat what the publication pages say: kept out of the search
    image: str | None = None  # site path of the picture its share card shows
    image_alt: str = ""
    published: datetime.datetime | None = None  # an article's time, in sop.yml's timezone (a listing has none)
    bidang: str | None = None  # the bidang whose feeds the page links to
    modified: datetime.datetime | None = None  # its last significant change (sitemap lastmod, dateModified)
    tags: tuple[str, ...] = ()  # an article's tags
    image_size: tuple[int, int] | None = None  # width and height of `image`, when known
    trail: tuple[tuple[str, str], ...] = ()  # the breadcrumbs above it: (name, directory), from the home page
    previous: str | None = None  # relative link to the listing's previous page (<link rel="prev">)
    next: str | None = None  # relative link to the listing's next page (<link rel="next">)
    video: bool = False  # it shows a click-to-load YouTube player (the theme adds the player's script)
    withdrawn: bool = False  # the notice of a withdrawn publication: noindex, no share card, in no sitemap

    @property
    def src_uri(self) -> str:
        return source_path(self.directory)

    def front_matter(self, head: str = "") -> dict[str, object]:
        # One line each: a title is never multi-line, and a line of its own could end the front matter.
        # The home page has no title of its own: the theme then titles it with the site's name.
        meta: dict[str, object] = {"title": escape(" ".join(self.title.split()))} if self.directory else {}
        if self.description:
            meta["description"] = escape(" ".join(self.description.split()))
        meta["hide"] = ["navigation", "toc"]
        if not self.searchable:
            meta["search"] = {"exclude": True}
        if self.previous:
            meta["humas_prev"] = escape(self.previous)
        if self.next:
            meta["humas_next"] = escape(self.next)
        if self.video:
            meta["humas_video"] = True
        if head:
            meta["humas_head"] = head
        return meta

    def source(self, head: str = "") -> str:
        # JSON values are YAML flow values, and json.dumps is much faster than yaml.safe_dump.
        header = "".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in self.front_matter(head).items()
        )
        return f"---\n{header}---\n\n{self.html}\n"


def write_page(page: Page, docs_dir: pathlib.Path, head: str = "") -> None:
    target = docs_dir / page.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.source(head), encoding="utf-8")
