"""The portal's other kinds of content: announcements (pengumuman), agenda items and standing pages (halaman).

News (kind ``berita``) are the listings', feeds' and news sitemap's; the other kinds have their own pages:

- a *pengumuman* (``pengumuman/2026/slug``): its page says until when it is in force ("Berlaku sampai 31 Januari
  2026", or that it is no longer); ``/pengumuman/`` lists those still in force first (newest first), then the
  expired ones, marked;
- an *agenda* item (``agenda/2026/slug``): its page shows the date, the time and the place, with schema.org
  ``Event`` structured data (structured.py); ``/agenda/`` lists the coming events first (soonest first),
  then the past ones (latest first); ``agenda.ics`` holds them all for a calendar (ical.py);
- a *halaman* (``halaman/profil``): a standing page (Profil, PPID, Layanan, Kontak) reached by the menu
  (menu.py): no date line, no share links, no related news.

"In force" and "coming" are decided at the build's ``now`` in sop.yml's timezone: the site must be rebuilt
daily (a scheduled ``humas build``) for an expired announcement to leave the current ones.
Every text is the authors': the templates escape it; bodies come rendered and sanitised.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..messages import translated
from . import urls
from .formats import format_date, format_time, format_weekday_date
from .images import Picture
from .listing import Entry, Layout, breadcrumbs_html, home_trail, pagination_html, picture_html, recency
from .media import AUDIO, DOCUMENT, MediaFile
from .model import SitePublication
from .page import Page
from .publication import corrections_html, cover_alt, linked_names, modified_time, share_html, sized_pictures
from .sanitize import excerpt
from .templating import render

BERITA, PENGUMUMAN, AGENDA, HALAMAN = "berita", "pengumuman", "agenda", "halaman"
ARTICLE_SIZES = "(max-width: 44.9375em) 100vw, 46rem"
HOME_ITEMS = 5  # announcements in force and coming events on the home page


@dataclass(frozen=True)
class Item:
    """A pengumuman or agenda item as its listing and the home page show it."""

    publication: SitePublication
    teaser: str
    cover: Picture | None = None


def item(publication: SitePublication, body_html: str, cover: Picture | None = None) -> Item:
    summary = publication.summary
    return Item(publication, " ".join(summary.split()) if summary else excerpt(body_html), cover)


def feed_entry(entry: Item, zone: datetime.tzinfo) -> Entry:
    """An announcement as the announcements' feeds hold it (feeds.py)."""
    publication = entry.publication
    return Entry(
        publication.id,
        publication.title,
        publication.date,
        publication.bidang,
        entry.teaser,
        entry.cover,
        cover_alt(publication),
        publication.moment(zone),
        publication.tags,
        modified_time(publication, zone),
    )


def section_title(kind: str, language: str) -> str:
    """The menu's and the listing's name of a kind's section."""
    return translated(language, "Announcements") if kind == PENGUMUMAN else translated(language, "Agenda")


def in_force(publication: SitePublication, today: datetime.date) -> bool:
    """An announcement is in force up to and including its ``berlaku_sampai`` (none: always)."""
    return publication.valid_until is None or publication.valid_until >= today


def event_end(publication: SitePublication) -> datetime.datetime:
    assert publication.event is not None
    return publication.event.end or publication.event.start


def coming(publication: SitePublication, now: datetime.datetime) -> bool:
    """An event is coming (or under way) until it ends (without an end: until it starts)."""
    return event_end(publication) >= now


def announcements_order(items: Sequence[Item], today: datetime.date) -> tuple[list[Item], list[Item]]:
    """(those in force, newest first; the expired ones, newest first); ties in id order."""
    ordered = sorted(items, key=lambda i: i.publication.id)
    ordered.sort(key=lambda i: recency(i.publication.date, i.publication.publish_at), reverse=True)
    current = [i for i in ordered if in_force(i.publication, today)]
    return current, [i for i in ordered if not in_force(i.publication, today)]


def agenda_order(items: Sequence[Item], now: datetime.datetime) -> tuple[list[Item], list[Item]]:
    """(the coming events, soonest first; the past ones, latest first); ties in id order."""
    ordered = sorted(items, key=lambda i: i.publication.id)
    upcoming = sorted((i for i in ordered if coming(i.publication, now)), key=lambda i: _start(i.publication))
    past = sorted((i for i in ordered if not coming(i.publication, now)), key=lambda i: _start(i.publication))
    return upcoming, past[::-1]


