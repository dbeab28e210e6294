"""The channels humas knows, in the order they are listed everywhere (check, preview, editor, doctor).

A channel is added here by one line, after its module (its ``SPEC`` and its client).
"""

from __future__ import annotations

from ..content.limits import Website, WebsiteBlock
from . import facebook, instagram, threads, tiktok, youtube
from .spec import ChannelSpec

WEBSITE = ChannelSpec(
    name="website",
    label="Website",
    block=WebsiteBlock,
    check=Website.check,
    scaffold=lambda title: "  website: {}",
)
"""The publication's page: built by ``humas build``, never posted by a client."""

SPECS: tuple[ChannelSpec, ...] = (
    WEBSITE,
    instagram.SPEC,
    tiktok.SPEC,
    facebook.SPEC,
    youtube.SPEC,
    threads.SPEC,
)
BY_NAME: dict[str, ChannelSpec] = {spec.name: spec for spec in SPECS}
_FIRST = ("instagram", "facebook", "tiktok", "youtube")
PLATFORMS: tuple[ChannelSpec, ...] = tuple(
    sorted(
        (spec for spec in SPECS if spec.settings is not None),
        key=lambda spec: _FIRST.index(spec.name) if spec.name in _FIRST else len(_FIRST),
    )
)
"""The social platforms (those a client posts to; their posts go to the outbox when not configured), in the
order the doctor and the registry report them: the first four as they always were, then the others."""
