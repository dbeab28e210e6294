"""The publication wisuda signed by its whole chain and merged (``tests/ralat/test_flow.py``'s ``publish``),
made once per worker; each test that starts from it works on its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Repo, copied
from tests.ralat.test_flow import publish


@pytest.fixture(scope="package")
def published_template(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copied(template_repo, tmp_path_factory.mktemp("ralat") / "humas-repo")
    publish(repo)
    return repo.root


@pytest.fixture
def published(published_template: Path, tmp_path: Path) -> Repo:
    """A copy of the repository where wisuda is published."""
    return copied(published_template, tmp_path / "humas-repo")
