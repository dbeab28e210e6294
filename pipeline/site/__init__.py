"""The website: approved publications built into a static site with MkDocs and Material for MkDocs.

Entry points: :func:`build_site` and :class:`SitePublication`. See build.py for the steps.
"""

from .build import build_site
from .model import Excluded, SiteError, SitePublication, SiteReport

__all__ = ["Excluded", "SiteError", "SitePublication", "SiteReport", "build_site"]
