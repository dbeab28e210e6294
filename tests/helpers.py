"""Test helpers: real git repositories made with the real ``humas`` command, and people to act in them."""

from __future__ import annotations

import os
import socket
import socketserver
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.demo import PEOPLE as DEMO_PEOPLE

HUMAS = str(Path(sys.executable).with_name("humas"))

PEOPLE = {  # the demo's people, and two more for the tests
    **DEMO_PEOPLE,
    "wadir2": ("Wakil Direktur II", "wadir2@poltekkesjkt2.ac.id"),
    "stranger": ("Orang Luar", "luar@example.com"),
}


_KEYS: dict[str, Path] = {}


def key_file(who: str) -> Path:
    """The private key of ``who`` (Ed25519, made once per test run with ssh-keygen)."""
    if who not in _KEYS:
        import atexit
        import shutil
        import tempfile

        if not _KEYS:
            folder = Path(tempfile.mkdtemp(prefix="humas-test-keys-"))
            atexit.register(shutil.rmtree, folder, True)
            _KEYS["\0folder"] = folder
        path = _KEYS["\0folder"] / who
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(path)], check=True, capture_output=True
        )
        _KEYS[who] = path
    return _KEYS[who]


def public_key(who: str) -> str:
    return " ".join(key_file(who).with_name(who + ".pub").read_text().split()[:2])


def signing_env(who: str, key: Path | None = None) -> dict[str, str]:
    """git's own signing set-up for ``who`` (as ``git config gpg.format ssh; git config user.signingkey``)."""
    return {
        "GIT_CONFIG_COUNT": "2",
        "GIT_CONFIG_KEY_0": "gpg.format",
        "GIT_CONFIG_VALUE_0": "ssh",
        "GIT_CONFIG_KEY_1": "user.signingkey",
        "GIT_CONFIG_VALUE_1": str(key or key_file(who)),
    }


def identity_env(who: str) -> dict[str, str]:
    name, email = PEOPLE[who]
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        **signing_env(who),
    }


def signed_sop(text: str) -> str:
    """sop.yml with every test person's public key listed under signing_keys."""
    from pipeline.scaffold import with_signing_keys

    return with_signing_keys(text, {email: public_key(who) for who, (_name, email) in PEOPLE.items()})


def first_keys(sop_text: str | None = None) -> list[str]:
    """``--key PERSON=KEYLINE`` arguments of ``humas init`` for every test person sop.yml names (by e-mail)."""
    from pipeline import skeleton
    from pipeline.sop.config import parse_sop

    sop = parse_sop(sop_text or skeleton.read("sop.yml").decode())
    by_email = {email: who for who, (_name, email) in PEOPLE.items()}
    arguments = []
    for person, entry in sop.people.items():
        if entry.email in by_email:
            arguments += ["--key", f"{person}={public_key(by_email[entry.email])}"]
    return arguments


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "HUMAS_"))}
    env["HUMAS_CACHE_DIR"] = str(key_file("koordinator").parent / "cache")  # never the tester's own cache
    env.update(identity_env("koordinator"))
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    return env


@dataclass
class Run:
    code: int
    out: str
    err: str


_ZYGOTES: dict[int, tuple[subprocess.Popen[bytes], Path]] = {}  # pid of this test process -> its server


def _zygote() -> Path | None:
    """The socket of this process's humas zygote (tests/humas_zygote.py), started at first use; None when
    ``HUMAS_TEST_FORK=0`` asks for a fresh interpreter per command."""
    if os.environ.get("HUMAS_TEST_FORK", "1") == "0":
        return None
    if os.getpid() not in _ZYGOTES:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="humas-zygote-"))
        path = folder / "socket"
        server = subprocess.Popen(
            [sys.executable, "-P", str(Path(__file__).with_name("humas_zygote.py")), str(path)],
            env=base_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )
        assert server.stdout is not None and server.stdout.readline() == b"ready\n", "the humas zygote did not start"

        def stop() -> None:
            server.terminate()  # it waits for its last commands, then exits
            server.wait()
            shutil.rmtree(folder, True)

        atexit.register(stop)
        _ZYGOTES[os.getpid()] = (server, path)
    return _ZYGOTES[os.getpid()][1]


def humas_shim_folder() -> Path | None:
    """A folder holding a ``humas`` that runs each command forked from this process's zygote
    (tests/humas_shim.py), for the workflow runner's ``PATH``; None with ``HUMAS_TEST_FORK=0``."""
    path = _zygote()
    if path is None:
        return None
    folder = path.with_name("bin")
    if not folder.exists():
        folder.mkdir()
        source = Path(__file__).with_name("humas_shim.py").read_text()
        source = source.replace("{socket}", str(path)).replace("{program}", HUMAS)
        shim = folder / "humas"
        shim.write_text(f"#!{sys.executable} -IS\n{source}")
        shim.chmod(0o755)
    return folder


def _receive_int(connection: socket.socket) -> int:
    data = b""
    while len(data) < 4:
        chunk = connection.recv(4 - len(data))
        if not chunk:
            raise EOFError("the humas zygote closed the connection")
        data += chunk
    return int(struct.unpack("!i", data)[0])


