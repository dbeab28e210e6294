"""``make browser-check``: the browser tests of the website (tests/site/test_browser.py), in headless
Chromium (Debian package ``chromium``) driven by Playwright. They are ordinary pytest tests and run in
``make test`` too; this entry point stays for the CI step that runs them on their own.

    .venv/bin/python -m tests.site.browser_check
"""

from __future__ import annotations

import pathlib
import sys

import pytest

if __name__ == "__main__":
    sys.exit(pytest.main(["-q", str(pathlib.Path(__file__).with_name("test_browser.py"))]))
