"""A copy of the demo repository (the real ``humas demo``, made once per worker) for the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Repo, demo_copy


@pytest.fixture(scope="package")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return demo_copy(demo_template, tmp_path_factory.mktemp("laporan"))
