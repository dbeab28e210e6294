"""Threads, through Meta's Threads API: the channel's spec (block, limits, settings, doctor, outbox,
preview, editor, scaffold, hosts) and its client.

Flow: read ``threads_publishing_limit`` → create the media container(s) from the website's public
media URLs (``TEXT``, ``IMAGE``, ``VIDEO``, or a ``CAROUSEL`` of 2 to 20 ``is_carousel_item`` image or
video containers) → poll each container's ``status`` until ``FINISHED`` → ``threads_publish`` → read
the permalink.

Exactly once: creating a container posts nothing; its id is noted before it is polled or published.
``threads_publish`` is the one call that posts: before it the journal holds the container id, so a lost
answer is settled by reading the container (``PUBLISHED``: the post exists, never publish again) and
finding the post among the account's threads since the call (Troubleshooting: "If ... threads_publish
does not return the published media ID ... query the container"). A post found by its text is taken
only when it can be no other publication's (``Channel.choose``).

The documents (Meta's Threads API; each rule below cites its own):

- Posts (two steps, ``media_type`` TEXT | IMAGE | VIDEO, "Text posts are limited to 500 characters",
  "Emojis are counted as the number of UTF-8 bytes"): https://developers.facebook.com/documentation/threads/posts
- Carousels ("at least 2 and up to 20 total images or videos or a mix of the two"), Meta's Threads API
  Postman collection as mirrored at
  https://developers.qodex.ai/revel-digital/threads-api-1/post-to-threads-carousel-threads-posts-1/2-create-a-carousel-container-1
- Links ("Threads posts containing more than 5 links will fail ... with the error code
  THREADS_API__LINK_LIMIT_EXCEEDED"): https://developers.facebook.com/documentation/threads/create-posts/text-attachments
- The publishing limit ("250 API-published posts within a 24-hour moving period. Carousels count as a
  single post", ``threads_publishing_limit``): https://developers.facebook.com/documentation/threads/overview
- Container status (EXPIRED | ERROR | FINISHED | IN_PROGRESS | PUBLISHED, ``error_message``; "querying a
  container's status once per minute, for no more than 5 minutes"):
  https://developers.facebook.com/documentation/threads/troubleshooting
- The account's threads (``GET /{threads-user-id}/threads``, ``since``):
  https://developers.facebook.com/documentation/threads/retrieve-and-discover-posts/retrieve-posts
- Media (JPEG or PNG up to 8 MB; MOV or MP4 up to 1 GB and 5 minutes): the "Media Specifications" of the
  Posts page, as mirrored by https://ayrshare.com/docs/media-guidelines/threads (not read on Meta's page).

Errors use the Graph API error object (``meta.classify``). Journal keys: ``children``, ``container``,
``attempt_at``, ``media_id``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from pydantic import Field

from ..content.limits import CheckContext
from ..content.media import MB, duration
from ..messages import _, translated
from ..problems import Problem
from ..validation import StrictModel
from . import meta
from .base import Journal, Post, RetryableError
from .common import public_url
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, image_list, text_field
from .tokens import TokenVault

DOC = "docs/channels/threads.md"
DEFAULT_BASE = "https://graph.threads.net/v1.0"
EARLIEST_SINCE = 1688540400  # Retrieve posts: ``since`` must be on or after this moment
TRANSIENT_MEDIA_ERRORS = ("FAILED_DOWNLOADING_VIDEO", "UNKNOWN")

# -- the block and its limits ---------------------------------------------------------------------

TEXT_MAX = 500  # Posts: "Text posts are limited to 500 characters."
LINKS_MAX = 5  # Text attachments: more than 5 links fail with THREADS_API__LINK_LIMIT_EXCEEDED
CAROUSEL_MAX = 20  # Carousel: "at least 2 and up to 20 total images or videos"
IMAGE_KINDS = frozenset({"jpg", "png"})
IMAGE_MAX_BYTES = 8 * MB
VIDEO_KINDS = frozenset({"mp4", "mov"})
VIDEO_MAX_BYTES = 1024 * MB
VIDEO_SECONDS = 300.0
LINK = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)


class ThreadsBlock(StrictModel):
    text: str = ""
    media: list[str] = Field(default_factory=list)
    """Images (JPEG, PNG) or videos (MP4, MOV): one is an image or video post, 2 to 20 a carousel."""


def text_length(text: str) -> int:
    """Characters as Threads counts them: "Emojis are counted as the number of UTF-8 bytes" (Posts). An
    emoji is taken to be a symbol (``So``), a character beyond the Basic Multilingual Plane, or a joiner
    or variation selector within one; every other character counts one."""
    return sum(len(ch.encode("utf-8")) if _emoji(ch) else 1 for ch in text)


def _emoji(ch: str) -> bool:
    code = ord(ch)
    return code > 0xFFFF or code in (0x200D, 0xFE0F) or unicodedata.category(ch) == "So"


def is_video(name: str) -> bool:
    return name.rsplit(".", 1)[-1].lower() in VIDEO_KINDS


def check(block: ThreadsBlock, ctx: CheckContext) -> list[Problem]:
    problems: list[Problem] = []
    length = text_length(block.text)
    if length > TEXT_MAX:
        problems.append(
            ctx.problem(
                ("text",),
                _(
                    "{length} characters as Threads counts them, an emoji as its UTF-8 bytes (at most {count})",
                    length=length,
                    count=TEXT_MAX,
                ),
            )
        )
    links = len({link.rstrip(".,;:!?)").lower() for link in LINK.findall(block.text)})
    if links > LINKS_MAX:
        problems.append(ctx.problem(("text",), _("{count} links (at most {limit})", count=links, limit=LINKS_MAX)))
    if not block.text.strip() and not block.media:
        problems.append(ctx.problem(("text",), _("the post is empty (give a text, or images or videos)")))
    if len(block.media) > CAROUSEL_MAX:
        problems.append(
            ctx.problem(
                ("media",),
                _(
                    "{count} files (allowed: 1 image or video, or a carousel of 2 to {most})",
                    count=len(block.media),
                    most=CAROUSEL_MAX,
                ),
            )
        )
    for index, name in enumerate(block.media):
        if is_video(name):
            found = ctx.media(("media", index), name, VIDEO_KINDS, VIDEO_MAX_BYTES, problems)
            seconds = duration(found.path) if found else None
            if seconds is not None and not 0 < seconds <= VIDEO_SECONDS:
                problems.append(
                    ctx.problem(
                        ("media", index),
                        _(
                            "{name} lasts {seconds} s (Threads: at most {most} s)",
                            name=name,
                            seconds=f"{seconds:.1f}",
                            most=int(VIDEO_SECONDS),
                        ),
                    )
                )
        else:
            ctx.media(("media", index), name, IMAGE_KINDS, IMAGE_MAX_BYTES, problems)
    return problems


# -- the requests ----------------------------------------------------------------------------------


def single_params(block: ThreadsBlock, url: Callable[[str], str]) -> dict[str, str]:
    """The container of a post with no media (TEXT) or one (IMAGE or VIDEO) (Posts, step 1)."""
    if not block.media:
        return {"media_type": "TEXT", "text": block.text}
    params = item_params(block.media[0], url(block.media[0]))
    del params["is_carousel_item"]
    if block.text:
        params["text"] = block.text
    return params


def item_params(name: str, media_url: str) -> dict[str, str]:
    if is_video(name):
        return {"media_type": "VIDEO", "video_url": media_url, "is_carousel_item": "true"}
    return {"media_type": "IMAGE", "image_url": media_url, "is_carousel_item": "true"}


def carousel_params(block: ThreadsBlock, children: list[str]) -> dict[str, str]:
    params = {"media_type": "CAROUSEL", "children": ",".join(children)}
    if block.text:
        params["text"] = block.text
    return params


class ThreadsChannel(meta.ContainerChannel):
    name = "threads"
    posting_calls = (("POST", r"/threads_publish$"),)
    edge = "threads"
    limit_edge = "threads_publishing_limit"
    status_fields = ("status", "error_message")
    text_field = "text"
    earliest_since = EARLIEST_SINCE
    block = ThreadsBlock
    token_variable = "HUMAS_THREADS_TOKEN"
    doc = DOC
    default_base = DEFAULT_BASE
    words = meta.Words(
        fetch_failed=lambda status: _("threads: Threads could not fetch the media: {status}", status=status),
        process_failed=lambda status: _("threads: Threads could not process the media: {status}", status=status),
        media_rules=lambda: _(
            "Check that the media on the website meet Threads' rules (JPEG or PNG images; MP4 or MOV "
            "videos, H.264, at most 5 minutes), then run humas publish again."
        ),
        still_processing=lambda: _("threads: the media is still being processed"),
        limit_reached=lambda used, total: _(
            "threads: the daily publishing limit is reached ({used} of {total} posts in the last 24 hours)",
            used=used,
            total=total,
        ),
        keep_expiring=lambda: _("threads: the containers keep expiring"),
        lost=lambda: _("threads: the container is published but the post is not among the account's latest threads"),
        lost_action=lambda: _("Check the Threads account; the journal keeps the container id."),
        where=lambda: _("the account's threads"),
        listing=lambda: _("list the latest threads"),
    )

    def _transient(self, error: str) -> bool:
        """A container's ``error_message`` is one code."""
        return error in TRANSIENT_MEDIA_ERRORS

    def _containers(self, post: Post, block: ThreadsBlock, journal: Journal) -> str:
        url = partial(public_url, post)
        if len(block.media) < 2:
            return self._create(single_params(block, url), _("create the container"))
        children: list[str] = list(journal.get("children") or [])
        for name in block.media[len(children) :]:
            children.append(self._create(item_params(name, url(name)), _("create the carousel item {name}", name=name)))
            journal.note("children", children)
        for child in children:
            if self._wait_finished(child, journal) != "FINISHED":
                self._forget(journal)  # an item expired: make the carousel anew
                raise RetryableError(
                    _("threads: a carousel item expired before the carousel was made"),
                    action=_("Nothing to fix: humas publish makes new containers."),
                )
        return self._create(carousel_params(block, children), _("create the carousel container"))


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: ThreadsChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the account, the publishing quota used, and the token's life."""
    lines = meta.doctor_lines(channel, "?")
    lines.append(
        _(
            "token: a long-lived Threads token lives 60 days and humas does not renew it: refresh it and set "
            "HUMAS_THREADS_TOKEN again before it expires"
        )
    )
    return lines


