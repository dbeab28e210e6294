"""Facebook Pages, through the Graph API with a Page access token.

- Text or link: ``POST /{page}/feed`` (``message``, ``link``).
- One photo: ``POST /{page}/photos`` (``url`` from the website, else the file as ``source``).
- Several photos: each ``POST /{page}/photos`` with ``published=false`` (posts nothing), then one
  ``POST /{page}/feed`` with ``attached_media``.
- Video: the Resumable Upload API (``POST /{app}/uploads`` → session; ``POST /upload:<session>``
  with ``file_offset``, the file streamed; ``GET /upload:<session>`` says how far it got) gives a
  handle, then ``POST /{page}/videos`` with ``fbuploader_video_file_chunk``.
- ``publish_at`` 10 minutes to 30 days ahead: the Page schedules the post itself
  (``published=false`` + ``scheduled_publish_time``).

Exactly once: the call that posts (feed, photos, videos) is never repeated blindly. Before it the
journal notes ``attempt_at`` and the ``edge`` where the post will show (``feed``, ``scheduled_posts``
or ``videos``, from what is sent, not from the clock); after a lost answer ``reconcile`` looks there
for the post since then, by its text (whitespace normalised). Before a fresh post ``lookup`` looks in
all three since the publication was approved. A post found by its text is taken only when it can be
no other publication's (``Channel.choose``): never one receipted for another publication, never one
of two candidates, never one without text: then a person looks (``AskPerson``).

Journal keys: ``photo_ids``, ``session``, ``handle``, ``attempt_at``, ``edge``, ``post_id``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import Field

from ..content.limits import CheckContext, PlatformLimits
from ..content.media import MB
from ..messages import _, translated
from ..problems import Problem
from ..validation import StrictModel
from . import meta
from .base import Channel, Journal, PermanentError, Post, Receipt
from .common import aware, block_of, now
from .http import Api, Session, file_pieces
from .progress import NoProgress, Progress
from .spec import ChannelSpec, PreviewShape, Settings, Wiring, file_field, image_list, text_field
from .tokens import TokenVault

if TYPE_CHECKING:
    import httpx


class FacebookBlock(StrictModel):
    caption: str = ""
    media: list[str] = Field(default_factory=list)
    video: str | None = None
    link: str | None = None


class FacebookLimits(PlatformLimits):
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


DEFAULT_BASE = f"https://graph.facebook.com/{meta.GRAPH_VERSION}"
DEFAULT_VIDEO_BASE = f"https://graph-video.facebook.com/{meta.GRAPH_VERSION}"
DOC = "docs/channels/facebook.md"
SCHEDULE_MIN = timedelta(minutes=10)
SCHEDULE_MAX = timedelta(days=30)
VIDEO_TYPES = {"mp4": "video/mp4"}
"""The Resumable Upload API takes ``application/pdf``, ``image/jpeg``, ``image/jpg``, ``image/png`` and
``video/mp4`` only (Graph API, Resumable Upload API reference, ``file_type``)."""


def normalised(text: str) -> str:
    return " ".join(text.split())


def _created(value: Any) -> float | None:
    """Graph API times read ``2026-11-25T10:00:00+0000``."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return datetime.strptime(str(value), "%Y-%m-%dT%H:%M:%S%z").timestamp()
    except ValueError:
        return None


