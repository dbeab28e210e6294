"""Deploy the built website to the institution's own web server: rsync over SSH, the host key pinned.

GitHub Pages serves the site of a public repository (a private one needs a paid plan). An institution
that keeps its repository private, or serves its website itself, deploys ``site/`` with
``humas deploy --to ssh``. The publish workflow passes the settings as environment variables from the
protected ``publikasi`` environment:

``HUMAS_DEPLOY_SSH_TARGET``
    ``user@host:/path/of/the/web/root`` (the folder the web server serves; it is made to match the
    site exactly: files the site no longer has are deleted there).
``HUMAS_DEPLOY_SSH_PORT``
    optional, the server's SSH port (default 22).
``HUMAS_DEPLOY_SSH_KEY``
    the private key of the deploy user (a secret, without passphrase). It is written to a file only
    this process can read, removed afterwards, and never printed.
``HUMAS_DEPLOY_SSH_KNOWN_HOSTS``
    the server's host key(s), pinned: lines as ``ssh-keyscan`` prints them (``host ssh-ed25519 AAAA…``)
    or as the server's ``/etc/ssh/ssh_host_*_key.pub`` files hold them. Only these keys are trusted;
    a server that shows any other key is refused (never trust on first use).

The transfer is ``rsync --checksum --delay-updates --delete-after``: only changed files travel, the
new files are put in place together at the end, and the pages the site no longer has are deleted
after that, so visitors never see a half-copied site. ssh runs with ``StrictHostKeyChecking=yes``,
``BatchMode=yes``, ``IdentitiesOnly=yes`` and no configuration file, agent or known host other than
the pinned keys.

Never an older site: the build writes the commit it was built from into ``humas-build.json`` at the
site's root. ``humas deploy`` (``--to ssh``, and ``--to pages`` before actions/deploy-pages) refuses a
site that is not built from main's newest verified commit (``humas verified-commit``), and ``--to ssh``
also refuses when the server holds the site of a commit that is not an ancestor of it: a re-run of an
old run's deploy job deploys nothing, and the newer pages are never deleted by an older copy.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .git import MAIN, GitRepo
from .messages import _
from .problems import ConfigError, HumasError, NotAcceptable
from .redact import redact
from .verified_commit import verified_line

TARGET = "HUMAS_DEPLOY_SSH_TARGET"
PORT = "HUMAS_DEPLOY_SSH_PORT"
KEY = "HUMAS_DEPLOY_SSH_KEY"
KNOWN_HOSTS = "HUMAS_DEPLOY_SSH_KNOWN_HOSTS"
STAMP = "humas-build.json"
"""At the site's root: ``{"commit": "<the commit the site was built from>"}``."""

HOST_KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "ssh-rsa",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
# ssh checks the server against the pinned keys under this name, whatever the host and port.
HOST_KEY_ALIAS = "humas-deploy-target"

_TARGET_FORM = re.compile(
    r"(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@(?P<host>[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\]):(?P<path>.+)"
)
_TARGET_EXAMPLE = "deploy@www.example.ac.id:/var/www/humas"


class DeployFailed(HumasError):
    """The transfer did not complete (exit 1): the server refused, could not be reached, or rsync failed."""

    exit_code = 1
    retryable = True


@dataclass(frozen=True)
class SshTarget:
    user: str
    host: str
    port: int
    path: str

    def __str__(self) -> str:
        port = f" (port {self.port})" if self.port != 22 else ""
        return f"{self.user}@{self.host}:{self.path}{port}"


@dataclass(frozen=True)
class SshSettings:
    target: SshTarget
    host_keys: tuple[str, ...]
    key: str = field(repr=False)


@dataclass(frozen=True)
class DeployReport:
    files_sent: int
    files_deleted: int


