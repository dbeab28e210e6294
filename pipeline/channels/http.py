"""The HTTP client the four social channels share.

One ``Session`` per run: one ``httpx.Client`` for every platform and every call of the run, the one retry
policy (``pipeline/retry.py``) and the budget of the post being sent. One ``Api`` per platform base URL:
its headers, its secrets, its classification of refusals, and which calls may be repeated.

- A call that never reached the server (connection refused, connect timeout) is retried.
- 429 and 5xx are retried by the policy, honouring ``Retry-After`` and Meta's
  ``X-Business-Use-Case-Usage`` (``estimated_time_to_regain_access``, in minutes) when the wait is
  short and the post's budget allows it; otherwise the ``RetryableError`` goes up carrying
  ``retry_after`` so that the run moves on and a later run posts.
- A **non-idempotent** call (one that may create a post) that reached the server is never repeated
  here: a lost answer, a timeout, a 5xx, a 429 or any refusal that is not permanent raises
  ``OutcomeUnknown`` (Meta has answered "action blocked" for a post that went live), and the runner
  asks the platform what happened before anything else.
- Secrets never leave this module in a message: every text taken from a response passes through
  ``redact``; logs carry the method and the path, never the query string.
"""

from __future__ import annotations

import json
import logging
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import retry
from ..messages import _
from ..problems import ChannelError, OutcomeUnknown, PermanentError, RetryableError
from ..redact import redact
from ..retry import POLICY, Budget, RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    import httpx

# httpx is imported where a request is made (the Session, the Api's calls), not with this module, for start-up
# time: the channels' specs import this module, and humas check, status or review send no request.

log = logging.getLogger("humas.channels")

Classify = Callable[["httpx.Response"], ChannelError]
Sleep = Callable[[float], None]

PIECE = 1024 * 1024
"""How much of a file is read at a time when streaming an upload."""

TIMEOUT = {"connect": 10.0, "read": 120.0, "write": 120.0, "pool": 10.0}
"""The seconds of each phase of a request (``httpx.Timeout``'s)."""


def parse_buc_wait(value: str | None) -> float | None:
    """Seconds until Meta lets the app call again, from ``X-Business-Use-Case-Usage``.

    The header maps a business object id to a list of usages, each with
    ``estimated_time_to_regain_access`` in minutes; the longest one counts.
    """
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    minutes = 0.0
    if isinstance(data, dict):
        for usages in data.values():
            for usage in usages if isinstance(usages, list) else []:
                if isinstance(usage, dict):
                    try:
                        minutes = max(minutes, float(usage.get("estimated_time_to_regain_access") or 0))
                    except (TypeError, ValueError):
                        continue
    return minutes * 60 if minutes > 0 else None


def wait_hint(response: httpx.Response) -> float | None:
    """The platform's own word on how long to wait, if it gave one."""
    hints = [
        parse_retry_after(response.headers.get("Retry-After")),
        parse_buc_wait(response.headers.get("X-Business-Use-Case-Usage")),
    ]
    known = [hint for hint in hints if hint is not None]
    return max(known) if known else None


def file_pieces(
    path: Path,
    start: int,
    length: int,
    *,
    on_progress: Callable[[int], None] | None = None,
    piece: int = PIECE,
) -> Iterator[bytes]:
    """``length`` bytes of ``path`` from ``start``, read ``piece`` bytes at a time.

    ``on_progress`` receives the absolute offset reached after each piece, so progress stays right
    when a chunk is sent again.
    """
    with path.open("rb") as handle:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(piece, left))
            if not data:
                raise OSError(_("{name} became shorter while it was being uploaded", name=path.name))
            left -= len(data)
            yield data
            if on_progress is not None:
                on_progress(start + length - left)


