"""TikTok, through the Content Posting API (Direct Post).

Video: ``creator_info/query`` (the privacy levels this account may use) → ``video/init`` with
``FILE_UPLOAD`` and TikTok's chunk rules → ``PUT`` each chunk to the returned ``upload_url`` with
``Content-Range`` (206 more, 201 all parts) → ``status/fetch`` until ``PUBLISH_COMPLETE``.
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
and the upload resumes where TikTok's ``Content-Range`` says it stopped, or, when the sealed URL
cannot be opened (the token was replaced) or has expired, a new upload starts and the partial one
is never posted. A photo init posts at once and returns the only handle: if its answer is lost, the
outcome cannot be asked and a person must look (``photo_init`` in the journal says so); once its
``publish_id`` is noted, the post exists and only its status is followed.

Before a video is sent, its length (the MP4's ``mvhd``) is held to the account's
``max_video_post_duration_sec`` from ``creator_info``.

Unaudited apps may post only to private accounts with ``SELF_ONLY``: the error says so.

Journal keys: ``publish_id``, ``upload_url`` (sealed), ``upload_at``, ``uploaded``, ``photo_init``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from ..content.limits import TikTok as Limits
from ..content.model import TikTokBlock
from ..problems import Problem
from .base import (
    Channel,
    ChannelError,
    Journal,
    OutcomeUnknown,
    PermanentError,
    Post,
    Receipt,
    RetryableError,
)
from .common import block_of, check_post, now, public_url
from .http import Api, file_pieces, generic_error, wait_hint
from .mp4 import duration
from .progress import NoProgress, Progress
from .sealed import Sealed

DEFAULT_BASE = "https://open.tiktokapis.com"
DOC = "docs/channels/tiktok.md"
MB = 1024 * 1024
MIN_CHUNK = 5 * MB
MAX_CHUNK = 64 * MB
DEFAULT_CHUNK = 10 * MB
UPLOAD_URL_LIFETIME = 3600
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}

PERMANENT = {
    "access_token_invalid": "the access token is expired or invalid",
    "scope_not_authorized": "the token lacks the video.publish scope",
    "spam_risk_user_banned_from_posting": "TikTok has banned this account from posting",
    "unaudited_client_can_only_post_to_private_accounts": (
        "the TikTok app is not audited yet, so it may only post to a private account with SELF_ONLY"
    ),
    "url_ownership_unverified": "the website's domain is not verified for this TikTok app",
    "privacy_level_option_mismatch": "the privacy level is not one this account may use",
    "invalid_param": "TikTok refused a parameter",
}
LATER = {
    "rate_limit_exceeded": "TikTok's rate limit is reached",
    "spam_risk_too_many_posts": "the account's daily posting cap is reached",
    "reached_active_user_cap": "the app's daily cap of posting users is reached",
    "spam_risk_too_many_pending_share": "too many posts wait in the account's inbox",
    "internal_error": "TikTok failed for a moment",
}
ACTIONS = {
    "access_token_invalid": f"Authorise the app again and set the new token as HUMAS_TIKTOK_TOKEN ({DOC}).",
    "scope_not_authorized": (
        f"Authorise the app with the video.publish scope and set HUMAS_TIKTOK_TOKEN ({DOC})."
    ),
    "unaudited_client_can_only_post_to_private_accounts": (
        "Make the account private and set channels.tiktok.privacy: SELF_ONLY, "
        "or have the app audited by TikTok."
    ),
    "url_ownership_unverified": f"Verify the website's domain in the TikTok developer portal ({DOC}).",
    "privacy_level_option_mismatch": (
        "Set channels.tiktok.privacy to one the account allows (humas channels doctor lists them)."
    ),
}


def chunk_plan(size: int, chunk_size: int = DEFAULT_CHUNK) -> tuple[int, int]:
    """(chunk_size, total_chunk_count) by TikTok's rules."""
    if size < MIN_CHUNK or size <= chunk_size:
        return size, 1
    return chunk_size, size // chunk_size


