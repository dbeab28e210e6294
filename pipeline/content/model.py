"""Front-matter models of the drafts: arahan, rencana, and the portal's publications (news, pengumuman, agenda,
halaman). Strict: unknown keys are errors."""

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


class Pengumuman(Publikasi):
    """An announcement: a publication with the day until which it holds (listed as current until then)."""

    berlaku_sampai: dt.date
    """The last day the announcement holds (not before ``date``)."""


class Acara(StrictModel):
    """``acara:`` of an agenda item: when and where. A time without an offset is a local time of sop.yml's
    ``timezone``."""

    mulai: dt.datetime
    selesai: dt.datetime | None = None
    """When it ends (after ``mulai``); none: its end is not announced."""
    tempat: str = Field(min_length=1, max_length=300)


class Agenda(Publikasi):
    """An agenda item: a publication of an event, with its time and place."""

    acara: Acara


class Halaman(StrictModel):
    """A standing page of the website (Profil, PPID, Layanan, Kontak): no bidang, on the website only."""

    title: Title
    date: dt.date
    """When the page's text was last set (shown as its date)."""
    summary: str | None = None
    urutan: int | None = Field(default=None, ge=0, le=1000)
    """Its place among the standing pages in the menu (lower first); none: by title."""
    image: str | None = None
    image_alt: str | None = Field(default=None, max_length=300)
    channels: Channels = Field(default_factory=lambda: Channels.model_validate({"website": {}}))
    """Only ``website``: a standing page is not posted to social media (the check refuses any other)."""
    ralat: str | None = Field(default=None, max_length=RALAT_MAX)
    ditarik: Ditarik | None = None

    # What every publication answers, for the code that reads any kind (the build, publish, the previews).
    @property
    def bidang(self) -> str:
        return ""

    @property
    def tags(self) -> list[str]:
        return []

    @property
    def publish_at(self) -> dt.datetime | None:
        return None

    @property
    def rencana(self) -> str | None:
        return None


MODELS: dict[str, type[StrictModel]] = {
    "publikasi": Publikasi,
    "pengumuman": Pengumuman,
    "agenda": Agenda,
    "halaman": Halaman,
    "arahan": Arahan,
    "rencana": Rencana,
}
PUBLICATION_MODELS = (Publikasi, Halaman)
"""The models of the publications the website shows (Pengumuman and Agenda are Publikasi)."""
