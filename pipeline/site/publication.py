"""The page of one publication: title, date and bidang, cover, summary, body, and its other media.

The site's search indexes a publication by its title, date, bidang, summary and tags, not its whole
text (``data-search-exclude``, Material's search plugin): Material's search downloads the whole index
into every visitor's browser, which for the full text of 10,000 publications is some 40 MB.
"""

from __future__ import annotations

import datetime
import html as html_text
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote, unquote, urlencode

from ..messages import translated
from . import media as kinds
from . import urls
from .formats import format_date, format_time
from .images import Picture
from .labels import bidang_name
from .listing import Entry, Layout, bidang_directory, breadcrumbs_html, home_trail, items_html, meta_html, picture_html
from .media import MediaFile
from .model import SitePublication
from .page import Page
from .sanitize import escape, excerpt, plain_text

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


def entry(publication: SitePublication, body_html: str, cover: Picture | None, zone: datetime.tzinfo) -> Entry:
    teaser = " ".join(publication.summary.split()) if publication.summary else excerpt(body_html)
    return Entry(
        publication.id,
        publication.title,
        publication.date,
        publication.bidang,
        teaser,
        cover,
        cover_alt(publication),
        publication.moment(zone),
        publication.tags,
        modified_time(publication, zone),
    )


def card(publication: SitePublication, cover: Picture | None, zone: datetime.tzinfo) -> Entry:
    """The publication as a related-news card shows it: no teaser (known only once its body is rendered)."""
    return Entry(
        publication.id,
        publication.title,
        publication.date,
        publication.bidang,
        "",
        cover,
        cover_alt(publication),
        publication.moment(zone),
    )


def modified_time(publication: SitePublication, zone: datetime.tzinfo) -> datetime.datetime | None:
    """When it last changed after its first publication (``Life.modified``: on a page that is shown, its
    latest ralat), in `zone`; None when it never changed."""
    latest = publication.life.modified
    return latest.astimezone(zone) if latest is not None else None


def corrections_html(publication: SitePublication, language: str, zone: datetime.tzinfo) -> str:
    """The box of its ralat notes, newest first (``Ralat, 12 Maret 2026 pukul 14.05 WIB: <note>``), or ""."""
    if not publication.life.corrections:
        return ""
    label = escape(translated(language, "Corrections"))
    notes = []
    for correction in sorted(publication.life.corrections, key=lambda c: c.at, reverse=True):
        at = correction.at.astimezone(zone)
        text = translated(
            language,
            "Correction, {date} at {time}: {note}",
            date=format_date(at.date(), language),
            time=format_time(at, language),
            note=" ".join(correction.note.split()),
        )
        notes.append(f'<p class="humas-ralat__catatan">{escape(text)}</p>')
    return f'<aside class="humas-ralat" role="note" aria-label="{label}">{"".join(notes)}</aside>'


def withdrawn_page(publication: SitePublication, layout: Layout) -> Page:
    """The short notice that replaces a withdrawn publication: its title and when and why it was withdrawn;
    no body, pictures, video or share links; kept out of search engines (noindex), listings and sitemaps."""
    withdrawal = publication.life.withdrawal
    assert withdrawal is not None
    language = layout.language
    notice = translated(
        language,
        "This publication was withdrawn on {date}. Reason: {reason}",
        date=format_date(withdrawal.at.astimezone(layout.zone).date(), language),
        reason=" ".join(withdrawal.reason.split()),
    )
    html = (
        '<article class="humas-publikasi humas-penarikan">'
        f"<h1>{escape(publication.title)}</h1>"
        f'<p class="humas-penarikan__pemberitahuan" role="note">{escape(notice)}</p>'
        "</article>"
    )
    return Page(publication.id, publication.title, html, searchable=False, withdrawn=True)


def cover_alt(publication: SitePublication) -> str:
    return " ".join((publication.image_alt or publication.title).split())


def reading_minutes(body_html: str, words_per_minute: int = 200) -> int:
    return max(1, round(len(plain_text(body_html).split()) / words_per_minute))


ARTICLE_SIZES = "(max-width: 44.9375em) 100vw, 46rem"
GALLERY_SIZES = "(max-width: 44.9375em) 100vw, 23rem"


