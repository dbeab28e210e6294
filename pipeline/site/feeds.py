"""Feeds of the latest publications, for the whole site and for each bidang, and of the latest announcements
(``pengumuman/feed.xml``, ``atom.xml``, ``feed.json``, linked from the announcements' listing and pages): RSS
2.0, Atom and JSON Feed.

- RSS 2.0 (https://www.rssboard.org/rss-specification): channel title, link, description, language,
  lastBuildDate; items with title, link, guid, pubDate (RFC 822, with the offset of sop.yml's timezone),
  description (HTML, as readers take it: the plain teaser escaped), category, and the cover as an
  ``enclosure`` (url, length in bytes, type); ``atom:link rel="self"`` as the RSS Advisory Board
  recommends. RSS 2.0's ``author`` and ``managingEditor`` are e-mail addresses, which sop.yml does not
  hold: the institution is the channel's title.
- Atom (RFC 4287): feed id, title, subtitle (the site's description), updated, author (the institution's
  name and home page), ``link rel="self"``; entries with id, title, updated, published, link, summary,
  content (the body, HTML), category and the cover as ``link rel="enclosure"`` (RFC 4287 §4.2.7.2, with
  its type and length).
- JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): version, title, home_page_url, feed_url,
  description, language, authors (the institution); items with id, url, title, content_html (the body),
  summary, image (the cover), date_published, date_modified, authors, tags.

The cover travels as an enclosure in RSS and Atom, not as Media RSS's ``media:content``: the enclosure is
part of both specifications themselves (no extra namespace), every reader and feedparser know it, and
the length it requires is known (the file is in the docs dir). Links and pictures inside a body are
made absolute (a feed reader has no page to resolve them against).

Times are each publication's own: its ``publish_at``, else its date at 00:00, in sop.yml's timezone
(``+07:00`` for Asia/Jakarta). A corrected publication (a *ralat*) keeps its place and its published
time; its Atom ``updated`` and JSON Feed ``date_modified`` are its latest ralat's time, so that readers
fetch the corrected text. A withdrawn publication is in no feed. A feed's ``updated`` (Atom, required by
RFC 4287 §4.1.1) and ``lastBuildDate`` (RSS) are the latest of its items' times (a ralat included); a feed
with no item (a bidang without publications yet) takes the time of the newest publication of the whole
site, the last time anything on the site changed (and the build's time when the site has none): never a
made-up date.

All three need absolute URLs, so they are written only when ``site_url`` is known. Each feed holds the
``FEED_ITEMS`` newest publications, so writing them costs the same whatever the archive's size, and the
build keeps only those publications' bodies (:func:`feed_ids`).
"""

from __future__ import annotations

import datetime
import email.utils
import html
import json
import pathlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from ..messages import translated
from .labels import bidang_name
from .listing import Entry, Layout, bidang_directory, recency
from .sanitize import escape

FEED_ITEMS = 20
ANNOUNCEMENTS = "pengumuman"  # the announcements' listing (kinds.py), where their feeds live
RSS, ATOM, JSON_FEED = "feed.xml", "atom.xml", "feed.json"
TYPES = {RSS: "application/rss+xml", ATOM: "application/atom+xml", JSON_FEED: "application/feed+json"}


@dataclass(frozen=True)
class Feed:
    path: str  # site path: "feed.xml", "bidang/akademik/atom.xml", "pengumuman/feed.json"
    title: str
    bidang: str | None  # None: the whole site
    section: str | None = None  # "pengumuman": the announcements' feed (linked from their pages); None: news

    @property
    def media_type(self) -> str:
        return TYPES[self.path.rsplit("/", 1)[-1]]


def site_feeds(
    site_name: str, bidang_names: Sequence[str], layout: Layout, *, announcements: bool = False
) -> list[Feed]:
    """The feeds a build writes (none without site_url); with `announcements` (the site has some), the
    announcements' own three under ``pengumuman/``."""
    if not layout.site_url:
        return []
    language = layout.language
    title = translated(language, "{site}: latest news", site=site_name)
    feeds = [Feed(name, title, None) for name in (RSS, ATOM, JSON_FEED)]
    for bidang in bidang_names:
        title = translated(language, "{site}: field {name}", site=site_name, name=bidang_name(bidang))
        feeds += [Feed(f"{bidang_directory(bidang)}/{name}", title, bidang) for name in (RSS, ATOM, JSON_FEED)]
    if announcements:
        title = translated(language, "{site}: latest announcements", site=site_name)
        feeds += [Feed(f"{ANNOUNCEMENTS}/{name}", title, None, ANNOUNCEMENTS) for name in (RSS, ATOM, JSON_FEED)]
    return feeds


