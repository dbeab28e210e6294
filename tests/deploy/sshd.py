"""A real OpenSSH server for the tests: unprivileged config, 127.0.0.1, a free port, its own host key.

It runs as the current user from a temporary folder (``StrictModes no``, ``UsePAM no``; as root,
``PermitRootLogin yes`` in this test configuration only) and accepts two client keys: ``key``, a plain
login, and ``restricted_key``, forced through ``rrsync`` into ``restricted/`` as docs/deploy.md advises.
Debian packages: openssh-server, rsync.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"])


def _keygen(path: Path, comment: str) -> str:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True, capture_output=True
    )
    return path.with_name(path.name + ".pub").read_text().strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SshServer:
    root: Path
    port: int
    user: str
    host_key: str  # the server's public host key line, "ssh-ed25519 AAAA… comment"
    key: str  # the client's private key text
    restricted_key: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def log(self) -> str:
        return (self.root / "sshd.log").read_text(errors="replace")


def start_sshd(root: Path) -> SshServer:
    sshd = shutil.which("sshd", path=SBIN)
    missing = [tool for tool in ("rsync", "ssh", "ssh-keygen") if not shutil.which(tool)]
    if not sshd or missing or not shutil.which("rrsync"):
        raise RuntimeError(
            "the deploy tests need Debian's openssh-server and rsync: apt-get install -y openssh-server rsync"
        )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder, as root
    user = pwd.getpwuid(os.geteuid()).pw_name
    host_key = _keygen(root / "host_ed25519", "test-server")
    client = _keygen(root / "client", "humas-deploy")
    restricted = _keygen(root / "restricted_client", "humas-deploy-restricted")
    (root / "restricted").mkdir()
    (root / "authorized_keys").write_text(
        f'{client}\ncommand="{shutil.which("rrsync")} {root / "restricted"}",restrict {restricted}\n'
    )
    port = _free_port()
    (root / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {root / 'host_ed25519'}\nPidFile {root / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {root / 'authorized_keys'}\nAllowUsers {user}\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PubkeyAuthentication yes\nPermitRootLogin yes\nLogLevel VERBOSE\n"
    )
    with (root / "sshd.log").open("wb") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [sshd, "-D", "-e", "-f", str(root / "sshd_config")], stdout=log, stderr=log, stdin=subprocess.DEVNULL
        )
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"sshd stopped: {(root / 'sshd.log').read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.terminate()
                raise RuntimeError("sshd did not listen within 15 s") from None
            time.sleep(0.05)
    return SshServer(
        root=root,
        port=port,
        user=user,
        host_key=host_key,
        key=(root / "client").read_text(),
        restricted_key=(root / "restricted_client").read_text(),
        process=process,
    )
