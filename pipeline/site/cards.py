"""The tags in a page's <head> that make a shared link look like news: Open Graph (WhatsApp, Facebook,
LinkedIn, Telegram), Twitter/X cards, and links to the feeds.

Open Graph (https://ogp.me/): ``og:title``, ``og:type``, ``og:url`` and ``og:image`` are required and
URLs must be absolute, so the cards need ``site_url`` (sop.yml); without it a page gets none. X reads
``twitter:card`` (``summary_large_image`` when there is a picture) and falls back on the og: tags for the
rest (https://developer.x.com/en/docs/x-for-websites/cards/guides/getting-started), but the title,
description and image are repeated for other readers that do not.

A page without a cover of its own shows the institution's default share picture (identity.py); every
picture's size is given (``og:image:width``/``og:image:height``) so that a reader lays the card out before
fetching it. An article has ``article:published_time`` and ``article:modified_time`` with time and offset
(its publish_at, else its date at 00:00, in sop.yml's timezone), ``article:section`` (its bidang) and one
``article:tag`` per tag. The page's structured data follows (structured.py).

Feeds are announced with ``rel="alternate feed"``: Material's script fetches ``sitemap.xml`` beside the
target of every ``link[rel=alternate]`` (its language selector), which a feed link must not trigger.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from . import structured
from .feeds import Feed, feeds_of_page
from .identity import Publisher, SiteImage
from .labels import bidang_name
from .listing import Layout
from .page import Page
from .templating import data, render

LOCALES = {"id": "id_ID", "en": "en_US"}


@data
@dataclass(frozen=True)
class Head:
    """What head.html.j2 writes: the share card's texts (plain), the page's structured data (safe JSON)
    and its feeds."""

    site_name: str
    title: str
    type: str  # "article" or "website"
    url: str
    locale: str
    description: str
    published: str  # ISO time with offset, "" on a page that is no article
    modified: str
    section: str
    tags: tuple[str, ...]
    image: str
    image_width: int
    image_height: int
    image_alt: str
    structured: tuple[Markup, ...]
    feeds: tuple[FeedLink, ...]


@data
@dataclass(frozen=True)
class FeedLink:
    type: str
    title: str
    href: str


def head_html(page: Page, layout: Layout, site_name: str, feeds: list[Feed], publisher: Publisher) -> str:
    """The share-card, structured data and feed tags of `page` (escaped HTML), or "" without site_url."""
    if page.withdrawn:  # the notice of a withdrawn publication: no card, no article data, out of search engines
        return render("head.html.j2", head=None).removesuffix("\n")
    url = layout.page_address(page.directory)
    if url is None:
        return ""
    picture = _picture(page, publisher)
    head = Head(
        site_name=site_name,
        title=page.title if page.directory else site_name,
        type="article" if page.published else "website",
        url=url,
        locale=LOCALES[layout.language],
        description=" ".join(page.description.split()) if page.description else "",
        published=page.published.isoformat() if page.published else "",
        modified=(page.modified or page.published).isoformat() if page.published else "",
        section=bidang_name(page.bidang) if page.published and page.bidang else "",
        tags=page.tags if page.published else (),
        image=layout.absolute(picture.path) or "",
        image_width=picture.width if picture.width and picture.height else 0,
        image_height=picture.height if picture.width and picture.height else 0,
        image_alt=page.image_alt if page.image else publisher.name,
        structured=tuple(Markup(structured.json_text(d)) for d in _structured(page, url, picture, layout, publisher)),
        feeds=tuple(
            FeedLink(feed.media_type, feed.title, layout.absolute(feed.path) or feed.path)
            for feed in feeds_of_page(feeds, page.directory, page.bidang)
        ),
    )
    return render("head.html.j2", head=head).removesuffix("\n")


def _picture(page: Page, publisher: Publisher) -> SiteImage:
    """The page's own picture (its cover), else the institution's default share picture."""
    if page.image:
        width, height = page.image_size or (0, 0)
        return SiteImage(page.image, width, height)
    return publisher.share_image


def _structured(
    page: Page, url: str, picture: SiteImage, layout: Layout, publisher: Publisher
) -> list[dict[str, object]]:
    if not page.directory:
        return [structured.organization(publisher, layout), structured.website(publisher, layout)]
    found = []
    if page.published:
        found.append(
            structured.news_article(
                url=url,
                headline=page.title,
                description=" ".join(page.description.split()) if page.description else None,
                image=picture,
                published=page.published,
                modified=page.modified or page.published,
                section=bidang_name(page.bidang) if page.bidang else None,
                tags=page.tags,
                publisher=publisher,
                layout=layout,
            )
        )
    if page.trail:
        found.append(structured.breadcrumb_list([*page.trail, (page.title, page.directory)], layout))
    return found