def feeds_of_page(feeds: Sequence[Feed], directory: str, bidang: str | None) -> list[Feed]:
    """The feeds a page links to: on the announcements' listing and pages, theirs first; then the site's
    news and its bidang's."""
    own = [f for f in feeds if f.section and (directory == f.section or directory.startswith(f"{f.section}/"))]
    news = [f for f in feeds if f.section is None and (f.bidang is None or f.bidang == bidang)]
    return own + news


def feed_ids(publications: Iterable[tuple[str, datetime.date, datetime.datetime, str]]) -> set[str]:
    """The ids, among (id, date, time, bidang), that a feed may hold: the FEED_ITEMS newest overall and of
    each bidang (newest_first's order). The build keeps the bodies of these only."""
    ordered = sorted(sorted(publications), key=lambda item: recency(item[1], item[2]), reverse=True)
    kept = {pid for pid, *_ in ordered[:FEED_ITEMS]}
    counts: dict[str, int] = {}
    for pid, _, _, bidang in ordered:
        if counts.get(bidang, 0) < FEED_ITEMS:
            counts[bidang] = counts.get(bidang, 0) + 1
            kept.add(pid)
    return kept


@dataclass(frozen=True)
class FeedSite:
    """What every feed of a build shares."""

    institution: str
    description: str
    layout: Layout
    docs_dir: pathlib.Path
    bodies: Mapping[str, str]  # id -> the body's sanitised HTML (of the publications feeds may hold)
    newest: datetime.datetime  # the updated time of a feed without items


def write_feeds(
    feeds: Sequence[Feed], entries: Sequence[Entry], site: FeedSite, announcements: Sequence[Entry] = ()
) -> None:
    """Write every feed of `feeds` with the newest of `entries` (news, already newest first), and the
    announcements' feeds with the newest of `announcements` (newest first too)."""
    by_bidang: dict[str | None, list[Entry]] = {None: list(entries[:FEED_ITEMS])}
    for entry in entries:
        members = by_bidang.setdefault(entry.bidang, [])
        if len(members) < FEED_ITEMS:
            members.append(entry)
    for feed in feeds:
        items = list(announcements[:FEED_ITEMS]) if feed.section else by_bidang.get(feed.bidang, [])
        name = feed.path.rsplit("/", 1)[-1]
        writer = {RSS: _rss, ATOM: _atom, JSON_FEED: _json_feed}[name]
        target = site.docs_dir / feed.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(writer(feed, items, site), encoding="utf-8")


def moment(entry: Entry, zone: datetime.tzinfo) -> datetime.datetime:
    """The entry's time (publish_at, else its date at 00:00) in `zone`."""
    if entry.published is not None:
        return entry.published.astimezone(zone)
    return datetime.datetime(entry.date.year, entry.date.month, entry.date.day, tzinfo=zone)


def updated(entry: Entry, zone: datetime.tzinfo) -> datetime.datetime:
    """The entry's last change: its latest ralat (correction) when it was corrected, else its time."""
    return entry.modified.astimezone(zone) if entry.modified is not None else moment(entry, zone)


def _address(entry: Entry, layout: Layout) -> str:
    address = layout.page_address(entry.id)
    assert address is not None  # feeds are written only with a site_url
    return address


def _home(feed: Feed, layout: Layout) -> str:
    address = layout.page_address(feed.section or (bidang_directory(feed.bidang) if feed.bidang else ""))
    assert address is not None
    return address


def _updated(items: Sequence[Entry], site: FeedSite) -> datetime.datetime:
    return max((updated(e, site.layout.zone) for e in items), default=site.newest).astimezone(site.layout.zone)


_LINK = re.compile(r'\b(src|href|poster|srcset)="([^"]*)"')


def absolute_links(body_html: str, base: str) -> str:
    """`body_html` (sanitised) with its relative links and pictures resolved against `base`."""

    def resolve(match: re.Match[str]) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name == "srcset":
            candidates = [part.strip().split(maxsplit=1) for part in value.split(",") if part.strip()]
            value = ", ".join(" ".join([urljoin(base, c[0]), *c[1:]]) for c in candidates)
        elif not value.startswith("#"):
            value = urljoin(base, value)
        return f'{name}="{escape(value)}"'

    return _LINK.sub(resolve, body_html)


def _content(entry: Entry, site: FeedSite) -> str:
    return absolute_links(site.bodies.get(entry.id, ""), _address(entry, site.layout))