def ssh_settings(env: Mapping[str, str]) -> SshSettings:
    """The deploy settings from the environment; a ConfigError names the variable that is missing or wrong."""
    for name in (TARGET, KEY, KNOWN_HOSTS):
        if not env.get(name, "").strip():
            raise ConfigError(
                _(
                    "{name} is not set: humas deploy --to ssh needs {target}, {key} and {known_hosts} "
                    "(see docs/deploy.md)",
                    name=name,
                    target=TARGET,
                    key=KEY,
                    known_hosts=KNOWN_HOSTS,
                )
            )
    return SshSettings(
        target=parse_target(env[TARGET], env.get(PORT, "")),
        host_keys=parse_host_keys(env[KNOWN_HOSTS]),
        key=env[KEY].replace("\r\n", "\n").strip() + "\n",
    )


def parse_target(text: str, port_text: str = "") -> SshTarget:
    match = _TARGET_FORM.fullmatch(text.strip())
    if not match:
        raise ConfigError(
            _(
                "{target}: expected user@host:/path of the web root, for example {example}",
                target=TARGET,
                example=_TARGET_EXAMPLE,
            )
        )
    path = match["path"]
    if any(ord(char) < 32 for char in path):
        raise ConfigError(_("{target}: the path has a control character", target=TARGET))
    bare = path.rstrip("/")
    if bare in ("", ".", "..", "~") or re.fullmatch(r"~[^/]*", bare):
        raise ConfigError(
            _(
                "{target}: the path must name the web root, for example {example}, not "
                "{path!r}: everything in it that the site does not have is deleted",
                target=TARGET,
                example=_TARGET_EXAMPLE,
                path=path,
            )
        )
    port = 22
    if port_text.strip():
        if not port_text.strip().isdigit() or not 1 <= int(port_text) <= 65535:
            raise ConfigError(
                _("{port}: {value!r} is not a port number (1 to 65535)", port=PORT, value=port_text.strip())
            )
        port = int(port_text)
    return SshTarget(user=match["user"], host=match["host"], port=port, path=path)


def parse_host_keys(text: str) -> tuple[str, ...]:
    """The pinned keys (``type base64``) of known_hosts or ``.pub`` lines; the host names in them are not used."""
    keys: list[str] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if fields[0].startswith("@"):
            raise ConfigError(
                _(
                    "{known_hosts}: line {number}: {marker} lines are not supported: pin the server's own host key",
                    known_hosts=KNOWN_HOSTS,
                    number=number,
                    marker=fields[0],
                )
            )
        start = 0 if fields[0] in HOST_KEY_TYPES else 1
        if len(fields) < start + 2 or not _is_host_key(fields[start], fields[start + 1]):
            raise ConfigError(
                _(
                    "{known_hosts}: line {number}: not a host key: expected a line as ssh-keyscan "
                    "prints it, 'host ssh-ed25519 AAAA…'",
                    known_hosts=KNOWN_HOSTS,
                    number=number,
                )
            )
        keys.append(f"{fields[start]} {fields[start + 1]}")
    if not keys:
        raise ConfigError(
            _(
                "{known_hosts} has no host key: give the server's host key as ssh-keyscan prints it",
                known_hosts=KNOWN_HOSTS,
            )
        )
    return tuple(keys)


def _is_host_key(kind: str, blob: str) -> bool:
    """A key blob in SSH wire format starts with its own type name."""
    if kind not in HOST_KEY_TYPES:
        return False
    try:
        data = base64.b64decode(blob, validate=True)
    except ValueError:
        return False
    size = int.from_bytes(data[:4], "big")
    return len(data) > 4 + size and data[4 : 4 + size] == kind.encode()


def built_from(site: Path) -> str:
    """The commit ``site`` was built from (its humas-build.json)."""
    try:
        commit = json.loads((site / STAMP).read_text()).get("commit")
    except (OSError, ValueError, AttributeError):
        commit = None
    if not isinstance(commit, str) or not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise ConfigError(
            _(
                "{site}: {stamp} does not say which commit the site was built from: deploy only a site the "
                "publish workflow built",
                site=site,
                stamp=STAMP,
            )
        )
    return commit


