"""The pages that list publications: home, news, by bidang, by year, each paginated.

Every listing page holds at most ``per_page`` items and links only to its neighbours, so the whole
set of listings costs time linear in the number of publications.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..messages import translated
from . import urls
from .formats import format_date, format_month
from .images import Picture
from .labels import bidang_name, count_label, section_titles
from .page import Page
from .sanitize import escape
from .templating import render

HOME_ITEMS = 10
KIND_ANNOUNCEMENTS, KIND_AGENDA = "pengumuman", "agenda"  # their listings' directories (kinds.py)


@dataclass(frozen=True)
class Entry:
    """A publication as listings show it (plain texts; escaped when written)."""

    id: str
    title: str
    date: datetime.date
    bidang: str
    teaser: str
    cover: Picture | None = None
    cover_alt: str = ""
    published: datetime.datetime | None = None  # its publish_at, else its date at 00:00, in sop.yml's timezone
    tags: tuple[str, ...] = ()
    modified: datetime.datetime | None = None  # its latest ralat (correction), when it was corrected


@dataclass(frozen=True)
class Layout:
    language: str
    use_directory_urls: bool
    per_page: int = 20
    site_url: str | None = None  # the public address ("https://…/" or "https://…/repo/"), for absolute links
    zone: datetime.tzinfo = ZoneInfo("Asia/Jakarta")  # sop.yml's timezone: the times of pages, feeds, sitemaps

    def link(self, target: str, from_directory: str) -> str:
        return urls.relative_url(target, from_directory, self.use_directory_urls)

    def absolute(self, site_path: str) -> str | None:
        """The public URL of the site path `site_path` ("" is home), when site_url is known."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + quote(site_path)

    def page_address(self, directory: str) -> str | None:
        return self.absolute(urls.page_url(directory, self.use_directory_urls))


def newest_first(entries: Sequence[Entry]) -> list[Entry]:
    """Newest date first, and within a date the latest publish_at first; the same time in id order, so the
    order never depends on the input's."""
    ordered = sorted(entries, key=lambda e: e.id)
    return sorted(ordered, key=lambda e: recency(e.date, e.published), reverse=True)


def recency(day: datetime.date, published: datetime.datetime | None) -> tuple[datetime.date, float]:
    """The sort key of newest_first: the date shown, then the time (publish_at; 00:00 without one)."""
    return day, published.timestamp() if published is not None else float("-inf")


def bidang_directory(bidang: str) -> str:
    return f"{urls.BIDANG}/{bidang}"


def year_directory(year: int) -> str:
    return f"{urls.YEARS}/{year}"


def picture_html(
    picture: Picture,
    here: str,
    alt: str,
    sizes: str,
    *,
    lazy: bool = True,
    width: int | None = None,
    first: bool = False,
    extra: str = "",
) -> str:
    """An <img> of `picture` with its smaller copies in srcset; `width` picks the src for old browsers.

    `first`: the page's largest picture above the fold (its Largest Contentful Paint): fetched at once and
    before the others (``fetchpriority="high"``), never lazily. `extra`: more attributes, already escaped."""
    src = picture.fitting(width) if width else picture.original
    parts = [f'<img src="{escape(urls.relative_file(src, here))}" alt="{escape(alt)}"{extra}']
    if picture.variants and picture.width:
        srcset = [f"{urls.relative_file(path, here)} {w}w" for path, w in picture.variants]
        srcset.append(f"{urls.relative_file(picture.original, here)} {picture.width}w")
        parts.append(f' srcset="{escape(", ".join(srcset))}" sizes="{escape(sizes)}"')
    if picture.width and picture.height:
        parts.append(f' width="{picture.width}" height="{picture.height}"')
    if first:
        parts.append(' fetchpriority="high"')
    elif lazy:
        parts.append(' loading="lazy" decoding="async"')
    parts.append(">")
    return "".join(parts)


CARD_SIZES = "(max-width: 44.9375em) 100vw, 20rem"
LEAD_SIZES = "(max-width: 59.9375em) 100vw, 40rem"


