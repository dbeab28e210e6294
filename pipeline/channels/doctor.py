"""``humas channels doctor``: does each configured platform accept our credentials, and what is left?

For every platform it says one of: not configured (posts go to the outbox), ok (with what the
platform told: account, quota left, privacy options, channel), or what is wrong and what to do.
It reads only (no post, no upload) and never prints a credential.

It also says how long each token lives and what renews it (``tokens.py``), and fails a week before a
person must act (authorise again, replace a token).

``diagnose(env)`` returns the report text and the exit code: 0 when every configured platform
answers well, 1 when a person must act within a week, 2 when a setting or a credential is wrong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..archive.store import BranchStore
from ..git import repository_around
from ..insights.doctor import privacy_lines, reach_lines
from ..messages import _
from ..problems import ConfigError
from .base import Channel, ChannelError
from .progress import NoProgress
from .registry import PLATFORMS, configured_channels
from .renewal import Renewal
from .specs import BY_NAME
from .tokens import KEY_VARIABLE, WARN_AHEAD, Tokens, TokenVault

if TYPE_CHECKING:
    import httpx


@dataclass
class Finding:
    platform: str
    ok: bool | None
    """True ok, False wrong, None not configured."""
    lines: list[str]
    soon: bool = False
    """A person must act within ``WARN_AHEAD`` (a token that cannot renew itself is about to expire)."""


def _left(moment: datetime, current: datetime) -> str:
    seconds = (moment - current).total_seconds()
    if seconds <= 0:
        return _("expired")
    if seconds < 2 * 86400:
        return _("{hours} hours left", hours=f"{seconds / 3600:.0f}")
    return _("{days} days left", days=f"{seconds / 86400:.0f}")


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def token_life(platform: str, channel: Channel, current: datetime) -> tuple[list[str], bool]:
    """What the doctor says about a channel's token, and whether a person must act within a week."""
    renewal: Renewal | None = getattr(channel, "renewal", None)
    if platform == "youtube":
        return [
            _(
                "token: renewed every run from the refresh token, which has no fixed expiry (Google revokes one "
                "unused for 6 months, or after 7 days while the OAuth app is in Testing)"
            )
        ], False
    if platform == "facebook":
        return [_("token: a Page token made from a long-lived user token has no expiry")], False
    if renewal is None:
        return [], False
    if not renewal.renewable:
        if platform == "tiktok":
            return [
                _(
                    "token: an access token only (HUMAS_TIKTOK_TOKEN): it lives hours and cannot be renewed; set "
                    "HUMAS_TIKTOK_CLIENT_KEY, HUMAS_TIKTOK_CLIENT_SECRET and HUMAS_TIKTOK_REFRESH_TOKEN"
                )
            ], True
        return [
            _(
                "token: not renewed by humas (a Page-linked token through Facebook Login does not expire; an "
                "Instagram-Login token lives 60 days: set HUMAS_INSTAGRAM_RENEW=true)"
            )
        ], False
    if renewal.vault is None:
        return [
            _("token: renews itself only with {variable} set, inside the content repository", variable=KEY_VARIABLE)
        ], True
    stored = renewal.stored()  # renewed tokens waiting on this machine go to the archive first
    if stored is None:
        return [_("token: not renewed yet (humas publish renews it on its next run)")], False
    lines, soon = token_life_lines(platform, stored, current)
    if renewal.waiting is None:
        return lines, soon
    waiting = _(
        "token: renewed tokens wait sealed on this machine because the archive could not be written (its push "
        "failed); keep this repository until humas publish or the doctor has put them in the archive"
    )
    return [waiting, *lines], True