def _cover(entry: Entry, site: FeedSite) -> tuple[str, int] | None:
    """(absolute URL, size in bytes) of the cover's 960-pixel copy (or original), when it has one."""
    if not entry.cover:
        return None
    path = entry.cover.fitting(960)
    address = site.layout.absolute(path)
    try:
        size = (site.docs_dir / path).stat().st_size
    except OSError:
        return None
    return (address, size) if address else None


def _image_type(url: str) -> str:
    suffix = url.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif"}.get(
        suffix, f"image/{suffix}"
    )


def _rss(feed: Feed, items: Sequence[Entry], site: FeedSite) -> str:
    layout = site.layout
    self_url = layout.absolute(feed.path)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{escape(feed.title)}</title>",
        f"<link>{escape(_home(feed, layout))}</link>",
        f"<description>{escape(site.description)}</description>",
        f"<language>{layout.language}</language>",
        f'<atom:link href="{escape(self_url or "")}" rel="self" type="application/rss+xml"/>',
        f"<lastBuildDate>{email.utils.format_datetime(_updated(items, site))}</lastBuildDate>",
    ]
    for entry in items:
        address = escape(_address(entry, layout))
        lines += [
            "<item>",
            f"<title>{escape(entry.title)}</title>",
            f"<link>{address}</link>",
            f'<guid isPermaLink="true">{address}</guid>',
            f"<pubDate>{email.utils.format_datetime(moment(entry, layout.zone))}</pubDate>",
            f"<description>{escape(escape(entry.teaser))}</description>"  # HTML, as readers take it,
            f"<category>{escape(bidang_name(entry.bidang))}</category>",
        ]
        cover = _cover(entry, site)
        if cover:
            url, size = cover
            lines.append(f'<enclosure url="{escape(url)}" length="{size}" type="{_image_type(url)}"/>')
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines)


def _atom(feed: Feed, items: Sequence[Entry], site: FeedSite) -> str:
    layout = site.layout
    self_url = escape(layout.absolute(feed.path) or "")
    home = escape(layout.page_address("") or "")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{layout.language}">',
        f"<id>{self_url}</id>",
        f"<title>{escape(feed.title)}</title>",
        f"<subtitle>{escape(site.description)}</subtitle>",
        f"<updated>{_updated(items, site).isoformat()}</updated>",
        f'<link rel="self" type="application/atom+xml" href="{self_url}"/>',
        f'<link rel="alternate" type="text/html" href="{escape(_home(feed, layout))}"/>',
        f"<author><name>{escape(site.institution)}</name><uri>{home}</uri></author>",
    ]
    for entry in items:
        address = escape(_address(entry, layout))
        when = moment(entry, layout.zone).isoformat()
        lines += [
            "<entry>",
            f"<id>{address}</id>",
            f"<title>{escape(entry.title)}</title>",
            f"<updated>{updated(entry, layout.zone).isoformat()}</updated>",
            f"<published>{when}</published>",
            f'<link rel="alternate" type="text/html" href="{address}"/>',
            f"<summary>{escape(entry.teaser)}</summary>",
            f'<content type="html">{escape(_content(entry, site))}</content>',
            f'<category term="{escape(entry.bidang)}" label="{escape(bidang_name(entry.bidang))}"/>',
        ]
        cover = _cover(entry, site)
        if cover:
            url, size = cover
            lines.append(f'<link rel="enclosure" type="{_image_type(url)}" length="{size}" href="{escape(url)}"/>')
        lines.append("</entry>")
    lines += ["</feed>", ""]
    return "\n".join(lines)


def _json_feed(feed: Feed, items: Sequence[Entry], site: FeedSite) -> str:
    layout = site.layout
    authors = [{"name": site.institution, "url": layout.page_address("")}]
    data: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": _home(feed, layout),
        "feed_url": layout.absolute(feed.path),
        "description": site.description,
        "language": layout.language,
        "authors": authors,
        "items": [],
    }
    for entry in items:
        when = moment(entry, layout.zone).isoformat()
        item: dict[str, object] = {
            "id": _address(entry, layout),
            "url": _address(entry, layout),
            "title": entry.title,
            "content_html": _content(entry, site),
            "summary": entry.teaser,
            "date_published": when,
            "date_modified": updated(entry, layout.zone).isoformat(),
            "authors": authors,
            "tags": [bidang_name(entry.bidang), *entry.tags],
        }
        cover = _cover(entry, site)
        if cover:
            item["image"] = cover[0]
        data["items"].append(item)  # type: ignore[attr-defined]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
