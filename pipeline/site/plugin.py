"""The in-process mkdocs plugin that hands mkdocs the generated pages' HTML, one page at a time.

The docs dir holds every generated page as Markdown whose body is the page's HTML (so any engine
can build it). Under mkdocs this plugin skips parsing that HTML as Markdown (the page's Markdown is
replaced by nothing: no Markdown extension can reinterpret text that was already rendered and
sanitised) and gives each page its HTML only when it is rendered (``on_page_context``, read back from
the docs dir), dropping it once the page is written (``on_post_page``). mkdocs first reads every page
and then renders them; the HTML of ten thousand pages is therefore never in memory at once.

It also gives each page its share-card tags (``page.meta.humas_head``), made when the page is rendered
rather than passed through the page's front matter, which mkdocs would parse as YAML.

Other plugins see a generated page's content from ``on_page_context`` on (this plugin runs first
there), not in ``on_page_content``.
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


class GeneratedPages(BasePlugin):  # type: ignore[type-arg]
    def __init__(self, docs_dir: pathlib.Path, sources: Collection[str], head_of: Callable[[str], str]):
        super().__init__()
        self._docs = docs_dir
        self._sources = frozenset(sources)
        self._head_of = head_of

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return "" if page.file.src_uri in self._sources else markdown

    @event_priority(100)  # first, so other plugins (Material's search) see the real content
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        source = page.file.src_uri
        if source in self._sources:
            text = (self._docs / source).read_text(encoding="utf-8")
            page.content = text.split("\n---\n\n", 1)[1]  # the HTML after the front matter (page.py)
            head = self._head_of(source)
            if head:
                page.meta["humas_head"] = head
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._sources:
            page.content = None
        return output