def _start(publication: SitePublication) -> datetime.datetime:
    assert publication.event is not None
    return publication.event.start


def validity_text(publication: SitePublication, today: datetime.date, language: str) -> str:
    """``Berlaku sampai 31 Januari 2026`` / ``Sudah tidak berlaku sejak 1 Februari 2026`` / ""."""
    until = publication.valid_until
    if until is None:
        return ""
    if until >= today:
        return translated(language, "Valid until {date}", date=format_date(until, language))
    return translated(
        language, "No longer valid since {date}", date=format_date(until + datetime.timedelta(days=1), language)
    )


def event_texts(publication: SitePublication, layout: Layout) -> dict[str, str]:
    """The date, the time and the place of an agenda item as its page and the listings write them:
    ``Senin, 12 Januari 2026``, ``09.00–12.00 WIB``; an event over several days gives both dates."""
    event = publication.event
    assert event is not None
    language, zone = layout.language, layout.zone
    start = event.start.astimezone(zone)
    end = event.end.astimezone(zone) if event.end else None
    date = format_weekday_date(start.date(), language)
    time = format_time(start, language)
    if end is not None and end.date() != start.date():
        date = f"{date} – {format_weekday_date(end.date(), language)}"
        time = f"{format_time(start, language)} – {format_time(end, language)}"
    elif end is not None:
        time = f"{format_time(start, language).rsplit(' ', 1)[0]}–{format_time(end, language)}"
    return {"date": date, "time": time, "place": " ".join(event.place.split()), "start": start.isoformat()}


def _body(publication: SitePublication, body_html: str, pictures: Mapping[str, Picture], cover: Picture | None) -> str:
    return sized_pictures(body_html, publication.id, pictures, first_in_view=cover is None)


def _attachments(
    publication: SitePublication, body_html: str, media: Sequence[MediaFile], layout: Layout
) -> list[dict[str, str]]:
    """The documents and sound files published beside it that the body does not link to (a decree's PDF)."""
    shown = linked_names(body_html) | ({publication.image} if publication.image else set())
    return [
        {"name": m.name, "href": urls.relative_file(f"{publication.id}/{m.name}", publication.id)}
        for m in media
        if m.kind in (DOCUMENT, AUDIO) and m.name not in shown
    ]


def content_page(
    publication: SitePublication,
    body_html: str,
    media: Sequence[MediaFile],
    cover: Picture | None,
    pictures: Mapping[str, Picture],
    layout: Layout,
    now: datetime.datetime,
) -> Page:
    """The page of a pengumuman, an agenda item or a halaman (see the module's docstring)."""
    kind = publication.kind
    language, here = layout.language, publication.id
    home = home_trail(layout)
    trail = home if kind == HALAMAN else (*home, (section_title(kind, language), kind))
    context: dict[str, object] = {
        "kind": kind,
        "title": publication.title,
        "breadcrumbs": Markup(breadcrumbs_html(trail, publication.title, here, layout)),
        "corrections": Markup(corrections_html(publication, language, layout.zone)),
        "cover": Markup(picture_html(cover, here, cover_alt(publication), ARTICLE_SIZES, width=960, first=True))
        if cover
        else "",
        "summary": " ".join(publication.summary.split()) if publication.summary else "",
        "body": Markup(_body(publication, body_html, pictures, cover)),
        "attachments": _attachments(publication, body_html, media, layout),
        "attachments_label": translated(language, "Attachments"),
        "share": Markup(share_html(publication.title, layout.page_address(here), language)) if kind != HALAMAN else "",
    }
    today = now.astimezone(layout.zone).date()
    published = publication.moment(layout.zone)
    modified = modified_time(publication, layout.zone) or published
    if kind == PENGUMUMAN:
        context.update(
            date=format_date(publication.date, language),
            date_iso=publication.date.isoformat(),
            validity=validity_text(publication, today, language),
            expired=not in_force(publication, today),
        )
        name = "pengumuman-page.html.j2"
    elif kind == AGENDA:
        context.update(
            event=event_texts(publication, layout),
            labels={
                "date": translated(language, "Date"),
                "time": translated(language, "Time"),
                "place": translated(language, "Place"),
            },
            past=not coming(publication, now),
            past_text=translated(language, "This event has taken place."),
            calendar=urls.relative_file(ICS, here),
            calendar_text=translated(language, "Add the agenda to your calendar (iCalendar)"),
        )
        name = "agenda-page.html.j2"
    else:
        name = "halaman-page.html.j2"
    description = publication.summary or excerpt(body_html, 160)
    return Page(
        here,
        publication.title,
        render(name, **context),
        description=description or None,
        image=cover.fitting(960) if cover else None,
        image_alt=cover_alt(publication) if cover else "",
        published=published if kind == PENGUMUMAN else None,  # an article's card; an event's is its Event
        modified=modified,
        image_size=cover.size_of(cover.fitting(960)) if cover else None,
        trail=trail,
    )


