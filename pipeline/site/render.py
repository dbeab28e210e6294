"""Turning a publication's Markdown body into sanitised HTML.

The body is rendered with the Markdown extensions of the site's own ``mkdocs.yml`` (admonitions,
tables, footnotes… look as the theme expects), then sanitised. Extensions that read files at build
time (``pymdownx.snippets``) are never used: a body must not be able to include a file of the
machine that builds the site.

What sanitising takes away also takes away what some extensions build from it: form inputs
(``pymdownx.tabbed`` tabs, ``pymdownx.tasklist`` checkboxes), inline SVG (``pymdownx.emoji`` icons) and
``style`` attributes. Links are kept as the author wrote them; a link to another Markdown file is not
rewritten to its page (publications link to each other by URL).

Rendering is most of the cost of a publication page that is not the theme's, and bodies are independent
of each other: ``Renderers`` renders many on every core (processes forked from the build, each with
its own Markdown instance), in order, and one by one in the build's own process for a few bodies or where
processes cannot be forked. The HTML is the same either way. What else is made of each body alone (the
search index's words, roots and snippet: search.Extractor) is made there too, beside its HTML.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import Pool
from typing import Any

import markdown

from .sanitize import sanitize_html

# Extensions that would let Markdown text read the build machine's files.
UNSAFE_EXTENSIONS = frozenset({"pymdownx.snippets"})


def safe_extensions(extensions: Sequence[Any]) -> list[Any]:
    """`extensions` without the ones in UNSAFE_EXTENSIONS (by name or by module of the instance)."""
    return [ext for ext in extensions if _name(ext) not in UNSAFE_EXTENSIONS]


def _name(extension: Any) -> str:
    if isinstance(extension, str):
        return extension.split(":")[0]
    module = type(extension).__module__
    return module


class BodyRenderer:
    """Markdown -> sanitised HTML, with one Markdown instance reused for every body (fast)."""

    def __init__(self, extensions: Sequence[Any], configs: Mapping[str, dict[str, Any]] | None = None):
        kept = safe_extensions(extensions)
        names = {_name(ext) for ext in kept}
        self._markdown = markdown.Markdown(
            extensions=kept,
            extension_configs={k: v for k, v in (configs or {}).items() if k in names},
        )

    def render(self, body: str) -> str:
        self._markdown.reset()
        return sanitize_html(self._markdown.convert(body))


# Below this many bodies, starting processes costs more than it saves.
PARALLEL_FROM = 200
# Bodies handed to a process at a time: few enough that the build writes pages while others render.
CHUNK = 16


def default_workers() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Renderers:
    """Renders bodies on ``workers`` processes where the system can fork; by default on every core when
    ``expected`` bodies are enough to be worth it, else in this process.

    The processes are forked when this is made: made before the build reads its publications, they
    start small (the imports and the configuration) and stay so (they receive a few bodies at a time).
    `after` (for :meth:`render_each`) is called on each body's HTML and what came with the body, where the
    body was rendered; forked, it starts as it is in this process (nothing pickled), and each process keeps
    its own state from then on, meeting its bodies in their order.
    """

    def __init__(
        self,
        extensions: Sequence[Any],
        configs: Mapping[str, dict[str, Any]] | None,
        *,
        expected: int,
        workers: int | None = None,
        after: Callable[[str, Any], Any] | None = None,
    ) -> None:
        if workers is None:
            workers = default_workers() if expected >= PARALLEL_FROM else 1
        self._pool: Pool | None = None
        self._renderer: BodyRenderer | None = None
        self._after = after
        if workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
            # fork: the workers start from this process as it is (the extensions as configured, nothing pickled)
            self._pool = multiprocessing.get_context("fork").Pool(workers, _start_worker, (extensions, configs, after))
        else:
            self._renderer = BodyRenderer(extensions, configs)

    def render_each(self, jobs: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """For each (body, data) of `jobs`, in order: the body's sanitised HTML and what `after` made of the
        HTML and data (None without `after`), both where the body was rendered."""
        if self._pool is not None:
            return self._pool.imap(_render_each_in_worker, jobs, chunksize=CHUNK)
        assert self._renderer is not None
        return map(_Both(self._renderer, self._after), jobs)

    def close(self) -> None:
        """Stop the processes (at once: whatever they still do is not wanted)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Renderers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _Both:
    """A body's HTML and what `after` makes of it and its data."""

    def __init__(self, renderer: BodyRenderer, after: Callable[[str, Any], Any] | None) -> None:
        self.renderer, self.after = renderer, after

    def __call__(self, job: tuple[str, Any]) -> tuple[str, Any]:
        body, data = job
        html = self.renderer.render(body)
        return html, self.after(html, data) if self.after is not None else None


_both: _Both | None = None


def _start_worker(
    extensions: Sequence[Any], configs: Mapping[str, dict[str, Any]] | None, after: Callable[[str, Any], Any] | None
) -> None:
    global _both
    _both = _Both(BodyRenderer(extensions, configs), after)


def _render_each_in_worker(job: tuple[str, Any]) -> tuple[str, Any]:
    assert _both is not None, "the pool's initializer makes it"
    return _both(job)
