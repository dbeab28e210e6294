"""Sanitising the HTML that authors' Markdown turns into.

A publication's body is untrusted: Markdown allows raw HTML, so a body can carry ``<script>``,
``on*`` handlers, ``javascript:`` links, ``<iframe>`` or ``<style>``. Every publication's rendered
HTML goes through :func:`sanitize_html` (nh3, an allow-list sanitiser built on html5ever), which keeps
ordinary formatting, images, video, links and tables and drops everything else.

Beyond nh3's defaults:

- ``class`` and ``id`` are kept (headings, footnotes, code highlighting and admonitions need them),
  except ids starting with ``__`` and classes starting with ``md-``, which belong to the theme's own
  components (the drawer and search toggles, dialogs): a body must not be able to impersonate them.
- ``style`` is kept on table cells only, and only its ``text-align`` property (Markdown tables align
  columns that way).
- URLs: http, https, mailto, tel and relative ones; ``rel="noopener noreferrer"`` on every link.
"""

from __future__ import annotations

import functools
import html
import re

import nh3

_TAGS = (set(nh3.ALLOWED_TAGS) - {"area", "map"}) | {"video", "audio", "source", "picture", "figure"}

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "align"},
    "video": {"src", "controls", "width", "height", "poster", "preload", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "loop"},
    "source": {"src", "type", "media", "srcset"},
    "td": {"colspan", "rowspan", "align", "style", "headers"},
    "th": {"colspan", "rowspan", "align", "style", "scope", "headers"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "ins": {"cite", "datetime"},
    "del": {"cite", "datetime"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}

_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return None if value.startswith("__") and not value.startswith("__codelineno") else value
    if attribute == "class":
        kept = [name for name in value.split() if not name.startswith("md-")]
        return " ".join(kept) or None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    url_schemes=_URL_SCHEMES,
    filter_style_properties={"text-align"},
    strip_comments=True,
    link_rel="noopener noreferrer",
)

_PLAIN = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={})

_SPACE = re.compile(r"\s+")


def sanitize_html(fragment: str) -> str:
    """The HTML `fragment` with everything executable or theme-impersonating removed."""
    return _CLEANER.clean(fragment)


@functools.lru_cache(maxsize=8)  # a publication's body is asked for its teaser, description and reading time
def plain_text(fragment: str) -> str:
    """The visible text of an HTML `fragment`, unescaped and with whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_PLAIN.clean(fragment))).strip()


def excerpt(fragment: str, limit: int = 220) -> str:
    """About `limit` characters of the visible text of `fragment`, cut at a word (plain text)."""
    text = plain_text(fragment)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


def escape(text: str) -> str:
    """Plain text -> HTML text (also safe inside double-quoted attributes)."""
    return html.escape(text, quote=True)