def outbox(post: Post) -> dict[str, Any]:
    """The requests the outbox records: the container(s), with media as their website URLs."""
    block = ThreadsBlock.model_validate(dict(post.fields))
    link = lambda name: post.media_urls.get(name, name)  # noqa: E731 - the website's address of a media file
    if len(block.media) < 2:
        return {"endpoint": "/{threads-user-id}/threads", **single_params(block, link)}
    return {
        "endpoint": "/{threads-user-id}/threads",
        "children": [item_params(name, link(name)) for name in block.media],
        "then": carousel_params(block, [f"<id of item {i + 1}>" for i in range(len(block.media))]),
    }


def connect(env: Mapping[str, str], wiring: Wiring) -> ThreadsChannel:
    return ThreadsChannel(
        env["HUMAS_THREADS_TOKEN"],
        env["HUMAS_THREADS_USER_ID"],
        base_url=env.get("HUMAS_THREADS_API_BASE") or DEFAULT_BASE,
        session=wiring.session,
        sleep=wiring.sleep,
    )


def editor(language: str) -> list[dict[str, Any]]:
    return [
        text_field("text", translated(language, "Text"), TEXT_MAX, language),
        image_list("media", translated(language, "Photos or videos (in the order shown)"), CAROUSEL_MAX, language),
    ]


SPEC = ChannelSpec(
    name="threads",
    label="Threads",
    block=ThreadsBlock,
    check=check,
    settings=Settings(("HUMAS_THREADS_TOKEN", "HUMAS_THREADS_USER_ID"), tuning=("HUMAS_THREADS_API_BASE",)),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    texts=lambda post: {"text.txt": str(post.fields.get("text") or "")},
    preview=PreviewShape(text="text", text_max=TEXT_MAX, images="media", count=text_length),
    editor=editor,
    scaffold=lambda title: '  threads:\n    text: "…"',
    hosts=("graph.threads.net",),
    docs=DOC,
)
