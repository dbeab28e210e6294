"""Shared fixtures (helpers live in tests/helpers.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import HUMAS, Repo, base_env, first_keys, publikasi


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository made with the real ``humas init``, with every test person's signing key listed in
    sop.yml in its founding commit (``--key``); each test gets a copy."""
    root = tmp_path_factory.mktemp("template") / "humas-repo"
    done = subprocess.run(
        [HUMAS, "init", str(root), "--example", *first_keys()], env=base_env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def repo(tmp_path: Path, template_repo: Path) -> Repo:
    root = tmp_path / "humas-repo"
    shutil.copytree(template_repo, root, symlinks=True)
    return Repo(root)


@pytest.fixture
def draft_branch(repo: Repo) -> tuple[Repo, str]:
    """A repository with one publication draft on branch publikasi/wisuda, by humas1."""
    repo.branch("publikasi/wisuda")
    repo.write("content/publikasi/2025/wisuda/index.md", publikasi())
    repo.commit("Desain konten: wisuda")
    return repo, "publikasi/wisuda"
