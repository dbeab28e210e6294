"""Tokens that renew themselves, and where the renewed ones are kept.

TikTok's access token lives hours and its refresh token **rotates**: each refresh returns a new one and
the old one stops working. Instagram's long-lived token lives 60 days and is refreshed into a new one.
So a run that renews a token must leave the new one where the next run finds it, and where nobody else
can read it.

Decision: a **sealed entry in the archive** (``tokens/<platform>.json`` on the ``arsip`` branch),
encrypted and authenticated with AES-256-GCM under ``HUMAS_TOKEN_KEY``, a random secret that only the
protected ``publikasi`` environment holds (the same place as the platforms' secrets). Why not the
repository's Actions secret, updated through the API: that needs a second credential with write access
to the repository's secrets (able to replace any secret, the signing ones included) in the publishing
job, and a run on a person's machine could not renew at all. The sealed entry works wherever
``humas publish`` runs, travels with the archive (pushed at once with ``HUMAS_ARCHIVE_REMOTE``), and is
noise to anyone without the key. Someone who may push to ``arsip`` can delete the entry or put an older
one back; neither reveals or forges a token, and both end in a refused refresh that ``humas channels
doctor`` reports (a person authorises again): a denial of service, never a leak.

Each write is a compare-and-swap on the entry, so two runs that renew at once do not lose a rotation:
the loser reads the winner's tokens.

Save before use: TikTok says "The previous refresh token stops working once a new one is issued. Always
save the refresh_token from the most recent response and use it in your next refresh request"
(https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token). So renewed tokens are first
written **sealed on this machine** (``local``: a file in the repository's git directory, under the same
key, fsynced), then to the archive; the local copy is removed only once the archive holds them. A
push that fails (the remote refuses, the network is down) therefore loses nothing: the run goes on
with the new tokens, and the next run on this machine (or a later write in this run) puts them in
the archive first. ``humas channels doctor`` says when renewed tokens wait on this machine.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..archive.store import BranchStore, StaleWrite
from .sealed import Sealed

KEY_VARIABLE = "HUMAS_TOKEN_KEY"
WARN_AHEAD = timedelta(days=7)
"""The doctor fails this long before a person must act."""


@dataclass
class Tokens:
    access_token: str
    access_expires_at: str | None = None
    refresh_token: str | None = None
    refresh_expires_at: str | None = None
    renewed_at: str | None = None

    def expires(self, which: str) -> datetime | None:
        value = self.access_expires_at if which == "access" else self.refresh_expires_at
        return datetime.fromisoformat(value) if value else None


def expiry(seconds: Any, now: datetime) -> str | None:
    try:
        return (now + timedelta(seconds=float(seconds))).isoformat() if seconds is not None else None
    except (TypeError, ValueError):
        return None


class TokenVault:
    """The sealed token entries of the archive."""

    def __init__(self, store: BranchStore, key: str) -> None:
        self.store = store
        self.seal = Sealed("token vault", key)
        self.blobs: dict[str, str | None] = {}

    @staticmethod
    def path(platform: str) -> str:
        return f"tokens/{platform}.json"

    def read(self, platform: str) -> Tokens | None:
        """The platform's latest renewed tokens, or None (none yet, or sealed under another key)."""
        path = self.path(platform)
        self.blobs[platform] = self.store.blob(path)
        raw = self.store.read(path) if self.blobs[platform] else None
        if not raw:
            return None
        try:
            data = json.loads(raw)
            opened = self.seal.unseal(data.get("sealed"), path)
            return Tokens(**json.loads(opened)) if opened else None
        except (ValueError, TypeError, AttributeError):
            return None

    # the copy kept on this machine until the archive has it -------------------------------------

    def _local_path(self, platform: str) -> Path:
        git_dir = Path(self.store.repo.run("rev-parse", "--git-common-dir").strip())
        if not git_dir.is_absolute():
            git_dir = self.store.repo.root / git_dir
        return git_dir / "humas" / "tokens" / f"{platform}.sealed"

    def keep_local(self, platform: str, tokens: Tokens) -> None:
        """Write ``tokens`` sealed on this machine, durably (fsync), before they are used or archived."""
        path = self._local_path(platform)
        path.parent.mkdir(parents=True, exist_ok=True)
        sealed = self.seal.seal(json.dumps(asdict(tokens)), f"local:{self.path(platform)}")
        scratch = path.with_suffix(".tmp")
        descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(scratch, path)

    def local(self, platform: str) -> Tokens | None:
        """Renewed tokens that wait on this machine for the archive (None: none, or another key)."""
        path = self._local_path(platform)
        try:
            opened = self.seal.unseal(path.read_text(), f"local:{self.path(platform)}")
            return Tokens(**json.loads(opened)) if opened else None
        except (OSError, ValueError, TypeError):
            return None

    def drop_local(self, platform: str) -> None:
        self._local_path(platform).unlink(missing_ok=True)

    def write(self, platform: str, tokens: Tokens) -> None:
        """Keep ``tokens`` (compare-and-swap against what ``read`` saw; ``StaleWrite`` if another run
        renewed meanwhile)."""
        path = self.path(platform)
        if platform not in self.blobs:
            self.blobs[platform] = self.store.blob(path)
        entry = {
            "version": 1,
            "platform": platform,
            "renewed_at": tokens.renewed_at,
            "sealed": self.seal.seal(json.dumps(asdict(tokens)), path),
        }
        tip = self.store.write(
            {path: json.dumps(entry, indent=2).encode() + b"\n"},
            f"tokens: {platform} renewed",
            expect={path: self.blobs[platform]},
        )
        self.blobs[platform] = self.store.blob(path, tip)


__all__ = ["KEY_VARIABLE", "WARN_AHEAD", "StaleWrite", "TokenVault", "Tokens", "expiry"]


def now() -> datetime:
    return datetime.now(UTC)


def attach_vault(channels: Iterable[Any], store: BranchStore, env: Mapping[str, str] | None = None) -> None:
    """Give the channels whose tokens renew the archive's sealed token entries (``HUMAS_TOKEN_KEY``)."""
    key = (os.environ if env is None else env).get(KEY_VARIABLE)
    for channel in channels:
        use = getattr(channel, "use_vault", None)
        if use is not None:
            use(TokenVault(store, key) if key else None)
