"""TikTok, through the Content Posting API (Direct Post).

Video: ``creator_info/query`` (the privacy levels this account may use) → ``video/init`` with
``FILE_UPLOAD`` and TikTok's chunk rules → ``PUT`` each chunk to the returned ``upload_url`` with
``Content-Range`` (206 more, 201 all parts) → ``status/fetch`` until ``PUBLISH_COMPLETE`` (a post
still processing after the polling window is deferred, never taken as done: moderation may refuse it).
Photos: ``content/init`` with ``PULL_FROM_URL`` from the website (TikTok fetches them; the domain
must be verified in the developer portal).

Chunk rules: a video under 5 MB goes in one chunk; otherwise ``chunk_size`` is 5–64 MB,
``total_chunk_count = floor(size / chunk_size)`` and the last chunk takes the remainder.

Exactly once: a ``FILE_UPLOAD`` init posts nothing until every chunk arrived, so an init whose
answer was lost is simply made again (the orphan upload expires within the hour). The
``publish_id`` (in clear: it grants nothing without the token) and the ``upload_url`` (sealed: its
``upload_token`` is the right to upload, see ``sealed.py``) are noted before the first chunk. After
a kill, ``status/fetch`` on the ``publish_id`` says whether the post exists and how many bytes
arrived (``uploaded_bytes``): all of them, and TikTok posts it (humas follows its status); fewer,
and the upload resumes at the chunk TikTok's count points to, or, when the count is not at a
chunk's edge, the sealed URL cannot be opened (the token was replaced) or has expired, a new upload
starts and the partial one is never posted (TikTok documents no progress in a refused chunk's
answer, so a 416 also starts anew). A photo init posts at once and returns the only handle: if its
answer is lost (no answer, or a 5xx: TikTok's own failure says nothing of whether it made the post),
``photo_init`` in the journal says so and a public post is looked for among the account's public posts
(``/v2/video/list/``) until ``PHOTO_GRACE`` has passed. It is never sent again on a timer: a private
post (``SELF_ONLY``, all an unaudited app may post) is never listed, and a public one missing after
the grace may still be in moderation, so then the run defers and a person looks (``AskPerson``). Only
a 4xx (or 429) answer with TikTok's error envelope says the request was refused. Once its
``publish_id`` is noted, the post exists and only its status is followed (a failed status read never
sends the init again).

Before a video is sent, its length (the MP4's ``mvhd``) is held to the account's
``max_video_post_duration_sec`` from ``creator_info``.

Unaudited apps may post only to private accounts with ``SELF_ONLY``: the error says so.

Journal keys: ``publish_id``, ``upload_url`` (sealed), ``upload_at``, ``uploaded``, ``photo_init``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..content.limits import CheckContext, PlatformLimits, utf16_units
from ..content.media import MB
from ..messages import _, translated
from ..problems import Problem
from ..validation import StrictModel
from .base import (
    AskPerson,
    Channel,
    ChannelError,
    Journal,
    OutcomeUnknown,
    PermanentError,
    Post,
    Receipt,
    RetryableError,
    settle_action,
)
from .common import block_of, now, public_url
from .http import Api, Session, file_pieces, generic_error, wait_hint
from .mp4 import duration
from .progress import NoProgress, Progress
from .renewal import Renewal
from .sealed import Sealed
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, file_field, image_list, select, text_field
from .tokens import Tokens, TokenVault, expiry

if TYPE_CHECKING:
    import httpx


class TikTokBlock(StrictModel):
    caption: str = ""
    video: str | None = None
    photos: list[str] = Field(default_factory=list)
    privacy: Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"] | None = None


class TikTokLimits(PlatformLimits):
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


DEFAULT_BASE = "https://open.tiktokapis.com"
DOC = "docs/channels/tiktok.md"
MB = 1024 * 1024
MIN_CHUNK = 5 * MB
DEFAULT_CHUNK = 10 * MB
UPLOAD_URL_LIFETIME = 3600
PHOTO_GRACE = 3600.0
"""How long after a photo init whose answer was lost humas keeps looking for the post before it
concludes none was made (PULL_FROM_URL fetches and moderates first)."""
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


def permanent() -> dict[str, str]:
    """TikTok's error codes a person must act on, and what each means (in the current language)."""
    return {
        "access_token_invalid": _("the access token is expired or invalid"),
        "scope_not_authorized": _("the token lacks the video.publish scope"),
        "spam_risk_user_banned_from_posting": _("TikTok has banned this account from posting"),
        "unaudited_client_can_only_post_to_private_accounts": _(
            "the TikTok app is not audited yet, so it may only post to a private account with SELF_ONLY"
        ),
        "url_ownership_unverified": _("the website's domain is not verified for this TikTok app"),
        "privacy_level_option_mismatch": _("the privacy level is not one this account may use"),
        "invalid_params": _("TikTok refused a parameter"),
    }