def token_life_lines(platform: str, stored: Tokens, current: datetime) -> tuple[list[str], bool]:
    """How long the renewed tokens live, and whether a person must act within a week."""
    lines = [_("token: renewed {at}", at=_day(datetime.fromisoformat(stored.renewed_at or current.isoformat())))]
    soon = False
    access = stored.expires("access")
    if access is not None:
        lines.append(
            _(
                "access token: valid until {until} ({left}); renewed automatically",
                until=_day(access),
                left=_left(access, current),
            )
        )
    refresh = stored.expires("refresh")
    if platform == "tiktok" and refresh is not None:
        lines.append(
            _("refresh token: valid until {until} ({left})", until=_day(refresh), left=_left(refresh, current))
        )
        if refresh - current < WARN_AHEAD:
            soon = True
            lines.append(
                _(
                    "to do before {until}: authorise the app again and set the new refresh token as "
                    "HUMAS_TIKTOK_REFRESH_TOKEN (docs/channels/tiktok.md)",
                    until=_day(refresh),
                )
            )
    if platform == "instagram" and access is not None and access - current < WARN_AHEAD:
        soon = True
        lines.append(
            _(
                "to do before {until}: create a new long-lived token and set it as HUMAS_INSTAGRAM_TOKEN (renewal "
                "did not succeed; docs/channels/instagram.md)",
                until=_day(access),
            )
        )
    return lines, soon


def diagnose(
    env: Mapping[str, str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    vault: TokenVault | None = None,
    now: datetime | None = None,
    renew: bool = True,
) -> tuple[str, int]:
    """``renew``: whether a token that is due may be renewed here (only when the renewed one is kept for
    good: the vault's writes pushed at once, ``HUMAS_ARCHIVE_REMOTE``). Otherwise a token that has already
    expired is reported, not used."""
    env = os.environ if env is None else env
    current = now or datetime.now(UTC)
    try:
        channels = configured_channels(env, transport=transport, sleep=sleep, progress=NoProgress())
    except ConfigError as error:
        return _("configuration: {problem}", problem=error.message), 2
    for configured in channels.values():
        renewal: Renewal | None = getattr(configured, "renewal", None)
        if renewal is not None:
            renewal.use_vault(vault)
            if vault is None or not renew:
                renewal.due = None  # a renewed token would not be kept: check with the one at hand
    findings: list[Finding] = []
    for platform in PLATFORMS:
        channel = channels.get(platform)
        if channel is None:
            findings.append(
                Finding(
                    platform,
                    None,
                    [_("not configured: posts go to the outbox (see docs/channels/{platform}.md)", platform=platform)],
                )
            )
            continue
        stale = _expired_without_renewal(channel, current)
        if stale is not None:
            life, soon = token_life(platform, channel, current)
            findings.append(Finding(platform, True, [stale, *life], soon=soon))
            continue
        try:
            doctor = BY_NAME[platform].doctor
            lines = doctor(channel, vault) if doctor is not None else []

            lines += privacy_lines(platform, channel, vault) + reach_lines(platform, channel, vault)
        except ChannelError as error:
            lines = [error.message]
            if error.action:
                lines.append(_("to fix: {action}", action=error.action))
            findings.append(Finding(platform, False, lines))
            continue
        life, soon = token_life(platform, channel, current)
        findings.append(Finding(platform, True, lines + life, soon=soon))
    if any(f.ok is False for f in findings):
        return render(findings), 2
    return render(findings), (1 if any(f.soon for f in findings) else 0)


def _expired_without_renewal(channel: Channel, current: datetime) -> str | None:
    """A note instead of the platform's checks when the kept access token has expired and may not be
    renewed here (humas publish renews it before its next call)."""
    renewal: Renewal | None = getattr(channel, "renewal", None)
    if renewal is None or renewal.due is not None or renewal.stored() is None:
        return None
    expires = renewal.tokens.expires("access")
    if expires is None or expires > current:
        return None
    return _(
        "access token: expired {at}; humas publish renews it before its next call (the doctor renews only when its "
        "archive writes are pushed: HUMAS_ARCHIVE_REMOTE)",
        at=_day(expires),
    )


def render(findings: list[Finding]) -> str:
    out = []
    marks = {True: _("ok"), False: _("PROBLEM"), None: "-"}
    for finding in findings:
        mark = _("ACT WITHIN A WEEK") if finding.soon else marks[finding.ok]
        out.append(f"{finding.platform}: {mark}")
        out.extend(f"  {line}" for line in finding.lines)
    return "\n".join(out)


def vault_here(env: Mapping[str, str], where: Path | None = None) -> TokenVault | None:
    """The token vault of the content repository around ``where`` (default: here), if its key is set."""
    key = env.get(KEY_VARIABLE)
    root = (where or Path.cwd()).resolve()
    if not key:
        return None
    repo = repository_around(root)
    return TokenVault(BranchStore(repo), key) if repo is not None else None
