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

import httpx

from ..content.limits import Instagram as Limits
from ..content.limits import InstagramBlock
from ..messages import _, translated
from . import meta
from .base import Channel, Journal, OutcomeUnknown, PermanentError, Post, Receipt, RetryableError
from .common import block_of, now, public_url
from .http import Api
from .renewal import Renewal
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, file_field, image_list, max_chars
from .tokens import Tokens, TokenVault, expiry

DEFAULT_BASE = f"https://graph.facebook.com/{meta.GRAPH_VERSION}"
DOC = "docs/channels/instagram.md"
POLL_INTERVAL = 60.0
POLL_LIMIT = 5
"""Meta: query a container's status "no more than once per minute, for no more than 5 minutes"
(Instagram Platform, Content Publishing, Troubleshooting)."""
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


class InstagramChannel(Channel):
    name = "instagram"
    posting_calls = (("POST", r"/media_publish$"),)

    def __init__(
        self,
        token: str,
        user_id: str,
        *,
        base_url: str = DEFAULT_BASE,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        poll_interval: float = POLL_INTERVAL,
        poll_limit: int = POLL_LIMIT,
        renew: bool = False,
        oauth_url: str = DEFAULT_OAUTH,
    ) -> None:
        self.user_id = user_id
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.poll_limit = poll_limit
        self.api = Api(
            "instagram",
            base_url,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token],
            transport=transport,
            sleep=sleep,
            classify=lambda r: meta.classify("instagram", "HUMAS_INSTAGRAM_TOKEN", DOC, r),
        )
        self.oauth = Api(
            "instagram",
            oauth_url,
            secrets=[token],
            transport=transport,
            sleep=sleep,
            classify=lambda r: meta.classify("instagram", "HUMAS_INSTAGRAM_TOKEN", DOC, r),
        )
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

    # -- offline -------------------------------------------------------------------------------

    # -- the platform --------------------------------------------------------------------------

    def quota(self) -> tuple[int, int]:
        """(posts used, posts allowed) in the moving 24-hour window."""
        response = self.api.call(
            "GET",
            f"/{self.user_id}/content_publishing_limit",
            idempotent=True,
            params={"fields": "quota_usage,config"},
            what=_("read the publishing limit"),
        )
        data = (self.api.json(response).get("data") or [{}])[0]
        return int(data.get("quota_usage") or 0), int((data.get("config") or {}).get("quota_total") or 0)

    def account(self) -> dict[str, Any]:
        response = self.api.call(
            "GET",
            f"/{self.user_id}",
            idempotent=True,
            params={"fields": "id,username"},
            what=_("read the account"),
        )
        return dict(self.api.json(response))

    def _create(self, params: dict[str, str], what: str) -> str:
        response = self.api.call("POST", f"/{self.user_id}/media", idempotent=True, data=params, what=what)
        return str(self.api.json(response)["id"])

    def _status(self, container: str) -> tuple[str, str]:
        response = self.api.call(
            "GET",
            f"/{container}",
            idempotent=True,
            params={"fields": "status_code,status"},
            what=_("read the container status"),
        )
        data = self.api.json(response)
        return str(data.get("status_code") or ""), str(data.get("status") or "")

    def _forget(self, journal: Journal) -> None:
        journal.note("container", None)
        journal.note("children", None)

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

    def _wait_finished(self, container: str, journal: Journal) -> str:
        """Poll until the container leaves IN_PROGRESS; its final status_code. A container in ERROR is
        dead: it is forgotten (the next attempt makes a new one) and the error says why."""
        for poll in range(self.poll_limit):
            code, status = self._status(container)
            if code == "ERROR":
                self._forget(journal)
                if any(mark in status for mark in TRANSIENT_MEDIA_ERRORS):
                    raise RetryableError(
                        _("instagram: Instagram could not fetch the media: {status}", status=status),
                        platform_message=status,
                        action=_("Nothing to fix if the website is up: humas publish makes a new container."),
                    )
                raise PermanentError(
                    _("instagram: Instagram could not process the media: {status}", status=status or "ERROR"),
                    platform_message=status,
                    action=_(
                        "Check that the media on the website meet Instagram's rules (JPEG, aspect 4:5 to 1.91:1; "
                        "reels MP4 H.264), then run humas publish again."
                    ),
                )
            if code != "IN_PROGRESS":
                return code
            if poll + 1 < self.poll_limit:
                self.sleep(self.poll_interval)
        raise RetryableError(
            _("instagram: the media is still being processed"),
            action=_("Run humas publish again later; the container is reused."),
        )

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block: InstagramBlock = block_of(post, InstagramBlock)
        used, total = self.quota()
        if total and used >= total:
            raise RetryableError(
                _(
                    "instagram: the daily publishing limit is reached ({used} of {total} posts in the last 24 hours)",
                    used=used,
                    total=total,
                ),
                retry_after=meta.DAY,
                action=_("Nothing to fix: humas publish posts it on a run after the limit resets."),
            )
        for _attempt in range(3):
            container = journal.get("container")
            if container is None:
                container = self._containers(post, block, journal)
                journal.note("container", container)
            code = self._wait_finished(container, journal)
            if code == "PUBLISHED":
                receipt = self.reconcile(post, journal)
                if receipt is not None:
                    return receipt
            if code == "FINISHED":
                break
            self._forget(journal)  # EXPIRED: containers live 24 hours; make a new one
        else:
            raise RetryableError(_("instagram: the containers keep expiring"), action=_("Try again later."))
        journal.note("attempt_at", int(now().timestamp()))  # the post, if any, is made from here on
        response = self.api.call(
            "POST",
            f"/{self.user_id}/media_publish",
            idempotent=False,
            data={"creation_id": container},
            what=_("publish the container"),
        )
        media_id = str(self.api.json(response)["id"])
        journal.note("media_id", media_id)
        return self._receipt(media_id, container)

    def _receipt(self, media_id: str, container: str, permalink: str | None = None) -> Receipt:
        if permalink is None:
            try:
                response = self.api.call(
                    "GET",
                    f"/{media_id}",
                    idempotent=True,
                    params={"fields": "permalink"},
                    what=_("read the permalink"),
                )
                permalink = self.api.json(response).get("permalink")
            except (RetryableError, PermanentError):
                permalink = None  # the post exists; its link is a nicety
        return Receipt(channel=self.name, post_id=media_id, url=permalink, at=now(), details={"container": container})

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        """The container says whether ``media_publish`` took effect (``PUBLISHED``); Meta gives no
        media id on a container (IG Container reference: ``id``, ``status``, ``status_code``,
        https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container), so the
        post is then found among the account's media since the call, and must be the only one that
        can be this publication's."""
        media_id = journal.get("media_id")
        container = journal.get("container")
        if media_id:
            return self._receipt(str(media_id), str(container))
        if not container:
            return None  # no container: media_publish was never called
        code, _status = self._status(str(container))
        if code != "PUBLISHED":
            return None
        attempt = journal.get("attempt_at")
        since = float(attempt) - 300 if attempt is not None else None
        caption = block_of(post, InstagramBlock).caption
        found = self.choose(post, self._find_media(caption, since, str(container)), caption, _("the account's media"))
        if found is None:
            raise OutcomeUnknown(
                _("instagram: the container is published but the post is not among the account's latest media"),
                action=_("Check the Instagram account; the journal keeps the container id."),
            )
        journal.note("media_id", found.post_id)
        return found

    def lookup(self, post: Post) -> Receipt | None:
        """A post of the account with this caption, made since the publication was approved, that no
        other publication holds (``Channel.choose``)."""
        since = post.approved_at.timestamp() - 300 if post.approved_at else None
        caption = block_of(post, InstagramBlock).caption
        found = self.choose(post, self._find_media(caption, since, ""), caption, _("the account's media"))
        if found is None:
            return None
        return Receipt(found.channel, found.post_id, found.url, found.at, {"found": "media"})

    def _find_media(self, caption: str, since: float | None, container: str) -> list[Receipt]:
        """Every one of the account's latest media with ``caption`` (whitespace at the ends aside),
        posted at ``since`` or later, newest first."""
        response = self.api.call(
            "GET",
            f"/{self.user_id}/media",
            idempotent=True,
            params={"fields": "id,caption,permalink,timestamp", "limit": "25"},
            what=_("list the latest media"),
        )
        found = []
        for item in self.api.json(response).get("data") or []:
            if (item.get("caption") or "").strip() != caption.strip():
                continue
            if since is not None and not _posted_since(item.get("timestamp"), since):
                continue
            found.append(Receipt(self.name, str(item["id"]), item.get("permalink"), now(), {"container": container}))
        return found