DAILY_CAPS = {"spam_risk_too_many_posts", "reached_active_user_cap"}
REFUSED = {
    "rate_limit_exceeded",
    "spam_risk_too_many_posts",
    "reached_active_user_cap",
    "spam_risk_too_many_pending_share",
}
"""Error codes that say the request was refused, not done, whatever the HTTP status. ``internal_error``
(a 5xx) says nothing of whether TikTok acted: the post is then asked about, never sent again."""
"""Caps that reset with the day: waiting seconds is useless, a later run posts."""
DAY = 24 * 3600.0


def later() -> dict[str, str]:
    """TikTok's error codes that pass with time, and what each means."""
    return {
        "rate_limit_exceeded": _("TikTok's rate limit is reached"),
        "spam_risk_too_many_posts": _("the account's daily posting cap is reached"),
        "reached_active_user_cap": _("the app's daily cap of posting users is reached"),
        "spam_risk_too_many_pending_share": _("too many posts wait in the account's inbox"),
        "internal_error": _("TikTok failed for a moment"),
    }


def actions() -> dict[str, str]:
    """What a person does about each permanent error code that has a remedy of its own."""
    return {
        "access_token_invalid": _(
            "Authorise the app again and set the new token as HUMAS_TIKTOK_TOKEN ({doc}).", doc=DOC
        ),
        "scope_not_authorized": _(
            "Authorise the app with the video.publish scope and set HUMAS_TIKTOK_TOKEN ({doc}).", doc=DOC
        ),
        "unaudited_client_can_only_post_to_private_accounts": _(
            "Make the account private and set channels.tiktok.privacy: SELF_ONLY, or have the app audited by TikTok."
        ),
        "url_ownership_unverified": _("Verify the website's domain in the TikTok developer portal ({doc}).", doc=DOC),
        "privacy_level_option_mismatch": _(
            "Set channels.tiktok.privacy to one the account allows (humas channels doctor lists them)."
        ),
    }


def chunk_plan(size: int, chunk_size: int = DEFAULT_CHUNK, min_chunk: int = MIN_CHUNK) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) by TikTok's rules."""
    if size < min_chunk or size <= chunk_size:
        return size, 1
    return chunk_size, size // chunk_size


def chunk_bounds(size: int, chunk_size: int, count: int, index: int) -> tuple[int, int]:
    """First and last byte of chunk ``index``; the last chunk takes the remainder."""
    first = index * chunk_size
    last = size - 1 if index == count - 1 else first + chunk_size - 1
    return first, last


def utf16_prefix(text: str, units: int) -> str:
    """The longest prefix of ``text`` of at most ``units`` UTF-16 code units (TikTok counts those)."""
    out, used = [], 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > units:
            break
        out.append(char)
        used += size
    return "".join(out)


PHOTO_TITLE_UNITS = 90
"""content/init: ``post_info.title`` of a photo post, at most 90 UTF-16 runes (Content Posting API,
Photo Post reference)."""


def post_info(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``post_info`` of a video post, as ``video/init`` receives it. TikTok's guidelines give privacy no
    default: the draft names it (``humas check`` requires it)."""
    return {
        "title": fields.get("caption") or "",
        "privacy_level": fields.get("privacy"),
        "disable_duet": False,
        "disable_comment": False,
        "disable_stitch": False,
        "brand_content_toggle": False,
        "brand_organic_toggle": False,
    }


def video_init_body(
    fields: Mapping[str, Any], size: int, chunk_size: int = DEFAULT_CHUNK, min_chunk: int = MIN_CHUNK
) -> dict[str, Any]:
    """The body of ``video/init`` (FILE_UPLOAD) with TikTok's chunk plan."""
    chunk, count = chunk_plan(size, chunk_size, min_chunk)
    return {
        "post_info": post_info(fields),
        "source_info": {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk, "total_chunk_count": count},
    }


def photo_init_body(title: str, fields: Mapping[str, Any], urls: list[str]) -> dict[str, Any]:
    """The body of ``content/init`` for a photo post pulled from the website."""
    info = {k: v for k, v in post_info(fields).items() if k not in ("title", "disable_duet", "disable_stitch")}
    return {
        "post_info": {
            "title": utf16_prefix(title, PHOTO_TITLE_UNITS),
            "description": fields.get("caption") or "",
            **info,
        },
        "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": 0, "photo_images": urls},
        "post_mode": "DIRECT_POST",
        "media_type": "PHOTO",
    }


