"""Handles that carry rights by themselves, kept out of the archive in clear.

Some platforms answer an upload's first call with a URL that *is* the permission to upload: TikTok's
``upload_url`` (its ``upload_token``, valid one hour) and YouTube's resumable session URL (its
``upload_id``, valid about a week). The journal lives in the archive, which may be a public
repository, so such a handle is written there only *sealed*: encrypted and authenticated with
AES-256-GCM under a key derived (HKDF-SHA256) from the channel's own credential, and bound to the
(publication, channel, key) it belongs to. Whoever can open a note already holds the credential,
which gives more than the handle does; anyone else reads noise.

A sealed note opens only with the credential that sealed it. When the credential was replaced
between two runs the note reads as absent, so every channel that seals a handle must also settle an
interrupted attempt without it, from the handles it notes in clear (ids that grant nothing without
the credential): see ``tiktok.py`` and ``youtube.py``.

Within one run the handle also stays in memory, so a retry after a lost answer resumes the upload
without opening the note again.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .base import Journal, Post

PREFIX = "sealed:v1:"
NONCE = 12


def _key(platform: str, credentials: tuple[str, ...]) -> bytes:
    material = b"\0".join(secret.encode() for secret in credentials)
    return HKDF(
        algorithm=SHA256(), length=32, salt=b"humas journal seal v1", info=f"humas {platform} handles".encode()
    ).derive(material)


class Sealed:
    """The capability handles of one channel: sealed in the journal, in memory for this run."""

    def __init__(self, platform: str, *credentials: str) -> None:
        if not any(credentials):
            raise ValueError("a seal needs a credential")
        self._aead = AESGCM(_key(platform, credentials))
        self._memory: dict[str, str] = {}

    @staticmethod
    def _context(post: Post, key: str) -> str:
        return f"{post.publication}\0{post.channel}\0{key}"

    def seal(self, value: str, context: str) -> str:
        nonce = os.urandom(NONCE)
        box = self._aead.encrypt(nonce, value.encode(), context.encode())
        return PREFIX + base64.urlsafe_b64encode(nonce + box).decode("ascii")

    def unseal(self, note: Any, context: str) -> str | None:
        """The handle, or None: no note, not a sealed note, another credential, or another place."""
        if not isinstance(note, str) or not note.startswith(PREFIX):
            return None
        try:
            blob = base64.urlsafe_b64decode(note[len(PREFIX) :].encode("ascii"))
            return self._aead.decrypt(blob[:NONCE], blob[NONCE:], context.encode()).decode()
        except (InvalidTag, ValueError, binascii.Error):
            return None

    # what the channels use --------------------------------------------------------------------

    def keep(self, post: Post, journal: Journal, key: str, value: str) -> None:
        """Note ``value`` sealed (durably, before the call that uses it) and keep it for this run."""
        context = self._context(post, key)
        self._memory[context] = value
        journal.note(key, self.seal(value, context))

    def get(self, post: Post, journal: Journal, key: str) -> str | None:
        context = self._context(post, key)
        return self._memory.get(context) or self.unseal(journal.get(key), context)

    def forget(self, post: Post, journal: Journal, key: str) -> None:
        self._memory.pop(self._context(post, key), None)
        if journal.get(key) is not None:
            journal.note(key, None)
