"""``humas channels doctor``: does each configured platform accept our credentials, and what is left?

For every platform it says one of: not configured (posts go to the outbox), ok (with what the
platform told: account, quota left, privacy options, channel), or what is wrong and what to do.
It reads only (no post, no upload) and never prints a credential.

``diagnose(env)`` returns the report text and the exit code: 0 when every configured platform
answers well, 2 when a setting or a credential is wrong.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from ..problems import ConfigError
from .base import ChannelError
from .facebook import FacebookChannel
from .instagram import InstagramChannel
from .progress import NoProgress
from .registry import PLATFORMS, configured_channels
from .tiktok import TikTokChannel
from .youtube import YouTubeChannel


@dataclass
class Finding:
    platform: str
    ok: bool | None
    """True ok, False wrong, None not configured."""
    lines: list[str]


def _instagram(channel: InstagramChannel) -> list[str]:
    account = channel.account()
    used, total = channel.quota()
    lines = [
        f"account @{account.get('username', '?')} (id {account.get('id', channel.user_id)})",
        f"publishing limit: {used} of {total} posts used in the last 24 hours",
    ]
    if total and used >= total:
        lines.append("the limit is reached: new posts wait until the window moves on")
    lines.append("media are fetched from the website: deploy it before publishing")
    return lines


def _facebook(channel: FacebookChannel) -> list[str]:
    page = channel.page()
    lines = [f"page {page.get('name', '?')} (id {page.get('id', channel.page_id)})"]
    if channel.app_id:
        lines.append(f"videos: upload through app {channel.app_id}")
    else:
        lines.append("videos: HUMAS_FACEBOOK_APP_ID is not set, so video posts will fail")
    return lines


def _tiktok(channel: TikTokChannel) -> list[str]:
    info = channel.creator_info()
    options = list(info.get("privacy_level_options") or [])
    lines = [
        f"creator @{info.get('creator_username', '?')} ({info.get('creator_nickname', '')})",
        f"privacy levels allowed: {', '.join(options) or 'none'}",
        f"longest video: {info.get('max_video_post_duration_sec', '?')} s",
    ]
    if options == ["SELF_ONLY"] or "PUBLIC_TO_EVERYONE" not in options:
        lines.append(
            "public posts are not possible: an app not audited by TikTok posts only SELF_ONLY to a "
            "private account; set channels.tiktok.privacy accordingly or have the app audited"
        )
    return lines


def _youtube(channel: YouTubeChannel) -> list[str]:
    found = channel.channel()
    snippet = found.get("snippet") or {}
    status = found.get("status") or {}
    lines = [f"channel {snippet.get('title', '?')} (id {found.get('id', '?')})"]
    if status.get("longUploadsStatus") not in (None, "allowed"):
        lines.append("videos longer than 15 minutes need a verified channel")
    return lines


CHECKS: dict[str, Callable[..., list[str]]] = {
    "instagram": _instagram,
    "facebook": _facebook,
    "tiktok": _tiktok,
    "youtube": _youtube,
}


def diagnose(
    env: Mapping[str, str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[str, int]:
    env = os.environ if env is None else env
    try:
        channels = configured_channels(env, transport=transport, sleep=sleep, progress=NoProgress())
    except ConfigError as error:
        return f"configuration: {error.message}", 2
    findings: list[Finding] = []
    for platform in PLATFORMS:
        channel = channels.get(platform)
        if channel is None:
            findings.append(
                Finding(
                    platform,
                    None,
                    [f"not configured: posts go to the outbox (see docs/channels/{platform}.md)"],
                )
            )
            continue
        try:
            findings.append(Finding(platform, True, CHECKS[platform](channel)))
        except ChannelError as error:
            lines = [error.message]
            if error.action:
                lines.append(f"to fix: {error.action}")
            findings.append(Finding(platform, False, lines))
    return render(findings), (2 if any(f.ok is False for f in findings) else 0)


def render(findings: list[Finding]) -> str:
    out = []
    for finding in findings:
        mark = {True: "ok", False: "PROBLEM", None: "-"}[finding.ok]
        out.append(f"{finding.platform}: {mark}")
        out.extend(f"  {line}" for line in finding.lines)
    return "\n".join(out)


def run_doctor(
    env: Mapping[str, str] | None = None,
    *,
    echo: Callable[[str], None] = print,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """What ``humas channels doctor`` runs: print the report, return the exit code."""
    report, code = diagnose(env, transport=transport)
    echo(report)
    return code
