"""Renewing a channel's token before it expires, and keeping the renewed one (``tokens.py``).

A ``Renewal`` sits in front of a channel's HTTP clients: before each request it makes sure the token
is fresh (reading the archive's sealed entry once per run, renewing when ``due`` says so, keeping the
result) and puts it in the ``Authorization`` header. Renewing needs the vault: a rotated refresh token
that is not kept is lost, so without one a due renewal is refused with what to set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ..messages import _
from .base import PermanentError
from .http import Api
from .tokens import KEY_VARIABLE, StaleWrite, Tokens, TokenVault

Refresh = Callable[[Tokens, datetime], Tokens]
Due = Callable[[Tokens, datetime], bool]


class Renewal:
    def __init__(
        self,
        platform: str,
        tokens: Tokens,
        apis: list[Api],
        *,
        refresh: Refresh | None = None,
        due: Due | None = None,
        doc: str = "",
    ) -> None:
        self.platform = platform
        self.tokens = tokens
        self.apis = apis
        self.refresh = refresh
        self.due = due
        self.doc = doc
        self.vault: TokenVault | None = None
        self.loaded = False
        for api in apis:
            api.before = self.apply
        self._use(tokens)

    @property
    def renewable(self) -> bool:
        return self.refresh is not None

    def use_vault(self, vault: TokenVault | None) -> None:
        self.vault = vault
        self.loaded = False

    def stored(self) -> Tokens | None:
        """The archive's latest renewed tokens (read once per run)."""
        if not self.loaded and self.vault is not None:
            found = self.vault.read(self.platform)
            if found is not None:
                self._use(found)
            self.loaded = True
        return self.tokens if self.tokens.renewed_at else None

    def apply(self) -> None:
        """Before a request: renew if due, then send the current token."""
        if self.refresh is None or self.due is None:
            return
        self.stored()
        current = datetime.now(UTC)
        if not self.due(self.tokens, current):
            return
        if self.vault is None:
            raise PermanentError(
                _(
                    "{platform}: the token is due for renewal but there is nowhere to keep the renewed one",
                    platform=self.platform,
                ),
                action=_(
                    "Set {variable} (a random secret of the publikasi environment) and run humas publish inside the "
                    "content repository ({doc}).",
                    variable=KEY_VARIABLE,
                    doc=self.doc,
                ),
            )
        for api in self.apis:
            api.before = None  # the renewal's own request must not renew again
        try:
            renewed = self.refresh(self.tokens, current)
        finally:
            for api in self.apis:
                api.before = self.apply
        renewed.renewed_at = current.isoformat()
        try:
            self.vault.write(self.platform, renewed)
        except StaleWrite:  # another run renewed at the same time: its tokens are the valid ones
            self.loaded = False
            found = self.vault.read(self.platform)
            renewed = found or renewed
        self._use(renewed)

    def _use(self, tokens: Tokens) -> None:
        self.tokens = tokens
        for api in self.apis:
            for secret in (tokens.access_token, tokens.refresh_token):
                if secret:
                    api.add_secret(secret)
            if tokens.access_token and "Authorization" in api.options["headers"]:
                api.set_header("Authorization", f"Bearer {tokens.access_token}")
