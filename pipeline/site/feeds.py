"""Feeds of the latest publications, for the whole site and for each bidang: RSS 2.0, Atom and JSON Feed.

- RSS 2.0 (https://www.rssboard.org/rss-specification): channel title, link, description; items with
  title, link, guid, pubDate (RFC 822), description (HTML, as readers take it: the plain teaser escaped),
  category; ``atom:link rel="self"`` as the RSS
  Advisory Board recommends.
- Atom (RFC 4287): feed id, title, updated, author, ``link rel="self"``; entries with id, title,
  updated, published, link, summary, category.
- JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): version, title, home_page_url, feed_url, items
  with id, url, title, summary, date_published, image, tags.

All three need absolute URLs, so they are written only when ``site_url`` is known. Dates are
publication dates (midnight UTC). Each feed holds the ``FEED_ITEMS`` newest publications, so writing
them costs the same whatever the archive's size.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import pathlib
from collections.abc import Sequence
from dataclasses import dataclass

from ..messages import translated
from .labels import bidang_name
from .listing import Entry, Layout, bidang_directory
from .sanitize import escape

FEED_ITEMS = 20
RSS, ATOM, JSON_FEED = "feed.xml", "atom.xml", "feed.json"
TYPES = {RSS: "application/rss+xml", ATOM: "application/atom+xml", JSON_FEED: "application/feed+json"}


@dataclass(frozen=True)
class Feed:
    path: str  # site path: "feed.xml", "bidang/akademik/atom.xml"
    title: str
    bidang: str | None  # None: the whole site

    @property
    def media_type(self) -> str:
        return TYPES[self.path.rsplit("/", 1)[-1]]


def site_feeds(site_name: str, bidang_names: Sequence[str], layout: Layout) -> list[Feed]:
    """The feeds a build writes (none without site_url)."""
    if not layout.site_url:
        return []
    language = layout.language
    title = translated(language, "{site}: latest news", site=site_name)
    feeds = [Feed(name, title, None) for name in (RSS, ATOM, JSON_FEED)]
    for bidang in bidang_names:
        title = translated(language, "{site}: field {name}", site=site_name, name=bidang_name(bidang))
        feeds += [Feed(f"{bidang_directory(bidang)}/{name}", title, bidang) for name in (RSS, ATOM, JSON_FEED)]
    return feeds


def write_feeds(
    feeds: Sequence[Feed], entries: Sequence[Entry], description: str, layout: Layout, docs_dir: pathlib.Path
) -> None:
    """Write every feed of `feeds` with the newest of `entries` (already newest first)."""
    by_bidang: dict[str | None, list[Entry]] = {None: list(entries[:FEED_ITEMS])}
    for entry in entries:
        members = by_bidang.setdefault(entry.bidang, [])
        if len(members) < FEED_ITEMS:
            members.append(entry)
    for feed in feeds:
        items = by_bidang.get(feed.bidang, [])
        name = feed.path.rsplit("/", 1)[-1]
        writer = {RSS: _rss, ATOM: _atom, JSON_FEED: _json_feed}[name]
        target = docs_dir / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(writer(feed, items, description, layout), encoding="utf-8")


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def _address(entry: Entry, layout: Layout) -> str:
    address = layout.page_address(entry.id)
    assert address is not None  # feeds are written only with a site_url
    return address


def _home(feed: Feed, layout: Layout) -> str:
    address = layout.page_address(bidang_directory(feed.bidang) if feed.bidang else "")
    assert address is not None
    return address


def _updated(items: Sequence[Entry]) -> datetime.datetime:
    return _moment(max((e.date for e in items), default=datetime.date(2000, 1, 1)))


def _rss(feed: Feed, items: Sequence[Entry], description: str, layout: Layout) -> str:
    self_url = layout.absolute(feed.path)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(feed.title)}</title>",
        f"<link>{escape(_home(feed, layout))}</link>",
        f"<description>{escape(description)}</description>",
        f"<language>{layout.language}</language>",
        f'<atom:link href="{escape(self_url or "")}" rel="self" type="application/rss+xml"/>',
        f"<lastBuildDate>{email.utils.format_datetime(_updated(items))}</lastBuildDate>",
    ]
    for entry in items:
        address = escape(_address(entry, layout))
        lines += [
            "<item>",
            f"<title>{escape(entry.title)}</title>",
            f"<link>{address}</link>",
            f'<guid isPermaLink="true">{address}</guid>',
            f"<pubDate>{email.utils.format_datetime(_moment(entry.date))}</pubDate>",
            f"<description>{escape(escape(entry.teaser))}</description>"  # HTML, as readers take it,
            f"<category>{escape(bidang_name(entry.bidang))}</category>",
            "</item>",
        ]
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def _atom(feed: Feed, items: Sequence[Entry], description: str, layout: Layout) -> str:
    self_url = escape(layout.absolute(feed.path) or "")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{layout.language}">',
        f"<id>{self_url}</id>",
        f"<title>{escape(feed.title)}</title>",
        f"<subtitle>{escape(description)}</subtitle>",
        f"<updated>{_updated(items).isoformat()}</updated>",
        f'<link rel="self" type="application/atom+xml" href="{self_url}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(_home(feed, layout))}"/>',
        f"<author><name>{escape(description)}</name></author>",
    ]
    for entry in items:
        address = escape(_address(entry, layout))
        moment = _moment(entry.date).isoformat()
        lines += [
            "<entry>",
            f"<id>{address}</id>",
            f"<title>{escape(entry.title)}</title>",
            f"<updated>{moment}</updated>",
            f"<published>{moment}</published>",
            f'<link rel="alternate" type="text/html" href="{address}"/>',
            f"<summary>{escape(entry.teaser)}</summary>",
            f'<category term="{escape(entry.bidang)}" label="{escape(bidang_name(entry.bidang))}"/>',
            "</entry>",
        ]
    lines += ["</feed>", ""]
    return "\n".join(lines)


def _json_feed(feed: Feed, items: Sequence[Entry], description: str, layout: Layout) -> str:
    data: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": _home(feed, layout),
        "feed_url": layout.absolute(feed.path),
        "description": description,
        "language": layout.language,
        "items": [],
    }
    for entry in items:
        item: dict[str, object] = {
            "id": _address(entry, layout),
            "url": _address(entry, layout),
            "title": entry.title,
            "summary": entry.teaser,
            "date_published": _moment(entry.date).isoformat(),
            "tags": [bidang_name(entry.bidang)],
        }
        if entry.cover:
            item["image"] = layout.absolute(entry.cover.fitting(960))
        data["items"].append(item)  # type: ignore[attr-defined]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