def item_html(entry: Entry, here: str, layout: Layout, heading: str = "h2", first: bool = False) -> str:
    """A card: the cover's thumbnail (or a plain tile), the title, date and bidang, the teaser. `first`: the
    first card of a listing, whose thumbnail is the picture a phone shows first (see picture_html)."""
    link = escape(layout.link(entry.id, here))
    parts = ['<article class="humas-item">']
    if entry.cover:
        image = picture_html(entry.cover, here, "", CARD_SIZES, width=480, first=first)
        parts.append(f'<a class="humas-item__sampul" href="{link}" tabindex="-1" aria-hidden="true">{image}</a>')
    else:
        parts.append('<div class="humas-item__sampul humas-item__sampul--kosong" aria-hidden="true"></div>')
    parts.append('<div class="humas-item__isi">')
    parts.append(f'<{heading} class="humas-item__judul"><a href="{link}">{escape(entry.title)}</a></{heading}>')
    parts.append(f'<p class="humas-item__meta">{meta_html(entry.date, entry.bidang, here, layout)}</p>')
    if entry.teaser:
        parts.append(f'<p class="humas-item__ringkasan">{escape(entry.teaser)}</p>')
    parts.append("</div></article>")
    return "".join(parts)


def lead_html(entry: Entry, here: str, layout: Layout) -> str:
    """The home page's top story: a large cover beside (or, on a phone, above) its title and teaser."""
    link = escape(layout.link(entry.id, here))
    parts = ['<article class="humas-utama" aria-labelledby="humas-utama-judul">']
    if entry.cover:
        image = picture_html(entry.cover, here, entry.cover_alt, LEAD_SIZES, width=960, first=True)
        parts.append(f'<a class="humas-utama__sampul" href="{link}" tabindex="-1" aria-hidden="true">{image}</a>')
    parts.append('<div class="humas-utama__isi">')
    lead = escape(translated(layout.language, "Top story"))
    parts.append(f'<p class="humas-utama__label">{lead}</p>')
    parts.append(
        f'<h2 class="humas-item__judul" id="humas-utama-judul"><a href="{link}">{escape(entry.title)}</a></h2>'
    )
    parts.append(f'<p class="humas-item__meta">{meta_html(entry.date, entry.bidang, here, layout)}</p>')
    if entry.teaser:
        parts.append(f'<p class="humas-item__ringkasan">{escape(entry.teaser)}</p>')
    parts.append("</div></article>")
    return "".join(parts)


def meta_html(day: datetime.date, bidang: str, here: str, layout: Layout, extra: str = "") -> str:
    """`<time>10 Februari 2025</time> · <a>Akademik</a>`, shared by listings and publication pages."""
    bidang_link = escape(layout.link(bidang_directory(bidang), here))
    return (
        f'<time datetime="{day.isoformat()}">{escape(format_date(day, layout.language))}</time>'
        f' · <a class="humas-bidang" href="{bidang_link}">{escape(bidang_name(bidang))}</a>'
        + (f" · {escape(extra)}" if extra else "")
    )


def items_html(
    entries: Sequence[Entry], here: str, layout: Layout, heading: str = "h2", *, first_above_fold: bool = False
) -> str:
    """The cards of `entries`; `first_above_fold`: the first card is the top of the page (a listing)."""
    if not entries:
        return _empty_html(layout)
    cards = (item_html(e, here, layout, heading, first=first_above_fold and i == 0) for i, e in enumerate(entries))
    return '<div class="humas-daftar">\n' + "\n".join(cards) + "\n</div>"


def _empty_html(layout: Layout) -> str:
    empty = escape(translated(layout.language, "No publications yet."))
    return f'<p class="humas-kosong">{empty}</p>'


def breadcrumbs_html(trail: Sequence[tuple[str, str]], title: str, here: str, layout: Layout) -> str:
    """Beranda › Akademik › the page's title: links to `trail` ((name, directory) from the home page),
    then the page itself (the same items as its BreadcrumbList, structured.py)."""
    label = escape(translated(layout.language, "Breadcrumb"))
    items = "".join(
        f'<li><a href="{escape(layout.link(directory, here))}">{escape(name)}</a></li>' for name, directory in trail
    )
    return (
        f'<nav class="humas-jejak" aria-label="{label}"><ol>{items}'
        f'<li aria-current="page">{escape(" ".join(title.split()))}</li></ol></nav>'
    )


def home_trail(layout: Layout) -> tuple[tuple[str, str], ...]:
    return ((section_titles(layout.language)[urls.HOME], urls.HOME),)