def chunk_bounds(size: int, chunk_size: int, count: int, index: int) -> tuple[int, int]:
    """First and last byte of chunk ``index``; the last chunk takes the remainder."""
    first = index * chunk_size
    last = size - 1 if index == count - 1 else first + chunk_size - 1
    return first, last


def classify(response: httpx.Response) -> ChannelError:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    code = str(error.get("code") or "")
    message = str(error.get("message") or "")
    said = f"{code}: {message}" if message else code
    if code in PERMANENT:
        return PermanentError(
            f"tiktok: {PERMANENT[code]} ({said})",
            platform_message=message,
            action=ACTIONS.get(code, "Read TikTok's message and fix the cause."),
        )
    if code in LATER or response.status_code == 429 or response.status_code >= 500:
        return RetryableError(
            f"tiktok: {LATER.get(code, 'TikTok failed for a moment')} ({said or response.status_code})",
            platform_message=message,
            retry_after=wait_hint(response),
            action="Nothing to fix: humas publish tries again later.",
        )
    if code:
        return PermanentError(
            f"tiktok: TikTok refused the request ({said})",
            platform_message=message,
            action="Read TikTok's message and fix the cause.",
        )
    return generic_error("tiktok", response)


class TikTokChannel(Channel):
    name = "tiktok"

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Progress | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        min_chunk: int = MIN_CHUNK,
        poll_interval: float = 5.0,
        poll_limit: int = 60,
    ) -> None:
        self.sleep = sleep
        self.progress = progress or NoProgress()
        self.chunk_size = chunk_size
        self.min_chunk = min_chunk
        self.poll_interval = poll_interval
        self.poll_limit = poll_limit
        self.handles = Sealed("tiktok", token)
        self.api = Api(
            "tiktok",
            base_url,
            secrets=[token],
            transport=transport,
            sleep=sleep,
            classify=classify,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"},
        )
        # the upload URL is another host and carries its own credential: no bearer token there
        self.upload = Api("tiktok", base_url, transport=transport, sleep=sleep, classify=classify)

    def check(self, post: Post) -> list[Problem]:
        return check_post(post, Limits, TikTokBlock)

    def _post(self, path: str, body: dict[str, Any] | None, *, idempotent: bool, what: str) -> dict[str, Any]:
        response = self.api.call("POST", path, idempotent=idempotent, json=body, what=what)
        data = self.api.json(response)
        if (data.get("error") or {}).get("code", "ok") != "ok":
            raise classify(response)  # TikTok answers some refusals with HTTP 200
        return dict(data.get("data") or {})

    def creator_info(self) -> dict[str, Any]:
        return self._post(
            "/v2/post/publish/creator_info/query/", None, idempotent=True, what="read the creator info"
        )

    def _plan(self, size: int) -> tuple[int, int]:
        if size < self.min_chunk or size <= self.chunk_size:
            return size, 1
        return self.chunk_size, size // self.chunk_size

    # -- publish ---------------------------------------------------------------------------------

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block: TikTokBlock = block_of(post, TikTokBlock)
        if journal.get("photo_init"):
            raise self._unknown_photo()
        info = self.creator_info()
        options = list(info.get("privacy_level_options") or [])
        privacy = block.privacy or "PUBLIC_TO_EVERYONE"
        if privacy not in options:
            raise PermanentError(
                f"tiktok: the account @{info.get('creator_username', '?')} may not post with "
                f"privacy {privacy} (allowed: {', '.join(options) or 'none'})",
                action="Set channels.tiktok.privacy to one of the allowed levels; an app not yet "
                "audited by TikTok may post only SELF_ONLY to a private account.",
            )
        post_info = {
            "title": block.caption,
            "privacy_level": privacy,
            "disable_duet": False,
            "disable_comment": False,
            "disable_stitch": False,
            "brand_content_toggle": False,
            "brand_organic_toggle": False,
        }
        if block.photos:
            return self._photos(post, block, post_info, journal, info)
        assert block.video is not None
        return self._video(post, block.video, post_info, journal, info)

    def _photos(
        self,
        post: Post,
        block: TikTokBlock,
        post_info: dict[str, Any],
        journal: Journal,
        info: dict[str, Any],
    ) -> Receipt:
        urls = [public_url(post, name) for name in block.photos]
        body = {
            "post_info": {
                "title": post.title[:90],
                "description": block.caption,
                **{
                    k: v for k, v in post_info.items() if k not in ("title", "disable_duet", "disable_stitch")
                },
            },
            "source_info": {"source": "PULL_FROM_URL", "photo_cover_index": 0, "photo_images": urls},
            "post_mode": "DIRECT_POST",
            "media_type": "PHOTO",
        }
        journal.note("photo_init", int(now().timestamp()))
        try:
            data = self._post(
                "/v2/post/publish/content/init/", body, idempotent=False, what="post the photos"
            )
        except OutcomeUnknown:
            raise self._unknown_photo() from None
        except ChannelError:
            journal.note("photo_init", None)  # refused: nothing was posted
            raise
        journal.note("publish_id", data["publish_id"])
        journal.note("photo_init", None)
        return self._finish(post, str(data["publish_id"]), info, journal)

    def _unknown_photo(self) -> PermanentError:
        return PermanentError(
            "tiktok: a photo post was sent but TikTok's answer was lost, and TikTok offers no "
            "way to ask about it",
            action="Look at the TikTok account: if the post is there, record it by hand; if "
            "not, clear the claim and run humas publish again.",
        )

    def _video(
        self, post: Post, name: str, post_info: dict[str, Any], journal: Journal, info: dict[str, Any]
    ) -> Receipt:
        path = post.media_path(name)
        size = path.stat().st_size
        chunk_size, count = self._plan(size)
        publish_id = journal.get("publish_id")
        if journal.get("uploaded") and publish_id:
            return self._finish(post, str(publish_id), info, journal)
        self._check_duration(path, info)
        upload_url = self.handles.get(post, journal, "upload_url")
        fresh = (
            upload_url
            and journal.get("upload_at")
            and now().timestamp() - float(journal.get("upload_at")) < UPLOAD_URL_LIFETIME - 60
        )
        if not (publish_id and fresh):
            body = {
                "post_info": post_info,
                "source_info": {
                    "source": "FILE_UPLOAD",
                    "video_size": size,
                    "chunk_size": chunk_size,
                    "total_chunk_count": count,
                },
            }
            # FILE_UPLOAD posts nothing before the last chunk: a lost answer is made again
            data = self._post("/v2/post/publish/video/init/", body, idempotent=True, what="start the upload")
            publish_id, upload_url = str(data["publish_id"]), str(data["upload_url"])
            journal.note("publish_id", publish_id)
            journal.note("upload_at", int(now().timestamp()))
            self.handles.keep(post, journal, "upload_url", upload_url)
        assert upload_url is not None and publish_id is not None
        self._upload(post, path, str(upload_url), size, chunk_size, count, journal)
        journal.note("uploaded", True)
        return self._finish(post, str(publish_id), info, journal)

    def _check_duration(self, path: Path, info: dict[str, Any]) -> None:
        """Refuse a video longer than this account may post (an unreadable length is TikTok's to judge)."""
        longest = info.get("max_video_post_duration_sec")
        seconds = duration(path)
        if seconds is None or not isinstance(longest, int | float) or longest <= 0 or seconds <= longest:
            return
        raise PermanentError(
            f"tiktok: {path.name} lasts {seconds:.1f} s; the account @{info.get('creator_username', '?')} "
            f"may post videos of at most {longest:g} s",
            action="Shorten the video (or post it on YouTube only); humas channels doctor shows the "
            "account's longest video.",
        )

    def _forget_upload(self, post: Post, journal: Journal) -> None:
        journal.note("publish_id", None)
        self.handles.forget(post, journal, "upload_url")
        if journal.get("uploaded") is not None:
            journal.note("uploaded", None)

    def _upload(
        self, post: Post, path: Any, upload_url: str, size: int, chunk_size: int, count: int, journal: Journal
    ) -> None:
        """Send the chunks in order from where TikTok says it stands (a 416 tells where that is)."""
        kind = VIDEO_TYPES.get(path.suffix.lower(), "video/mp4")
        task = self.progress.task(self.name, path.name, size)
        index = 0
        try:
            for _ in range(2 * count + 3):
                if index >= count:
                    return
                first, last = chunk_bounds(size, chunk_size, count, index)
                response = self.upload.call(
                    "PUT",
                    upload_url,
                    idempotent=False,
                    expect=(403, 404, 416),
                    what=f"upload chunk {index + 1} of {count}",
                    headers={
                        "Content-Type": kind,
                        "Content-Length": str(last - first + 1),
                        "Content-Range": f"bytes {first}-{last}/{size}",
                    },
                    body=partial(file_pieces, path, first, last - first + 1, on_progress=task.update),
                )
                status = response.status_code
                if status in (403, 404):
                    self._forget_upload(post, journal)
                    raise RetryableError(
                        f"tiktok: the upload URL expired (HTTP {status}); a new upload starts",
                        action="Nothing to do: humas publish starts the upload again.",
                    )
                if status == 201:
                    task.update(size)
                    return
                received = _received(response.headers.get("Content-Range"))
                if received is None:
                    if status == 416:
                        raise RetryableError(
                            "tiktok: TikTok refused the chunk's range and did not say why",
                            action="Try again later.",
                        )
                    index += 1
                elif received >= size:
                    index = count
                else:
                    index = min(received // chunk_size, count - 1)
                task.update(min(received or last + 1, size))
            raise RetryableError("tiktok: the upload made no progress", action="Try again later.")
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
                        "tiktok: TikTok failed while processing the video (internal)",
                        action="Nothing to fix: humas publish tries again.",
                    )
                raise PermanentError(
                    f"tiktok: TikTok refused the post ({reason})",
                    platform_message=reason,
                    action="Fix the video or the text as TikTok's reason says, then publish again.",
                )
            if status == "SEND_TO_USER_INBOX":
                return self._receipt(publish_id, data, info)
            if poll + 1 < self.poll_limit:
                self.sleep(self.poll_interval)
        # every part arrived: TikTok will post it; moderation can take hours
        return self._receipt(publish_id, {"status": "PROCESSING"}, info)

    def _status(self, publish_id: str) -> dict[str, Any]:
        return self._post(
            "/v2/post/publish/status/fetch/",
            {"publish_id": publish_id},
            idempotent=True,
            what="read the post status",
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
        if journal.get("photo_init"):
            raise self._unknown_photo()
        publish_id = journal.get("publish_id")
        if not publish_id:
            return None  # no init was answered: nothing can have been posted
        data = self._status(str(publish_id))
        status = data.get("status")
        if status == "PUBLISH_COMPLETE" or status == "SEND_TO_USER_INBOX":
            return self._receipt(str(publish_id), data, self.creator_info())
        if status == "FAILED":
            self._forget_upload(post, journal)
            return None
        block: TikTokBlock = block_of(post, TikTokBlock)
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
        if self.handles.get(post, journal, "upload_url"):
            return False  # the upload URL is at hand: TikTok's Content-Range will say where it stands
        if now().timestamp() - float(journal.get("upload_at") or 0) > UPLOAD_URL_LIFETIME:
            # no byte can arrive through an expired URL, and a whole video would have left
            # PROCESSING_UPLOAD long ago: this upload never completes
            return False
        raise RetryableError(
            "tiktok: TikTok did not say how much of the earlier upload arrived",
            action="Nothing to do: humas publish asks again on its next run.",
        )


def _received(content_range: str | None) -> int | None:
    """Bytes TikTok holds, from ``Content-Range: bytes 0-{last}/{total}``."""
    if not content_range:
        return None
    match = re.match(r"bytes\s+(\d+)-(\d+)/(\d+)", content_range.strip())
    if not match:
        return None
    return int(match.group(2)) + 1
