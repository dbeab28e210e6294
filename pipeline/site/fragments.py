"""Material's navigation and tabs rendered once per distinct state, not once per page (mkdocs engine).

Material renders its primary navigation and table of contents (``site_nav`` block of its base.html) and
its tabs (``tabs`` block) for every page: at 10,000 publications that is a fifth of the build's own
process, for a result that is the same on almost every page. This plugin wraps those two blocks' render
functions (Jinja's documented ``Template.blocks``) with a cache; nothing in the templates changes, so the
Zensical engine, which reads the same theme directory, is not concerned.

What a block's output depends on, and how the cache accounts for it:

- the page's place in the menu (which entries are active, ``page == nav_item``, the page's own table of
  contents): a page in the menu, or one with a table of contents, is never served from the cache; no entry
  is active on the others (mkdocs activates a page's ancestors in the menu only), and the key holds their
  ``hide`` setting;
- the links, which mkdocs' ``url`` filter makes relative to the page: the first render of a fragment
  records every value the filter was given and what it returned; a later page reuses that fragment only
  when the filter returns the same for each of those values on that page (computed, not assumed);
- everything else the blocks read (the configuration, the menu's titles, the language's labels, icons) is
  the same for every page of one build; the cache lives for one build only (its Jinja environment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

NAME = "humas-fragments"
BLOCKS = ("site_nav", "tabs")  # Material's base.html: the primary navigation and toc sidebars, the tabs
BASE = "base.html"

BlockFunction = Callable[[Context], Iterator[str]]


class _Variant:
    """One rendered fragment and the links it holds: (value given to ``url``, what it returned)."""

    __slots__ = ("html", "links")

    def __init__(self, html: str, links: tuple[tuple[Any, str], ...]):
        self.html, self.links = html, links


class Fragments(BasePlugin):  # type: ignore[type-arg]
    def __init__(self) -> None:
        super().__init__()
        self._nav: Navigation | None = None
        self._in_nav: set[int] = set()
        self._variants: dict[tuple[object, ...], list[_Variant]] = {}
        self._recording: list[tuple[Any, str]] | None = None
        self.rendered = 0  # fragments rendered by Material (a miss)
        self.reused = 0  # fragments served from the cache

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        self._in_nav = {id(page) for page in nav.pages}
        return nav

    @event_priority(-100)  # last: whatever another plugin did to the environment before
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        self._variants.clear()
        original_url = env.filters["url"]

        @pass_context
        def url(context: Context, value: Any) -> str:
            result: str = original_url(context, value)
            if self._recording is not None:
                self._recording.append((value, result))
            return result

        env.filters["url"] = url
        if env.cache is not None:
            env.cache.clear()  # the templates are compiled again, with the recording filter
        base: Template = env.get_template(BASE)
        for name in BLOCKS:
            block = base.blocks.get(name)
            if block is not None:
                base.blocks[name] = self._cached(name, block, original_url)
        return env

    def _key(self, name: str, context: Context) -> tuple[object, ...] | None:
        page = context.get("page")
        nav = self._nav
        if not isinstance(page, Page) or nav is None or context.get("nav") is not nav:
            return None
        if id(page) in self._in_nav or page.toc:
            return None
        hide = page.meta.get("hide") if page.meta else None
        return (name, repr(hide))

    def _cached(self, name: str, block: BlockFunction, url: Callable[[Context, Any], str]) -> BlockFunction:
        def cached(context: Context) -> Iterator[str]:
            key = self._key(name, context)
            if key is None or self._recording is not None:
                yield from block(context)
                return
            variants = self._variants.setdefault(key, [])
            for variant in variants:
                if all(url(context, value) == result for value, result in variant.links):
                    self.reused += 1
                    yield variant.html
                    return
            self._recording = []
            try:
                html = "".join(block(context))
                links = tuple(self._recording)
            finally:
                self._recording = None
            variants.insert(0, _Variant(html, links))
            self.rendered += 1
            yield html

        return cached
