"""The tags in a page's <head> that make a shared link look like news: Open Graph (WhatsApp, Facebook,
LinkedIn, Telegram), Twitter/X cards, and links to the feeds.

Open Graph (https://ogp.me/): ``og:title``, ``og:type``, ``og:url`` and ``og:image`` are required and
URLs must be absolute, so the cards need ``site_url`` (sop.yml); without it a page gets none. X reads
``twitter:card`` (``summary_large_image`` when there is a picture) and falls back on the og: tags for the
rest (https://developer.x.com/en/docs/x-for-websites/cards/guides/getting-started), but the title,
description and image are repeated for other readers that do not.

Feeds are announced with ``rel="alternate feed"``: Material's script fetches ``sitemap.xml`` beside the
target of every ``link[rel=alternate]`` (its language selector), which a feed link must not trigger.
"""

from __future__ import annotations

from .feeds import Feed
from .listing import Layout
from .page import Page
from .sanitize import escape

LOCALES = {"id": "id_ID", "en": "en_US"}


def head_html(page: Page, layout: Layout, site_name: str, feeds: list[Feed]) -> str:
    """The share-card and feed tags of `page` (escaped HTML), or "" without site_url."""
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
    image = layout.absolute(page.image) if page.image else None
    if image:
        tags.append(("property", "og:image", image))
        if page.image_alt:
            tags.append(("property", "og:image:alt", page.image_alt))
    tags.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    tags.append(("name", "twitter:title", title))
    if page.description:
        tags.append(("name", "twitter:description", " ".join(page.description.split())))
    if image:
        tags.append(("name", "twitter:image", image))
        if page.image_alt:
            tags.append(("name", "twitter:image:alt", page.image_alt))
    lines = [f'<meta {attribute}="{name}" content="{escape(content)}">' for attribute, name, content in tags]
    for feed in feeds:
        if feed.bidang is None or feed.bidang == page.bidang:
            address = layout.absolute(feed.path)
            lines.append(
                f'<link rel="alternate feed" type="{feed.media_type}" title="{escape(feed.title)}" '
                f'href="{escape(address or feed.path)}">'
            )
    return "\n".join(lines)
