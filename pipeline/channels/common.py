"""Small pieces the social channels share: the validated block, media URLs, times."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from ..content.paths import publication_index
from ..messages import _
from .base import PermanentError, Post


def draft_path(post: Post) -> str:
    return publication_index(post.publication)


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