class FacebookChannel(Channel):
    name = "facebook"
    posting_calls = (("POST", r"/feed$"), ("POST", r"/photos$"), ("POST", r"/videos$"))

    def __init__(
        self,
        token: str,
        page_id: str,
        *,
        app_id: str | None = None,
        base_url: str = DEFAULT_BASE,
        video_base_url: str = DEFAULT_VIDEO_BASE,
        session: Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        progress: Progress | None = None,
        upload_piece: int = 4 * 1024 * 1024,
    ) -> None:
        self.page_id = page_id
        self.app_id = app_id
        self.progress = progress or NoProgress()
        self.upload_piece = upload_piece
        self.token = token

        def classify(response: httpx.Response) -> Any:
            return meta.classify("facebook", "HUMAS_FACEBOOK_TOKEN", DOC, response)

        self.session = session or Session(sleep=sleep)
        headers = {"Authorization": f"Bearer {token}"}
        self.api = Api(
            "facebook",
            base_url,
            headers=headers,
            secrets=[token],
            session=self.session,
            classify=classify,
        )
        self.video_api = Api(
            "facebook",
            video_base_url,
            headers=headers,
            secrets=[token],
            session=self.session,
            classify=classify,
        )

    def schedules(self, publish_at: datetime, current: datetime) -> bool:
        """The Page schedules posts 10 minutes to 30 days ahead."""
        return SCHEDULE_MIN <= aware(publish_at) - current <= SCHEDULE_MAX

    def page(self) -> dict[str, Any]:
        response = self.api.call(
            "GET", f"/{self.page_id}", idempotent=True, params={"fields": "id,name"}, what=_("read the Page")
        )
        return dict(self.api.json(response))

    # -- publish ---------------------------------------------------------------------------------

    def _schedule(self, post: Post) -> dict[str, str]:
        if post.publish_at is None:
            return {}
        publish_at = aware(post.publish_at)
        if not self.schedules(publish_at, now()):
            return {}
        return {"published": "false", "scheduled_publish_time": str(int(publish_at.timestamp()))}

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block: FacebookBlock = block_of(post, FacebookBlock)
        schedule = self._schedule(post)
        if block.video:
            return self._video(post, block, journal, schedule)
        if len(block.media) == 1:
            params = {"caption": block.caption, **schedule}
            url = post.media_urls.get(block.media[0])
            files = None
            if url:
                params["url"] = url
            else:
                path = post.media_path(block.media[0])
                files = {"source": (path.name, path.open("rb"), "application/octet-stream")}
            self._before(journal, "scheduled_posts" if schedule else "feed")
            try:
                response = self.api.call(
                    "POST",
                    f"/{self.page_id}/photos",
                    idempotent=False,
                    data=params,
                    files=files,
                    what=_("post the photo"),
                )
            finally:
                if files:
                    files["source"][1].close()
            data = self.api.json(response)
            return self._done(journal, str(data.get("post_id") or data["id"]), scheduled=bool(schedule))
        params = {"message": block.caption, **schedule}
        if block.link:
            params["link"] = block.link
        if block.media:
            photo_ids = self._photos(post, block, journal, temporary=bool(schedule))
            for index, photo in enumerate(photo_ids):
                params[f"attached_media[{index}]"] = f'{{"media_fbid":"{photo}"}}'
        self._before(journal, "scheduled_posts" if schedule else "feed")
        response = self.api.call(
            "POST", f"/{self.page_id}/feed", idempotent=False, data=params, what=_("post to the Page")
        )
        return self._done(journal, str(self.api.json(response)["id"]), scheduled=bool(schedule))

    def _photos(self, post: Post, block: FacebookBlock, journal: Journal, *, temporary: bool) -> list[str]:
        """Unpublished photos (nothing appears on the Page) to attach to one post."""
        ids: list[str] = list(journal.get("photo_ids") or [])
        for name in block.media[len(ids) :]:
            params = {"published": "false"}
            if temporary:
                params["temporary"] = "true"
            url = post.media_urls.get(name)
            if url:
                params["url"] = url
                response = self.api.call(
                    "POST",
                    f"/{self.page_id}/photos",
                    idempotent=True,
                    data=params,
                    what=_("upload the photo {name}", name=name),
                )
            else:
                path = post.media_path(name)
                with path.open("rb") as handle:
                    response = self.api.call(
                        "POST",
                        f"/{self.page_id}/photos",
                        idempotent=False,
                        data=params,
                        files={"source": (name, handle, "application/octet-stream")},
                        what=_("upload the photo {name}", name=name),
                    )
            ids.append(str(self.api.json(response)["id"]))
            journal.note("photo_ids", ids)
        return ids

    def _video(self, post: Post, block: FacebookBlock, journal: Journal, schedule: dict[str, str]) -> Receipt:
        if not self.app_id:
            raise PermanentError(
                _("facebook: a video needs the app id for Meta's upload API"),
                action=_("Set HUMAS_FACEBOOK_APP_ID ({doc}).", doc=DOC),
            )
        assert block.video is not None
        handle = journal.get("handle") or self._upload(post, block.video, journal)
        params = {
            "title": post.title,
            "description": block.caption,
            "fbuploader_video_file_chunk": handle,
            **schedule,
        }
        self._before(journal, "videos")
        response = self.video_api.call(
            "POST", f"/{self.page_id}/videos", idempotent=False, data=params, what=_("post the video")
        )
        return self._done(journal, str(self.api.json(response)["id"]), scheduled=bool(schedule), video=True)

    def _upload(self, post: Post, name: str, journal: Journal) -> str:
        path = post.media_path(name)
        size = path.stat().st_size
        session = journal.get("session")
        offset = self._session_offset(session) if session else None
        if not session or offset is None:
            kind = path.suffix.lower().lstrip(".")
            response = self.api.call(
                "POST",
                f"/{self.app_id}/uploads",
                idempotent=True,
                params={
                    "file_name": path.name,
                    "file_length": str(size),
                    "file_type": VIDEO_TYPES[kind] if kind in VIDEO_TYPES else _refuse_type(path.name),
                },
                what=_("open an upload session"),
            )
            session = str(self.api.json(response)["id"])
            journal.note("session", session)
            offset = 0
        task = self.progress.task(self.name, name, size)
        try:
            task.update(offset)
            response = self.api.call(
                "POST",
                f"/{session}",
                idempotent=False,
                what=_("upload the video"),
                headers={
                    "Authorization": f"OAuth {self.token}",
                    "file_offset": str(offset),
                    "Content-Length": str(size - offset),
                    "Content-Type": "application/octet-stream",
                },
                body=lambda: file_pieces(path, offset, size - offset, on_progress=task.update, piece=self.upload_piece),
            )
        finally:
            task.close()
        handle = str(self.api.json(response)["h"])
        journal.note("handle", handle)
        return handle

    def _session_offset(self, session: str) -> int | None:
        """How many bytes of the session arrived, or None if the session is gone."""
        try:
            response = self.api.call(
                "GET",
                f"/{session}",
                idempotent=True,
                headers={"Authorization": f"OAuth {self.token}"},
                what=_("ask how much of the video arrived"),
            )
        except PermanentError:
            return None
        return int(self.api.json(response).get("file_offset") or 0)

    def _before(self, journal: Journal, edge: str) -> None:
        """Noted before the call that posts. Meta answers ``{"id": "<page_post_id>"}`` (photos: ``post_id``;
        https://developers.facebook.com/docs/pages-api/posts): that id, once answered, is the handle
        (``post_id``); without an answer the post is looked for on ``edge`` since ``attempt_at``."""
        journal.note("edge", edge)
        journal.note("attempt_at", int(now().timestamp()))

    def _done(self, journal: Journal, post_id: str, *, scheduled: bool, video: bool = False) -> Receipt:
        journal.note("post_id", post_id)
        return self._receipt(post_id, scheduled=scheduled, video=video)

    def _receipt(self, post_id: str, *, scheduled: bool, video: bool = False, url: str | None = None) -> Receipt:
        if url is None:
            url = (
                f"https://www.facebook.com/{self.page_id}/videos/{post_id}"
                if video
                else f"https://www.facebook.com/{post_id}"
            )
        return Receipt(
            channel=self.name,
            post_id=post_id,
            url=url,
            at=now(),
            details={"scheduled": True} if scheduled else {},
        )

    # -- reconcile -------------------------------------------------------------------------------

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        block: FacebookBlock = block_of(post, FacebookBlock)
        post_id = journal.get("post_id")
        edge = str(journal.get("edge") or ("videos" if block.video else "feed"))
        if post_id:
            return self._receipt(str(post_id), scheduled=edge == "scheduled_posts", video=edge == "videos")
        since = journal.get("attempt_at")
        if since is None:
            return None  # the call that posts was never made
        found = self.choose(post, self._find(edge, block.caption, int(since) - 300), block.caption, _("the Page"))
        if found is None:
            return None
        journal.note("post_id", found.post_id)
        return found

    def lookup(self, post: Post) -> Receipt | None:
        """The Page's post with this text since the publication was approved that no other publication
        holds (``Channel.choose``), on every edge it may show on."""
        block: FacebookBlock = block_of(post, FacebookBlock)
        since = int(post.approved_at.timestamp()) - 300 if post.approved_at else 0
        edges = ("videos",) if block.video else ("feed", "scheduled_posts")
        on = {item.post_id: (edge, item) for edge in edges for item in self._find(edge, block.caption, since)}
        found = self.choose(post, [item for _edge, item in on.values()], block.caption, _("the Page"))
        if found is None:
            return None
        return Receipt(
            found.channel, found.post_id, found.url, found.at, {**found.details, "found": on[found.post_id][0]}
        )

    def _find(self, edge: str, text: str, since: int) -> list[Receipt]:
        """The Page's posts on ``edge`` with ``text``, made at ``since`` or later."""
        fields = "id,description,created_time" if edge == "videos" else "id,message,created_time,permalink_url"
        response = self.api.call(
            "GET",
            f"/{self.page_id}/{edge}",
            idempotent=True,
            params={"fields": fields, "since": str(since), "limit": "50"},
            what=_("look for the post on the Page"),
        )
        found = []
        for item in self.api.json(response).get("data") or []:
            said = item.get("message") if edge != "videos" else item.get("description")
            created = _created(item.get("created_time"))
            if normalised(str(said or "")) != normalised(text) or (created is not None and created < since):
                continue
            found.append(
                self._receipt(
                    str(item["id"]),
                    scheduled=edge == "scheduled_posts",
                    video=edge == "videos",
                    url=item.get("permalink_url"),
                )
            )
        return found


