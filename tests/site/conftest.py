"""The site tests' shared fixtures: the system's Chromium, one per test module (tests/editor/browser.py's
launcher), and a repository whose main holds one approved publication (made once, copied per test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.editor.browser import launch
from tests.helpers import Repo
from tests.test_publish import merged_publication


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture
def merged_repo(repo: Repo) -> Repo:
    """The test's own repository after ``merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")``: the real
    reviews and ``humas merge``, done once per test process (``merged_publication`` copies its first result)."""
    merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")
    return repo
