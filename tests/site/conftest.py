"""The site tests' shared fixtures: the system's Chromium, one per test module (tests/editor/browser.py's
launcher), and a repository whose main holds one approved publication (made once, copied per test)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="session")
def merged_template(tmp_path_factory: pytest.TempPathFactory, template_repo: Path) -> Path:
    """The template repository after ``merged_publication(repo, "wisuda", "Wisuda Angkatan 2025")``: the real
    reviews and ``humas merge``, done once per test process instead of once per test."""
    root = tmp_path_factory.mktemp("merged-wisuda") / "humas-repo"
    shutil.copytree(template_repo, root, symlinks=True)
    merged_publication(Repo(root), "wisuda", "Wisuda Angkatan 2025")
    return root


@pytest.fixture
def merged_repo(tmp_path: Path, merged_template: Path) -> Repo:
    """A copy of :func:`merged_template` of this test's own (as the ``repo`` fixture copies the template)."""
    root = tmp_path / "humas-repo"
    shutil.copytree(merged_template, root, symlinks=True)
    return Repo(root)
