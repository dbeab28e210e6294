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
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode

from markupsafe import Markup

from ..messages import translated
from . import media as kinds
from . import urls
from .formats import format_date, format_time
from .images import Picture
from .labels import bidang_name
from .listing import (
    Entry,
    Img,
    Layout,
    bidang_directory,
    breadcrumbs_of,
    cards_of,
    home_trail,
    meta_of,
    picture_html,
    picture_tag,
)
from .media import MediaFile
from .model import SitePublication
from .page import Page
from .sanitize import excerpt, plain_text
from .templating import data, macro, render

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


def correction_notes(publication: SitePublication, language: str, zone: datetime.tzinfo) -> list[str]:
    """Its ralat notes, newest first (``Ralat, 12 Maret 2026 pukul 14.05 WIB: <note>``)."""
    notes = []
    for correction in sorted(publication.life.corrections, key=lambda c: c.at, reverse=True):
        at = correction.at.astimezone(zone)
        notes.append(
            translated(
                language,
                "Correction, {date} at {time}: {note}",
                date=format_date(at.date(), language),
                time=format_time(at, language),
                note=" ".join(correction.note.split()),
            )
        )
    return notes


def corrections_html(publication: SitePublication, language: str, zone: datetime.tzinfo) -> str:
    """The box of its ralat notes (ralat.html.j2), or "" when it was never corrected."""
    notes = correction_notes(publication, language, zone)
    if not notes:
        return ""
    return str(macro("ralat.html.j2", "corrections")(translated(language, "Corrections"), notes))


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
    html = render("withdrawn.html.j2", title=publication.title, notice=notice)
    return Page(publication.id, publication.title, html, searchable=False, withdrawn=True)


def cover_alt(publication: SitePublication) -> str:
    return " ".join((publication.image_alt or publication.title).split())


def reading_minutes(body_html: str, words_per_minute: int = 200) -> int:
    return max(1, round(len(plain_text(body_html).split()) / words_per_minute))


ARTICLE_SIZES = "(max-width: 44.9375em) 100vw, 46rem"
GALLERY_SIZES = "(max-width: 44.9375em) 100vw, 23rem"


@data
@dataclass(frozen=True)
class GalleryItem:
    href: str
    picture: Img | None  # None: a video
    label: str = ""


@data
@dataclass(frozen=True)
class Attachment:
    href: str
    name: str
    audio: bool