class Session:
    """What every client of one run shares: one ``httpx.Client`` (one pool of connections, kept open between
    calls and closed at the end of the run), the retry policy, the sleep, and the budget of the post being
    sent (``post()``: the runner opens one per post). Production and tests go through the same object;
    tests point it at their local servers through the channels' base URLs."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        sleep: Sleep = time.sleep,
        policy: RetryPolicy = POLICY,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        import httpx  # start-up time: see above

        self.client = httpx.Client(
            transport=transport,
            timeout=timeout or httpx.Timeout(**TIMEOUT),
            headers={"User-Agent": "humas"},
            follow_redirects=False,
        )
        self.sleep = sleep
        self.policy = policy
        self.budget = Budget(policy)
        weakref.finalize(self, self.client.close)  # its connections close with the run, never left to the GC

    def post(self) -> Budget:
        """A fresh budget for the next post: every call made for it draws on it."""
        self.budget = Budget(self.policy)
        return self.budget

    def close(self) -> None:
        self.client.close()


class Api:
    """The calls to one platform's base URL, through the run's ``Session``.

    ``classify`` turns a non-2xx response into the right ``ChannelError``; ``secrets`` are the
    credentials that must never appear in a message.
    """

    def __init__(
        self,
        platform: str,
        base_url: str,
        *,
        classify: Classify,
        session: Session,
        headers: Mapping[str, str] | None = None,
        secrets: Sequence[str] = (),
    ) -> None:
        self.platform = platform
        self.classify = classify
        self.secrets = [secret for secret in secrets if secret]
        self.session = session
        self.base_url = base_url
        self.headers: dict[str, str] = dict(headers or {})
        self.before: Callable[[], None] | None = None
        """Called before every request (a channel renews its token there when it is due)."""

    def set_header(self, name: str, value: str) -> None:
        self.headers[name] = value

    def url(self, url: str) -> str:
        """``url`` below the base URL (as httpx joins a client's ``base_url``), or itself when absolute."""
        import httpx  # start-up time: see above (loaded by the Session already)

        if httpx.URL(url).is_absolute_url:
            return url
        return self.base_url.rstrip("/") + "/" + url.lstrip("/")

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **(kwargs.pop("headers", None) or {})}
        return self.session.client.request(method, self.url(url), headers=headers, **kwargs)

    def add_secret(self, secret: str) -> None:
        if secret and secret not in self.secrets:
            self.secrets.append(secret)

    def redact(self, text: str) -> str:
        return redact(text, self.secrets, env={})

    def call(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool,
        expect: Iterable[int] = (),
        body: Callable[[], Iterable[bytes] | bytes] | None = None,
        what: str = "",
        **kwargs: Any,
    ) -> httpx.Response:
        """Send one request; retry only what may be retried, by the one policy (``pipeline/retry.py``),
        on the post's budget; return a 2xx (or ``expect``) response.

        ``body`` makes the request body afresh for each try (a streamed file is read again).
        """
        import httpx  # start-up time: see above (loaded by the Session already)

        if self.before is not None:
            self.before()
        accepted = set(expect)
        what = what or f"{method} {httpx.URL(url).path}"
        fixed = kwargs.pop("content", None)

        def once() -> httpx.Response:
            content = body() if body is not None else fixed
            return self._send(
                method, url, idempotent=idempotent, accepted=accepted, what=what, content=content, **kwargs
            )

        return retry.run(once, budget=self.session.budget, hint=may_retry, sleep=self.session.sleep)

    def _send(
        self, method: str, url: str, *, idempotent: bool, accepted: set[int], what: str, **kwargs: Any
    ) -> httpx.Response:
        import httpx  # start-up time: see above (loaded by the Session already)

        path = httpx.URL(url).path
        log.debug("%s %s %s", self.platform, method, path)
        try:
            response = self._request(method, url, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol) as error:
            raise RetryableError(
                _(
                    "{platform}: {what}: could not connect ({kind})",
                    platform=self.platform,
                    what=what,
                    kind=type(error).__name__,
                ),
                action=_("Try again later."),
            ) from None
        except httpx.TransportError as error:
            kind = type(error).__name__
            if idempotent:
                raise RetryableError(
                    _(
                        "{platform}: {what}: the connection failed ({kind})",
                        platform=self.platform,
                        what=what,
                        kind=kind,
                    ),
                    action=_("Try again later."),
                ) from None
            raise OutcomeUnknown(
                _(
                    "{platform}: {what}: no answer ({kind}); the platform may have done it",
                    platform=self.platform,
                    what=what,
                    kind=kind,
                ),
                action=_("Ask the platform before trying again."),
            ) from None
        log.debug("%s %s %s -> %s", self.platform, method, path, response.status_code)
        if response.is_success or response.status_code in accepted:
            return response
        refusal = self.classify(response)
        refusal.message = self.redact(refusal.message)
        refusal.platform_message = self.redact(refusal.platform_message)
        refusal.args = (refusal.message,)
        refusal.answered_status = response.status_code
        if not idempotent and not isinstance(refusal, PermanentError):
            unknown = OutcomeUnknown(
                refusal.message,
                action=_("Ask the platform before trying again."),
                platform_message=refusal.platform_message,
                retry_after=refusal.retry_after,
            )
            unknown.answered_status = response.status_code
            unknown.platform_code = refusal.platform_code
            raise unknown
        raise refusal

    def json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise RetryableError(
                _(
                    "{platform}: the answer to {method} {path} is not JSON (HTTP {status})",
                    platform=self.platform,
                    method=response.request.method,
                    path=response.request.url.path,
                    status=response.status_code,
                ),
                action=_("Try again later."),
            ) from None


def may_retry(error: BaseException, attempt: int) -> float | None | bool:
    """Whether a call may be sent again after ``error`` (False: never), and the platform's wait if it said one.
    An outcome that is unknown is never retried here: the runner asks the platform first."""
    if not isinstance(error, RetryableError) or error.outcome_unknown:
        return False
    return error.retry_after


def generic_error(platform: str, response: httpx.Response, message: str = "") -> ChannelError:
    """A fallback classification by HTTP status alone."""
    status = response.status_code
    text = message or response.text[:300]
    hint = wait_hint(response)
    if status == 429:
        return RetryableError(
            _("{platform}: too many requests (HTTP 429)", platform=platform),
            platform_message=text,
            retry_after=hint,
            action=_("Wait and run humas publish again."),
        )
    if status >= 500:
        return RetryableError(
            _("{platform}: the platform failed (HTTP {status})", platform=platform, status=status),
            platform_message=text,
            retry_after=hint,
            action=_("Try again later."),
        )
    return PermanentError(
        _("{platform}: HTTP {status}: {said}", platform=platform, status=status, said=text),
        platform_message=text,
        action=_("Read the platform's message and fix the cause."),
    )