def _posted_since(timestamp: Any, since: float) -> bool:
    """Meta's timestamps read ``2026-11-25T10:00:00+0000``."""
    try:
        return datetime.strptime(str(timestamp), "%Y-%m-%dT%H:%M:%S%z").timestamp() >= since
    except ValueError:
        return True  # no readable time: the caption decides


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: InstagramChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the account, and the publishing quota used."""
    account = channel.account()
    used, total = channel.quota()
    lines = [
        _(
            "account @{username} (id {id})",
            username=account.get("username", "?"),
            id=account.get("id", channel.user_id),
        ),
        _("publishing limit: {used} of {total} posts used in the last 24 hours", used=used, total=total),
    ]
    if total and used >= total:
        lines.append(_("the limit is reached: new posts wait until the window moves on"))
    lines.append(_("media are fetched from the website: deploy it before publishing"))
    return lines


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
        transport=wiring.transport,
        sleep=wiring.sleep,
        renew=env.get("HUMAS_INSTAGRAM_RENEW") == "true",
        oauth_url=env.get("HUMAS_INSTAGRAM_OAUTH_BASE") or DEFAULT_OAUTH,
    )


def editor(language: str) -> list[dict[str, Any]]:
    caption = translated(
        language,
        "at most {n} characters, {h} hashtags and {m} @-mentions",
        n=Limits.caption_max,
        h=Limits.hashtags_max,
        m=Limits.mentions_max,
    )
    return [
        {
            "name": "caption",
            "label": translated(language, "Caption"),
            "widget": "text",
            "required": False,
            "hint": caption,
            "pattern": [
                f"^(?!(?:[^#]*#\\w){{{Limits.hashtags_max + 1}}})"
                f"(?!(?:[^@]*@[\\w.]){{{Limits.mentions_max + 1}}})"
                f"[\\s\\S]{{0,{Limits.caption_max}}}$",
                caption,
            ],
        },
        image_list("media", translated(language, "Photos (in the order shown)"), Limits.media_max, language),
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
    check=Limits.check,
    settings=Settings(
        ("HUMAS_INSTAGRAM_TOKEN", "HUMAS_INSTAGRAM_USER_ID"),
        tuning=("HUMAS_INSTAGRAM_RENEW", "HUMAS_INSTAGRAM_API_BASE", "HUMAS_INSTAGRAM_OAUTH_BASE"),
        renews=lambda env: env.get("HUMAS_INSTAGRAM_RENEW") == "true",
    ),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    preview=PreviewShape(text_max=Limits.caption_max, images="media", video="video", layout="instagram"),
    editor=editor,
    scaffold=lambda title: '  instagram:\n    caption: "…"\n    media: [foto-1.jpg]',
    hosts=("graph.facebook.com", "graph.instagram.com"),
    docs="docs/channels/instagram.md",
)
