"""The page of one publication: title, date and bidang, cover, summary, body, and its other media."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, unquote

from . import media as kinds
from .labels import label
from .listing import Entry, Layout, meta_html
from .media import MediaFile
from .model import SitePublication
from .page import Page
from .sanitize import escape, excerpt

_LINKED = re.compile(r'(?:src|href)="([^"#?]+)')


def linked_names(body_html: str) -> set[str]:
    """The relative file names the (sanitised) body links to or shows."""
    names = set()
    for value in _LINKED.findall(body_html):
        if "://" in value or value.startswith(("/", "mailto:", "tel:")):
            continue
        names.add(unquote(value.replace("&amp;", "&")).removeprefix("./"))
    return names


def cover_name(publication: SitePublication, media: Sequence[MediaFile]) -> str | None:
    """The cover's file name when it is one of the publishable images, else None."""
    images = {m.name for m in media if m.kind == kinds.IMAGE}
    return publication.image if publication.image in images else None


def entry(publication: SitePublication, body_html: str, cover: str | None) -> Entry:
    teaser = " ".join(publication.summary.split()) if publication.summary else excerpt(body_html)
    return Entry(publication.id, publication.title, publication.date, publication.bidang, teaser,
                 f"{publication.id}/{cover}" if cover else None)


def publication_page(publication: SitePublication, body_html: str, media: Sequence[MediaFile],
                     cover: str | None, layout: Layout) -> Page:
    here = publication.id
    language = layout.language
    title = escape(publication.title)
    parts = ['<article class="humas-publikasi">', f"<h1>{title}</h1>",
             f'<p class="humas-publikasi__meta">{meta_html(publication.date, publication.bidang, here, layout)}</p>']
    if cover:
        parts.append(f'<figure class="humas-sampul"><img src="{_href(cover)}" alt="{title}"></figure>')
    if publication.summary:
        parts.append(f'<p class="humas-publikasi__ringkasan">{escape(" ".join(publication.summary.split()))}</p>')
    parts.append(f'<div class="humas-publikasi__isi">\n{body_html}\n</div>')

    shown = linked_names(body_html) | ({cover} if cover else set())
    rest = [m for m in media if m.name not in shown]
    visual = [m for m in rest if m.kind in (kinds.IMAGE, kinds.VIDEO)]
    if visual:
        parts.append(f'<section class="humas-galeri"><h2>{escape(label("gallery", language))}</h2>')
        for item in visual:
            if item.kind == kinds.IMAGE:
                parts.append(f'<figure><img src="{_href(item.name)}" alt="" loading="lazy"></figure>')
            else:
                parts.append(f'<figure><video src="{_href(item.name)}" controls preload="metadata"></video></figure>')
        parts.append("</section>")
    others = [m for m in rest if m.kind in (kinds.AUDIO, kinds.DOCUMENT)]
    if others:
        parts.append(f'<section class="humas-lampiran"><h2>{escape(label("attachments", language))}</h2><ul>')
        for item in others:
            player = ""
            if item.kind == kinds.AUDIO:
                player = f' <audio src="{_href(item.name)}" controls preload="none"></audio>'
            parts.append(f'<li><a href="{_href(item.name)}">{escape(item.name)}</a>{player}</li>')
        parts.append("</ul></section>")
    if publication.tags:
        tags = ", ".join(escape(tag) for tag in publication.tags)
        parts.append(f'<p class="humas-publikasi__label">{escape(label("tags", language))}: {tags}</p>')
    parts.append("</article>")
    description = publication.summary or excerpt(body_html, 160)
    return Page(here, publication.title, "\n".join(parts), description=description or None)


def _href(name: str) -> str:
    return escape(quote(name))
