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
from .feeds import Feed
from .identity import Publisher, SiteImage
from .labels import bidang_name
from .listing import Layout
from .page import Page
from .templating import render

LOCALES = {"id": "id_ID", "en": "en_US"}


def head_html(page: Page, layout: Layout, site_name: str, feeds: list[Feed], publisher: Publisher) -> str:
    """The share-card, structured data and feed tags of `page` (escaped HTML), or "" without site_url."""
    if page.withdrawn:  # the notice of a withdrawn publication: no card, no article data, out of search engines
        return _head(noindex=True)
    tags: list[tuple[str, str, str]] = []  # (attribute, name, content)
    url = layout.page_address(page.directory)
    if url is None:
        return ""
    title = page.title if page.directory else site_name
    tags += [
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:type", "article" if page.published else "website"),
        ("property", "og:url", url),
        ("property", "og:locale", LOCALES[layout.language]),
    ]
    if page.description:
        tags.append(("property", "og:description", " ".join(page.description.split())))
    if page.published:
        tags.append(("property", "article:published_time", page.published.isoformat()))
        tags.append(("property", "article:modified_time", (page.modified or page.published).isoformat()))
        if page.bidang:
            tags.append(("property", "article:section", bidang_name(page.bidang)))
        tags += [("property", "article:tag", tag) for tag in page.tags]
    picture = _picture(page, publisher)
    image = layout.absolute(picture.path)
    alt = page.image_alt if page.image else publisher.name
    tags.append(("property", "og:image", image or ""))
    if picture.width and picture.height:
        tags += [
            ("property", "og:image:width", str(picture.width)),
            ("property", "og:image:height", str(picture.height)),
        ]
    tags.append(("property", "og:image:alt", alt))
    tags.append(("name", "twitter:card", "summary_large_image"))
    tags.append(("name", "twitter:title", title))
    if page.description:
        tags.append(("name", "twitter:description", " ".join(page.description.split())))
    tags.append(("name", "twitter:image", image or ""))
    tags.append(("name", "twitter:image:alt", alt))
    links = [
        FeedLink(feed.media_type, feed.title, layout.absolute(feed.path) or feed.path)
        for feed in feeds
        if feed.bidang is None or feed.bidang == page.bidang
    ]
    data = [Markup(structured.json_text(d)) for d in _structured(page, url, picture, layout, publisher)]
    return _head(tags=tags, structured=data, feeds=links)


@dataclass(frozen=True)
class FeedLink:
    type: str
    title: str
    href: str


def _head(**context: object) -> str:
    defaults: dict[str, object] = {"noindex": False, "tags": (), "structured": (), "feeds": ()}
    return render("head.html.j2", **(defaults | context)).removesuffix("\n")


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
