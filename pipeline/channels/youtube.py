"""YouTube, through the Data API v3 resumable upload of ``videos.insert``.

``POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`` with the video resource
opens a session (its URL comes back in ``Location``); the file goes up in chunks that are multiples
of 256 KiB with ``Content-Range``; ``308 Resume Incomplete`` + ``Range: bytes=0-N`` says what
arrived; the last chunk's answer is the video resource. A status query (``PUT`` with
``Content-Range: bytes */size`` and no body) tells where a session stands after an interruption, or
returns the finished video. Optionally ``thumbnails.set`` follows.

``publish_at`` ahead: the video goes up private with ``status.publishAt`` and YouTube publishes it.

Credentials: an OAuth access token (``HUMAS_YOUTUBE_TOKEN``) or, better in CI, a client id, client
secret and refresh token from which a fresh access token is made per run.

Exactly once: opening a session posts nothing, and YouTube makes the video only when the last byte
arrives. The session URL carries the right to upload, so it is noted *sealed* (``sealed.py``),
with the time it was opened in clear, before the first chunk; ``final_at`` is noted before the
chunk that holds the last byte is sent. A lost answer or a killed run is settled by the status
query on the session, which returns the video if it was created; otherwise the upload resumes from
YouTube's ``Range``. An expired session (404) starts a new one.

When the sealed note cannot be opened (the credentials were replaced between the runs):

- without ``final_at`` the last byte never left, so there is no video: a new session starts;
- with it, the video may exist: humas looks for it among the channel's uploads (the uploads
  playlist, newest first) by its title, added since the session was opened. Found, it is the
  receipt. Not found, humas waits (the run defers) until ``LISTING_GRACE`` has passed since
  ``final_at``, so that a video YouTube has not listed yet is not uploaded twice, then uploads anew.
  Reading the uploads needs the ``youtube.readonly`` scope beside ``youtube.upload``.

Journal keys: ``session`` (sealed), ``opened_at``, ``final_at``, ``video_id``, ``thumbnail``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import Field

from ..content.limits import CheckContext, PlatformLimits
from ..content.media import MB
from ..content.title import Title
from ..messages import _, translated
from ..problems import Problem
from ..validation import StrictModel
from .base import Channel, ChannelError, Journal, PermanentError, Post, Receipt, RetryableError
from .common import aware, block_of, now
from .http import Api, Session, file_pieces, generic_error, wait_hint
from .progress import NoProgress, Progress
from .sealed import Sealed
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, file_field, select
from .tokens import TokenVault

if TYPE_CHECKING:
    import httpx


class YouTubeBlock(StrictModel):
    title: Title
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    video: str
    thumbnail: str | None = None
    privacy: Literal["public", "unlisted", "private"] = "public"
    category: str = "27"
    made_for_kids: bool = False


class YouTubeLimits(PlatformLimits):
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


DEFAULT_BASE = "https://youtube.googleapis.com"
DEFAULT_OAUTH = "https://oauth2.googleapis.com"
DOC = "docs/channels/youtube.md"
QUANTUM = 256 * 1024
DEFAULT_CHUNK = 32 * QUANTUM  # 8 MiB
VIDEO_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}

LISTING_GRACE = 600.0
"""Seconds after ``final_at`` during which a video missing from the uploads list may still appear."""


def until_quota_reset(current: datetime | None = None) -> float:
    """Seconds until midnight Pacific time, when YouTube's daily quota resets."""
    pacific = ZoneInfo("America/Los_Angeles")
    local = (current or datetime.now(UTC)).astimezone(pacific)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - local).total_seconds()