def _oauth_error(response: httpx.Response) -> ChannelError:
    """The token endpoint answers ``{"error": "invalid_grant", "error_description": "…"}``."""
    try:
        data = response.json()
    except ValueError:
        data = {}
    said = str(data.get("error_description") or data.get("error") or "") if isinstance(data, dict) else ""
    if response.status_code == 429 or response.status_code >= 500:
        return generic_error("tiktok", response, said)
    return PermanentError(_("tiktok: {said}", said=said or response.status_code), platform_message=said)


RENEW_AHEAD = timedelta(minutes=15)


def _due(tokens: Tokens, current: datetime) -> bool:
    """Renew when there is no access token, its expiry is unknown (never renewed here), or it is near."""
    expires = tokens.expires("access")
    return not tokens.access_token or expires is None or expires - current < RENEW_AHEAD


def classify(response: httpx.Response) -> ChannelError:
    error = _classify(response)
    error.platform_code = _code(response)
    return error


def _code(response: httpx.Response) -> str:
    try:
        return str((response.json().get("error") or {}).get("code") or "")
    except (ValueError, AttributeError):
        return ""


def _classify(response: httpx.Response) -> ChannelError:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    code = str(error.get("code") or "")
    message = str(error.get("message") or "")
    said = f"{code}: {message}" if message else code
    refusals, passing = permanent(), later()
    if code in refusals:
        return PermanentError(
            _("tiktok: {problem} ({said})", problem=refusals[code], said=said),
            platform_message=message,
            action=actions().get(code) or _("Read TikTok's message and fix the cause."),
        )
    if code in passing or response.status_code == 429 or response.status_code >= 500:
        return RetryableError(
            _(
                "tiktok: {problem} ({said})",
                problem=passing.get(code) or _("TikTok failed for a moment"),
                said=said or response.status_code,
            ),
            platform_message=message,
            retry_after=DAY if code in DAILY_CAPS else wait_hint(response),
            action=_("Nothing to fix: humas publish tries again later."),
        )
    if code:
        return PermanentError(
            _("tiktok: TikTok refused the request ({said})", said=said),
            platform_message=message,
            action=_("Read TikTok's message and fix the cause."),
        )
    return generic_error("tiktok", response)