def _refuse_type(name: str) -> str:
    raise PermanentError(
        _("facebook: {name} is not an MP4 video: Meta's Resumable Upload API takes video/mp4 only", name=name),
        action=_("Convert the video to MP4 (H.264, AAC) and have the draft approved again."),
    )


# -- the channel's descriptor ----------------------------------------------------------------------


def doctor(channel: FacebookChannel, vault: TokenVault | None = None) -> list[str]:
    """The doctor: the page, and whether videos can be uploaded."""
    page = channel.page()
    lines = [_("page {name} (id {id})", name=page.get("name", "?"), id=page.get("id", channel.page_id))]
    if channel.app_id:
        lines.append(_("videos: upload through app {app}", app=channel.app_id))
    else:
        lines.append(_("videos: HUMAS_FACEBOOK_APP_ID is not set, so video posts will fail"))
    return lines


def outbox(post: Post) -> dict[str, Any]:
    """The request the outbox records: a video, photos (by their website URLs) or a feed post."""
    f = post.fields
    url = post.media_urls.get
    caption = f.get("caption") or post.title
    if f.get("video"):
        return {"endpoint": "/{page-id}/videos", "description": caption, "title": post.title, "file": f["video"]}
    if f.get("media"):
        return {
            "endpoint": "/{page-id}/photos",
            "photos": [{"url": url(m, m), "published": False} for m in f["media"]],
            "message": caption,
        }
    request = {"endpoint": "/{page-id}/feed", "message": caption}
    if f.get("link") or post.page_url:
        request["link"] = f.get("link") or post.page_url
    return request