def publication_page(
    publication: SitePublication,
    body_html: str,
    media: Sequence[MediaFile],
    cover: Picture | None,
    layout: Layout,
    pictures: Mapping[str, Picture],
    related: Sequence[Entry] = (),
) -> Page:
    """The article: title, date · bidang · reading time, cover, summary, body, gallery, attachments,
    tags, share links and related news of the same bidang."""
    here = publication.id
    language = layout.language
    title = escape(publication.title)
    minutes = translated(language, "{minutes} min read", minutes=reading_minutes(body_html))
    trail = (*home_trail(layout), (bidang_name(publication.bidang), bidang_directory(publication.bidang)))
    parts = [
        breadcrumbs_html(trail, publication.title, here, layout),
        '<article class="humas-publikasi">',
        f"<h1>{title}</h1>",
        f'<p class="humas-publikasi__meta">{meta_html(publication.date, publication.bidang, here, layout, minutes)}'
        "</p>",
    ]
    ralat = corrections_html(publication, language, layout.zone)
    if ralat:
        parts.append(ralat)
    if cover:
        image = picture_html(cover, here, cover_alt(publication), ARTICLE_SIZES, width=960, first=True)
        parts.append(f'<figure class="humas-sampul">{image}</figure>')
    if publication.summary:
        parts.append(f'<p class="humas-publikasi__ringkasan">{escape(" ".join(publication.summary.split()))}</p>')
    shown = linked_names(body_html) | ({publication.image} if cover and publication.image else set())
    shown_body, videos = youtube_players(body_html, publication.title, cover, here, language)
    shown_body = sized_pictures(shown_body, here, pictures, first_in_view=cover is None)
    parts.append(f'<div class="humas-publikasi__isi" data-search-exclude>\n{shown_body}\n</div>')

    rest = [m for m in media if m.name not in shown]
    visual = [m for m in rest if m.kind in (kinds.IMAGE, kinds.VIDEO)]
    if visual:
        gallery = escape(translated(language, "Gallery"))
        open_original = translated(language, "Open the original picture")
        parts.append(f'<section class="humas-galeri" data-search-exclude><h2>{gallery}</h2>')
        for number, item in enumerate(visual, 1):
            if item.kind == kinds.IMAGE:
                picture = pictures.get(item.name) or Picture(f"{here}/{item.name}", None, None)
                name = escape(f"{open_original} ({number})")
                image = picture_html(picture, here, "", GALLERY_SIZES, width=480)
                parts.append(f'<figure><a href="{_href(item.name)}" aria-label="{name}">{image}</a></figure>')
            else:
                parts.append(f'<figure><video src="{_href(item.name)}" controls preload="metadata"></video></figure>')
        parts.append("</section>")
    others = [m for m in rest if m.kind in (kinds.AUDIO, kinds.DOCUMENT)]
    if others:
        heading = escape(translated(language, "Attachments"))
        parts.append(f'<section class="humas-lampiran" data-search-exclude><h2>{heading}</h2><ul>')
        for item in others:
            player = ""
            if item.kind == kinds.AUDIO:
                player = f' <audio src="{_href(item.name)}" controls preload="none"></audio>'
            parts.append(f'<li><a href="{_href(item.name)}">{escape(item.name)}</a>{player}</li>')
        parts.append("</ul></section>")
    tags_line = escape(translated(language, "Tags: {tags}", tags=", ".join(publication.tags)))
    if publication.tags:
        parts.append(f'<p class="humas-publikasi__label">{tags_html(publication.tags, here, layout)}</p>')
    parts.append(share_html(publication.title, layout.page_address(here), language))
    parts.append("</article>")
    if related:
        related_heading = escape(translated(language, "Related news"))
        parts.append(
            f'<section class="humas-terkait" aria-labelledby="humas-terkait-judul" data-search-exclude>'
            f'<h2 id="humas-terkait-judul">{related_heading}</h2>'
        )
        parts.append(items_html(related, here, layout, heading="h3"))
        parts.append("</section>")
    description = publication.summary or excerpt(body_html, 160)
    searched = [parts[2], parts[3]]  # the title and the date · bidang line
    if publication.summary:
        searched.append(f"<p>{escape(' '.join(publication.summary.split()))}</p>")
    if publication.tags:
        searched.append(f"<p>{tags_line}</p>")
    return Page(
        here,
        publication.title,
        "\n".join(parts),
        description=description or None,
        image=cover.fitting(960) if cover else None,
        image_alt=cover_alt(publication) if cover else "",
        published=publication.moment(layout.zone),
        modified=modified_time(publication, layout.zone) or publication.moment(layout.zone),
        bidang=publication.bidang,
        tags=publication.tags,
        image_size=cover.size_of(cover.fitting(960)) if cover else None,
        trail=trail,
        search_html="\n".join(searched),
        video=videos > 0,
    )


def tags_html(tags: Sequence[str], here: str, layout: Layout) -> str:
    """``Label: <a>wisuda</a>, <a>lulusan</a>``: each tag a link to its page (a tag of which no letter or
    digit is left for an address stays text; listing.py makes the pages)."""
    links = []
    for tag in tags:
        slug = urls.tag_slug(tag)
        text = escape(" ".join(tag.split()))
        if slug:
            href = escape(layout.link(urls.tag_directory(slug), here))
            links.append(f'<a class="humas-label" href="{href}" rel="tag">{text}</a>')
        else:
            links.append(text)
    return escape(translated(layout.language, "Tags: {tags}", tags="\0")).replace("\0", ", ".join(links))


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')
BODY_SIZES = ARTICLE_SIZES