def refuse_older(repo: GitRepo, built: str, deployed: str | None = None, main: str = MAIN) -> None:
    """NotAcceptable unless ``built`` is the newest verified commit of ``main`` (as fetched now) and
    ``deployed`` (what the server holds, if known) is ``built`` or an ancestor of it."""
    newest = verified_line(repo, main).newest
    if built != newest:
        raise NotAcceptable(
            _(
                "not deployed: the site was built from {built}, but the newest verified commit of {main} is {newest} "
                "(an older build never replaces the website; the run that built {newest} deploys it)",
                built=built[:7],
                main=MAIN,
                newest=newest[:7],
            )
        )
    if deployed and deployed != built and not repo.ok("merge-base", "--is-ancestor", deployed, built):
        raise NotAcceptable(
            _(
                "not deployed: the server holds the website of {deployed}, which is not an earlier commit of {main} "
                "than {built}, the one this site was built from",
                deployed=deployed[:7],
                main=MAIN,
                built=built[:7],
            )
        )


def deployed_commit(settings: SshSettings) -> str | None:
    """The commit of the site the server holds (its humas-build.json), None when it has none."""
    scratch = Path(tempfile.mkdtemp(prefix="humas-deploy-"))
    try:
        key_file = _write_private(scratch / "key", settings.key)
        _check_key(key_file)
        known_hosts = _write_private(
            scratch / "known_hosts", "".join(f"{HOST_KEY_ALIAS} {key}\n" for key in settings.host_keys)
        )
        target = settings.target
        done = subprocess.run(
            [
                "rsync",
                "--rsh",
                shlex.join(ssh_command(key_file, known_hosts, target.port)),
                f"{target.user}@{target.host}:{target.path.rstrip('/')}/{STAMP}",
                str(scratch / "deployed"),
            ],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env=_child_environment(),
        )
        if done.returncode == 23 and "No such file" in done.stderr:
            return None
        if done.returncode != 0:
            raise DeployFailed(_scrub(explain_failure(done.stderr, done.returncode, target), settings.key))
        try:
            commit = json.loads((scratch / "deployed").read_text()).get("commit")
        except (OSError, ValueError, AttributeError):
            commit = None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return commit if isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit) else "0" * 40


