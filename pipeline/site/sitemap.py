"""The sitemaps: ``sitemap.xml`` (every page) and ``news-sitemap.xml`` (the last two days' publications).

Both engines write a sitemap whose every ``lastmod`` is the build's date, which tells search engines that
the whole archive changed today; Google then ignores ``lastmod`` altogether ("only if it is consistently
and verifiably accurate", https://developers.google.com/search/blog/2023/06/sitemaps-lastmod-ping). So
the build replaces it (and its ``.gz`` copy, when the engine wrote one) with its own, after the engine:

- ``sitemap.xml`` (https://www.sitemaps.org/protocol.html): one ``<url>`` per generated page, in the
  order they were made, but the notices of withdrawn publications. ``lastmod`` is the page's own time: a
  publication's latest ralat (correction), else its publish_at, else its date at 00:00, in sop.yml's
  timezone (the same as its ``dateModified``); a listing's newest publication's; none
  for an empty listing (unknown is better than false). A page with a cover lists it as an
  ``<image:image>`` (image sitemap extension, https://developers.google.com/search/docs/crawling-indexing/sitemaps/image-sitemaps).
- ``news-sitemap.xml`` (Google News sitemap protocol,
  https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap): the publications
  of the two days before the build, newest first, at most 1,000, each with ``news:publication`` (the
  institution's name, the site's language), ``news:publication_date`` and ``news:title``. It is written,
  maybe empty, on every build with a ``site_url``; the site must be rebuilt at least daily for it to stay
  true (a scheduled ``humas build``). A corrected publication keeps its ``news:publication_date`` (the
  protocol has no time of change) and shows its corrected title; a withdrawn one is in neither sitemap.

Without ``site_url`` there are no absolute addresses: the engine's sitemap is left as it is and no news
sitemap is written.
"""

from __future__ import annotations

import datetime
import gzip
import pathlib
from collections.abc import Iterable, Sequence

from .listing import Entry, Layout
from .page import Page
from .sanitize import escape

SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
NEWS_DAYS = 2
NEWS_LIMIT = 1000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def sitemap_xml(pages: Iterable[Page], layout: Layout) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:image="{IMAGE_NS}">',
    ]
    for page in pages:
        if page.withdrawn:  # its notice answers 410 Gone and is noindex: not a page to crawl
            continue
        address = layout.page_address(page.directory)
        assert address is not None  # written only with a site_url
        lines.append(f"<url><loc>{escape(address)}</loc>")
        if page.modified is not None:
            lines.append(f"<lastmod>{page.modified.astimezone(layout.zone).isoformat()}</lastmod>")
        if page.image:
            lines.append(
                f"<image:image><image:loc>{escape(layout.absolute(page.image) or '')}</image:loc></image:image>"
            )
        lines.append("</url>")
    lines += ["</urlset>", ""]
    return "\n".join(lines)


def news_sitemap_xml(entries: Sequence[Entry], publication_name: str, layout: Layout, now: datetime.datetime) -> str:
    """`entries` newest first; those published in the NEWS_DAYS days up to `now`."""
    since = now - datetime.timedelta(days=NEWS_DAYS)
    recent = [e for e in entries if e.published is not None and since <= e.published <= now]
    recent.sort(key=lambda e: e.published or now, reverse=True)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">',
    ]
    for entry in recent[:NEWS_LIMIT]:
        assert entry.published is not None
        lines += [
            f"<url><loc>{escape(layout.page_address(entry.id) or '')}</loc>",
            "<news:news><news:publication>",
            f"<news:name>{escape(publication_name)}</news:name><news:language>{layout.language}</news:language>",
            "</news:publication>",
            f"<news:publication_date>{entry.published.astimezone(layout.zone).isoformat()}</news:publication_date>",
            f"<news:title>{escape(entry.title)}</news:title>",
            "</news:news></url>",
        ]
    lines += ["</urlset>", ""]
    return "\n".join(lines)


def write_sitemaps(
    site_dir: pathlib.Path,
    pages: Iterable[Page],
    entries: Sequence[Entry],
    publication_name: str,
    layout: Layout,
    now: datetime.datetime,
) -> None:
    """Replace the engine's sitemap (and its .gz) and write the news sitemap, when site_url is known."""
    if not layout.site_url:
        return
    text = sitemap_xml(pages, layout)
    (site_dir / SITEMAP).write_text(text, encoding="utf-8")
    compressed = site_dir / f"{SITEMAP}.gz"
    if compressed.exists():
        compressed.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    (site_dir / NEWS_SITEMAP).write_text(news_sitemap_xml(entries, publication_name, layout, now), encoding="utf-8")
