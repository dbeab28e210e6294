"""How each network lays a post out, as plain data the templates draw: crops, order, counters, truncation.

The numbers are the networks' documented behaviour (reference notes on the social APIs): Instagram
shows feed images between 4:5 (portrait) and 1.91:1 (landscape) and crops a carousel to its first
image's ratio; it folds a caption after about 125 characters. Facebook lays out up to five photos of
a post and marks the rest "+N". TikTok is a 9:16 frame. YouTube is a 16:9 player with the title above
a description folded after its first lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..channels.facebook import FacebookLimits
from ..channels.instagram import InstagramLimits
from ..channels.tiktok import TikTokLimits
from ..channels.youtube import YouTubeLimits
from ..content.limits import utf16_units
from .collect import Media

INSTAGRAM_MIN_RATIO, INSTAGRAM_MAX_RATIO = 4 / 5, 1.91
INSTAGRAM_FOLD = 125
FACEBOOK_SHOWN = 5
YOUTUBE_FOLD_LINES = 3


@dataclass(frozen=True)
class Counter:
    used: int
    limit: int
    unit: str
    """characters, UTF-16 units or bytes"""

    @property
    def over(self) -> bool:
        return self.used > self.limit


@dataclass(frozen=True)
class Crop:
    media: Media
    ratio: float
    """width / height of the frame the network shows"""
    cropped: bool
    position: int
    count: int


def instagram_ratio(first: Media | None) -> float:
    if first is None or not first.width or not first.height:
        return 1.0
    return min(max(first.width / first.height, INSTAGRAM_MIN_RATIO), INSTAGRAM_MAX_RATIO)


def instagram_crops(images: list[Media]) -> list[Crop]:
    """Every image in the carousel's order, in the frame of the first one."""
    ratio = instagram_ratio(images[0] if images else None)
    return [Crop(image, ratio, _cropped(image, ratio), index + 1, len(images)) for index, image in enumerate(images)]


def facebook_layout(images: list[Media]) -> tuple[list[Media], int]:
    """The photos Facebook shows in the post, and how many more it hides behind "+N"."""
    return images[:FACEBOOK_SHOWN], max(len(images) - FACEBOOK_SHOWN, 0)


def fold(text: str, limit: int) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[:limit].rstrip(), True)


def fold_lines(text: str, lines: int = YOUTUBE_FOLD_LINES) -> tuple[str, bool]:
    parts = text.split("\n")
    return ("\n".join(parts[:lines]), len(parts) > lines)


def instagram_caption(caption: str) -> Counter:
    return Counter(len(caption), InstagramLimits.caption_max, "characters")


def tiktok_caption(caption: str) -> Counter:
    return Counter(utf16_units(caption), TikTokLimits.caption_max_utf16, "utf16")


def facebook_caption(caption: str) -> Counter:
    return Counter(len(caption), FacebookLimits.caption_max, "characters")


def youtube_title(title: str) -> Counter:
    return Counter(len(title), YouTubeLimits.title_max, "characters")


def youtube_description(description: str) -> Counter:
    return Counter(len(description.encode("utf-8")), YouTubeLimits.description_max_bytes, "bytes")


def _cropped(image: Media, ratio: float) -> bool:
    if not image.width or not image.height:
        return False
    return abs(image.width / image.height - ratio) > 0.01