ICS = "agenda.ics"


def _listing_row(entry: Item, here: str, layout: Layout, today: datetime.date) -> dict[str, object]:
    publication = entry.publication
    row: dict[str, object] = {
        "title": publication.title,
        "href": layout.link(publication.id, here),
        "teaser": entry.teaser,
        "date": format_date(publication.date, layout.language),
        "date_iso": publication.date.isoformat(),
    }
    if publication.kind == PENGUMUMAN:
        row["validity"] = validity_text(publication, today, layout.language)
        row["expired"] = not in_force(publication, today)
    else:
        row["event"] = event_texts(publication, layout)
    return row


def rows(items: Sequence[Item], here: str, layout: Layout, now: datetime.datetime) -> list[dict[str, object]]:
    today = now.astimezone(layout.zone).date()
    return [_listing_row(i, here, layout, today) for i in items]


def listing_pages(kind: str, items: Sequence[Item], layout: Layout, now: datetime.datetime) -> list[Page]:
    """``/pengumuman/`` or ``/agenda/``, in pages of ``layout.per_page``: first the announcements in force
    (the coming events), then the others under their own heading."""
    language = layout.language
    today = now.astimezone(layout.zone).date()
    if kind == PENGUMUMAN:
        first, rest = announcements_order(items, today)
        headings = (translated(language, "Announcements in force"), translated(language, "Expired announcements"))
        intro = translated(language, "Announcements in force first, then the expired ones.")
        empty = translated(language, "No announcements yet.")
    else:
        first, rest = agenda_order(items, now)
        headings = (translated(language, "Coming events"), translated(language, "Past events"))
        intro = translated(language, "Coming events first, soonest first; then the past ones.")
        empty = translated(language, "No events yet.")
    title = section_title(kind, language)
    ordered = [(0, i) for i in first] + [(1, i) for i in rest]
    per_page = layout.per_page
    count = max(1, -(-len(ordered) // per_page))
    trail = home_trail(layout)
    times = [modified_time(i.publication, layout.zone) or i.publication.moment(layout.zone) for i in items]
    modified = max(times, default=None)
    pages = []
    for number in range(1, count + 1):
        here = urls.paginated(kind, number)
        chunk = ordered[(number - 1) * per_page : number * per_page]
        page_title = (
            title
            if number == 1
            else translated(language, "{title}, page {page} of {pages}", title=title, page=number, pages=count)
        )
        crumbs = trail if number == 1 else (*trail, (title, kind))
        groups = [
            {"heading": headings[group], "rows": rows([i for g, i in chunk if g == group], here, layout, now)}
            for group in (0, 1)
        ]
        html = render(
            f"{kind}-listing.html.j2",
            title=page_title,
            breadcrumbs=Markup(breadcrumbs_html(crumbs, page_title, here, layout)),
            intro=intro if ordered else "",
            empty=empty if not ordered else "",
            groups=[g for g in groups if g["rows"]],
            calendar=urls.relative_file(ICS, here) if kind == AGENDA else "",
            calendar_text=translated(language, "Add the agenda to your calendar (iCalendar)"),
            pagination=Markup(pagination_html(kind, number, count, here, layout)) if count > 1 else "",
        )
        pages.append(
            Page(
                here,
                page_title,
                html,
                description=f"{page_title}: {intro}",
                searchable=False,
                trail=crumbs,
                modified=modified,
                previous=layout.link(urls.paginated(kind, number - 1), here) if number > 1 else None,
                next=layout.link(urls.paginated(kind, number + 1), here) if number < count else None,
            )
        )
    return pages