@data
@dataclass(frozen=True)
class Tag:
    text: str
    href: str  # "" when the tag has no page (no letter or digit left for an address)


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
    tags, share links and related news of the same bidang (publication.html.j2)."""
    here = publication.id
    language = layout.language
    minutes = translated(language, "{minutes} min read", minutes=reading_minutes(body_html))
    trail = (*home_trail(layout), (bidang_name(publication.bidang), bidang_directory(publication.bidang)))
    summary = " ".join(publication.summary.split()) if publication.summary else ""
    shown = linked_names(body_html) | ({publication.image} if cover and publication.image else set())
    shown_body, videos = youtube_players(body_html, publication.title, cover, here, language)
    shown_body = sized_pictures(shown_body, here, pictures, first_in_view=cover is None)

    rest = [m for m in media if m.name not in shown]
    open_original = translated(language, "Open the original picture")
    gallery = []
    for number, item in enumerate((m for m in rest if m.kind in (kinds.IMAGE, kinds.VIDEO)), 1):
        if item.kind == kinds.IMAGE:
            picture = pictures.get(item.name) or Picture(f"{here}/{item.name}", None, None)
            image = picture_tag(picture, here, "", GALLERY_SIZES, width=480)
            gallery.append(GalleryItem(_href(item.name), image, f"{open_original} ({number})"))
        else:
            gallery.append(GalleryItem(_href(item.name), None))
    attachments = [
        Attachment(_href(m.name), m.name, m.kind == kinds.AUDIO)
        for m in rest
        if m.kind in (kinds.AUDIO, kinds.DOCUMENT)
    ]
    tags_label = translated(language, "Tags: {tags}", tags="\0").split("\0", 1)
    meta = meta_of(publication.date, publication.bidang, here, layout, minutes)
    html = render(
        "publication.html.j2",
        breadcrumbs=breadcrumbs_of(trail, publication.title, here, layout),
        title=publication.title,
        meta=meta,
        corrections=correction_notes(publication, language, layout.zone),
        corrections_label=translated(language, "Corrections"),
        cover=picture_tag(cover, here, cover_alt(publication), ARTICLE_SIZES, width=960, first=True) if cover else None,
        summary=summary,
        body=Markup(shown_body),
        gallery=gallery,
        gallery_heading=translated(language, "Gallery"),
        attachments=attachments,
        attachments_heading=translated(language, "Attachments"),
        tags=tags_of(publication.tags, here, layout),
        tags_label=(tags_label[0], tags_label[1] if len(tags_label) > 1 else ""),
        share=share_of(publication.title, layout.page_address(here), language),
        related=cards_of(related, here, layout, heading="h3"),
        related_heading=translated(language, "Related news"),
    )
    description = publication.summary or excerpt(body_html, 160)
    return Page(
        here,
        publication.title,
        html,
        description=description or None,
        image=cover.fitting(960) if cover else None,
        image_alt=cover_alt(publication) if cover else "",
        published=publication.moment(layout.zone),
        modified=modified_time(publication, layout.zone) or publication.moment(layout.zone),
        bidang=publication.bidang,
        tags=publication.tags,
        image_size=cover.size_of(cover.fitting(960)) if cover else None,
        trail=trail,
        video=videos > 0,
    )


def tags_of(tags: Sequence[str], here: str, layout: Layout) -> list[Tag]:
    """Each tag with a link to its page (a tag of which no letter or digit is left for an address has none;
    listing.py makes the pages)."""
    found = []
    for tag in tags:
        slug = urls.tag_slug(tag)
        found.append(Tag(" ".join(tag.split()), layout.link(urls.tag_directory(slug), here) if slug else ""))
    return found


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
        kept = tuple((key, Markup(attributes[key])) for key in ("class", "title", "id") if key in attributes)
        alt = html_text.unescape(attributes.get("alt", ""))
        return picture_html(picture, here, alt, BODY_SIZES, lazy=not eager, width=960, extra=kept)

    return _IMG.sub(sized, body_html)


_YOUTUBE = (
    r"https?://(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com/(?:watch\?(?:[^\s\"<#]*?&(?:amp;)?)?v=|embed/|shorts/|live/)"
    r"|youtu\.be/)([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])[^\s\"<]*"
)
_YOUTUBE_PARAGRAPH = re.compile(rf'<p>\s*(?:<a href="{_YOUTUBE}"[^>]*>[^<]*</a>|{_YOUTUBE})\s*</p>')


@data
@dataclass(frozen=True)
class Player:
    video: str
    play: str
    poster: Img | None
    address: str
    watch: str


def youtube_players(body_html: str, title: str, cover: Picture | None, here: str, language: str) -> tuple[str, int]:
    """The body with every paragraph that is only a YouTube address (a link or the bare address, as an
    author pastes it) turned into a click-to-load player (video.html.j2), and how many. Until the reader
    presses play the page asks nothing of YouTube: the poster is the publication's own cover (or a plain
    tile) and the player's script (theme/partials/humas-video.html) makes the iframe only on the click."""
    count = 0
    play = translated(language, "Play the video: {title}", title=" ".join(title.split()))
    watch = translated(language, "Watch on YouTube")
    poster = picture_tag(cover, here, "", ARTICLE_SIZES, width=960) if cover else None
    write = macro("video.html.j2", "player")

    def player(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        video = match.group(1) or match.group(2)
        return str(write(Player(video, play, poster, f"https://www.youtube.com/watch?v={video}", watch)))

    return _YOUTUBE_PARAGRAPH.sub(player, body_html), count


@data
@dataclass(frozen=True)
class Share:
    label: str
    targets: tuple[tuple[str, str, str], ...]  # (class name, address, text)
    address: str
    copied: str
    copy: str


def share_of(title: str, address: str | None, language: str) -> Share:
    """Share links (WhatsApp, Facebook, X, e-mail) to the page's public address, and a copy-link button.

    Without a public address (no site_url) only the button is there; it copies the address the reader
    has open (humas.js)."""
    targets: tuple[tuple[str, str, str], ...] = ()
    if address:
        targets = (  # (class name, address, text): the services by their own names
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
        )
    return Share(
        translated(language, "Share"),
        targets,
        address or "",
        translated(language, "Link copied"),
        translated(language, "Copy link"),
    )


def share_html(title: str, address: str | None, language: str) -> str:
    """The share links of share_of (share.html.j2)."""
    return str(macro("share.html.j2", "share")(share_of(title, address, language)))


def _href(name: str) -> str:
    return quote(name)