def listing_pages(
    directory: str,
    title: str,
    entries: Sequence[Entry],
    layout: Layout,
    trail: Sequence[tuple[str, str]] = (),
    *,
    subject: str | None = None,
    above: str = "",
) -> list[Page]:
    """`entries` (already in order) on pages of `layout.per_page`: `directory`, `directory/2`, …; `trail`:
    the breadcrumbs above the first page (a later page has the first one too). `subject` says what the
    pages list ("Berita bidang Kemahasiswaan"; default `title`): each page's description names it with the
    page's place ("…, halaman 3 dari 12"), so that no two pages of the site share a description.
    `above`: safe HTML between the introduction and the cards of the first page (a year's months).
    Each page links its neighbours in <head> (``rel=prev``/``rel=next``, page.py)."""
    language = layout.language
    per_page = layout.per_page
    count = max(1, -(-len(entries) // per_page))
    intro = translated(language, "{count}, newest first.", count=count_label(len(entries), language))
    modified = newest_time(entries)
    pages = []
    for number in range(1, count + 1):
        here = urls.paginated(directory, number)
        chunk = entries[(number - 1) * per_page : number * per_page]
        page_title = title if number == 1 else place_title(title, number, count, language)
        what = subject or title
        if count > 1:
            what = place_title(what, number, count, language)
        description = translated(
            language, "{what}: {count}, newest first.", what=what, count=count_label(len(entries), language)
        )
        crumbs = tuple(trail) if number == 1 else (*trail, (title, directory))
        html = [breadcrumbs_html(crumbs, page_title, here, layout), f"<h1>{escape(page_title)}</h1>"]
        if entries:
            html.append(f'<p class="humas-pengantar">{escape(intro)}</p>')
        if above and number == 1:
            html.append(above)
        html.append(items_html(chunk, here, layout, first_above_fold=True))
        if count > 1:
            html.append(pagination_html(directory, number, count, here, layout))
        pages.append(
            Page(
                here,
                page_title,
                "\n".join(html),
                description=description,
                searchable=False,
                trail=crumbs,
                modified=modified,
                previous=layout.link(urls.paginated(directory, number - 1), here) if number > 1 else None,
                next=layout.link(urls.paginated(directory, number + 1), here) if number < count else None,
            )
        )
    return pages


def place_title(title: str, number: int, count: int, language: str) -> str:
    """``Berita, halaman 3 dari 12``: a later page of a listing."""
    return translated(language, "{title}, page {page} of {pages}", title=title, page=number, pages=count)


WINDOW = 2
"""Page numbers shown on each side of the current one (the first and the last are always shown)."""


def page_numbers(number: int, count: int) -> list[int | None]:
    """The page numbers a listing's pagination shows: the first, the last and the current one with its
    WINDOW neighbours on each side; None where numbers are left out (shown as "…")."""
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    numbers: list[int | None] = []
    for page in shown:
        if numbers and page - (numbers[-1] or 0) > 1:
            numbers.append(page - 1 if page - (numbers[-1] or 0) == 2 else None)  # one left out: show it
        numbers.append(page)
    return numbers


def pagination_html(directory: str, number: int, count: int, here: str, layout: Layout) -> str:
    """« Pertama  ‹ Lebih baru  1 … 4 5 [6] 7 8 … 12  Lebih lama ›  Terakhir »  and "Halaman 6 dari 12"."""
    language = layout.language

    def link(page: int) -> str:
        return escape(layout.link(urls.paginated(directory, page), here))

    pages = escape(translated(language, "Pages"))
    parts = [f'<nav class="humas-halaman" aria-label="{pages}">']
    if number > 1:
        first_text = escape(translated(language, "« First"))
        newer_text = escape(translated(language, "‹ Newer"))
        parts.append(f'<a class="humas-halaman__pertama" href="{link(1)}">{first_text}</a>')
        parts.append(f'<a class="humas-halaman__baru" href="{link(number - 1)}" rel="prev">{newer_text}</a>')
    parts.append('<ol class="humas-halaman__nomor">')
    for page in page_numbers(number, count):
        if page is None:
            parts.append('<li class="humas-halaman__jeda" aria-hidden="true">…</li>')
            continue
        label = escape(translated(language, "Page {page} of {pages}", page=page, pages=count))
        if page == number:
            parts.append(f'<li><a href="{link(page)}" aria-current="page" aria-label="{label}">{page}</a></li>')
        else:
            parts.append(f'<li><a href="{link(page)}" aria-label="{label}">{page}</a></li>')
    parts.append("</ol>")
    if number < count:
        older_text = escape(translated(language, "Older ›"))
        last_text = escape(translated(language, "Last »"))
        parts.append(f'<a class="humas-halaman__lama" href="{link(number + 1)}" rel="next">{older_text}</a>')
        parts.append(f'<a class="humas-halaman__terakhir" href="{link(count)}">{last_text}</a>')
    position = translated(language, "Page {page} of {pages}", page=number, pages=count)
    parts.append(f'<span class="humas-halaman__posisi">{escape(position)}</span>')
    parts.append("</nav>")
    return "".join(parts)


def newest_time(entries: Sequence[Entry]) -> datetime.datetime | None:
    """The time of the newest of `entries`, or of the latest ralat among them when later (the last significant
    change of a page that lists them: a correction may change a title or a teaser it shows)."""
    times = (e.modified or e.published for e in entries)
    return max((t for t in times if t is not None), default=None)


def index_page(
    directory: str,
    title: str,
    intro: str,
    groups: Sequence[tuple[str, str, int]],
    layout: Layout,
    modified: datetime.datetime | None = None,
    below: str = "",
) -> Page:
    """A page linking to groups: (display name, directory, number of publications); `below`: safe HTML
    after them."""
    rows = "".join(
        f'<li><a href="{escape(layout.link(target, directory))}">{escape(name)}</a>'
        f' <span class="humas-jumlah">({escape(count_label(n, layout.language))})</span></li>'
        for name, target, n in groups
    )
    body = f'<ul class="humas-indeks">{rows}</ul>' if groups else _empty_html(layout)
    trail = home_trail(layout)
    crumbs = breadcrumbs_html(trail, title, directory, layout)
    html = f'{crumbs}\n<h1>{escape(title)}</h1>\n<p class="humas-pengantar">{escape(intro)}</p>\n{body}{below}'
    return Page(directory, title, html, description=intro, searchable=False, trail=trail, modified=modified)


def home_page(
    institution: str,
    latest: Sequence[Entry],
    layout: Layout,
    announcements: Sequence[Mapping[str, object]] = (),
    events: Sequence[Mapping[str, object]] = (),
) -> Page:
    """The lead story, the next latest news as cards and a link to all news; then, when there are any, the
    latest announcements in force and the coming events (rows made by kinds.rows), each section with a link
    to its whole listing (template ``home-page.html.j2``)."""
    language = layout.language
    intro = translated(language, "News and official publications of {institution}.", institution=institution)
    sections = []
    for key, rows, heading, link_text in (
        (
            KIND_ANNOUNCEMENTS,
            announcements,
            translated(language, "Latest announcements"),
            translated(language, "All announcements"),
        ),
        (KIND_AGENDA, events, translated(language, "Coming events"), translated(language, "The whole agenda")),
    ):
        if rows:
            sections.append(
                {
                    "kind": key,
                    "heading": heading,
                    "group": {"rows": list(rows)},
                    "link": layout.link(key, urls.HOME),
                    "link_text": link_text,
                }
            )
    html = render(
        "home-page.html.j2",
        institution=institution,
        intro=intro,
        lead=Markup(lead_html(latest[0], urls.HOME, layout)) if latest else "",
        empty=Markup(items_html([], urls.HOME, layout)) if not latest else "",
        latest_heading=translated(language, "Latest publications"),
        latest=Markup(items_html(latest[1:HOME_ITEMS], urls.HOME, layout, heading="h3")) if len(latest) > 1 else "",
        all_news=layout.link(urls.NEWS, urls.HOME),
        all_news_text=translated(language, "All news"),
        sections=sections,
    )
    cover = latest[0].cover if latest else None
    return Page(
        urls.HOME,
        section_titles(language)[urls.HOME],
        html,
        description=intro,
        searchable=False,
        image=cover.fitting(960) if cover else None,
        image_alt=latest[0].cover_alt if cover else "",
        image_size=cover.size_of(cover.fitting(960)) if cover else None,
        modified=newest_time(latest),
    )


NOT_FOUND_ITEMS = 5


def not_found_latest(ordered: Sequence[Entry], layout: Layout) -> list[dict[str, str]]:
    """The latest publications the 404 page offers (labels.not_found_texts)."""
    return [
        {
            "title": " ".join(e.title.split()),
            "url": urls.page_url(e.id, layout.use_directory_urls),
            "date": format_date(e.date, layout.language),
        }
        for e in ordered[:NOT_FOUND_ITEMS]
    ]


def site_pages(
    institution: str, entries: Sequence[Entry], bidang_names: Sequence[str], layout: Layout
) -> Iterator[Page]:
    """Home, the news listing, the bidang, year, month and tag indexes and their listings: one pass over
    `entries` sorts them into their groups, each group a listing (linear in the publications and tags)."""
    language = layout.language
    sections = section_titles(language)
    ordered = newest_first(entries)
    yield home_page(institution, ordered, layout)
    home = home_trail(layout)
    yield from listing_pages(urls.NEWS, sections[urls.NEWS], ordered, layout, home)

    by_bidang: dict[str, list[Entry]] = {name: [] for name in bidang_names}
    by_year: dict[int, list[Entry]] = {}
    by_month: dict[tuple[int, int], list[Entry]] = {}
    by_tag: dict[str, tuple[str, list[Entry]]] = {}  # slug -> (the tag as first written, its entries)
    for entry in ordered:  # stays newest first inside every group
        by_bidang.setdefault(entry.bidang, []).append(entry)
        by_year.setdefault(entry.date.year, []).append(entry)
        by_month.setdefault((entry.date.year, entry.date.month), []).append(entry)
        slugs: set[str] = set()
        for tag in entry.tags:
            slug = urls.tag_slug(tag)
            if slug and slug not in slugs:
                slugs.add(slug)
                by_tag.setdefault(slug, (" ".join(tag.split()), []))[1].append(entry)
    newest = newest_time(ordered)

    groups = []
    for bidang, members in by_bidang.items():
        name = bidang_name(bidang)
        yield from listing_pages(
            bidang_directory(bidang),
            translated(language, "Field: {name}", name=name),
            members,
            layout,
            (*home, (sections[urls.BIDANG], urls.BIDANG)),
            subject=translated(language, "News of the field {name}", name=name),
        )
        groups.append((name, bidang_directory(bidang), len(members)))
    yield index_page(
        urls.BIDANG, sections[urls.BIDANG], translated(language, "Publications by field."), groups, layout, newest
    )

    archive = translated(language, "Archive by month")
    months_of: dict[int, list[tuple[int, int]]] = {}
    for year, month in by_month:  # newest first
        months_of.setdefault(year, []).append((month, len(by_month[year, month])))
    groups = []
    for year in sorted(by_year, reverse=True):
        yield from listing_pages(
            year_directory(year),
            translated(language, "Year {year}", year=year),
            by_year[year],
            layout,
            (*home, (sections[urls.YEARS], urls.YEARS)),
            subject=translated(language, "News of {year}", year=year),
            above=_months_html(year, sorted(months_of[year]), year_directory(year), layout),
        )
        groups.append((str(year), year_directory(year), len(by_year[year])))
    archive_link = escape(layout.link(urls.ARCHIVE, urls.YEARS))
    below = f'\n<p class="humas-semua"><a href="{archive_link}">{escape(archive)} ›</a></p>' if by_month else ""
    yield index_page(
        urls.YEARS, sections[urls.YEARS], translated(language, "Publications by year."), groups, layout, newest, below
    )

    groups = []
    for (year, month), members in by_month.items():
        name = format_month(year, month, language)
        yield from listing_pages(
            urls.month_directory(year, month),
            translated(language, "Archive: {month}", month=name),
            members,
            layout,
            (*home, (archive, urls.ARCHIVE)),
            subject=translated(language, "News of {month}", month=name),
        )
        groups.append((name, urls.month_directory(year, month), len(members)))
    yield index_page(urls.ARCHIVE, archive, translated(language, "Publications by month."), groups, layout, newest)

    tags_title = translated(language, "All tags")
    groups = []
    for slug, (tag, members) in sorted(by_tag.items()):
        yield from listing_pages(
            urls.tag_directory(slug),
            translated(language, "Tag: {tag}", tag=tag),
            members,
            layout,
            (*home, (tags_title, urls.TAGS)),
            subject=translated(language, "News tagged {tag}", tag=tag),
        )
        groups.append((tag, urls.tag_directory(slug), len(members)))
    yield index_page(urls.TAGS, tags_title, translated(language, "Publications by tag."), groups, layout, newest)


def _months_html(year: int, months: Sequence[tuple[int, int]], here: str, layout: Layout) -> str:
    """A year's months with publications, each a link to its archive: ``Per bulan: Januari · Maret``."""
    language = layout.language
    label = escape(translated(language, "By month"))
    links = "\n".join(
        f'<li><a href="{escape(layout.link(urls.month_directory(year, month), here))}">'
        f"{escape(format_month(year, month, language).rsplit(' ', 1)[0])}</a>"
        f' <span class="humas-jumlah">({escape(count_label(count, language))})</span></li>'
        for month, count in months
    )
    return f'<nav class="humas-bulan" aria-label="{label}"><span>{label}:</span>\n<ul>\n{links}\n</ul></nav>'
