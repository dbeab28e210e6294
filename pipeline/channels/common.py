"""Small pieces the four social channels share: the offline check, media URLs, times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from ..content.limits import CheckContext, PlatformLimits
from ..located_yaml import LocatedData
from ..messages import _
from ..problems import Problem
from .base import PermanentError, Post


def draft_path(post: Post) -> str:
    return f"content/publikasi/{post.publication}/index.md"


def check_post(post: Post, limits: type[PlatformLimits], model: type[BaseModel]) -> list[Problem]:
    """The same check ``humas check`` runs, applied to the block a channel is about to post."""
    path = draft_path(post)
    base = ("channels", limits.name)
    try:
        block = model.model_validate(dict(post.fields))
    except ValidationError as error:
        return [
            Problem(path, 0, ".".join(str(p) for p in (*base, *item["loc"])), item["msg"]) for item in error.errors()
        ]
    ctx = CheckContext(path, post.folder, LocatedData(dict(post.fields)), base)
    return list(limits.check(block, ctx))


def block_of(post: Post, model: type[BaseModel]) -> Any:
    """The validated block, or a PermanentError naming every problem."""
    try:
        return model.model_validate(dict(post.fields))
    except ValidationError as error:
        raise PermanentError(
            _(
                "{channel}: the front-matter block is not valid: {why}",
                channel=post.channel,
                why=error.errors()[0]["msg"],
            ),
            action=_("Run humas check on {path}.", path=draft_path(post)),
        ) from None


def public_url(post: Post, name: str) -> str:
    """The website's public URL of a media file; Instagram and TikTok fetch media from it."""
    url = post.media_urls.get(name)
    if not url:
        raise PermanentError(
            _(
                "{channel}: no public URL for {name}: {channel} fetches media from the website, so the website "
                "with this publication must be deployed first",
                channel=post.channel,
                name=name,
            ),
            action=_("Deploy the website (humas build) and run humas publish again."),
        )
    return url


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
