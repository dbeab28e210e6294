"""Renewing a channel's token before it expires, and keeping the renewed one (``tokens.py``).

A ``Renewal`` sits in front of a channel's HTTP clients: before each request it makes sure the token
is fresh (reading the archive's sealed entry once per run, renewing when ``due`` says so, keeping the
result) and puts it in the ``Authorization`` header. Renewing needs the vault: a rotated refresh token
that is not kept is lost, so without one a due renewal is refused with what to set.

Save before use: the renewed tokens are sealed on this machine (``TokenVault.keep_local``) before they
are used or sent to the archive, and stay there until the archive has them; a failed push leaves them
there and the run goes on. Tokens waiting on this machine are put in the archive before anything else
on the next run (``stored``), and they win over the archive's older entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from ..messages import _
from ..problems import GitError
from .base import AskPerson, OutcomeUnknown, PermanentError
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
        self.lost: AskPerson | None = None
        """Set when the answer to a renewal was lost: no renewal is sent again in this run."""
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
        """The latest renewed tokens (read once per run): those waiting on this machine for the archive,
        else the archive's."""
        if not self.loaded and self.vault is not None:
            found = self.vault.read(self.platform)
            waiting = self.vault.local(self.platform)
            if waiting is not None and (found is None or (waiting.renewed_at or "") >= (found.renewed_at or "")):
                found = self._archive(waiting)
            if found is not None:
                self._use(found)
            self.loaded = True
        return self.tokens if self.tokens.renewed_at else None

    @property
    def waiting(self) -> Tokens | None:
        """Renewed tokens kept on this machine that the archive does not have yet."""
        return self.vault.local(self.platform) if self.vault is not None else None

    def _archive(self, tokens: Tokens) -> Tokens:
        """Put ``tokens`` (already kept on this machine) in the archive; then drop the local copy. A write
        that fails keeps the local copy for the next attempt; another run's newer entry wins."""
        assert self.vault is not None
        try:
            self.vault.write(self.platform, tokens)
        except StaleWrite:  # another run renewed at the same time: its tokens are the valid ones
            found = self.vault.read(self.platform)
            if found is not None and (found.renewed_at or "") >= (tokens.renewed_at or ""):
                self.vault.drop_local(self.platform)
                return found
            return tokens
        except GitError:
            return tokens  # the push failed: the sealed local copy keeps them until the archive has them
        self.vault.drop_local(self.platform)
        return tokens

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
        if self.lost is not None:
            raise self.lost
        for api in self.apis:
            api.before = None  # the renewal's own request must not renew again
        try:
            renewed = self.refresh(self.tokens, current)
        except OutcomeUnknown as error:
            # The platform may have rotated the refresh token and its answer never came. Sending the old
            # one again proves nothing in this run (and re-using a rotated token can be taken for theft):
            # the next run tries it once; refused, a person authorises again.
            self.lost = AskPerson(
                _(
                    "{platform}: the answer to the token renewal was lost ({why}); the platform may have replaced "
                    "the refresh token with one humas never received",
                    platform=self.platform,
                    why=error.message,
                ),
                action=_(
                    "Nothing to do yet: the next run of humas publish tries the kept refresh token once; if the "
                    "platform refuses it, authorise the app again and set the new refresh token ({doc}).",
                    doc=self.doc,
                ),
            )
            raise self.lost from None
        finally:
            for api in self.apis:
                api.before = self.apply
        renewed.renewed_at = current.isoformat()
        self.vault.keep_local(self.platform, renewed)  # save before use: nothing below may lose them
        self._use(self._archive(renewed))

    def _use(self, tokens: Tokens) -> None:
        self.tokens = tokens
        for api in self.apis:
            for secret in (tokens.access_token, tokens.refresh_token):
                if secret:
                    api.add_secret(secret)
            if tokens.access_token and "Authorization" in api.headers:
                api.set_header("Authorization", f"Bearer {tokens.access_token}")
