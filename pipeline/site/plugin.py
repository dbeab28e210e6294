"""The in-process mkdocs plugin that hands mkdocs the generated pages' HTML.

The docs dir holds every generated page as Markdown whose body is the page's HTML (so any engine
can build it). Under mkdocs this plugin skips re-parsing that HTML as Markdown: the page's Markdown
is replaced by nothing and its content by the prepared HTML. Faster, and no Markdown extension can
reinterpret text that was already rendered and sanitised. It also gives each page its share-card
tags (``page.meta.humas_head``) from memory rather than through the page's front matter.
"""

from __future__ import annotations

from collections.abc import Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

NAME = "humas-pages"


class GeneratedPages(BasePlugin):  # type: ignore[type-arg]
    def __init__(self, html_by_source: Mapping[str, str], head_by_source: Mapping[str, str] | None = None):
        super().__init__()
        self._html = html_by_source
        self._head = head_by_source or {}

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        head = self._head.get(page.file.src_uri)
        if head:
            page.meta["humas_head"] = head  # written by theme/main.html; kept out of the files mkdocs parses
        return "" if page.file.src_uri in self._html else markdown

    @event_priority(100)  # first, so other plugins see the real content
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self._html.get(page.file.src_uri, html)
