"""The preview tests' browser: the site tests' module-scoped Chromium (tests/site/conftest.py)."""

from tests.site.conftest import browser

__all__ = ["browser"]