class TikTokChannel(Channel):
    name = "tiktok"
    posting_calls = (("POST", r"/v2/post/publish/content/init/"), ("PUT", r"/upload/"))

    def __init__(
        self,
        token: str | None = None,
        *,
        client_key: str | None = None,
        client_secret: str | None = None,
        refresh_token: str | None = None,
        base_url: str = DEFAULT_BASE,
        session: Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Progress | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        min_chunk: int = MIN_CHUNK,
        poll_interval: float = 5.0,
        poll_limit: int = 60,
    ) -> None:
        if not token and not (client_key and client_secret and refresh_token):
            raise ValueError("TikTok needs an access token or a client key, client secret and refresh token")
        self.sleep = sleep
        self.progress = progress or NoProgress()
        self.chunk_size = chunk_size
        self.min_chunk = min_chunk
        self.poll_interval = poll_interval
        self.poll_limit = poll_limit
        self.client = (client_key, client_secret) if refresh_token else None
        # sealed under the app's credentials when the token renews itself (access tokens change every run)
        self.handles = Sealed("tiktok", *([client_key or "", client_secret or ""] if self.client else [token or ""]))
        self.session = session or Session(sleep=sleep)
        secrets = [s for s in (token, client_secret, refresh_token) if s]
        self.api = Api(
            "tiktok",
            base_url,
            secrets=secrets,
            session=self.session,
            classify=classify,
            headers={"Authorization": f"Bearer {token or ''}", "Content-Type": "application/json; charset=UTF-8"},
        )
        self.oauth = Api("tiktok", base_url, secrets=secrets, session=self.session, classify=_oauth_error)
        # the upload URL is another host and carries its own credential: no bearer token there
        self.upload = Api("tiktok", base_url, session=self.session, classify=classify)
        self.renewal = Renewal(
            "tiktok",
            Tokens(access_token=token or "", refresh_token=refresh_token),
            [self.api],
            refresh=self._refresh if self.client else None,
            due=_due,
            doc=DOC,
        )

    def use_vault(self, vault: TokenVault | None) -> None:
        self.renewal.use_vault(vault)

    def _refresh(self, tokens: Tokens, current: datetime) -> Tokens:
        """``POST /v2/oauth/token/`` with ``grant_type=refresh_token`` (TikTok, "Refresh a User Access Token",
        https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token): a new access token and,
        rotated, a new refresh token; "The previous refresh token stops working once a new one is issued".
        ``Renewal`` keeps the answer sealed on this machine before anything uses it."""
        assert self.client is not None and tokens.refresh_token
        client_key, client_secret = self.client
        try:
            response = self.oauth.call(
                "POST",
                "/v2/oauth/token/",
                idempotent=False,  # it rotates the refresh token: an answer that never came is not re-sent
                what=_("renew the access token"),
                data={
                    "client_key": client_key,
                    "client_secret": client_secret,
                    "grant_type": "refresh_token",
                    "refresh_token": tokens.refresh_token,
                },
            )
            data = self.oauth.json(response)
        except PermanentError as error:
            data = {"error_description": error.platform_message or error.message}
        if not data.get("access_token"):
            said = self.oauth.redact(str(data.get("error_description") or data.get("error") or _("no token")))
            raise PermanentError(
                _("tiktok: TikTok refused to renew the access token ({said})", said=said),
                action=_(
                    "Authorise the app again (the refresh token expired, was revoked, or an older one was put back) "
                    "and set the new refresh token as HUMAS_TIKTOK_REFRESH_TOKEN ({doc}).",
                    doc=DOC,
                ),
            )
        for secret in (data.get("access_token"), data.get("refresh_token")):
            self.oauth.add_secret(str(secret))
        return Tokens(
            access_token=str(data["access_token"]),
            access_expires_at=expiry(data.get("expires_in"), current),
            refresh_token=str(data.get("refresh_token") or tokens.refresh_token),
            refresh_expires_at=expiry(data.get("refresh_expires_in"), current) or tokens.refresh_expires_at,
        )

    def _post(self, path: str, body: dict[str, Any] | None, *, idempotent: bool, what: str) -> dict[str, Any]:
        response = self.api.call("POST", path, idempotent=idempotent, json=body, what=what)
        data = self.api.json(response)
        if (data.get("error") or {}).get("code", "ok") != "ok":
            raise classify(response)  # TikTok answers some refusals with HTTP 200
        return dict(data.get("data") or {})

    def creator_info(self) -> dict[str, Any]:
        return self._post(
            "/v2/post/publish/creator_info/query/", None, idempotent=True, what=_("read the creator info")
        )

    # -- publish ---------------------------------------------------------------------------------

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block: TikTokBlock = block_of(post, TikTokBlock)
        if journal.get("photo_init"):
            raise self._unknown_photo()
        publish_id = journal.get("publish_id")
        if publish_id and (block.photos or journal.get("uploaded")):
            # the post exists (a photo init was answered, or every byte arrived): only follow it
            return self._finish(post, str(publish_id), self.creator_info(), journal)
        info = self.creator_info()
        options = list(info.get("privacy_level_options") or [])
        privacy = block.privacy
        if not privacy:
            raise PermanentError(
                _(
                    "tiktok: channels.tiktok.privacy is not set: TikTok's guidelines give the privacy level no "
                    "default, the person who publishes chooses it"
                ),
                action=_("Set channels.tiktok.privacy to one of: {levels}.", levels=", ".join(options) or "SELF_ONLY"),
            )
        if privacy not in options:
            raise PermanentError(
                _(
                    "tiktok: the account @{account} may not post with privacy {privacy} (allowed: {allowed})",
                    account=info.get("creator_username", "?"),
                    privacy=privacy,
                    allowed=", ".join(options) or _("none"),
                ),
                action=_(
                    "Set channels.tiktok.privacy to one of the allowed levels; an app not yet audited by TikTok "
                    "may post only SELF_ONLY to a private account."
                ),
            )
        fields = dict(post.fields)
        if block.photos:
            return self._photos(post, block, fields, journal, info)
        assert block.video is not None
        return self._video(post, block.video, fields, journal, info)

    def _photos(
        self, post: Post, block: TikTokBlock, fields: dict[str, Any], journal: Journal, info: dict[str, Any]
    ) -> Receipt:
        urls = [public_url(post, name) for name in block.photos]
        body = photo_init_body(post.title, fields, urls)
        journal.note("photo_init", int(now().timestamp()))
        try:
            data = self._post("/v2/post/publish/content/init/", body, idempotent=False, what=_("post the photos"))
        except OutcomeUnknown as error:
            if (
                error.answered_status
                and (error.answered_status < 500 or error.platform_code in REFUSED)
                and (error.platform_code or error.platform_message)
            ):
                # TikTok refused this request with its own error envelope (a 4xx, or a code that is a refusal
                # whatever the status): nothing was posted
                journal.note("photo_init", None)
                raise RetryableError(
                    error.message,
                    action=error.action,
                    platform_message=error.platform_message,
                    retry_after=error.retry_after,
                ) from None
            # no answer, or a 5xx: TikTok's own failure says nothing of whether it made the post
            raise self._unknown_photo() from None
        except ChannelError:
            journal.note("photo_init", None)  # refused: nothing was posted
            raise
        journal.note("publish_id", data["publish_id"])
        journal.note("photo_init", None)
        return self._finish(post, str(data["publish_id"]), info, journal)

    def _unknown_photo(self) -> OutcomeUnknown:
        return OutcomeUnknown(
            _(
                "tiktok: a photo post was sent but TikTok's answer was lost; humas looks for it among the account's "
                "posts before anything is sent again"
            ),
            action=_(
                "Nothing to do unless the account is private (TikTok lists public posts only): then look at the "
                "account and record the post with humas outbox uploaded, or say there is none with humas outbox "
                "not-posted."
            ),
        )

    def _ask_photo(self, post: Post, block: TikTokBlock, since: float) -> AskPerson:
        """After a photo ``content/init`` whose answer was lost, when the account's public posts cannot
        settle it: the post is private (``/v2/video/list/`` lists "the given user's public TikTok video
        posts", https://developers.tiktok.com/doc/tiktok-api-v2-video-list/), or the grace has passed.
        Sending again could post twice; the run defers until a person looks."""
        at = datetime.fromtimestamp(since, UTC).strftime("%Y-%m-%d %H:%M UTC")
        reason = (
            _("its privacy {privacy} keeps it out of the list of public posts TikTok gives", privacy=block.privacy)
            if block.privacy != "PUBLIC_TO_EVERYONE"
            else _("it is not among the account's public posts an hour later")
        )
        return AskPerson(
            _(
                "tiktok: a photo post was sent at {at} and TikTok's answer was lost; humas cannot learn whether it "
                "was made ({reason}), so it does not send it again",
                at=at,
                reason=reason,
            ),
            action=_("Look at the TikTok account for a post of {at}.", at=at)
            + " "
            + settle_action("tiktok", post.publication),
        )

    def _video(self, post: Post, name: str, fields: dict[str, Any], journal: Journal, info: dict[str, Any]) -> Receipt:
        path = post.media_path(name)
        size = path.stat().st_size
        publish_id = journal.get("publish_id")
        self._check_duration(path, info)
        upload_url = self.handles.get(post, journal, "upload_url")
        fresh = (
            upload_url
            and journal.get("upload_at")
            and now().timestamp() - float(journal.get("upload_at")) < UPLOAD_URL_LIFETIME - 60
        )
        body = video_init_body(fields, size, self.chunk_size, self.min_chunk)
        chunk_size = int(body["source_info"]["chunk_size"])
        count = int(body["source_info"]["total_chunk_count"])
        start: int | None = 0
        if publish_id and fresh:
            start = self._resume_index(str(publish_id), size, chunk_size, count)
        if start is None or not (publish_id and fresh):
            # FILE_UPLOAD posts nothing before the last chunk: a lost answer is made again
            data = self._post("/v2/post/publish/video/init/", body, idempotent=True, what=_("start the upload"))
            publish_id, upload_url = str(data["publish_id"]), str(data["upload_url"])
            journal.note("publish_id", publish_id)
            journal.note("upload_at", int(now().timestamp()))
            self.handles.keep(post, journal, "upload_url", upload_url)
            start = 0
        assert upload_url is not None and publish_id is not None
        self._upload(post, path, str(upload_url), size, chunk_size, count, journal, start or 0)
        journal.note("uploaded", True)
        return self._finish(post, str(publish_id), info, journal)

    def _resume_index(self, publish_id: str, size: int, chunk_size: int, count: int) -> int | None:
        """The chunk to send next by TikTok's own count (``status/fetch``: ``uploaded_bytes``), or None
        when TikTok does not say or the count is not at a chunk's edge: then a new upload starts."""
        data = self._status(publish_id)
        received = data.get("uploaded_bytes")
        if data.get("status") == "FAILED" or not isinstance(received, int) or received >= size:
            return None
        if received % chunk_size:
            return None
        return min(received // chunk_size, count - 1)

    def _check_duration(self, path: Path, info: dict[str, Any]) -> None:
        """Refuse a video longer than this account may post (an unreadable length is TikTok's to judge)."""
        longest = info.get("max_video_post_duration_sec")
        seconds = duration(path)
        if seconds is None or not isinstance(longest, int | float) or longest <= 0 or seconds <= longest:
            return
        raise PermanentError(
            _(
                "tiktok: {name} lasts {seconds} s; the account @{account} may post videos of at most {longest} s",
                name=path.name,
                seconds=f"{seconds:.1f}",
                account=info.get("creator_username", "?"),
                longest=f"{longest:g}",
            ),
            action=_(
                "Shorten the video (or post it on YouTube only); humas channels doctor shows the account's "
                "longest video."
            ),
        )

    def _forget_upload(self, post: Post, journal: Journal) -> None:
        journal.note("publish_id", None)
        self.handles.forget(post, journal, "upload_url")
        if journal.get("uploaded") is not None:
            journal.note("uploaded", None)

    def _upload(
        self,
        post: Post,
        path: Any,
        upload_url: str,
        size: int,
        chunk_size: int,
        count: int,
        journal: Journal,
        start: int = 0,
    ) -> None:
        """Send the chunks in order, from ``start``. TikTok answers 206 (more to come) or 201 (every
        part arrived); its documentation names no way to learn the upload's progress from a refused
        chunk, so a 416 (range not satisfiable), 403 or 404 starts a new upload."""
        kind = VIDEO_TYPES.get(path.suffix.lower(), "video/mp4")
        task = self.progress.task(self.name, path.name, size)
        try:
            task.update(start * chunk_size)
            for index in range(start, count):
                first, last = chunk_bounds(size, chunk_size, count, index)
                response = self.upload.call(
                    "PUT",
                    upload_url,
                    idempotent=False,
                    expect=(403, 404, 416),
                    what=_("upload chunk {index} of {count}", index=index + 1, count=count),
                    headers={
                        "Content-Type": kind,
                        "Content-Length": str(last - first + 1),
                        "Content-Range": f"bytes {first}-{last}/{size}",
                    },
                    body=partial(file_pieces, path, first, last - first + 1, on_progress=task.update),
                )
                status = response.status_code
                if status in (403, 404, 416):
                    self._forget_upload(post, journal)
                    message = (
                        _("tiktok: the upload URL expired (HTTP {status}); a new upload starts", status=status)
                        if status != 416
                        else _(
                            "tiktok: the upload URL refused the chunk's range (HTTP {status}); a new upload starts",
                            status=status,
                        )
                    )
                    raise RetryableError(message, action=_("Nothing to do: humas publish starts the upload again."))
                if status == 201:
                    task.update(size)
                    return
                task.update(last + 1)
        finally:
            task.close()

    def _finish(self, post: Post, publish_id: str, info: dict[str, Any], journal: Journal) -> Receipt:
        for poll in range(self.poll_limit):
            data = self._status(publish_id)
            status = data.get("status")
            if status == "PUBLISH_COMPLETE":
                return self._receipt(publish_id, data, info)
            if status == "FAILED":
                reason = str(data.get("fail_reason") or "unknown")
                self._forget_upload(post, journal)
                if reason == "internal":
                    raise RetryableError(
                        _("tiktok: TikTok failed while processing the video (internal)"),
                        action=_("Nothing to fix: humas publish tries again."),
                    )
                raise PermanentError(
                    _("tiktok: TikTok refused the post ({reason})", reason=reason),
                    platform_message=reason,
                    action=_("Fix the video or the text as TikTok's reason says, then publish again."),
                )
            if status == "SEND_TO_USER_INBOX":
                return self._receipt(publish_id, data, info)
            if poll + 1 < self.poll_limit:
                self.sleep(self.poll_interval)
        # moderation can take hours and may still refuse: not done until TikTok says so
        raise RetryableError(
            _(
                "tiktok: TikTok is still processing the post ({publish_id}); it may yet be refused",
                publish_id=publish_id,
            ),
            action=_("Nothing to do: humas publish asks TikTok again on its next run."),
        )

    def _status(self, publish_id: str) -> dict[str, Any]:
        return self._post(
            "/v2/post/publish/status/fetch/",
            {"publish_id": publish_id},
            idempotent=True,
            what=_("read the post status"),
        )

    def _receipt(self, publish_id: str, data: dict[str, Any], info: dict[str, Any]) -> Receipt:
        ids = data.get("publicaly_available_post_id") or data.get("publicly_available_post_id") or []
        username = info.get("creator_username")
        post_id = str(ids[0]) if ids else publish_id
        url = f"https://www.tiktok.com/@{username}/video/{post_id}" if ids and username else None
        return Receipt(
            channel=self.name,
            post_id=post_id,
            url=url,
            at=now(),
            details={"publish_id": publish_id, "status": str(data.get("status") or "")},
        )

    # -- reconcile -------------------------------------------------------------------------------

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        block: TikTokBlock = block_of(post, TikTokBlock)
        if journal.get("photo_init"):
            sent = float(journal.get("photo_init"))
            if block.privacy == "PUBLIC_TO_EVERYONE":  # only a public post can be found in the list
                found = self.lookup(post)
                if found is not None:
                    journal.note("photo_init", None)
                    return found
                waited = now().timestamp() - sent
                if waited < PHOTO_GRACE:
                    raise RetryableError(
                        _("tiktok: the earlier photo post is not among the account's posts yet"),
                        retry_after=PHOTO_GRACE - waited,
                        action=_("Nothing to do: humas publish looks again before it posts anew."),
                    )
            # never posted again on a timer: absence from the list proves nothing for certain
            raise self._ask_photo(post, block, sent)
        publish_id = journal.get("publish_id")
        if not publish_id:
            return None  # no init was answered: nothing can have been posted
        data = self._status(str(publish_id))
        status = data.get("status")
        if status == "PUBLISH_COMPLETE" or status == "SEND_TO_USER_INBOX":
            return self._receipt(str(publish_id), data, self.creator_info())
        if status == "FAILED":
            self._forget_upload(post, journal)
            reason = str(data.get("fail_reason") or "unknown")
            if reason == "internal":
                return None  # TikTok's own failure: a new upload may post
            raise PermanentError(
                _("tiktok: TikTok refused the post after processing it ({reason})", reason=reason),
                platform_message=reason,
                action=_("Fix the video or the text as TikTok's reason says, then publish again."),
            )
        if journal.get("uploaded") or block.photos or self._arrived(post, block, journal, data):
            # every byte is with TikTok (or a photo init was answered): the post exists, follow it
            if block.video and not journal.get("uploaded"):
                journal.note("uploaded", True)
            return self._finish(post, str(publish_id), self.creator_info(), journal)
        return None  # part of the video arrived: publish resumes it, or starts a new upload

    def _arrived(self, post: Post, block: TikTokBlock, journal: Journal, data: dict[str, Any]) -> bool:
        """Whether TikTok holds the whole video of the noted upload."""
        assert block.video is not None
        received = data.get("uploaded_bytes")
        if received is not None:
            return int(received) >= post.media_path(block.video).stat().st_size
        if now().timestamp() - float(journal.get("upload_at") or 0) > UPLOAD_URL_LIFETIME:
            # no byte can arrive through an expired URL, and a whole video would have left
            # PROCESSING_UPLOAD long ago: this upload never completes
            return False
        raise RetryableError(
            _("tiktok: TikTok did not say how much of the earlier upload arrived"),
            action=_("Nothing to do: humas publish asks again on its next run."),
        )

    # -- lookup ----------------------------------------------------------------------------------

    def lookup(self, post: Post) -> Receipt | None:
        """The account's recent posts (Display API ``/v2/video/list/``, scope ``video.list``): a post with
        this caption made since the publication was approved that no other publication holds
        (``Channel.choose``). TikTok lists public posts only."""
        block: TikTokBlock = block_of(post, TikTokBlock)
        self.renewal.apply()  # a refused renewal is said as such, not as a missing scope
        try:
            data = self._post(
                "/v2/video/list/?fields=id,title,video_description,create_time,share_url",
                {"max_count": 20},
                idempotent=True,
                what=_("list the account's recent posts"),
            )
        except PermanentError as error:
            raise PermanentError(
                _(
                    "{refusal} (while asking TikTok whether this publication is already posted)",
                    refusal=error.message,
                ),
                platform_message=error.platform_message,
                action=_("Authorise the app with the video.list scope as well as video.publish ({doc}).", doc=DOC),
            ) from None
        since = post.approved_at.timestamp() - 300 if post.approved_at else None
        found = []
        for video in data.get("videos") or []:
            texts = {str(video.get("video_description") or ""), str(video.get("title") or "")}
            created = video.get("create_time")
            if block.caption.strip() in {t.strip() for t in texts} and (
                since is None or (isinstance(created, int | float) and created >= since)
            ):
                found.append(
                    Receipt(
                        channel=self.name,
                        post_id=str(video.get("id")),
                        url=video.get("share_url"),
                        at=now(),
                        details={"found": "video/list"},
                    )
                )
        return self.choose(post, found, block.caption, _("the account's public posts"))


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: TikTokChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the creator and the privacy levels the account allows."""
    info = channel.creator_info()
    options = list(info.get("privacy_level_options") or [])
    lines = [
        _(
            "creator @{username} ({nickname})",
            username=info.get("creator_username", "?"),
            nickname=info.get("creator_nickname", ""),
        ),
        _("privacy levels allowed: {levels}", levels=", ".join(options) or _("none")),
        _("longest video: {seconds} s", seconds=info.get("max_video_post_duration_sec", "?")),
    ]
    if options == ["SELF_ONLY"] or "PUBLIC_TO_EVERYONE" not in options:
        lines.append(
            _(
                "public posts are not possible: an app not audited by TikTok posts only SELF_ONLY to a private "
                "account; set channels.tiktok.privacy accordingly or have the app audited"
            )
        )
    return lines


def outbox(post: Post) -> dict[str, Any]:
    """The init request the outbox records (photos by their website URLs; a video's chunk plan)."""
    f = post.fields
    if f.get("photos"):
        urls = [post.media_urls.get(p, p) for p in f["photos"]]
        return {"endpoint": "/v2/post/publish/content/init/", **photo_init_body(post.title, f, urls)}
    size = (post.folder / f["video"]).stat().st_size if f.get("video") else 0
    return {"endpoint": "/v2/post/publish/video/init/", **video_init_body(f, size)}


def connect(env: Mapping[str, str], wiring: Wiring) -> TikTokChannel:
    return TikTokChannel(
        env.get("HUMAS_TIKTOK_TOKEN") or None,
        client_key=env.get("HUMAS_TIKTOK_CLIENT_KEY"),
        client_secret=env.get("HUMAS_TIKTOK_CLIENT_SECRET"),
        refresh_token=env.get("HUMAS_TIKTOK_REFRESH_TOKEN"),
        base_url=env.get("HUMAS_TIKTOK_API_BASE") or DEFAULT_BASE,
        session=wiring.session,
        sleep=wiring.sleep,
        progress=wiring.progress,
    )


def editor(language: str) -> list[dict[str, Any]]:
    return [
        text_field("caption", translated(language, "Caption"), TikTokLimits.caption_max_utf16, language),
        file_field("video", translated(language, "Video")),
        image_list("photos", translated(language, "Photos (instead of a video)"), TikTokLimits.photos_max, language),
        select(
            "privacy",
            translated(language, "Privacy"),
            ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
        ),
    ]


SPEC = ChannelSpec(
    name="tiktok",
    label="TikTok",
    block=TikTokBlock,
    check=TikTokLimits.check,
    settings=Settings(
        ("HUMAS_TIKTOK_CLIENT_KEY", "HUMAS_TIKTOK_CLIENT_SECRET", "HUMAS_TIKTOK_REFRESH_TOKEN"),
        tuning=("HUMAS_TIKTOK_API_BASE",),
        alone=("HUMAS_TIKTOK_TOKEN",),
        renews=lambda env: bool(env.get("HUMAS_TIKTOK_REFRESH_TOKEN")),
    ),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    preview=PreviewShape(
        text_max=TikTokLimits.caption_max_utf16, unit="utf16", images="photos", video="video", layout="tiktok"
    ),
    editor=editor,
    scaffold=lambda title: '  tiktok:\n    caption: "…"\n    video: video.mp4',
    hosts=("open.tiktokapis.com",),
    docs="docs/channels/tiktok.md",
)