def connect(env: Mapping[str, str], wiring: Wiring) -> FacebookChannel:
    base = env.get("HUMAS_FACEBOOK_API_BASE") or DEFAULT_BASE
    return FacebookChannel(
        env["HUMAS_FACEBOOK_TOKEN"],
        env["HUMAS_FACEBOOK_PAGE_ID"],
        app_id=env.get("HUMAS_FACEBOOK_APP_ID"),
        base_url=base,
        video_base_url=env.get("HUMAS_FACEBOOK_VIDEO_API_BASE")
        or (base if env.get("HUMAS_FACEBOOK_API_BASE") else DEFAULT_VIDEO_BASE),
        session=wiring.session,
        sleep=wiring.sleep,
        progress=wiring.progress,
    )


def editor(language: str) -> list[dict[str, Any]]:
    return [
        text_field("caption", translated(language, "Caption"), FacebookLimits.caption_max, language),
        image_list("media", translated(language, "Photos (in the order shown)"), FacebookLimits.photos_max, language),
        file_field("video", translated(language, "Video")),
        {
            "name": "link",
            "label": translated(language, "Link"),
            "widget": "string",
            "required": False,
            "pattern": ["^https?://\\S+$", translated(language, "a web address starting with http:// or https://")],
        },
    ]


SPEC = ChannelSpec(
    name="facebook",
    label="Facebook",
    block=FacebookBlock,
    check=FacebookLimits.check,
    settings=Settings(
        ("HUMAS_FACEBOOK_TOKEN", "HUMAS_FACEBOOK_PAGE_ID"),
        ("HUMAS_FACEBOOK_APP_ID",),
        tuning=("HUMAS_FACEBOOK_API_BASE", "HUMAS_FACEBOOK_VIDEO_API_BASE"),
    ),
    connect=connect,
    doctor=doctor,
    outbox=outbox,
    preview=PreviewShape(text_max=FacebookLimits.caption_max, images="media", video="video", layout="facebook"),
    editor=editor,
    scaffold=lambda title: '  facebook:\n    caption: "…"\n    media: [foto-1.jpg]',
    hosts=("graph.facebook.com", "graph-video.facebook.com"),
    docs="docs/channels/facebook.md",
)
