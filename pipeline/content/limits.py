"""The front-matter blocks of the first channels, what each platform accepts (as class data) and the
offline check that holds a block to it.

These are the platforms' documented limits (see the reference notes on the social APIs). Each channel's
spec (``pipeline/channels/<name>.py``: ``SPEC``) names its block and its check; ``humas check`` runs
the spec's check at PR time, and nothing else checks a block. ``CheckContext`` is what every check gets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..located_yaml import FieldPath, LocatedData
from ..messages import _
from ..problems import Problem
from ..validation import StrictModel
from .media import IMAGE_KINDS, MB, VIDEO_KINDS, MediaFile, duration, image_size, inspect
from .title import Title


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


HASHTAG = re.compile(r"(?<![\w&])#\w+")
MENTION = re.compile(r"(?<![\w])@[\w.]+")


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class CheckContext:
    """Where a channel block sits: the draft file, its folder, and the lines of its fields."""

    path: str
    folder: Path
    located: LocatedData
    base: FieldPath

    def problem(self, loc: FieldPath, message: str) -> Problem:
        full = (*self.base, *loc)
        field = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in full).replace(".[", "[")
        return Problem(self.path, self.located.line_of(full), field, message)

    def media(
        self, loc: FieldPath, name: str, allowed: frozenset[str], max_bytes: int, problems: list[Problem]
    ) -> MediaFile | None:
        found = inspect(self.folder, name, allowed, max_bytes)
        if isinstance(found, str):
            problems.append(self.problem(loc, found))
            return None
        return found


class PlatformLimits:
    name: ClassVar[str]
    check: ClassVar[Callable[..., list[Problem]]]


class Instagram(PlatformLimits):
    name = "instagram"
    caption_max = 2200
    hashtags_max = 30
    mentions_max = 20
    media_min, media_max = 1, 10
    image_kinds = frozenset({"jpg"})
    image_max_bytes = 8 * MB
    video_kinds = frozenset({"mp4", "mov"})
    video_max_bytes = 300 * MB
    # IG Media reference, image specifications: "Aspect ratio: Must be within a 4:5 to 1.91:1 range";
    # "Minimum width: 320"; reels: "Duration: 15 mins max, 3 seconds min".
    aspect_min, aspect_max = 4 / 5, 1.91
    width_min = 320
    reel_seconds = (3.0, 15 * 60.0)

    @classmethod
    def image(cls, ctx: CheckContext, loc: FieldPath, name: str, problems: list[Problem]) -> None:
        found = ctx.media(loc, name, cls.image_kinds, cls.image_max_bytes, problems)
        size = image_size(found.path) if found else None
        if size is None:
            return
        width, height = size
        if width < cls.width_min:
            problems.append(
                ctx.problem(
                    loc, _('{name} is {width} px wide (Instagram: "Minimum width: 320")', name=name, width=width)
                )
            )
        if height and not cls.aspect_min - 1e-3 <= width / height <= cls.aspect_max + 1e-3:
            problems.append(
                ctx.problem(
                    loc,
                    _(
                        '{name} is {width}×{height} px, aspect ratio {ratio}:1 (Instagram: "Aspect ratio: Must be '
                        'within a 4:5 to 1.91:1 range")',
                        name=name,
                        width=width,
                        height=height,
                        ratio=f"{width / height:.2f}",
                    ),
                )
            )

    @classmethod
    def check(cls, block: InstagramBlock, ctx: CheckContext) -> list[Problem]:
        problems: list[Problem] = []
        caption = block.caption
        if len(caption) > cls.caption_max:
            problems.append(
                ctx.problem(
                    ("caption",), _("{length} characters (at most {count})", length=len(caption), count=cls.caption_max)
                )
            )
        if (count := len(HASHTAG.findall(caption))) > cls.hashtags_max:
            problems.append(
                ctx.problem(("caption",), _("{count} hashtags (at most {limit})", count=count, limit=cls.hashtags_max))
            )
        if (count := len(MENTION.findall(caption))) > cls.mentions_max:
            problems.append(
                ctx.problem(
                    ("caption",), _("{count} @-mentions (at most {limit})", count=count, limit=cls.mentions_max)
                )
            )
        if block.video and block.media:
            problems.append(ctx.problem(("video",), _("give either media (images) or video (a reel), not both")))
        elif block.video:
            reel = ctx.media(("video",), block.video, cls.video_kinds, cls.video_max_bytes, problems)
            seconds = duration(reel.path) if reel else None
            shortest, longest = cls.reel_seconds
            if seconds is not None and not shortest <= seconds <= longest:
                problems.append(
                    ctx.problem(
                        ("video",),
                        _(
                            '{name} lasts {seconds} s (Instagram reels: "Duration: 15 mins max, 3 seconds min")',
                            name=block.video,
                            seconds=f"{seconds:.1f}",
                        ),
                    )
                )
        elif not cls.media_min <= len(block.media) <= cls.media_max:
            problems.append(
                ctx.problem(
                    ("media",),
                    _(
                        "{count} files (allowed: {least} to {most} JPEG images, or a video)",
                        count=len(block.media),
                        least=cls.media_min,
                        most=cls.media_max,
                    ),
                )
            )
        for index, name in enumerate(block.media):
            cls.image(ctx, ("media", index), name, problems)
        if block.cover:
            ctx.media(("cover",), block.cover, cls.image_kinds, cls.image_max_bytes, problems)
        if block.alt_text is not None and len(block.alt_text) > 1000:
            problems.append(
                ctx.problem(
                    ("alt_text",), _("{length} characters (at most {count})", length=len(block.alt_text), count=1000)
                )
            )
        return problems


class TikTok(PlatformLimits):
    name = "tiktok"
    caption_max_utf16 = 2200
    video_kinds = frozenset({"mp4", "mov", "webm"})
    video_max_bytes = 4 * 1024 * MB
    photo_kinds = frozenset({"jpg", "webp"})
    photo_max_bytes = 20 * MB
    photos_max = 35

    @classmethod
    def check(cls, block: TikTokBlock, ctx: CheckContext) -> list[Problem]:
        problems: list[Problem] = []
        units = utf16_units(block.caption)
        if units > cls.caption_max_utf16:
            problems.append(
                ctx.problem(
                    ("caption",), _("{count} UTF-16 units (at most {limit})", count=units, limit=cls.caption_max_utf16)
                )
            )
        if block.privacy is None:
            # TikTok's content sharing guidelines: the user selects the privacy level, with no default
            problems.append(
                ctx.problem(
                    ("privacy",),
                    _(
                        "is required: TikTok gives it no default (allowed: {allowed}, as the account allows)",
                        allowed="PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY",
                    ),
                )
            )
        if block.video and block.photos:
            problems.append(ctx.problem(("video",), _("give either a video or photos, not both")))
        elif block.video:
            ctx.media(("video",), block.video, cls.video_kinds, cls.video_max_bytes, problems)
        elif not block.photos:
            problems.append(
                ctx.problem(
                    ("video",),
                    _(
                        "is required (allowed: an MP4, MOV or WebM video, or photos: 1 to {most} JPEG/WebP images)",
                        most=cls.photos_max,
                    ),
                )
            )
        elif len(block.photos) > cls.photos_max:
            problems.append(
                ctx.problem(
                    ("photos",), _("{count} files (at most {limit})", count=len(block.photos), limit=cls.photos_max)
                )
            )
        for index, name in enumerate(block.photos):
            ctx.media(("photos", index), name, cls.photo_kinds, cls.photo_max_bytes, problems)
        return problems


class Facebook(PlatformLimits):
    name = "facebook"
    caption_max = 63206
    photo_kinds = frozenset({"jpg", "png", "gif", "bmp", "tif"})
    photo_max_bytes = 4 * MB
    photos_max = 10
    # Resumable Upload API: file_type one of application/pdf, image/jpeg, image/jpg, image/png, video/mp4
    video_kinds = frozenset({"mp4"})
    video_max_bytes = 10 * 1024 * MB

    @classmethod
    def check(cls, block: FacebookBlock, ctx: CheckContext) -> list[Problem]:
        problems: list[Problem] = []
        if len(block.caption) > cls.caption_max:
            problems.append(
                ctx.problem(
                    ("caption",),
                    _("{length} characters (at most {count})", length=len(block.caption), count=cls.caption_max),
                )
            )
        if block.video and block.media:
            problems.append(ctx.problem(("video",), _("give either media (photos) or a video, not both")))
        elif block.video:
            ctx.media(("video",), block.video, cls.video_kinds, cls.video_max_bytes, problems)
        if len(block.media) > cls.photos_max:
            problems.append(
                ctx.problem(
                    ("media",), _("{count} files (at most {limit})", count=len(block.media), limit=cls.photos_max)
                )
            )
        for index, name in enumerate(block.media):
            ctx.media(("media", index), name, cls.photo_kinds, cls.photo_max_bytes, problems)
        if not (block.caption or block.media or block.video or block.link):
            problems.append(
                ctx.problem(("caption",), _("the post is empty (give a caption, media, a video or a link)"))
            )
        if block.link and not re.match(r"^https?://", block.link):
            problems.append(ctx.problem(("link",), _("not a web address (allowed: http:// or https://)")))
        return problems


class YouTube(PlatformLimits):
    name = "youtube"
    title_max = 100
    description_max_bytes = 5000
    tags_max_chars = 500
    video_kinds = frozenset({"mp4", "mov", "webm"})
    video_max_bytes = 256 * 1024 * 1024 * MB
    thumbnail_kinds = frozenset({"jpg", "png"})
    thumbnail_max_bytes = 50 * MB  # thumbnails.set: 2 MB until 14 September 2026, 50 MB since

    @classmethod
    def check(cls, block: YouTubeBlock, ctx: CheckContext) -> list[Problem]:
        problems: list[Problem] = []
        if not block.title.strip():
            problems.append(
                ctx.problem(("title",), _("is empty (allowed: 1 to {count} characters)", count=cls.title_max))
            )
        if len(block.title) > cls.title_max:
            problems.append(
                ctx.problem(
                    ("title",), _("{length} characters (at most {count})", length=len(block.title), count=cls.title_max)
                )
            )
        for field, text in (("title", block.title), ("description", block.description)):
            if "<" in text or ">" in text:
                problems.append(ctx.problem((field,), _("contains '<' or '>' (not allowed by YouTube)")))
        size = len(block.description.encode("utf-8"))
        if size > cls.description_max_bytes:
            problems.append(
                ctx.problem(
                    ("description",),
                    _("{size} bytes in UTF-8 (at most {limit})", size=size, limit=cls.description_max_bytes),
                )
            )
        # YouTube counts a tag with a space as if quoted (+2) and separates tags with commas.
        total = sum(len(tag) + (2 if " " in tag else 0) for tag in block.tags) + max(len(block.tags) - 1, 0)
        if total > cls.tags_max_chars:
            problems.append(
                ctx.problem(
                    ("tags",), _("{count} characters in all (at most {limit})", count=total, limit=cls.tags_max_chars)
                )
            )
        ctx.media(("video",), block.video, cls.video_kinds, cls.video_max_bytes, problems)
        if block.thumbnail:
            ctx.media(("thumbnail",), block.thumbnail, cls.thumbnail_kinds, cls.thumbnail_max_bytes, problems)
        return problems


class Website(PlatformLimits):
    name = "website"
    image_kinds = IMAGE_KINDS
    image_max_bytes = 20 * MB
    video_kinds = VIDEO_KINDS

    @classmethod
    def check(cls, block: Any, ctx: CheckContext) -> list[Problem]:
        return []
