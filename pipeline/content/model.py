"""Front-matter models of the three kinds of content. Strict: unknown keys are errors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..messages import _
from ..validation import StrictModel


def _one_line(value: str) -> str:
    bad = sorted({f"U+{ord(ch):04X}" for ch in value if not ch.isprintable()})
    if bad:
        raise ValueError(
            _(
                "contains a line break or control character ({characters}): a title is one line of printable text",
                characters=", ".join(bad),
            )
        )
    return value


Title = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
"""A title: one line of printable text (it becomes a commit subject, a page title, a post title)."""

CHANNEL_NAMES = ("website", "instagram", "tiktok", "facebook", "youtube")
SOCIAL_CHANNELS = CHANNEL_NAMES[1:]


class WebsiteBlock(StrictModel):
    """The publication's page on the website. Nothing to set: the page is the Markdown body."""


class InstagramBlock(StrictModel):
    caption: str = ""
    media: list[str] = Field(default_factory=list)
    """1–10 JPEG images: one is an image post, several a carousel."""
    video: str | None = None
    """A reel (MP4/MOV) instead of images."""
    cover: str | None = None
    alt_text: str | None = None


class TikTokBlock(StrictModel):
    caption: str = ""
    video: str | None = None
    photos: list[str] = Field(default_factory=list)
    privacy: Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"] | None = None


class FacebookBlock(StrictModel):
    caption: str = ""
    media: list[str] = Field(default_factory=list)
    video: str | None = None
    link: str | None = None


class YouTubeBlock(StrictModel):
    title: Title
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    video: str
    thumbnail: str | None = None
    privacy: Literal["public", "unlisted", "private"] = "public"
    category: str = "27"
    made_for_kids: bool = False


class Channels(StrictModel):
    website: WebsiteBlock | None = None
    instagram: InstagramBlock | None = None
    tiktok: TikTokBlock | None = None
    facebook: FacebookBlock | None = None
    youtube: YouTubeBlock | None = None

    def names(self) -> list[str]:
        return [name for name in CHANNEL_NAMES if getattr(self, name) is not None]


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
    channels: Channels = Field(default_factory=lambda: Channels(website=WebsiteBlock()))


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
    channels: list[Literal["website", "instagram", "tiktok", "facebook", "youtube"]] = Field(min_length=1)
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
