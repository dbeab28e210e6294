"""Front-matter models of the three kinds of content. Strict: unknown keys are errors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, create_model

from ..channels.specs import SPECS
from ..validation import StrictModel
from .title import Title

CHANNEL_NAMES = tuple(spec.name for spec in SPECS)
SOCIAL_CHANNELS = tuple(spec.name for spec in SPECS if spec.settings is not None)


class ChannelBlocks(StrictModel):
    """The ``channels:`` mapping: one optional block per channel spec (fields added from ``SPECS``)."""

    def names(self) -> list[str]:
        return [name for name in CHANNEL_NAMES if getattr(self, name) is not None]

    def block(self, name: str) -> Any:
        return getattr(self, name, None)


if TYPE_CHECKING:
    Channels = ChannelBlocks
else:
    Channels = create_model(
        "Channels", __base__=ChannelBlocks, **{spec.name: (spec.block | None, None) for spec in SPECS}
    )
ChannelName = Literal[CHANNEL_NAMES]  # type: ignore[valid-type]


RALAT_MAX = 200
"""The longest *ralat* note (one short sentence shown on the page)."""
ALASAN_MAX = 300
"""The longest reason of a withdrawal (shown on the notice that replaces the page)."""


class Ditarik(StrictModel):
    """``ditarik:``: the publication is withdrawn (*penarikan*); its reason is public."""

    alasan: str = Field(min_length=1, max_length=ALASAN_MAX)
    darurat: bool = False
    """An urgent withdrawal, signed alone by one of the people of ``emergency`` in sop.yml; the normal
    withdrawal chain confirms it afterwards by a change that sets it to false."""


class Publikasi(StrictModel):
    title: Title
    date: dt.date
    bidang: str
    summary: str | None = None
    image: str | None = None
    """Cover image for the website (a file beside index.md)."""
    image_alt: str | None = Field(default=None, max_length=300)
    """What the cover shows, for readers who cannot see it (the image's ``alt``); required with ``image``."""
    tags: list[str] = Field(default_factory=list)
    rencana: str | None = None
    """The content plan item this publication realises: ``<rencana file>#<item id>``."""
    publish_at: dt.datetime | None = None
    channels: Channels = Field(default_factory=lambda: Channels.model_validate({"website": {}}))
    ralat: str | None = Field(default=None, max_length=RALAT_MAX)
    """The public note of the latest correction (*ralat*): one short sentence of what was corrected. A change
    to a published publication must carry a new one (the policy refuses it otherwise)."""
    ditarik: Ditarik | None = None


class Arahan(StrictModel):
    """Catatan arahan: the Direktur's strategic direction (SOP step 1)."""

    title: Title
    date: dt.date
    dasar: list[str] = Field(min_length=1)
    """Kelengkapan: the Renstra, PK and IKU the direction cites."""
    summary: str | None = None


class RencanaItem(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: Title
    bidang: str
    channels: list[ChannelName] = Field(min_length=1)  # type: ignore[valid-type]
    target: dt.date


class Rencana(StrictModel):
    """Rencana konten: the content plan (SOP step 2), serving an arahan."""

    title: Title
    date: dt.date
    arahan: str
    """The arahan it serves: the file name (without .md) in content/arahan/."""
    periode: str | None = None
    items: list[RencanaItem] = Field(min_length=1)


MODELS: dict[str, type[StrictModel]] = {"publikasi": Publikasi, "arahan": Arahan, "rencana": Rencana}
