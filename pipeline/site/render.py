"""Turning a publication's Markdown body into sanitised HTML.

The body is rendered with the Markdown extensions of the site's own ``mkdocs.yml`` (admonitions,
tables, footnotes… look as the theme expects), then sanitised. Extensions that read files at build
time (``pymdownx.snippets``) are never used: a body must not be able to include a file of the
machine that builds the site.

What sanitising takes away also takes away what some extensions build from it: form inputs
(``pymdownx.tabbed`` tabs, ``pymdownx.tasklist`` checkboxes), inline SVG (``pymdownx.emoji`` icons) and
``style`` attributes. Links are kept as the author wrote them; a link to another Markdown file is not
rewritten to its page (publications link to each other by URL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
