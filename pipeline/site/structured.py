"""Structured data (schema.org JSON-LD) in a page's <head>, and the visible breadcrumbs it mirrors.

- a publication: ``NewsArticle`` (headline, description, image with its size, datePublished and
  dateModified with the offset of sop.yml's timezone, articleSection, keywords, author and publisher the
  institution with its logo), https://developers.google.com/search/docs/appearance/structured-data/article;
- the home page: ``Organization`` (name, url, logo, address, sameAs = its accounts) and ``WebSite``;
- every page but the home page: ``BreadcrumbList`` whose items are the breadcrumbs shown above its title
  (Beranda › Akademik › the title), https://developers.google.com/search/docs/appearance/structured-data/breadcrumb.

Titles and summaries are the authors' text. JSON inside ``<script>`` ends at the first ``</script>``
whatever JSON thinks, so :func:`script` writes ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e``,
``\\u0026`` (JSON escapes that mean the same characters): no text can close the element or open a comment.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence

from .identity import Publisher, SiteImage
from .listing import Layout
from .model import SitePublication
from .page import Page

CONTEXT = "https://schema.org"
_UNSAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script(data: object) -> str:
    """`data` as a ``<script type="application/ld+json">`` element that no text inside can end."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_UNSAFE)
    return f'<script type="application/ld+json">{text}</script>'


def organization_id(layout: Layout) -> str:
    return f"{layout.page_address('')}#organization"


def image_object(image: SiteImage, layout: Layout) -> dict[str, object]:
    data: dict[str, object] = {"@type": "ImageObject", "url": layout.absolute(image.path)}
    if image.width and image.height:
        data.update(width=image.width, height=image.height)
    return data


def organization(publisher: Publisher, layout: Layout) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": organization_id(layout),
        "name": publisher.name,
        "url": layout.page_address(""),
        "logo": image_object(publisher.logo, layout),
    }
    if publisher.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": publisher.address}
    if publisher.same_as:
        data["sameAs"] = list(publisher.same_as)
    return data


def website(publisher: Publisher, layout: Layout) -> dict[str, object]:
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": publisher.name,
        "url": layout.page_address(""),
        "inLanguage": layout.language,
        "publisher": {"@id": organization_id(layout)},
    }


def news_article(
    *,
    url: str,
    headline: str,
    description: str | None,
    image: SiteImage,
    published: datetime.datetime,
    modified: datetime.datetime,
    section: str | None,
    tags: Sequence[str],
    publisher: Publisher,
    layout: Layout,
) -> dict[str, object]:
    institution = {"@type": "Organization", "@id": organization_id(layout), "name": publisher.name}
    data: dict[str, object] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": headline,
        "image": [image_object(image, layout)],
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": layout.language,
        "author": [{**institution, "url": layout.page_address("")}],
        "publisher": {**institution, "logo": image_object(publisher.logo, layout)},
    }
    if description:
        data["description"] = description
    if section:
        data["articleSection"] = section
    if tags:
        data["keywords"] = list(tags)
    return data


def breadcrumb_list(trail: Sequence[tuple[str, str]], layout: Layout) -> dict[str, object]:
    """`trail`: (name, directory) from the home page to the page itself."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": layout.page_address(directory)}
            for number, (name, directory) in enumerate(trail, 1)
        ],
    }


def event(item: SitePublication, page: Page, publisher: Publisher, layout: Layout) -> dict[str, object]:
    """An agenda item's ``Event`` (https://developers.google.com/search/docs/appearance/structured-data/event):
    name, startDate and endDate with the offset of sop.yml's timezone, the place as ``location``, the
    institution as organizer, the page's description and picture."""
    assert item.event is not None
    place = " ".join(item.event.place.split())
    data: dict[str, object] = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": " ".join(item.title.split()),
        "url": layout.page_address(item.id),
        "startDate": item.event.start.astimezone(layout.zone).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": place, "address": place},
        "organizer": {
            "@type": "Organization",
            "@id": organization_id(layout),
            "name": publisher.name,
            "url": layout.page_address(""),
        },
        "inLanguage": layout.language,
    }
    if item.event.end is not None:
        data["endDate"] = item.event.end.astimezone(layout.zone).isoformat()
    if page.description:
        data["description"] = " ".join(page.description.split())
    if page.image:
        data["image"] = [layout.absolute(page.image)]
    return data
