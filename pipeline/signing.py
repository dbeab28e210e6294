"""SSH signatures (OpenSSH's SSHSIG format), made the way ``git commit -S`` makes them.

A review on the local forge is signed by the approver with git's own signing configuration
(``gpg.format=ssh``, ``user.signingkey``, ``gpg.ssh.program``); a record of a GitHub merge is signed by
the protected publish job with the key in its environment's secret. Both are verified in process with
``sshsig`` against public keys read from ``sop.yml`` on main, never from the change or the archive.
Keys that ``sshsig`` cannot check (ECDSA, security keys) are verified with ``ssh-keygen -Y verify``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any

import sshsig

from .git import GitRepo
from .messages import _
from .problems import ConfigError, NotAcceptable
from .sop.keys import key_id

REVIEW_NAMESPACE = "humas-review"
RECORD_NAMESPACE = "humas-record"


def setup_hint() -> str:
    return _(
        "git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub (no key yet? "
        "ssh-keygen -t ed25519), then add the .pub line to your signing_keys in sop.yml"
    )


class SigningNotConfigured(ConfigError):
    """git has no SSH signing key configured for this user."""


def canonical(data: Mapping[str, Any]) -> bytes:
    """The bytes that are signed: JSON with sorted keys and no spaces, so any reader re-derives them."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(line: str) -> str:
    """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
    try:
        return sshsig.PublicKey.from_openssh_str(key_id(line)).sha256_str()
    except (ValueError, NotImplementedError):
        blob = base64.b64decode(key_id(line).split()[1])
        return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


@dataclass(frozen=True)
class SigningKey:
    """The key git signs with: a key file (private, or public with its private half in the agent) or a
    literal public key (its private half in the agent)."""

    public: str
    path: Path | None
    program: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


def signing_key(repo: GitRepo) -> SigningKey:
    """The SSH signing key of git's configuration, or SigningNotConfigured saying how to set one."""

    def config(name: str) -> str:
        return repo.run("config", "--get", name, check=False).strip()

    fmt, configured = config("gpg.format"), config("user.signingkey")
    if fmt != "ssh" or not configured:
        raise SigningNotConfigured(_("no SSH signing key is configured for git: {hint}", hint=setup_hint()))
    program = config("gpg.ssh.program") or "ssh-keygen"
    if key_id(configured):
        return SigningKey(public=key_id(configured), path=None, program=program)
    path = Path(os.path.expanduser(configured))
    if not path.is_absolute():
        path = repo.root / path
    candidates = [path] if path.suffix == ".pub" else [path.with_name(path.name + ".pub"), path]
    for candidate in candidates:
        if candidate.is_file():
            line = key_id(candidate.read_text(errors="replace").splitlines()[0] if candidate.stat().st_size else "")
            if line:
                return SigningKey(public=line, path=path, program=program)
    if path.is_file():
        done = subprocess.run(
            [program, "-y", "-f", str(path)], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        if done.returncode == 0 and key_id(done.stdout):
            return SigningKey(public=key_id(done.stdout), path=path, program=program)
    raise SigningNotConfigured(
        _("user.signingkey {key} is not a readable SSH key: {hint}", key=configured, hint=setup_hint())
    )


def sign(key: SigningKey, payload: bytes, namespace: str) -> str:
    """An armored SSHSIG of ``payload``, made by ``ssh-keygen -Y sign`` (git's ``gpg.ssh.program``)."""
    with tempfile.TemporaryDirectory(prefix="humas-sign-") as scratch:
        args = [key.program, "-Y", "sign", "-n", namespace]
        if key.path is None:  # a literal key: its private half is in the agent
            literal = Path(scratch) / "key.pub"
            literal.write_text(key.public + "\n")
            args += ["-f", str(literal), "-U"]
        else:
            args += ["-f", str(key.path)]
        done = subprocess.run(args, input=payload, capture_output=True)
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise NotAcceptable(
            _(
                "could not sign with {key}: {why} (is the key's passphrase entered, or the key in ssh-agent?)",
                key=key.fingerprint,
                why=why[-1] if why else "ssh-keygen",
            )
        )
    return done.stdout.decode()


def sign_with_private_key(private_key: str, payload: bytes, namespace: str) -> tuple[str, str]:
    """Sign with a private key given as text (a CI secret): (public key line, armored signature)."""
    with tempfile.TemporaryDirectory(prefix="humas-sign-") as scratch:
        path = Path(scratch) / "key"
        path.touch(mode=0o600)
        path.write_text(private_key.strip() + "\n")
        done = subprocess.run(
            ["ssh-keygen", "-y", "-f", str(path)], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        public = key_id(done.stdout)
        if done.returncode != 0 or not public:
            raise ConfigError(_("the record signing key (HUMAS_RECORD_KEY) is not an unencrypted OpenSSH private key"))
        return public, sign(SigningKey(public=public, path=path, program="ssh-keygen"), payload, namespace)


def verify(payload: bytes, armored: str, allowed: Iterable[str], namespace: str) -> str | None:
    """None if ``armored`` is a valid signature of ``payload`` in ``namespace`` by one of the ``allowed``
    public keys; otherwise why not (one short phrase)."""
    keys = [k for line in allowed if (k := key_id(line))]
    if not keys:
        return _("no signing key is listed")
    outcome, said, signer_fingerprint = _checked(payload, armored, namespace)
    if outcome == "invalid":  # sshsig says why only sometimes: a changed payload gives no text
        return (
            _("the signature is not valid ({why})", why=said)
            if said
            else _("the signature is not valid for a listed key")
        )
    if outcome == "unsupported":
        return _verify_with_ssh_keygen(payload, armored, keys, namespace)
    if outcome == "unreadable":
        return _("the signature cannot be read")
    if said not in keys:
        return _("signed by {key}, which is not a listed key", key=signer_fingerprint)
    return None


def _checked(payload: bytes, armored: str, namespace: str) -> tuple[str, str, str]:
    """What ``sshsig`` finds of a signature, once per process: ("signed", its key id, its SHA256 fingerprint),
    ("invalid", why, ""), ("unsupported", "", "") for a key only ssh-keygen checks, or ("unreadable", "", ""). A
    signature is checked against each list of keys a verification asks about (a review's signer's keys, then
    ``revoked_keys``, then each revoked key alone): the check of its bytes is the same each time, and the
    Ed25519 check is most of a record's verification. Kept by the payload's SHA-256, the armored text and the
    namespace: what the answer is a function of, and nothing a second signature could share."""
    key = (sha256(payload).digest(), armored, namespace)
    if key not in _CHECKED:
        try:
            signer = sshsig.check_signature(payload, armored, namespace)
            outcome = ("signed", key_id(signer.openssh_str()), signer.sha256_str())
        except sshsig.InvalidSignature as error:
            outcome = ("invalid", str(error), "")
        except NotImplementedError:
            outcome = ("unsupported", "", "")
        except (ValueError, TypeError):
            outcome = ("unreadable", "", "")
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        _CHECKED[key] = outcome
    return _CHECKED[key]


_CHECKED: dict[tuple[bytes, str, str], tuple[str, str, str]] = {}
_CHECKED_MAX = 1 << 16
"""The most signatures remembered (then it starts again): four reviews each of 16,000 records."""


def _verify_with_ssh_keygen(payload: bytes, armored: str, keys: list[str], namespace: str) -> str | None:
    with tempfile.TemporaryDirectory(prefix="humas-verify-") as scratch:
        allowed = Path(scratch) / "allowed_signers"
        allowed.write_text("".join(f'signer namespaces="{namespace}" {key}\n' for key in keys))
        signature = Path(scratch) / "payload.sig"
        signature.write_text(armored)
        done = subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", "signer", "-n", namespace, "-s", str(signature)],
            input=payload,
            capture_output=True,
        )
    return None if done.returncode == 0 else _("the signature is not valid for a listed key")