def sized_pictures(body_html: str, here: str, pictures: Mapping[str, Picture], *, first_in_view: bool) -> str:
    """The (sanitised) body with each picture of the publication's folder shown through its smaller copies,
    with its width and height (no layout shift) and loaded lazily; `first_in_view`: the first picture may be
    at the top of the page (no cover above it), so it is loaded at once. A picture from elsewhere is left as
    the author wrote it, loaded lazily too."""
    seen = 0

    def sized(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        name = unquote(html_text.unescape(attributes.get("src", ""))).removeprefix("./")
        picture = pictures.get(name)
        eager = first_in_view and seen == 1
        if picture is None:
            if eager or "loading" in attributes:
                return match.group(0)
            return match.group(0)[:-1].rstrip("/ ") + ' loading="lazy" decoding="async">'
        kept = "".join(f' {key}="{attributes[key]}"' for key in ("class", "title", "id") if key in attributes)
        alt = html_text.unescape(attributes.get("alt", ""))
        return picture_html(picture, here, alt, BODY_SIZES, lazy=not eager, width=960, extra=kept)

    return _IMG.sub(sized, body_html)


_YOUTUBE = (
    r"https?://(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com/(?:watch\?(?:[^\s\"<#]*?&(?:amp;)?)?v=|embed/|shorts/|live/)"
    r"|youtu\.be/)([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])[^\s\"<]*"
)
_YOUTUBE_PARAGRAPH = re.compile(rf'<p>\s*(?:<a href="{_YOUTUBE}"[^>]*>[^<]*</a>|{_YOUTUBE})\s*</p>')


def youtube_players(body_html: str, title: str, cover: Picture | None, here: str, language: str) -> tuple[str, int]:
    """The body with every paragraph that is only a YouTube address (a link or the bare address, as an
    author pastes it) turned into a click-to-load player, and how many. Until the reader presses play the
    page asks nothing of YouTube: the poster is the publication's own cover (or a plain tile) and the
    player's script (theme/partials/humas-video.html) makes the iframe only on the click."""
    count = 0
    play = translated(language, "Play the video: {title}", title=" ".join(title.split()))
    watch = escape(translated(language, "Watch on YouTube"))

    def player(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        video = match.group(1) or match.group(2)
        poster = (
            picture_html(cover, here, "", ARTICLE_SIZES, width=960)
            if cover
            else '<span class="humas-video__kosong"></span>'
        )
        address = escape(f"https://www.youtube.com/watch?v={video}")
        return (
            f'<figure class="humas-video">'
            f'<button type="button" class="humas-video__sampul" data-humas-youtube="{video}" '
            f'data-humas-judul="{escape(play)}" aria-label="{escape(play)}">{poster}'
            f'<span class="humas-video__putar" aria-hidden="true"></span></button>'
            f'<figcaption><a href="{address}" target="_blank" rel="noopener noreferrer">{watch}</a></figcaption>'
            "</figure>"
        )

    return _YOUTUBE_PARAGRAPH.sub(player, body_html), count


def share_html(title: str, address: str | None, language: str) -> str:
    """Share links (WhatsApp, Facebook, X, e-mail) to the page's public address, and a copy-link button.

    Without a public address (no site_url) only the button is there; it copies the address the reader
    has open (humas.js)."""
    share = escape(translated(language, "Share"))
    parts = [
        f'<nav class="humas-bagikan" data-search-exclude aria-label="{share}">',
        f'<span class="humas-bagikan__judul">{share}:</span>',
    ]
    if address:
        targets = [  # (class name, address, text): the services by their own names
            ("whatsapp", "https://wa.me/?" + urlencode({"text": f"{title} {address}"}, quote_via=quote), "WhatsApp"),
            (
                "facebook",
                "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": address}, quote_via=quote),
                "Facebook",
            ),
            ("x", "https://x.com/intent/post?" + urlencode({"text": title, "url": address}, quote_via=quote), "X"),
            (
                "email",
                "mailto:?" + urlencode({"subject": title, "body": address}, quote_via=quote),
                translated(language, "E-mail"),
            ),
        ]
        for name, href, text in targets:
            extra = "" if name == "email" else ' target="_blank" rel="noopener noreferrer"'
            parts.append(f'<a class="humas-bagikan__{name}" href="{escape(href)}"{extra}>{escape(text)}</a>')
    copied = escape(translated(language, "Link copied"))
    copy_link = escape(translated(language, "Copy link"))
    parts.append(
        f'<button type="button" class="humas-bagikan__salin" data-humas-salin="{escape(address or "")}" '
        f'data-humas-disalin="{copied}">{copy_link}</button>'
    )
    parts.append('<span class="humas-bagikan__status" role="status"></span>')
    parts.append("</nav>")
    return "".join(parts)


def _href(name: str) -> str:
    return escape(quote(name))
