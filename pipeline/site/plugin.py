"""The in-process mkdocs plugin that hands mkdocs the generated pages' HTML, one page at a time.

The docs dir holds every generated page as Markdown whose body is the page's HTML (so any engine
can build it). Under mkdocs this plugin skips parsing that HTML as Markdown (the page's Markdown is
replaced by nothing: no Markdown extension can reinterpret text that was already rendered and
sanitised) and gives each page its HTML only when it is rendered (``on_page_context``, read back from
the docs dir), dropping it once the page is written (``on_post_page``). mkdocs first reads every page
and then renders them; the HTML of ten thousand pages is therefore never in memory at once.

It also gives each page its share-card tags and structured data (``page.meta.humas_head``), made when the
page is rendered rather than passed through the page's front matter, which mkdocs would parse as YAML,
and dropped once it is written.

The engine's own search is off (humas' search replaces it: search.py), so no plugin reads a page's
content for an index; the page is given its whole HTML first in ``on_page_context``. A generated page
skips mkdocs' Markdown rendering altogether (its source is HTML; mkdocs would build a Markdown converter
for each page to convert an empty text).

Other plugins see a generated page's content from ``on_page_context`` on, not in ``on_page_content``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable, Collection

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

NAME = "humas-pages"


def _skip_render(config: MkDocsConfig, files: Files) -> None:
    """Page.render for a generated page: nothing to convert (its content is given in on_page_context)."""


class GeneratedPages(BasePlugin):  # type: ignore[type-arg]
    def __init__(
        self,
        docs_dir: pathlib.Path,
        sources: Collection[str],
        head_of: Callable[[str], str],
    ):
        super().__init__()
        self.docs = docs_dir
        self.sources = frozenset(sources)
        self._head_of = head_of

    def full_html(self, source: str) -> str:
        text = (self.docs / source).read_text(encoding="utf-8")
        return text.split("\n---\n\n", 1)[1]  # the HTML after the front matter (page.py)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self.sources:
            return markdown
        page.render = _skip_render  # type: ignore[method-assign]
        page.content = ""
        return ""

    @event_priority(100)  # first, so that other plugins see the content
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        source = page.file.src_uri
        if source in self.sources:
            page.content = self.full_html(source)
            head = self._head_of(source)
            if head:
                page.meta["humas_head"] = head
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.sources:
            page.content = None
            page.meta.pop("humas_head", None)  # its <head> tags and JSON-LD: kilobytes a page, not kept
        return output
