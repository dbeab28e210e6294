"""What Meta's Graph API errors mean, for Instagram, Threads and Facebook alike; and Meta's container
flow, which Instagram and Threads share (``ContainerChannel``).

The error object is ``{"error": {"message", "type", "code", "error_subcode", "error_user_title",
"error_user_msg", "is_transient", "fbtrace_id"}}``, usually with HTTP 400. The code says whether a
person must act (token, permission, duplicate, policy) or whether waiting helps (rate limits,
transient server errors, the daily publishing cap).
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from ..messages import _
from .base import Channel, ChannelError, Journal, OutcomeUnknown, PermanentError, Post, Receipt, RetryableError
from .common import block_of, now
from .http import Api, Session, generic_error, wait_hint

if TYPE_CHECKING:
    import httpx

GRAPH_VERSION = "v25.0"

RATE_LIMIT_CODES = {4, 17, 32, 341, 613, 80001, 80002, 80004}
TRANSIENT_CODES = {1, 2, -1, -2}
DAILY_CAP = (9, 2207042)
NOT_READY = (9007, 2207027)

DAY = 24 * 3600.0
POLL_INTERVAL = 60.0
POLL_LIMIT = 5
"""Meta: query a container's status "no more than once per minute, for no more than 5 minutes" (Instagram
Platform, Content Publishing, Troubleshooting); Threads: "once per minute, for no more than 5 minutes"
(Threads API, Troubleshooting)."""


def graph_error(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


def classify(platform: str, token_variable: str, doc: str, response: httpx.Response) -> ChannelError:
    """The ``ChannelError`` a Graph API error response means."""
    error = graph_error(response)
    if not error:
        return generic_error(platform, response)
    code = error.get("code")
    subcode = error.get("error_subcode")
    text = str(error.get("error_user_msg") or error.get("message") or "")
    said = f"{text} (code {code}{f', subcode {subcode}' if subcode else ''})"
    hint = wait_hint(response)
    if (code, subcode) == DAILY_CAP:
        return RetryableError(
            _("{platform}: the daily publishing limit is reached: {said}", platform=platform, said=said),
            platform_message=text,
            retry_after=hint or DAY,
            action=_(
                "Nothing to fix: humas publish posts it on a run after the limit resets (a 24-hour moving window)."
            ),
        )
    if (code, subcode) == NOT_READY:
        return RetryableError(
            _("{platform}: the media is not ready yet: {said}", platform=platform, said=said),
            platform_message=text,
            retry_after=hint,
            action=_("Wait, then try again."),
        )
    if response.status_code == 429 or code in RATE_LIMIT_CODES:
        return RetryableError(
            _("{platform}: Meta's rate limit is reached: {said}", platform=platform, said=said),
            platform_message=text,
            retry_after=hint,
            action=_("Wait and run humas publish again."),
        )
    if code == 190:
        return PermanentError(
            _("{platform}: the access token is expired or invalid: {said}", platform=platform, said=said),
            platform_message=text,
            action=_(
                "Create a new token and set it as the secret {variable} ({doc}).", variable=token_variable, doc=doc
            ),
        )
    if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
        return PermanentError(
            _("{platform}: a permission is missing: {said}", platform=platform, said=said),
            platform_message=text,
            action=_(
                "Grant the permissions listed in {doc}, then create a new token and set it as {variable}.",
                doc=doc,
                variable=token_variable,
            ),
        )
    if code == 506:
        return PermanentError(
            _("{platform}: Meta refuses a duplicate post: {said}", platform=platform, said=said),
            platform_message=text,
            action=_("The same text was posted recently; check the account."),
        )
    if code == 368:
        return PermanentError(
            _("{platform}: Meta blocked the post for a policy reason: {said}", platform=platform, said=said),
            platform_message=text,
            action=_("Read Meta's message in the account's Support Inbox; change the content or appeal."),
        )
    if error.get("is_transient") or code in TRANSIENT_CODES or response.status_code >= 500:
        return RetryableError(
            _("{platform}: Meta failed for a moment: {said}", platform=platform, said=said),
            platform_message=text,
            retry_after=hint,
            action=_("Try again later."),
        )
    return PermanentError(
        _("{platform}: Meta refused the request: {said}", platform=platform, said=said),
        platform_message=text,
        action=_("Read Meta's message and fix the content or the account."),
    )


# -- the container flow ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """What a container channel says in its own name (each a call, so that it is said in the language of
    the moment)."""

    fetch_failed: Callable[[str], str]  # a dead container whose media may be fetched on a new attempt
    process_failed: Callable[[str], str]  # a dead container whose media the platform refuses
    media_rules: Callable[[], str]  # what to check in the media then
    still_processing: Callable[[], str]
    limit_reached: Callable[[int, int], str]  # (used, total)
    keep_expiring: Callable[[], str]
    lost: Callable[[], str]  # the container is published but the post is not found
    lost_action: Callable[[], str]
    where: Callable[[], str]  # where posts are looked for (``Channel.choose``)
    listing: Callable[[], str]  # the call that lists the account's latest posts


class ContainerChannel(Channel):
    """Meta's two-step publishing, as Instagram and Threads share it: read the publishing limit (never a
    hard-coded cap) → create the media container(s) (this posts nothing, so it may be repeated; its id is
    noted before it is polled or published) → poll the container's status until it leaves
    ``IN_PROGRESS`` → ``{edge}_publish`` → read the permalink.

    ``{edge}_publish`` is the one call that posts: before it the journal holds the container id, so a lost
    answer is settled by reading the container (``PUBLISHED``: the post exists, never publish again) and
    finding the post among the account's latest ones since the call. A post found by its text is taken
    only when it can be no other publication's (``Channel.choose``).

    A channel names what differs: ``edge`` (``/{user-id}/{edge}`` creates containers and lists the posts;
    ``{edge}_publish`` publishes), ``limit_edge`` (the publishing limit), ``status_fields`` (the
    container's status and its error text), ``text_field`` (the post's text, in its block and in a
    listing), ``earliest_since`` (a listing's ``since``, for a platform that takes one), the ``block``
    class, ``words``, ``_transient`` (a dead container's error that passes) and ``_containers``.

    Journal keys: ``children`` (carousel item containers), ``container``, ``attempt_at``, ``media_id``.
    """

    edge: ClassVar[str]
    limit_edge: ClassVar[str]
    status_fields: ClassVar[tuple[str, str]]
    text_field: ClassVar[str]
    earliest_since: ClassVar[int | None] = None
    block: ClassVar[type[Any]]
    words: ClassVar[Words]
    token_variable: ClassVar[str]
    doc: ClassVar[str]
    default_base: ClassVar[str]

    def __init__(
        self,
        token: str,
        user_id: str,
        *,
        base_url: str | None = None,
        session: Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        poll_interval: float = POLL_INTERVAL,
        poll_limit: int = POLL_LIMIT,
    ) -> None:
        """``base_url`` is the platform's (``default_base``) unless given."""
        self.user_id = user_id
        self.sleep = sleep
        self.poll_interval = poll_interval
        self.poll_limit = poll_limit
        self.session = session or Session(sleep=sleep)
        self.api = Api(
            self.name,
            self.default_base if base_url is None else base_url,
            headers={"Authorization": f"Bearer {token}"},
            secrets=[token],
            session=self.session,
            classify=self._classify,
        )

    def _classify(self, response: httpx.Response) -> ChannelError:
        return classify(self.name, self.token_variable, self.doc, response)

    @abstractmethod
    def _transient(self, error: str) -> bool:
        """Whether a dead container's error passes (a new container may then succeed)."""

    @abstractmethod
    def _containers(self, post: Post, block: Any, journal: Journal) -> str:
        """The container to publish, made (with its carousel items, if any) from the website's media."""

    # -- the platform --------------------------------------------------------------------------------

    def quota(self) -> tuple[int, int]:
        """(posts used, posts allowed) in the moving 24-hour window."""
        response = self.api.call(
            "GET",
            f"/{self.user_id}/{self.limit_edge}",
            idempotent=True,
            params={"fields": "quota_usage,config"},
            what=_("read the publishing limit"),
        )
        data = (self.api.json(response).get("data") or [{}])[0]
        return int(data.get("quota_usage") or 0), int((data.get("config") or {}).get("quota_total") or 0)

    def account(self) -> dict[str, Any]:
        response = self.api.call(
            "GET", f"/{self.user_id}", idempotent=True, params={"fields": "id,username"}, what=_("read the account")
        )
        return dict(self.api.json(response))

    def _create(self, params: dict[str, str], what: str) -> str:
        response = self.api.call("POST", f"/{self.user_id}/{self.edge}", idempotent=True, data=params, what=what)
        return str(self.api.json(response)["id"])

    def _status(self, container: str) -> tuple[str, str]:
        """The container's (status, error text)."""
        status, error = self.status_fields
        response = self.api.call(
            "GET",
            f"/{container}",
            idempotent=True,
            params={"fields": f"{status},{error}"},
            what=_("read the container status"),
        )
        data = self.api.json(response)
        return str(data.get(status) or ""), str(data.get(error) or "")

    def _forget(self, journal: Journal) -> None:
        journal.note("container", None)
        journal.note("children", None)

    def _wait_finished(self, container: str, journal: Journal) -> str:
        """Poll until the container leaves IN_PROGRESS; its final status. A container in ERROR is dead: it
        is forgotten (the next attempt makes a new one) and the error says why."""
        for poll in range(self.poll_limit):
            status, error = self._status(container)
            if status == "ERROR":
                self._forget(journal)
                if self._transient(error):
                    raise RetryableError(
                        self.words.fetch_failed(error),
                        platform_message=error,
                        action=_("Nothing to fix if the website is up: humas publish makes a new container."),
                    )
                raise PermanentError(
                    self.words.process_failed(error or "ERROR"),
                    platform_message=error,
                    action=self.words.media_rules(),
                )
            if status != "IN_PROGRESS":
                return status
            if poll + 1 < self.poll_limit:
                self.sleep(self.poll_interval)
        raise RetryableError(
            self.words.still_processing(),
            action=_("Run humas publish again later; the container is reused."),
        )

    def publish(self, post: Post, journal: Journal) -> Receipt:
        block = block_of(post, self.block)
        used, total = self.quota()
        if total and used >= total:
            raise RetryableError(
                self.words.limit_reached(used, total),
                retry_after=DAY,
                action=_("Nothing to fix: humas publish posts it on a run after the limit resets."),
            )
        for _attempt in range(3):
            container = journal.get("container")
            if container is None:
                container = self._containers(post, block, journal)
                journal.note("container", container)
            status = self._wait_finished(container, journal)
            if status == "PUBLISHED":
                receipt = self.reconcile(post, journal)
                if receipt is not None:
                    return receipt
            if status == "FINISHED":
                break
            self._forget(journal)  # EXPIRED: a container not published within 24 hours; make a new one
        else:
            raise RetryableError(self.words.keep_expiring(), action=_("Try again later."))
        journal.note("attempt_at", int(now().timestamp()))  # the post, if any, is made from here on
        response = self.api.call(
            "POST",
            f"/{self.user_id}/{self.edge}_publish",
            idempotent=False,
            data={"creation_id": container},
            what=_("publish the container"),
        )
        media_id = str(self.api.json(response)["id"])
        journal.note("media_id", media_id)
        return self._receipt(media_id, container)

    def _receipt(self, media_id: str, container: str) -> Receipt:
        try:
            response = self.api.call(
                "GET", f"/{media_id}", idempotent=True, params={"fields": "permalink"}, what=_("read the permalink")
            )
            permalink = self.api.json(response).get("permalink")
        except (RetryableError, PermanentError):
            permalink = None  # the post exists; its link is a nicety
        return Receipt(channel=self.name, post_id=media_id, url=permalink, at=now(), details={"container": container})

    def _text(self, post: Post) -> str:
        return str(getattr(block_of(post, self.block), self.text_field))

    def reconcile(self, post: Post, journal: Journal) -> Receipt | None:
        """The container says whether ``{edge}_publish`` took effect (``PUBLISHED``). Meta gives no media
        id on a container (IG Container reference: ``id``, ``status``, ``status_code``,
        https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container), so
        the post is then found among the account's latest posts since the call, and must be the only one
        that can be this publication's."""
        media_id = journal.get("media_id")
        container = journal.get("container")
        if media_id:
            return self._receipt(str(media_id), str(container))
        if not container:
            return None  # no container: {edge}_publish was never called
        status, _error = self._status(str(container))
        if status != "PUBLISHED":
            return None
        attempt = journal.get("attempt_at")
        since = float(attempt) - 300 if attempt is not None else None
        text = self._text(post)
        found = self.choose(post, self._find(text, since, str(container)), text, self.words.where())
        if found is None:
            raise OutcomeUnknown(self.words.lost(), action=self.words.lost_action())
        journal.note("media_id", found.post_id)
        return found

    def lookup(self, post: Post) -> Receipt | None:
        """A post of the account with this text, made since the publication was approved, that no other
        publication holds (``Channel.choose``)."""
        since = post.approved_at.timestamp() - 300 if post.approved_at else None
        text = self._text(post)
        found = self.choose(post, self._find(text, since, ""), text, self.words.where())
        if found is None:
            return None
        return Receipt(found.channel, found.post_id, found.url, found.at, {"found": self.edge})

    def _find(self, text: str, since: float | None, container: str) -> list[Receipt]:
        """Every one of the account's latest posts with ``text`` (whitespace at the ends aside), posted at
        ``since`` or later, newest first (``since`` is also sent, as a Unix time no earlier than
        ``earliest_since``, to a platform that takes it)."""
        params = {"fields": f"id,{self.text_field},permalink,timestamp", "limit": "25"}
        if since is not None and self.earliest_since is not None:
            params["since"] = str(max(int(since), self.earliest_since))
        response = self.api.call(
            "GET", f"/{self.user_id}/{self.edge}", idempotent=True, params=params, what=self.words.listing()
        )
        found = []
        for item in self.api.json(response).get("data") or []:
            if (item.get(self.text_field) or "").strip() != text.strip():
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
        return True  # no readable time: the text decides


def doctor_lines(channel: ContainerChannel, unknown_id: str) -> list[str]:
    """The doctor's lines of a container channel: the account (``unknown_id`` when Meta names no id),
    and the publishing quota used."""
    account = channel.account()
    used, total = channel.quota()
    lines = [
        _("account @{username} (id {id})", username=account.get("username", "?"), id=account.get("id", unknown_id)),
        _("publishing limit: {used} of {total} posts used in the last 24 hours", used=used, total=total),
    ]
    if total and used >= total:
        lines.append(_("the limit is reached: new posts wait until the window moves on"))
    lines.append(_("media are fetched from the website: deploy it before publishing"))
    return lines
