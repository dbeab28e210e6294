"""The publication wisuda signed by its whole chain and merged (``tests/ralat/test_flow.py``'s ``publish``),
made once per worker; each test that starts from it works on its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import Repo
from tests.ralat.test_flow import publish


@pytest.fixture(scope="package")
def published_template(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ralat") / "humas-repo"
    shutil.copytree(template_repo, root, symlinks=True)
    publish(Repo(root))
    return root


@pytest.fixture
def published(published_template: Path, tmp_path: Path) -> Repo:
    """A copy of the repository where wisuda is published."""
    root = tmp_path / "humas-repo"
    shutil.copytree(published_template, root, symlinks=True)
    return Repo(root)