def classify(response: httpx.Response) -> ChannelError:
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):  # the OAuth endpoint answers {"error": "invalid_grant", ...}
        error = {"message": str(error), "errors": [{"reason": str(error)}]}
    reasons = [str(item.get("reason")) for item in error.get("errors") or [] if isinstance(item, dict)]
    reason = reasons[0] if reasons else ""
    message = str(error.get("message") or reason)
    said = f"{message} ({reason})" if reason and reason not in message else message
    status = response.status_code
    if reason in ("quotaExceeded", "uploadLimitExceeded"):
        used_up = (
            _("youtube: the project's daily quota is used up: {said}", said=said)
            if reason == "quotaExceeded"
            else _("youtube: the channel's daily upload limit is used up: {said}", said=said)
        )
        return RetryableError(
            used_up,
            platform_message=message,
            retry_after=until_quota_reset(),
            action=_("Nothing to fix: humas publish uploads it after the quota resets (midnight Pacific time)."),
        )
    if reason in ("rateLimitExceeded", "userRateLimitExceeded") or status == 429 or status >= 500:
        return RetryableError(
            _("youtube: YouTube asks to slow down or failed for a moment: {said}", said=said or status),
            platform_message=message,
            retry_after=wait_hint(response),
            action=_("Try again later."),
        )
    if status == 401 or reason in ("invalid_grant", "authError", "unauthorized_client", "invalid_client"):
        return PermanentError(
            _("youtube: the credentials are refused: {said}", said=said),
            platform_message=message,
            action=_("Authorise again and set HUMAS_YOUTUBE_REFRESH_TOKEN (or HUMAS_YOUTUBE_TOKEN) ({doc}).", doc=DOC),
        )
    if status == 403:
        return PermanentError(
            _("youtube: YouTube forbids this: {said}", said=said),
            platform_message=message,
            action=_("Check that the token has the youtube.upload scope and the channel may upload ({doc}).", doc=DOC),
        )
    if error:
        return PermanentError(
            _("youtube: YouTube refused the video: {said}", said=said),
            platform_message=message,
            action=_("Fix the title, description, tags or video as YouTube's message says."),
        )
    return generic_error("youtube", response)


def _next_offset(response: httpx.Response) -> int:
    """The first byte YouTube still needs, from ``Range: bytes=0-N`` (none: start at 0)."""
    match = re.search(r"(\d+)-(\d+)", response.headers.get("Range", ""))
    return int(match.group(2)) + 1 if match else 0


GONE = (404, 410)
"""A session that no longer exists: 404 (expired) or 410 (Gone). Whether it made the video before it
went is asked of the channel's uploads when the last byte may have left (``final_at``)."""


