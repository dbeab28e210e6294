"""Which platforms this run may post to, from environment variables (CI secrets) only.

- instagram: HUMAS_INSTAGRAM_TOKEN, HUMAS_INSTAGRAM_USER_ID; optional HUMAS_INSTAGRAM_RENEW=true (an
  Instagram-Login long-lived token that humas renews), HUMAS_INSTAGRAM_API_BASE, HUMAS_INSTAGRAM_OAUTH_BASE.
- facebook: HUMAS_FACEBOOK_TOKEN (a Page token), HUMAS_FACEBOOK_PAGE_ID; optional HUMAS_FACEBOOK_APP_ID
  (needed for videos), HUMAS_FACEBOOK_API_BASE, HUMAS_FACEBOOK_VIDEO_API_BASE.
- tiktok: HUMAS_TIKTOK_CLIENT_KEY, HUMAS_TIKTOK_CLIENT_SECRET, HUMAS_TIKTOK_REFRESH_TOKEN (renewed by humas), or
  only HUMAS_TIKTOK_TOKEN (an access token, valid hours); optional HUMAS_TIKTOK_API_BASE.
- HUMAS_TOKEN_KEY: the key of the archive's sealed token entries (``tokens.py``), required when a token
  renews itself.
- youtube: HUMAS_YOUTUBE_CLIENT_ID, HUMAS_YOUTUBE_CLIENT_SECRET, HUMAS_YOUTUBE_REFRESH_TOKEN, or only
  HUMAS_YOUTUBE_TOKEN (an access token, valid one hour); optional HUMAS_YOUTUBE_API_BASE,
  HUMAS_YOUTUBE_OAUTH_BASE.

A platform with none of its variables set is absent: its posts go to the outbox. A platform with only
some of them is a configuration error, so that a forgotten secret never silently sends posts to the
outbox. The ``*_API_BASE`` variables point a client at another server (tests, a proxy).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

import httpx

from ..messages import _
from ..problems import ConfigError
from . import facebook, instagram, tiktok, youtube
from .base import Channel
from .progress import Progress, default_progress
from .tokens import KEY_VARIABLE

VARIABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "instagram": (("HUMAS_INSTAGRAM_TOKEN", "HUMAS_INSTAGRAM_USER_ID"), ()),
    "facebook": (("HUMAS_FACEBOOK_TOKEN", "HUMAS_FACEBOOK_PAGE_ID"), ("HUMAS_FACEBOOK_APP_ID",)),
    "tiktok": (
        ("HUMAS_TIKTOK_CLIENT_KEY", "HUMAS_TIKTOK_CLIENT_SECRET", "HUMAS_TIKTOK_REFRESH_TOKEN"),
        ("HUMAS_TIKTOK_TOKEN",),
    ),
    "youtube": (
        ("HUMAS_YOUTUBE_CLIENT_ID", "HUMAS_YOUTUBE_CLIENT_SECRET", "HUMAS_YOUTUBE_REFRESH_TOKEN"),
        ("HUMAS_YOUTUBE_TOKEN",),
    ),
}
PLATFORMS = tuple(VARIABLES)


def _missing(env: Mapping[str, str], platform: str) -> tuple[bool, list[str]]:
    """(anything set, the required variables that are missing)."""
    required, optional = VARIABLES[platform]
    present = [name for name in (*required, *optional) if env.get(name)]
    if platform == "youtube" and env.get("HUMAS_YOUTUBE_TOKEN"):
        return True, []
    if platform == "tiktok" and env.get("HUMAS_TIKTOK_TOKEN") and not any(env.get(name) for name in required):
        return True, []
    return bool(present), [name for name in required if not env.get(name)]


def configured_channels(
    env: Mapping[str, str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Progress | None = None,
) -> dict[str, Channel]:
    """The configured platform clients; raise ConfigError naming what is missing."""
    env = os.environ if env is None else env
    progress = progress or default_progress(env)
    problems = []
    for platform in PLATFORMS:
        present, missing = _missing(env, platform)
        if present and missing:
            problems.append(
                _(
                    "{platform}: {variables} not set (see docs/channels/{platform}.md)",
                    platform=platform,
                    variables=", ".join(missing),
                )
            )
    renews = [
        name
        for name, on in (
            ("tiktok", env.get("HUMAS_TIKTOK_REFRESH_TOKEN")),
            ("instagram", env.get("HUMAS_INSTAGRAM_RENEW") == "true"),
        )
        if on
    ]
    if renews and not env.get(KEY_VARIABLE):
        problems.append(
            _(
                "{platforms}: {variable} not set (the key of the renewed tokens kept in the archive, see "
                "docs/channels/README.md)",
                platforms=", ".join(renews),
                variable=KEY_VARIABLE,
            )
        )
    if problems:
        raise ConfigError(_("channels are half configured: {problems}", problems="; ".join(problems)))
    channels: dict[str, Channel] = {}
    if env.get("HUMAS_INSTAGRAM_TOKEN"):
        channels["instagram"] = instagram.InstagramChannel(
            env["HUMAS_INSTAGRAM_TOKEN"],
            env["HUMAS_INSTAGRAM_USER_ID"],
            base_url=env.get("HUMAS_INSTAGRAM_API_BASE") or instagram.DEFAULT_BASE,
            transport=transport,
            sleep=sleep,
            renew=env.get("HUMAS_INSTAGRAM_RENEW") == "true",
            oauth_url=env.get("HUMAS_INSTAGRAM_OAUTH_BASE") or instagram.DEFAULT_OAUTH,
        )
    if env.get("HUMAS_FACEBOOK_TOKEN"):
        base = env.get("HUMAS_FACEBOOK_API_BASE") or facebook.DEFAULT_BASE
        channels["facebook"] = facebook.FacebookChannel(
            env["HUMAS_FACEBOOK_TOKEN"],
            env["HUMAS_FACEBOOK_PAGE_ID"],
            app_id=env.get("HUMAS_FACEBOOK_APP_ID"),
            base_url=base,
            video_base_url=env.get("HUMAS_FACEBOOK_VIDEO_API_BASE")
            or (base if env.get("HUMAS_FACEBOOK_API_BASE") else facebook.DEFAULT_VIDEO_BASE),
            transport=transport,
            sleep=sleep,
            progress=progress,
        )
    if env.get("HUMAS_TIKTOK_TOKEN") or env.get("HUMAS_TIKTOK_REFRESH_TOKEN"):
        channels["tiktok"] = tiktok.TikTokChannel(
            env.get("HUMAS_TIKTOK_TOKEN") or None,
            client_key=env.get("HUMAS_TIKTOK_CLIENT_KEY"),
            client_secret=env.get("HUMAS_TIKTOK_CLIENT_SECRET"),
            refresh_token=env.get("HUMAS_TIKTOK_REFRESH_TOKEN"),
            base_url=env.get("HUMAS_TIKTOK_API_BASE") or tiktok.DEFAULT_BASE,
            transport=transport,
            sleep=sleep,
            progress=progress,
        )
    if env.get("HUMAS_YOUTUBE_TOKEN") or env.get("HUMAS_YOUTUBE_REFRESH_TOKEN"):
        channels["youtube"] = youtube.YouTubeChannel(
            token=env.get("HUMAS_YOUTUBE_TOKEN") or None,
            client_id=env.get("HUMAS_YOUTUBE_CLIENT_ID"),
            client_secret=env.get("HUMAS_YOUTUBE_CLIENT_SECRET"),
            refresh_token=env.get("HUMAS_YOUTUBE_REFRESH_TOKEN"),
            base_url=env.get("HUMAS_YOUTUBE_API_BASE") or youtube.DEFAULT_BASE,
            oauth_url=env.get("HUMAS_YOUTUBE_OAUTH_BASE") or youtube.DEFAULT_OAUTH,
            transport=transport,
            sleep=sleep,
            progress=progress,
        )
    return channels
