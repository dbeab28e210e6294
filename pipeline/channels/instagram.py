"""Instagram, through the Instagram Graph API's content publishing.

Flow: read ``content_publishing_limit`` (never a hard-coded cap) → create the container(s) from the
website's public media URLs (an image, a carousel of 2–10 images, or a reel) → poll the container's
``status_code`` until ``FINISHED`` → ``media_publish`` → read the permalink.

Exactly once: creating a container posts nothing, so it may be repeated; its id is noted before it
is polled or published. ``media_publish`` is the one call that posts: before it the journal holds
the container id, so a lost answer is settled by reading the container (``PUBLISHED`` or not).

A post found by its caption (after a lost answer, or before a fresh post when the archive has no
receipt) is taken only when it can be no other publication's (``Channel.choose``): never one the
archive or this run gave to another publication, never one of two candidates, never one without text.

Journal keys: ``children`` (carousel item containers), ``container``, ``attempt_at``, ``media_id``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from pydantic import Field

from ..content.limits import HASHTAG, MENTION, CheckContext, PlatformLimits
from ..content.media import MB, duration, image_size
from ..located_yaml import FieldPath
from ..messages import _, translated
from ..problems import Problem
from ..validation import StrictModel
from . import meta
from .base import Journal, PermanentError, Post
from .common import public_url
from .http import Api, Session
from .renewal import Renewal
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, file_field, image_list, max_chars
from .tokens import Tokens, TokenVault, expiry


class InstagramBlock(StrictModel):
    caption: str = ""
    media: list[str] = Field(default_factory=list)
    """1–10 JPEG images: one is an image post, several a carousel."""
    video: str | None = None
    """A reel (MP4/MOV) instead of images."""
    cover: str | None = None
    alt_text: str | None = None


class InstagramLimits(PlatformLimits):
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


DEFAULT_BASE = f"https://graph.facebook.com/{meta.GRAPH_VERSION}"
DOC = "docs/channels/instagram.md"
TRANSIENT_MEDIA_ERRORS = ("2207003", "2207052", "2207050")
"""Container errors that pass: the media took too long to download (2207003), could not be fetched
(2207052), or the account is briefly restricted (2207050)."""


DEFAULT_OAUTH = "https://graph.instagram.com"
RENEW_WHEN_LEFT = timedelta(days=30)
"""Renew a 60-day token once half its life is gone (Meta refreshes only tokens at least a day old)."""


def _due(tokens: Tokens, current: datetime) -> bool:
    renewed = datetime.fromisoformat(tokens.renewed_at) if tokens.renewed_at else None
    if renewed is None:
        return True  # never renewed here: renew now, which also tells how long it lives
    if current - renewed < timedelta(days=1):
        return False
    expires = tokens.expires("access")
    return expires is None or expires - current < RENEW_WHEN_LEFT


def reel_params(block: InstagramBlock, url: Callable[[str], str]) -> dict[str, str]:
    """``POST /{ig-user-id}/media`` of a reel (form fields, as Meta receives them)."""
    assert block.video is not None
    params = {"media_type": "REELS", "video_url": url(block.video), "caption": block.caption, "share_to_feed": "true"}
    if block.cover:
        params["cover_url"] = url(block.cover)
    return params


def image_params(block: InstagramBlock, url: Callable[[str], str]) -> dict[str, str]:
    params = {"image_url": url(block.media[0]), "caption": block.caption}
    if block.alt_text:
        params["alt_text"] = block.alt_text
    return params


def item_params(image_url: str) -> dict[str, str]:
    return {"image_url": image_url, "is_carousel_item": "true"}


def carousel_params(block: InstagramBlock, children: list[str]) -> dict[str, str]:
    return {"media_type": "CAROUSEL", "children": ",".join(children), "caption": block.caption}


class InstagramChannel(meta.ContainerChannel):
    name = "instagram"
    posting_calls = (("POST", r"/media_publish$"),)
    edge = "media"
    limit_edge = "content_publishing_limit"
    status_fields = ("status_code", "status")
    text_field = "caption"
    block = InstagramBlock
    token_variable = "HUMAS_INSTAGRAM_TOKEN"
    doc = DOC
    default_base = DEFAULT_BASE
    words = meta.Words(
        fetch_failed=lambda status: _("instagram: Instagram could not fetch the media: {status}", status=status),
        process_failed=lambda status: _("instagram: Instagram could not process the media: {status}", status=status),
        media_rules=lambda: _(
            "Check that the media on the website meet Instagram's rules (JPEG, aspect 4:5 to 1.91:1; "
            "reels MP4 H.264), then run humas publish again."
        ),
        still_processing=lambda: _("instagram: the media is still being processed"),
        limit_reached=lambda used, total: _(
            "instagram: the daily publishing limit is reached ({used} of {total} posts in the last 24 hours)",
            used=used,
            total=total,
        ),
        keep_expiring=lambda: _("instagram: the containers keep expiring"),
        lost=lambda: _("instagram: the container is published but the post is not among the account's latest media"),
        lost_action=lambda: _("Check the Instagram account; the journal keeps the container id."),
        where=lambda: _("the account's media"),
        listing=lambda: _("list the latest media"),
    )

    def __init__(
        self,
        token: str,
        user_id: str,
        *,
        base_url: str = DEFAULT_BASE,
        session: Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        poll_interval: float = meta.POLL_INTERVAL,
        poll_limit: int = meta.POLL_LIMIT,
        renew: bool = False,
        oauth_url: str = DEFAULT_OAUTH,
    ) -> None:
        super().__init__(
            token,
            user_id,
            base_url=base_url,
            session=session,
            sleep=sleep,
            poll_interval=poll_interval,
            poll_limit=poll_limit,
        )
        self.oauth = Api("instagram", oauth_url, secrets=[token], session=self.api.session, classify=self._classify)
        self.renewal = Renewal(
            "instagram",
            Tokens(access_token=token),
            [self.api],
            refresh=self._refresh if renew else None,
            due=_due,
            doc=DOC,
        )

    def use_vault(self, vault: TokenVault | None) -> None:
        self.renewal.use_vault(vault)

    def _refresh(self, tokens: Tokens, current: datetime) -> Tokens:
        """``GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token`` (Instagram Platform,
        "Refresh Access Token"): a long-lived token at least 24 hours old and not expired becomes a new one,
        valid 60 days. Refused (too young, say), the current token is kept and tried again a day later."""
        try:
            response = self.oauth.call(
                "GET",
                "/refresh_access_token",
                idempotent=True,
                what=_("renew the access token"),
                params={"grant_type": "ig_refresh_token", "access_token": tokens.access_token},
            )
            data = self.oauth.json(response)
        except PermanentError:
            return Tokens(access_token=tokens.access_token, access_expires_at=tokens.access_expires_at)
        token = str(data.get("access_token") or tokens.access_token)
        self.oauth.add_secret(token)
        return Tokens(access_token=token, access_expires_at=expiry(data.get("expires_in"), current))

    def _transient(self, error: str) -> bool:
        """A container's ``status`` names its error among other words."""
        return any(mark in error for mark in TRANSIENT_MEDIA_ERRORS)

    def _containers(self, post: Post, block: InstagramBlock, journal: Journal) -> str:
        url = partial(public_url, post)
        if block.video:
            return self._create(reel_params(block, url), _("create the reel container"))
        if len(block.media) == 1:
            return self._create(image_params(block, url), _("create the image container"))
        children: list[str] = list(journal.get("children") or [])
        for name in block.media[len(children) :]:
            children.append(self._create(item_params(url(name)), _("create the carousel item {name}", name=name)))
            journal.note("children", children)
        return self._create(carousel_params(block, children), _("create the carousel container"))


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: InstagramChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the account, and the publishing quota used."""
    return meta.doctor_lines(channel, channel.user_id)


def outbox(post: Post) -> dict[str, Any]:
    """The requests the outbox records: the container(s), with media as their website URLs."""
    block = InstagramBlock.model_validate(dict(post.fields))
    link = lambda name: post.media_urls.get(name, name)  # noqa: E731 - the website's address of a media file
    if block.video:
        return reel_params(block, link)
    if len(block.media) == 1:
        return image_params(block, link)
    children = [item_params(link(name)) for name in block.media]
    # the carousel container names the item containers' ids, which exist only once they are made
    return {
        "children": children,
        "then": carousel_params(block, [f"<id of item {i + 1}>" for i in range(len(children))]),
    }


def connect(env: Mapping[str, str], wiring: Wiring) -> InstagramChannel:
    return InstagramChannel(
        env["HUMAS_INSTAGRAM_TOKEN"],
        env["HUMAS_INSTAGRAM_USER_ID"],
        base_url=env.get("HUMAS_INSTAGRAM_API_BASE") or DEFAULT_BASE,
        session=wiring.session,
        sleep=wiring.sleep,
        renew=env.get("HUMAS_INSTAGRAM_RENEW") == "true",
        oauth_url=env.get("HUMAS_INSTAGRAM_OAUTH_BASE") or DEFAULT_OAUTH,
    )


def editor(language: str) -> list[dict[str, Any]]:
    caption = translated(
        language,
        "at most {n} characters, {h} hashtags and {m} @-mentions",
        n=InstagramLimits.caption_max,
        h=InstagramLimits.hashtags_max,
        m=InstagramLimits.mentions_max,
    )
    return [
        {
            "name": "caption",
            "label": translated(language, "Caption"),
            "widget": "text",
            "required": False,
            "hint": caption,
            "pattern": [
                f"^(?!(?:[^#]*#\\w){{{InstagramLimits.hashtags_max + 1}}})"
                f"(?!(?:[^@]*@[\\w.]){{{InstagramLimits.mentions_max + 1}}})"
                f"[\\s\\S]{{0,{InstagramLimits.caption_max}}}$",
                caption,
            ],
        },
        image_list("media", translated(language, "Photos (in the order shown)"), InstagramLimits.media_max, language),
        file_field("video", translated(language, "Video")),
        {
            "name": "cover",
            "label": translated(language, "Video cover"),
            "widget": "image",
            "choose_url": False,
            "required": False,
        },
        {
            "name": "alt_text",
            "label": translated(language, "Alt text"),
            "widget": "string",
            "required": False,
            "pattern": max_chars(1000, translated(language, "at most {n} characters", n=1000)),
        },
    ]


SPEC = ChannelSpec(
    name="instagram",
    label="Instagram",
    block=InstagramBlock,
    check=InstagramLimits.check,
    settings=Settings(
        ("HUMAS_INSTAGRAM_TOKEN", "HUMAS_INSTAGRAM_USER_ID"),
        tuning=("HUMAS_INSTAGRAM_RENEW", "HUMAS_INSTAGRAM_API_BASE", "HUMAS_INSTAGRAM_OAUTH_BASE"),
        renews=lambda env: env.get("HUMAS_INSTAGRAM_RENEW") == "true",
    ),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    preview=PreviewShape(text_max=InstagramLimits.caption_max, images="media", video="video", layout="instagram"),
    editor=editor,
    scaffold=lambda title: '  instagram:\n    caption: "…"\n    media: [foto-1.jpg]',
    hosts=("graph.facebook.com", "graph.instagram.com"),
    docs="docs/channels/instagram.md",
)