class YouTubeChannel(Channel):
    name = "youtube"
    posting_calls = (("PUT", r"/upload/youtube/v3/videos"),)

    def __init__(
        self,
        *,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        refresh_token: str | None = None,
        base_url: str = DEFAULT_BASE,
        oauth_url: str = DEFAULT_OAUTH,
        session: Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Progress | None = None,
        chunk_size: int = DEFAULT_CHUNK,
    ) -> None:
        if chunk_size % QUANTUM:
            raise ValueError(f"chunk_size must be a multiple of {QUANTUM} bytes")
        if not token and not (client_id and client_secret and refresh_token):
            raise ValueError("YouTube needs an access token or a client id, client secret and refresh token")
        self.refresh = (client_id, client_secret, refresh_token) if refresh_token else None
        self.token = token
        # sealed under the long-lived credentials when there are some, else under the access token
        self.handles = Sealed("youtube", *[secret for secret in (self.refresh or (token,)) if secret])
        self.progress = progress or NoProgress()
        self.chunk_size = chunk_size
        self.session = session or Session(sleep=sleep)
        secrets = [s for s in (token, client_secret, refresh_token) if s]
        self.api = Api("youtube", base_url, secrets=secrets, session=self.session, classify=classify)
        self.oauth = Api("youtube", oauth_url, secrets=secrets, session=self.session, classify=classify)

    def schedules(self, publish_at: datetime, current: datetime) -> bool:
        return aware(publish_at) > current  # private until publishAt, then YouTube publishes

    # -- credentials -----------------------------------------------------------------------------

    def _auth(self) -> dict[str, str]:
        if self.token is None:
            assert self.refresh is not None
            client_id, client_secret, refresh_token = self.refresh
            response = self.oauth.call(
                "POST",
                "/token",
                idempotent=True,
                what=_("refresh the access token"),
                data={
                    "client_id": client_id,
                    "client_secret": client_secret,
                    "refresh_token": refresh_token,
                    "grant_type": "refresh_token",
                },
            )
            self.token = str(self.oauth.json(response)["access_token"])
            self.api.add_secret(self.token)
            self.oauth.add_secret(self.token)
        return {"Authorization": f"Bearer {self.token}"}

    def channel(self) -> dict[str, Any]:
        response = self.api.call(
            "GET",
            "/youtube/v3/channels",
            idempotent=True,
            headers=self._auth(),
            params={"part": "snippet,status", "mine": "true"},
            what=_("read the channel"),
        )
        items = self.api.json(response).get("items") or []
        if not items:
            raise PermanentError(
                _("youtube: the account has no YouTube channel"),
                action=_("Create the channel, then authorise again with its Google account."),
            )
        return dict(items[0])

    # -- publish ---------------------------------------------------------------------------------

    def _resource(self, post: Post, block: YouTubeBlock) -> dict[str, Any]:
        status: dict[str, Any] = {
            "privacyStatus": block.privacy,
            "selfDeclaredMadeForKids": block.made_for_kids,
        }
        if post.publish_at is not None and aware(post.publish_at) > now():
            status["privacyStatus"] = "private"
            status["publishAt"] = aware(post.publish_at).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        snippet: dict[str, Any] = {
            "title": block.title,
            "description": block.description,
            "categoryId": block.category,
        }
        if block.tags:
            snippet["tags"] = list(block.tags)
        return {"snippet": snippet, "status": status}

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block: YouTubeBlock = block_of(post, YouTubeBlock)
        video_id = journal.get("video_id")
        if not video_id:
            video = self._upload(post, block, journal)
            video_id = str(video["id"])
            journal.note("video_id", video_id)
            self._note_privacy(journal, video)
        return self._receipt(post, block, str(video_id), journal)

    @staticmethod
    def _note_privacy(journal: Journal, video: dict[str, Any]) -> None:
        """The privacy YouTube gave the video, from the insert's answer (``status.privacyStatus``)."""
        privacy = (video.get("status") or {}).get("privacyStatus")
        if isinstance(privacy, str) and privacy:
            journal.note("privacy", privacy)

    def _open(self, post: Post, block: YouTubeBlock, size: int, kind: str, journal: Journal) -> str:
        response = self.api.call(
            "POST",
            "/upload/youtube/v3/videos",
            idempotent=True,
            what=_("open the upload session"),
            params={"uploadType": "resumable", "part": "snippet,status"},
            json=self._resource(post, block),
            headers={**self._auth(), "X-Upload-Content-Length": str(size), "X-Upload-Content-Type": kind},
        )
        session = response.headers.get("Location")
        if not session:
            raise RetryableError(
                _("youtube: YouTube opened no upload session (no Location)"), action=_("Try again later.")
            )
        if journal.get("final_at") is not None:
            journal.note("final_at", None)  # it spoke of an earlier session
        journal.note("opened_at", int(now().timestamp()))
        journal.note("privacy_asked", self._resource(post, block)["status"]["privacyStatus"])
        self.handles.keep(post, journal, "session", session)
        return session

    def _query(self, session: str, size: int) -> httpx.Response:
        """Where the session stands: 308 with Range, the finished video (200/201), or 404/410 (gone)."""
        return self.api.call(
            "PUT",
            session,
            idempotent=True,
            expect=(308, *GONE),
            what=_("ask how much arrived"),
            headers={**self._auth(), "Content-Length": "0", "Content-Range": f"bytes */{size}"},
        )

    def _upload(self, post: Post, block: YouTubeBlock, journal: Journal) -> dict[str, Any]:
        path = post.media_path(block.video)
        size = path.stat().st_size
        kind = VIDEO_TYPES.get(path.suffix.lower(), "application/octet-stream")
        session = self.handles.get(post, journal, "session")
        offset = 0
        if session:
            response = self._query(session, size)
            if response.status_code in (200, 201):
                return dict(self.api.json(response))
            if response.status_code in GONE:
                self.handles.forget(post, journal, "session")
                session = None
            else:
                offset = _next_offset(response)
                session = self._moved(post, journal, session, response)
        if not session:
            # no session at hand, or a dead one: did the last byte leave before? then look first
            found = self._lost_session(post, block, journal)
            if found is not None:
                return {"id": found}
        if not session:
            session = self._open(post, block, size, kind, journal)
            offset = 0
        task = self.progress.task(self.name, path.name, size)
        try:
            task.update(offset)
            for _chunk in range(2 * (size // self.chunk_size) + 4):
                last = min(offset + self.chunk_size, size) - 1
                if last == size - 1 and journal.get("final_at") is None:
                    journal.note("final_at", int(now().timestamp()))  # from here the video may exist
                response = self.api.call(
                    "PUT",
                    str(session),
                    idempotent=False,
                    expect=(308, *GONE),
                    what=_("upload bytes {first}-{last}", first=offset, last=last),
                    headers={
                        **self._auth(),
                        "Content-Type": kind,
                        "Content-Length": str(last - offset + 1),
                        "Content-Range": f"bytes {offset}-{last}/{size}",
                    },
                    body=partial(file_pieces, path, offset, last - offset + 1, on_progress=task.update),
                )
                if response.status_code in (200, 201):
                    task.update(size)
                    return dict(self.api.json(response))
                if response.status_code in GONE:
                    self.handles.forget(post, journal, "session")
                    raise RetryableError(
                        _(
                            "youtube: the upload session is gone (HTTP {status}); a new one starts",
                            status=response.status_code,
                        ),
                        action=_("Nothing to do: humas publish uploads again."),
                    )
                offset = _next_offset(response)
                session = self._moved(post, journal, str(session), response)
                task.update(offset)
            raise RetryableError(_("youtube: the upload made no progress"), action=_("Try again later."))
        finally:
            task.close()

    def _moved(self, post: Post, journal: Journal, session: str, response: httpx.Response) -> str:
        """A 308 may carry a ``Location``: the session's address from now on (resumable upload
        protocol: "If the response includes a Location header, use that URI for the next request")."""
        moved = response.headers.get("Location")
        if moved and moved != session:
            self.handles.keep(post, journal, "session", moved)
            return moved
        return session

    def _lost_session(self, post: Post, block: YouTubeBlock, journal: Journal) -> str | None:
        """The id of the video an earlier session may have made, when its sealed URL cannot be opened.

        None means surely no video: a new session may start.
        """
        final_at = journal.get("final_at")
        if final_at is None:
            return None  # the chunk with the last byte was never sent
        since = float(journal.get("opened_at") or final_at) - 300  # clocks differ a little
        found = self.choose(post, self._find_upload(block.title, since), block.title, _("the channel's uploads"))
        if found is not None:
            return found.post_id
        waited = now().timestamp() - float(final_at)
        if waited < LISTING_GRACE:
            raise RetryableError(
                _(
                    "youtube: the earlier upload's last chunk may have arrived, but the video is not among the "
                    "channel's uploads yet"
                ),
                retry_after=LISTING_GRACE - waited,
                action=_("Nothing to do: humas publish looks again before it uploads anew."),
            )
        journal.note("final_at", None)
        return None

    def lookup(self, post: Post) -> Receipt | None:
        """A video of the channel's uploads with this title, added since the publication was approved,
        that no other publication holds (``Channel.choose``)."""
        block: YouTubeBlock = block_of(post, YouTubeBlock)
        since = post.approved_at.timestamp() - 300 if post.approved_at else 0.0
        found = self.choose(post, self._find_upload(block.title, since), block.title, _("the channel's uploads"))
        if found is None:
            return None
        return self._receipt(post, block, found.post_id, None, found="uploads")

    def _find_upload(self, title: str, since: float) -> list[Receipt]:
        """The videos of the channel's uploads with ``title``, added at ``since`` or later."""
        auth = self._auth()  # a refused credential is said as such, not as a missing scope
        try:
            response = self.api.call(
                "GET",
                "/youtube/v3/channels",
                idempotent=True,
                headers=auth,
                params={"part": "contentDetails", "mine": "true"},
                what=_("find the uploads playlist"),
            )
            items = self.api.json(response).get("items") or [{}]
            playlist = ((items[0].get("contentDetails") or {}).get("relatedPlaylists") or {}).get("uploads")
            if not playlist:
                return []
            response = self.api.call(
                "GET",
                "/youtube/v3/playlistItems",
                idempotent=True,
                headers=auth,
                params={"part": "snippet", "playlistId": str(playlist), "maxResults": "50"},
                what=_("list the channel's uploads"),
            )
        except PermanentError as error:
            raise PermanentError(
                _(
                    "{refusal} (while looking for an interrupted upload among the channel's uploads)",
                    refusal=error.message,
                ),
                platform_message=error.platform_message,
                action=_(
                    "Authorise with the youtube.readonly scope as well as youtube.upload ({doc}); humas publish then "
                    "looks again.",
                    doc=DOC,
                ),
            ) from None
        found = []
        for item in self.api.json(response).get("items") or []:
            snippet = item.get("snippet") or {}
            added = _timestamp(snippet.get("publishedAt"))
            video = (snippet.get("resourceId") or {}).get("videoId")
            if video and snippet.get("title") == title and added is not None and added >= since:
                found.append(Receipt(self.name, str(video), f"https://www.youtube.com/watch?v={video}", now()))
        return found

    def _receipt(
        self, post: Post, block: YouTubeBlock, video_id: str, journal: Journal | None, *, found: str = ""
    ) -> Receipt:
        """The receipt, with the privacy YouTube gave the video (``details["privacy"]``). YouTube may give
        another than the one asked: "All videos uploaded via the videos.insert endpoint from unverified API
        projects created after 28 July 2020 will be restricted to private viewing mode"
        (https://developers.google.com/youtube/v3/docs/videos/insert). Then the receipt says so
        (``privacy_asked``, ``privacy_warning``) and names no watch URL for a video nobody else can watch."""
        details: dict[str, Any] = {}
        if journal is not None and block.thumbnail and not journal.get("thumbnail"):
            details["thumbnail"] = self._thumbnail(post, block.thumbnail, video_id, journal)
        resource = self._resource(post, block)
        if "publishAt" in resource["status"]:
            details["publish_at"] = resource["status"]["publishAt"]
        asked = str(
            (journal.get("privacy_asked") if journal is not None else None) or resource["status"]["privacyStatus"]
        )
        actual = journal.get("privacy") if journal is not None else None
        if not actual:
            actual = self._privacy_of(video_id)
            if journal is not None and actual:
                journal.note("privacy", actual)
        url: str | None = f"https://www.youtube.com/watch?v={video_id}"
        if actual:
            details["privacy"] = actual
        if actual and actual != asked:
            details["privacy_asked"] = asked
            details["privacy_warning"] = _(
                "youtube: YouTube made the video {actual}, not {asked} as asked (an API project not audited by "
                "YouTube uploads private only)",
                actual=actual,
                asked=asked,
            )
            if actual == "private":
                url = None  # no one but the channel can watch it: no public link is claimed
        if found:
            details["found"] = found
        return Receipt(channel=self.name, post_id=video_id, url=url, at=now(), details=details)

    def privacies(self, video_ids: list[str]) -> dict[str, str]:
        """``videos.list`` (``part=status``, 1 unit per call of up to 50 ids): each video's privacy now."""
        found: dict[str, str] = {}
        for start in range(0, len(video_ids), 50):
            response = self.api.call(
                "GET",
                "/youtube/v3/videos",
                idempotent=True,
                headers=self._auth(),
                params={"part": "status", "id": ",".join(video_ids[start : start + 50])},
                what=_("read the video's privacy"),
            )
            for item in self.api.json(response).get("items") or []:
                privacy = (item.get("status") or {}).get("privacyStatus")
                if item.get("id") and privacy:
                    found[str(item["id"])] = str(privacy)
        return found

    def _privacy_of(self, video_id: str) -> str | None:
        """``videos.list`` (``part=status``, 1 unit): the video's privacy now, or None if YouTube does not say."""
        try:
            return self.privacies([video_id]).get(video_id)
        except ChannelError:
            return None  # the video exists; the doctor reads its privacy again

    def _thumbnail(self, post: Post, name: str, video_id: str, journal: Journal) -> str:
        """Set the custom thumbnail (may be repeated safely); a refusal does not undo the video."""
        path = post.media_path(name)
        try:
            self.api.call(
                "POST",
                "/upload/youtube/v3/thumbnails/set",
                idempotent=True,
                what=_("set the thumbnail"),
                params={"videoId": video_id, "uploadType": "media"},
                headers={
                    **self._auth(),
                    "Content-Type": IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream"),
                    "Content-Length": str(path.stat().st_size),
                },
                body=lambda: file_pieces(path, 0, path.stat().st_size),
            )
        except ChannelError as error:
            return f"not set: {error.message}"
        journal.note("thumbnail", True)
        return "set"

    # -- reconcile -------------------------------------------------------------------------------

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        block: YouTubeBlock = block_of(post, YouTubeBlock)
        video_id = journal.get("video_id")
        if video_id:
            return self._receipt(post, block, str(video_id), journal)
        session = self.handles.get(post, journal, "session")
        if session:
            response = self._query(session, post.media_path(block.video).stat().st_size)
            if response.status_code in GONE:
                self.handles.forget(post, journal, "session")
                video_id = self._lost_session(post, block, journal)  # it may have finished first
                if video_id is None:
                    return None
            elif response.status_code not in (200, 201):
                return None  # 308: the upload resumes
            else:
                video = dict(self.api.json(response))
                video_id = str(video["id"])
                self._note_privacy(journal, video)
        else:
            video_id = self._lost_session(post, block, journal)
            if video_id is None:
                return None
        journal.note("video_id", video_id)
        return self._receipt(post, block, video_id, journal)


def _timestamp(value: Any) -> float | None:
    try:
        return datetime.fromisoformat(str(value)).timestamp()
    except ValueError:
        return None


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: YouTubeChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the channel and long uploads (the videos whose privacy YouTube changed are named from the
    archive's proven receipts by ``pipeline.insights.doctor.privacy_lines``)."""
    found = channel.channel()
    snippet = found.get("snippet") or {}
    status = found.get("status") or {}
    lines = [_("channel {title} (id {id})", title=snippet.get("title", "?"), id=found.get("id", "?"))]
    if status.get("longUploadsStatus") not in (None, "allowed"):
        lines.append(_("videos longer than 15 minutes need a verified channel"))
    return lines


def privacy_differs(channel: YouTubeChannel, asked: Mapping[str, tuple[str, str]]) -> list[str]:
    """Of the videos ``asked`` ({video id: (publication, the privacy its receipt asked)}, read by the doctor from
    receipts that prove themselves: ``pipeline.insights.doctor.privacy_lines``), those whose privacy YouTube made
    otherwise and which still differ now (``videos.list``): an API project YouTube has not audited uploads private
    only (https://developers.google.com/youtube/v3/docs/videos/insert)."""
    if not asked:
        return []
    now_privacy = channel.privacies(sorted(asked))
    lines = []
    for video, (publication, wanted) in sorted(asked.items(), key=lambda item: item[1]):
        actual = now_privacy.get(video)
        if actual is not None and actual != wanted:
            lines.append(
                _(
                    "{publication}: YouTube made the video {video} {actual}, not {asked} as asked; have the API "
                    "project audited by YouTube, and change the video's privacy in YouTube Studio",
                    publication=publication,
                    video=video,
                    actual=actual,
                    asked=wanted,
                )
            )
    return lines


def outbox(post: Post) -> dict[str, Any]:
    """The videos.insert request the outbox records."""
    f = post.fields
    status: dict[str, Any] = {
        "privacyStatus": f.get("privacy", "public"),
        "selfDeclaredMadeForKids": bool(f.get("made_for_kids", False)),
    }
    if post.publish_at:
        status = {**status, "privacyStatus": "private", "publishAt": post.publish_at.isoformat()}
    return {
        "part": "snippet,status",
        "snippet": {
            "title": f.get("title"),
            "description": f.get("description", ""),
            "tags": f.get("tags", []),
            "categoryId": f.get("category", "27"),
        },
        "status": status,
        "media": f.get("video"),
    }


def texts(post: Post) -> dict[str, str]:
    return {
        "title.txt": str(post.fields.get("title", "")),
        "description.txt": str(post.fields.get("description", "")),
    }


def connect(env: Mapping[str, str], wiring: Wiring) -> YouTubeChannel:
    return YouTubeChannel(
        token=env.get("HUMAS_YOUTUBE_TOKEN") or None,
        client_id=env.get("HUMAS_YOUTUBE_CLIENT_ID"),
        client_secret=env.get("HUMAS_YOUTUBE_CLIENT_SECRET"),
        refresh_token=env.get("HUMAS_YOUTUBE_REFRESH_TOKEN"),
        base_url=env.get("HUMAS_YOUTUBE_API_BASE") or DEFAULT_BASE,
        oauth_url=env.get("HUMAS_YOUTUBE_OAUTH_BASE") or DEFAULT_OAUTH,
        session=wiring.session,
        sleep=wiring.sleep,
        progress=wiring.progress,
    )


def editor(language: str) -> list[dict[str, Any]]:
    def no_brackets(n: int) -> str:
        return translated(language, "at most {n} characters, no < or >", n=n)

    return [
        {
            "name": "title",
            "label": translated(language, "Video title"),
            "widget": "string",
            "required": False,
            "hint": no_brackets(YouTubeLimits.title_max),
            "pattern": [f"^[^<>]{{0,{YouTubeLimits.title_max}}}$", no_brackets(YouTubeLimits.title_max)],
        },
        {
            "name": "description",
            "label": translated(language, "Description"),
            "widget": "text",
            "required": False,
            "hint": no_brackets(YouTubeLimits.description_max_bytes),
            "pattern": [
                f"^[^<>]{{0,{YouTubeLimits.description_max_bytes}}}$",
                no_brackets(YouTubeLimits.description_max_bytes),
            ],
        },
        {"name": "tags", "label": translated(language, "Tags"), "widget": "list", "required": False},
        file_field("video", translated(language, "Video")),
        {
            "name": "thumbnail",
            "label": translated(language, "Thumbnail"),
            "widget": "image",
            "choose_url": False,
            "required": False,
        },
        select("privacy", translated(language, "Privacy"), ["public", "unlisted", "private"]),
    ]


def scaffold(title: str) -> str:
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f'  youtube:\n    title: {quoted}\n    description: "…"\n    video: video.mp4'


SPEC = ChannelSpec(
    name="youtube",
    label="YouTube",
    block=YouTubeBlock,
    check=YouTubeLimits.check,
    settings=Settings(
        ("HUMAS_YOUTUBE_CLIENT_ID", "HUMAS_YOUTUBE_CLIENT_SECRET", "HUMAS_YOUTUBE_REFRESH_TOKEN"),
        tuning=("HUMAS_YOUTUBE_API_BASE", "HUMAS_YOUTUBE_OAUTH_BASE"),
        alone=("HUMAS_YOUTUBE_TOKEN",),
        alone_wins=True,
    ),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    texts=texts,
    preview=PreviewShape(text="description", video="video", layout="youtube"),
    editor=editor,
    scaffold=scaffold,
    hosts=("youtube.googleapis.com", "oauth2.googleapis.com"),
    docs="docs/channels/youtube.md",
)