def run_humas(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> Run:
    """``humas ARGS`` in ``cwd`` with exactly ``env``, its output captured as ``subprocess.run(...,
    capture_output=True, text=True)`` would: a process forked from the zygote (tests/humas_zygote.py, which
    has imported humas already), or with ``HUMAS_TEST_FORK=0`` the console script in a new interpreter."""
    path = _zygote()
    if path is None:
        done = subprocess.run([HUMAS, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        return Run(done.returncode, done.stdout, done.stderr)
    import json
    import locale
    import signal
    import tempfile

    request = json.dumps({"program": HUMAS, "args": args, "cwd": str(cwd), "env": env}).encode()
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        open(os.devnull, "rb") as null,
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection,
    ):
        connection.connect(str(path))
        stdin = 0 if _open_fd(0) else null.fileno()  # inherited, as subprocess.run leaves it
        socket.send_fds(connection, [struct.pack("!I", len(request))], [stdin, out.fileno(), err.fileno()])
        connection.sendall(request)
        pid = _receive_int(connection)
        connection.settimeout(timeout)
        try:
            status = _receive_int(connection)
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired([HUMAS, *args], timeout) from None
        texts = []
        for file in (out, err):  # decoded as subprocess.run(text=True) decodes
            file.seek(0)
            data = file.read().decode(locale.getpreferredencoding(False))
            texts.append(data.replace("\r\n", "\n").replace("\r", "\n"))
        return Run(os.waitstatus_to_exitcode(status), texts[0], texts[1])


def _open_fd(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


@dataclass
class Repo:
    root: Path

    def humas(
        self, *args: str, who: str = "koordinator", cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> Run:
        env = {**base_env(), **identity_env(who), **(env or {})}
        return run_humas(list(args), cwd=cwd or self.root, env=env)

    def git(self, *args: str, who: str = "koordinator") -> str:
        env = {**base_env(), **identity_env(who)}
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, path: str, content: str | bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        return target

    def commit(self, message: str, who: str = "humas1") -> str:
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "-m", message, who=who)
        return self.git("rev-parse", "HEAD").strip()

    def refound(self) -> str:
        """Fold the work tree's changes into the founding commit (main must hold that commit only), as
        if ``humas init`` had written them: the trust root, not a commit straight to main."""
        assert self.git("rev-list", "--count", "main").strip() == "1", "main has more than its founding commit"
        self.git("add", "-A", who="reni")
        self.git("commit", "-q", "--amend", "--no-edit", who="reni")
        return self.git("rev-parse", "HEAD").strip()

    def branch(self, name: str) -> None:
        self.git("switch", "-q", "-c", name, "main")

    def switch(self, name: str) -> None:
        self.git("switch", "-q", name)

    def sign(self, branch: str, who: str, role: str, decision: str = "approve", message: str = "") -> Run:
        args = ["review", decision, branch, "--role", role]
        if message:
            args += ["-m", message]
        return self.humas(*args, who=who)

    def sign_all(self, branch: str, verifikator: str = "akademik", penanggung_jawab: str = "wadir1") -> None:
        for who, role in (
            (verifikator, "verifikator"),
            ("spi", "pengendali"),
            (penanggung_jawab, "penanggung_jawab"),
            ("reni", "pengarah"),
        ):
            run = self.sign(branch, who, role)
            assert run.code == 0, run.err


def copied(source: Path, root: Path) -> Repo:
    """A copy at ``root`` of the repository at ``source`` (a state made once and shared: each test that starts
    from it works on its own copy); links are copied as links."""
    import shutil

    shutil.copytree(source, root, symlinks=True)
    return Repo(root)


def demo_copy(demo_template: Path, folder: Path) -> Repo:
    """A copy, in ``folder``, of the demo repository (the session fixture ``demo_template``)."""
    return copied(demo_template, folder / "demo")


def through_the_sop(repo: Repo, branch: str, message: str) -> str:
    """Put the work tree's changes to main's rules through the SOP: a branch, the konfigurasi chain's
    signatures (pengendalian where the chain asks for it, pengesahan by the Direktur), humas merge."""
    repo.git("switch", "-q", "-c", branch)
    repo.commit(message, who="humas1")
    repo.sign(branch, "spi", "pengendali")  # refused, and nothing written, where the chain has no pengendalian
    signed = repo.sign(branch, "reni", "pengarah")
    assert signed.code == 0, signed.err
    merged = repo.humas("merge", branch)
    assert merged.code == 0, merged.err
    repo.switch("main")
    return repo.git("rev-parse", "main").strip()


def publikasi(
    title: str = "Wisuda Angkatan 2025",
    bidang: str = "akademik",
    date: str = "2025-02-10",
    channels: str = "  website: {}\n",
    extra: str = "",
    body: str = "Isi berita.\n",
) -> str:
    return f"---\ntitle: {title}\ndate: {date}\nbidang: {bidang}\n{extra}channels:\n{channels}---\n{body}"


def jpeg(width: int = 64, height: int = 64) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def rewrite_arsip(repo: Repo, path: str, content: str) -> None:
    """Replace one file on the arsip branch by hand, as anyone with write access could."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        env = {**base_env(), "GIT_INDEX_FILE": str(Path(scratch) / "index")}

        def git(*args: str, stdin: str | None = None) -> str:
            return subprocess.run(
                ["git", *args], cwd=repo.root, env=env, input=stdin, capture_output=True, text=True, check=True
            ).stdout.strip()

        blob = git("hash-object", "-w", "--stdin", stdin=content)
        exists = (
            subprocess.run(
                ["git", "rev-parse", "--verify", "--quiet", "refs/heads/arsip"], cwd=repo.root, capture_output=True
            ).returncode
            == 0
        )
        if exists:
            git("read-tree", "arsip")
        git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
        parents = ["-p", "arsip"] if exists else []
        commit = git("commit-tree", git("write-tree"), *parents, "-m", f"edit {path} by hand")
        git("update-ref", "refs/heads/arsip", commit)


@contextmanager
def serving(server: socketserver.BaseServer) -> Iterator[None]:
    """``server`` answering on a thread of its own for the ``with`` block, then stopped and its socket closed."""
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