def deploy_over_ssh(site: Path, settings: SshSettings) -> DeployReport:
    """Make the web root on the server match ``site`` exactly; raise DeployFailed when the transfer fails."""
    if not (site / "index.html").is_file():
        raise ConfigError(
            _("{site}: no website to deploy (no index.html): run humas build --out {site} first", site=site)
        )
    for tool in ("rsync", "ssh", "ssh-keygen"):
        if not shutil.which(tool):
            package = "rsync" if tool == "rsync" else "openssh-client"
            raise ConfigError(
                _(
                    "{tool} is not installed on this machine (Debian/Ubuntu: apt-get install {package})",
                    tool=tool,
                    package=package,
                )
            )
    scratch = Path(tempfile.mkdtemp(prefix="humas-deploy-"))  # mode 0700
    try:
        key_file = _write_private(scratch / "key", settings.key)
        _check_key(key_file)
        known_hosts = _write_private(
            scratch / "known_hosts", "".join(f"{HOST_KEY_ALIAS} {key}\n" for key in settings.host_keys)
        )
        target = settings.target
        command = [
            "rsync",
            "--recursive",
            "--links",
            "--times",
            "--omit-dir-times",
            "--checksum",
            "--chmod=D755,F644",
            "--delay-updates",
            "--delete-after",
            "--stats",
            "--rsh",
            shlex.join(ssh_command(key_file, known_hosts, target.port)),
            f"{site}/",
            f"{target.user}@{target.host}:{target.path}",
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=_child_environment()
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if done.returncode != 0:
        raise DeployFailed(_scrub(explain_failure(done.stderr, done.returncode, target), settings.key))
    return DeployReport(
        files_sent=_stat(done.stdout, "Number of regular files transferred"),
        files_deleted=_deleted_files(done.stdout),
    )


def ssh_command(key_file: Path, known_hosts: Path, port: int) -> list[str]:
    """ssh that trusts only the pinned host keys and offers only the deploy key, never asking anything."""
    options = {
        "BatchMode": "yes",
        "StrictHostKeyChecking": "yes",
        "UserKnownHostsFile": str(known_hosts),
        "GlobalKnownHostsFile": "none",
        "HostKeyAlias": HOST_KEY_ALIAS,
        "UpdateHostKeys": "no",
        "IdentitiesOnly": "yes",
        "IdentityAgent": "none",
        "PasswordAuthentication": "no",
        "KbdInteractiveAuthentication": "no",
        "ConnectTimeout": "30",
        "ServerAliveInterval": "15",
        "ServerAliveCountMax": "4",
    }
    command = ["ssh", "-F", "none", "-p", str(port), "-i", str(key_file)]
    for name, value in options.items():
        command += ["-o", f"{name}={value}"]
    return command


def explain_failure(stderr: str, code: int, target: SshTarget) -> str:
    """One line that says why the transfer failed and what to do, from what ssh and rsync said."""
    if "REMOTE HOST IDENTIFICATION HAS CHANGED" in stderr or "Host key verification failed" in stderr:
        offered = re.search(
            r"The fingerprint for the (\S+) key sent by the remote host is\s+(\S+?)\.?\s*$", stderr, re.MULTILINE
        )
        seen = _(" (it showed {kind} key {fingerprint})", kind=offered[1], fingerprint=offered[2]) if offered else ""
        return _(
            "the host key of {host} does not match the pinned one in {known_hosts}{seen}: refusing to "
            "connect; if the server's administrator confirms a new key on the server's console, pin that one",
            host=target.host,
            known_hosts=KNOWN_HOSTS,
            seen=seen,
        )
    if "Permission denied (" in stderr:
        return _(
            "{host} refused the key in {key} for user {user}: add its public key to "
            "~{user}/.ssh/authorized_keys on the server",
            host=target.host,
            key=KEY,
            user=target.user,
        )
    reach = re.search(
        r"(Connection refused|Connection timed out|No route to host|Could not resolve hostname"
        r"|Name or service not known|Network is unreachable|Connection closed by remote host)",
        stderr,
    )
    if reach:
        return _("cannot reach {host} port {port}: {said}", host=target.host, port=target.port, said=reach[1])
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not line.startswith("rsync error")]
    if lines:
        return _("rsync to {target} failed (exit {code}): {said}", target=target, code=code, said=lines[-1])
    return _("rsync to {target} failed (exit {code})", target=target, code=code)


def _child_environment() -> dict[str, str]:
    """rsync and ssh get the machine's environment without the deploy settings (the key is in its file)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("HUMAS_DEPLOY_")}
    env["LC_ALL"] = "C"  # the messages explain_failure reads are ssh's and rsync's English ones
    return env


def _write_private(path: Path, text: str) -> Path:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _check_key(key_file: Path) -> None:
    """The key loads without a passphrase (ssh would otherwise fail later with a vaguer message)."""
    done = subprocess.run(
        ["ssh-keygen", "-y", "-P", "", "-f", str(key_file)], capture_output=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        raise ConfigError(
            _(
                "{key}: not a private key ssh can use without a passphrase: paste the whole private key "
                "file, from -----BEGIN to -----END, of a key made with ssh-keygen -N ''",
                key=KEY,
            )
        )


def _stat(stats: str, name: str) -> int:
    found = re.search(rf"^{re.escape(name)}: ([\d,]+)", stats, re.MULTILINE)
    return int(found[1].replace(",", "")) if found else 0


def _deleted_files(stats: str) -> int:
    """Deleted regular files: ``Number of deleted files: 2 (reg: 1, dir: 1)`` counts folders too."""
    found = re.search(r"^Number of deleted files: [\d,]+ \(reg: ([\d,]+)", stats, re.MULTILINE)
    return int(found[1].replace(",", "")) if found else 0


def _scrub(text: str, key: str) -> str:
    """Neither the private key nor any line of it reaches a message (``redact``: whole and line by line)."""
    return redact(text, extra=[key])
