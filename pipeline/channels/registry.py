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
from typing import TYPE_CHECKING

from ..messages import _
from ..problems import ConfigError
from .base import Channel
from .http import Session
from .progress import Progress, default_progress
from .spec import Wiring
from .specs import PLATFORMS as SPEC_PLATFORMS
from .tokens import KEY_VARIABLE

if TYPE_CHECKING:
    import httpx

VARIABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    spec.name: (spec.settings.required, spec.settings.optional + spec.settings.alone)
    for spec in SPEC_PLATFORMS
    if spec.settings is not None
}
PLATFORMS = tuple(VARIABLES)


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
    for spec in SPEC_PLATFORMS:
        assert spec.settings is not None
        missing = spec.settings.missing(env)
        if spec.settings.present(env) and missing:
            problems.append(
                _(
                    "{platform}: {variables} not set (see docs/channels/{platform}.md)",
                    platform=spec.name,
                    variables=", ".join(missing),
                )
            )
    renews = [spec.name for spec in SPEC_PLATFORMS if spec.settings is not None and spec.settings.renews(env)]
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
    wiring = Wiring(Session(transport, sleep=sleep), sleep, progress)  # one HTTP client for the whole run
    return {
        spec.name: spec.connect(env, wiring)
        for spec in SPEC_PLATFORMS
        if spec.settings is not None and spec.connect is not None and spec.settings.configured(env)
    }
