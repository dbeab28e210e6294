"""Shared fixtures (helpers live in tests/helpers.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import HUMAS, Repo, base_env, publikasi


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = tmp_path / "humas-repo"
    done = subprocess.run([HUMAS, "init", str(root)], env=base_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return Repo(root)


@pytest.fixture
def draft_branch(repo: Repo) -> tuple[Repo, str]:
    """A repository with one publication draft on branch publikasi/wisuda, by humas1."""
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten: wisuda")
    return repo, "publikasi/wisuda"
