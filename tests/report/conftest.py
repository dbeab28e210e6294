"""A demo repository (the real ``humas demo``), made once for the report tests."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import HUMAS, Repo, base_env


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    root = tmp_path_factory.mktemp("laporan") / "demo"
    done = subprocess.run([HUMAS, "demo", str(root)], env=base_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return Repo(root)
