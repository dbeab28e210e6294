"""The website: approved publications built into a static site with MkDocs and Material for MkDocs.

Entry points: :func:`build_site` and :class:`SitePublication`. See build.py for the steps. Names are
imported on first use, so that ``pipeline.site.serve`` (``humas serve``) loads without mkdocs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build_site
    from .model import Excluded, SiteError, SitePublication, SiteReport

__all__ = ["Excluded", "SiteError", "SitePublication", "SiteReport", "build_site"]


def __getattr__(name: str) -> Any:
    if name == "build_site":
        from .build import build_site

        return build_site
    if name in __all__:
        from . import model

        return getattr(model, name)
    raise AttributeError(name)
