"""One real sshd for the deploy tests, started once and stopped at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.deploy.sshd import SshServer, start_sshd


@pytest.fixture(scope="session")
def ssh_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    try:
        yield server
    finally:
        server.stop()
