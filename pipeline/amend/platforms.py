"""What each platform lets humas do to a post it published, through the channel's own client (its ``Api``:
token, retries of idempotent reads on 429 and 5xx with ``Retry-After``, secrets redacted).

Every edit and delete is sent as a **non-idempotent** call: a 429, a 5xx, a timeout or a dropped answer
comes back as ``OutcomeUnknown`` and is never sent again here; the caller looks the post up first (``look``).

- Facebook Page posts: edit ``POST /{page-post-id}`` with ``message`` ("send a POST request to the
  /page_post_id endpoint with the parameters you want to update"), delete ``DELETE /{page-post-id}``, both
  answering ``{"success": true}``; read ``GET /{page-post-id}?fields=id,message,permalink_url`` (Pages API,
  Posts, https://developers.facebook.com/docs/pages-api/posts ; Page Post,
  https://developers.facebook.com/docs/graph-api/reference/page-post). "An app can only update a Page post if
  the post was made using that app": humas edits only the posts its receipts prove it made.
- Instagram: **no caption edit** (``POST /{ig-media-id}`` takes only ``comment_enabled``); delete
  ``DELETE /{ig-media-id}`` → ``{"success": true, "deleted_id": …}``, with Facebook Login only (host
  graph.facebook.com, ``instagram_basic`` + ``instagram_manage_contents``); read ``GET /{ig-media-id}``
  (IG Media, https://developers.facebook.com/docs/instagram-platform/reference/instagram-media). With
  Instagram Login (graph.instagram.com) the deletion goes to a person.
- Threads: **no edit** endpoint; delete ``DELETE /{threads-media-id}`` → ``{"success": true, "deleted_id": …}``
  (``threads_delete``, 100 deletions a day per account); read ``GET /{threads-media-id}``
  (Delete Posts, https://developers.facebook.com/docs/threads/posts/delete-posts).
- YouTube: edit ``videos.update`` ``PUT /youtube/v3/videos?part=snippet`` with the **whole** snippet ("If …
  your request does not specify a value for a property that already has a value, the property's existing
  value will be deleted"): the current snippet is read first and only the title and description change
  (https://developers.google.com/youtube/v3/docs/videos/update); delete ``videos.delete`` → 204, and 404
  ``videoNotFound`` "The video that you are trying to delete cannot be found"
  (https://developers.google.com/youtube/v3/docs/videos/delete); read ``videos.list?part=snippet&id=``.
- TikTok: neither edit nor delete in the Content Posting API or the Display API: a person does both.

What no document says, and how it is met (UNCONFIRMED): Meta documents no answer to a second delete nor to
reading a deleted object; what is observed is HTTP 400, code 100, subcode 33 "Object with ID … does not
exist, cannot be loaded due to missing permissions, or does not support this operation", which says the
same of a missing permission. YouTube's ``videos.list`` leaving a deleted id out of ``items`` is observed,
not documented. So such an answer (``NotFound``) proves a post gone **only** when this act's own deletion
was sent before it (the archive notes it before the call); otherwise a person looks. YouTube's 404
``videoNotFound`` to ``videos.delete`` is documented and proves it.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..archive.models import ReceiptEntry
from ..channels.base import Channel, ChannelError, OutcomeUnknown, PermanentError
from ..channels.http import Api
from ..channels.meta import graph_error
from ..messages import _
from .act import Act

if TYPE_CHECKING:
    import httpx

NOT_FOUND_CODE = 100
"""Graph API code 100 (with subcode 33): "Object with ID … does not exist, cannot be loaded due to missing
permissions, or does not support this operation" (observed; Graph API, Handling Errors, code 100
"Invalid parameter")."""

FORCE_SSL = "https://www.googleapis.com/auth/youtube.force-ssl"
"""videos.update and videos.delete: scope ``youtube``, ``youtube.force-ssl`` or ``youtubepartner``; posting needs only
``youtube.upload``, which is not enough."""

SNIPPET_KEPT = ("title", "description", "categoryId", "tags", "defaultLanguage", "defaultAudioLanguage")
"""The video snippet's writable properties (videos.update: snippet.title, snippet.categoryId required;
snippet.description, snippet.tags[], snippet.defaultLanguage), sent back whole on every update."""


def refusal_of(api: Api, response: httpx.Response, *, sent: bool) -> ChannelError:
    """The error an answer means, as ``Api`` raises it: after an edit or delete (``sent``) a refusal that is not
    permanent (a rate limit, a transient error) is ``OutcomeUnknown``: the post is looked up before anything else."""
    refusal = api.classify(response)
    refusal.message = api.redact(refusal.message)
    refusal.platform_message = api.redact(refusal.platform_message)
    refusal.args = (refusal.message,)
    if sent and not isinstance(refusal, PermanentError):
        unknown = OutcomeUnknown(
            refusal.message, platform_message=refusal.platform_message, retry_after=refusal.retry_after
        )
        unknown.answered_status = response.status_code
        return unknown
    return refusal


class NotFound(PermanentError):
    """The platform says it cannot find the post. ``documented``: its documentation says this answer means
    the post does not exist (YouTube's 404 ``videoNotFound``); else it may also mean a missing permission."""

    def __init__(self, message: str, *, documented: bool, platform_message: str = "") -> None:
        super().__init__(message, platform_message=platform_message)
        self.documented = documented


@dataclass(frozen=True)
class Look:
    """A post as the platform shows it now."""

    texts: Mapping[str, str] = field(default_factory=dict)
    snippet: Mapping[str, Any] = field(default_factory=dict)


class Amender(ABC):
    platform: ClassVar[str]
    edits: ClassVar[bool] = False
    deletes: ClassVar[bool] = False

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.api: Api = channel.api  # type: ignore[attr-defined]

    def can(self, kind: str, receipt: ReceiptEntry) -> bool:
        """Whether the platform's API does ``kind`` to the post of ``receipt`` (else a person does it)."""
        return self.edits if kind == "edit" else self.deletes

    def look(self, post_id: str) -> Look | None:
        """The post now, or None when the platform answers that it cannot find it."""
        raise NotImplementedError

    def edit(self, act: Act) -> None:
        raise NotImplementedError

    def delete(self, post_id: str) -> None:
        """Raises ``NotFound`` when the platform answers that it cannot find the post."""
        raise NotImplementedError

    def applied(self, look: Look, act: Act) -> bool:
        """Whether the post already shows the act's corrected texts."""
        return all(look.texts.get(key) == value for key, value in act.texts().items())


class GraphAmender(Amender):
    """Facebook, Instagram and Threads: one object per id on Meta's Graph API."""

    fields: ClassVar[str] = "id"
    text_field: ClassVar[str] = ""

    def _not_found(self, response: httpx.Response) -> NotFound | None:
        error = graph_error(response)
        if response.status_code == 400 and error.get("code") == NOT_FOUND_CODE:
            said = self.api.redact(str(error.get("message") or ""))
            return NotFound(
                _("{platform}: the platform cannot find the post: {said}", platform=self.platform, said=said),
                documented=False,
                platform_message=said,
            )
        return None

    def _refusal(self, response: httpx.Response, *, sent: bool = True) -> ChannelError:
        found = self._not_found(response)
        return found if found is not None else refusal_of(self.api, response, sent=sent)

    def look(self, post_id: str) -> Look | None:
        response = self.api.call(
            "GET",
            f"/{post_id}",
            idempotent=True,
            params={"fields": self.fields},
            expect=(400,),
            what=_("look up the post {post}", post=post_id),
        )
        if response.status_code == 400:
            if self._not_found(response) is not None:
                return None
            raise self._refusal(response, sent=False)
        data = self.api.json(response)
        if not isinstance(data, dict) or str(data.get("id")) != post_id:
            return None
        text = data.get(self.text_field) if self.text_field else None
        return Look(texts={"text": str(text)} if isinstance(text, str) else {})

    def delete(self, post_id: str) -> None:
        response = self.api.call(
            "DELETE", f"/{post_id}", idempotent=False, expect=(400,), what=_("delete the post {post}", post=post_id)
        )
        if response.status_code == 400:
            raise self._refusal(response)


class FacebookAmender(GraphAmender):
    platform = "facebook"
    edits = deletes = True
    fields = "id,message,permalink_url"
    text_field = "message"

    def can(self, kind: str, receipt: ReceiptEntry) -> bool:
        # a Page video (its receipt's URL is /{page}/videos/{id}): editing and deleting the video node are
        # in Meta's SDK only, not in the documents (UNCONFIRMED): a person does it
        return "/videos/" not in (receipt.url or "")

    def edit(self, act: Act) -> None:
        response = self.api.call(
            "POST",
            f"/{act.post_id}",
            idempotent=False,
            data={"message": act.text or ""},
            expect=(400,),
            what=_("correct the post {post}", post=act.post_id),
        )
        if response.status_code == 400:
            raise self._refusal(response)


class InstagramAmender(GraphAmender):
    platform = "instagram"
    fields = "id,permalink,caption"
    text_field = "caption"

    def can(self, kind: str, receipt: ReceiptEntry) -> bool:
        # deleting needs Facebook Login (graph.facebook.com); Instagram Login cannot delete
        return kind == "delete" and "graph.instagram.com" not in self.api.base_url


class ThreadsAmender(GraphAmender):
    platform = "threads"
    deletes = True
    fields = "id,text,permalink"
    text_field = "text"


class YouTubeAmender(Amender):
    platform = "youtube"
    edits = deletes = True

    def _auth(self) -> dict[str, str]:
        return dict(self.channel._auth())  # type: ignore[attr-defined]

    def applied(self, look: Look, act: Act) -> bool:
        wanted = {key: value for key, value in act.texts().items() if key in ("title", "description")}
        return bool(wanted) and all(look.texts.get(key) == value for key, value in wanted.items())

    def _reason(self, response: httpx.Response) -> str:
        try:
            error = response.json().get("error") or {}
            return str(((error.get("errors") or [{}])[0] or {}).get("reason") or "")
        except (ValueError, AttributeError, TypeError, IndexError):
            return ""

    def _refusal(self, response: httpx.Response) -> ChannelError:
        if response.status_code == 403 and self._reason(response) in ("insufficientPermissions", "forbidden"):
            return PermanentError(
                _(
                    "youtube: correcting or deleting a video needs the scope {scope}, which the token lacks",
                    scope=FORCE_SSL,
                ),
                platform_message=self._reason(response),
                action=_(
                    "Authorise again with the scope {scope} and set HUMAS_YOUTUBE_REFRESH_TOKEN ({doc}).",
                    scope=FORCE_SSL,
                    doc="docs/channels/youtube.md",
                ),
            )
        if response.status_code == 404 and self._reason(response) == "videoNotFound":
            return NotFound(
                _(
                    "{platform}: the platform cannot find the post: {said}",
                    platform=self.platform,
                    said="videoNotFound",
                ),
                documented=True,
                platform_message="videoNotFound",
            )
        return refusal_of(self.api, response, sent=True)

    def look(self, post_id: str) -> Look | None:
        response = self.api.call(
            "GET",
            "/youtube/v3/videos",
            idempotent=True,
            headers=self._auth(),
            params={"part": "snippet", "id": post_id},
            what=_("look up the post {post}", post=post_id),
        )
        data = self.api.json(response)
        for item in (data.get("items") if isinstance(data, dict) else None) or []:
            if isinstance(item, dict) and item.get("id") == post_id and isinstance(item.get("snippet"), dict):
                snippet = item["snippet"]
                texts = {key: str(snippet.get(key) or "") for key in ("title", "description")}
                return Look(texts=texts, snippet=snippet)
        return None

    def edit(self, act: Act) -> None:
        current = self.look(act.post_id)
        if current is None:
            raise NotFound(
                _("{platform}: the platform cannot find the post: {said}", platform=self.platform, said=act.post_id),
                documented=False,
            )
        snippet = {key: current.snippet[key] for key in SNIPPET_KEPT if key in current.snippet}
        snippet.update({key: value for key, value in act.texts().items() if key in ("title", "description")})
        response = self.api.call(
            "PUT",
            "/youtube/v3/videos",
            idempotent=False,
            headers=self._auth(),
            params={"part": "snippet"},
            json={"id": act.post_id, "snippet": snippet},
            expect=(400, 403, 404),
            what=_("correct the post {post}", post=act.post_id),
        )
        if response.status_code >= 400:
            raise self._refusal(response)

    def delete(self, post_id: str) -> None:
        response = self.api.call(
            "DELETE",
            "/youtube/v3/videos",
            idempotent=False,
            headers=self._auth(),
            params={"id": post_id},
            expect=(403, 404),
            what=_("delete the post {post}", post=post_id),
        )
        if response.status_code >= 400:
            raise self._refusal(response)


AMENDERS: dict[str, type[Amender]] = {
    "facebook": FacebookAmender,
    "instagram": InstagramAmender,
    "threads": ThreadsAmender,
    "youtube": YouTubeAmender,
}
"""TikTok has none: a person edits or deletes there."""
