"""The site's HTML fragments (publication, listing, cards, home sections) as Jinja templates.

humas' own templates live in ``pipeline/site/templates/`` and are written as ``NAME.html.j2``. Every one
is rendered with HTML autoescaping on, in Jinja's sandbox: a template is markup, and what it is given is
data (titles, summaries, addresses); HTML that humas made and sanitised already is passed as
``markupsafe.Markup``.

`render(name, **context)` is the one way the site's Python asks for HTML.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment


@functools.cache
def environment() -> SandboxedEnvironment:
    """The one environment of the site's templates (autoescaped, sandboxed, undefined names are errors)."""
    return SandboxedEnvironment(
        loader=PackageLoader("pipeline.site", "templates"),
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(name: str, **context: Any) -> str:
    """The HTML of template `name` (e.g. ``"card.html.j2"``) with `context`."""
    return environment().get_template(name).render(**context)
