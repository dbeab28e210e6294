"""The HTTP client the four social channels share.

One ``Api`` per platform: ``httpx`` with a base URL, an optional injected transport, timeouts, and a
retry policy that knows which calls may be repeated.

- A call that never reached the server (connection refused, connect timeout) is retried.
- 429 and 5xx are retried with exponential backoff, honouring ``Retry-After`` and Meta's
  ``X-Business-Use-Case-Usage`` (``estimated_time_to_regain_access``, in minutes) when the wait is
  short; a longer wait is raised as a ``RetryableError`` carrying ``retry_after`` so that the run
  moves on and a later run posts.
- A **non-idempotent** call (one that may create a post) that reached the server is never repeated
  here: a lost answer, a timeout, a 5xx, a 429 or any refusal that is not permanent raises
  ``OutcomeUnknown`` (Meta has answered "action blocked" for a post that went live), and the runner
  asks the platform what happened before anything else.
- Secrets never leave this module in a message: every text taken from a response passes through
  ``redact``; logs carry the method and the path, never the query string.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from ..messages import _
from ..redact import redact
from .base import ChannelError, OutcomeUnknown, PermanentError, RetryableError

log = logging.getLogger("humas.channels")

Classify = Callable[[httpx.Response], ChannelError]
Sleep = Callable[[float], None]

PIECE = 1024 * 1024
"""How much of a file is read at a time when streaming an upload."""

TIMEOUT = httpx.Timeout(connect=10.0, read=120.0, write=120.0, pool=10.0)

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


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


def backoff(attempt: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff without jitter (one client per channel; tests assert the waits)."""
    return min(cap, base * 2 ** (attempt - 1))


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


class Api:
    """An HTTP client for one platform.

    ``classify`` turns a non-2xx response into the right ``ChannelError``; ``secrets`` are the
    credentials that must never appear in a message.
    """

    def __init__(
        self,
        platform: str,
        base_url: str,
        *,
        classify: Classify,
        headers: Mapping[str, str] | None = None,
        secrets: Sequence[str] = (),
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        sleep: Sleep = time.sleep,
        attempts: int = 4,
        max_wait: float = 60.0,
    ) -> None:
        self.platform = platform
        self.classify = classify
        self.secrets = [secret for secret in secrets if secret]
        self.sleep = sleep
        self.attempts = attempts
        self.max_wait = max_wait
        self.transport = transport
        self.options: dict[str, Any] = {
            "base_url": base_url,
            "timeout": timeout,
            "headers": {"User-Agent": "humas", **(headers or {})},
            "follow_redirects": False,
        }
        self.shared = httpx.Client(transport=transport, **self.options) if transport is not None else None
        self.before: Callable[[], None] | None = None
        """Called before every request (a channel renews its token there when it is due)."""

    def set_header(self, name: str, value: str) -> None:
        self.options["headers"][name] = value
        if self.shared is not None:
            self.shared.headers[name] = value

    def close(self) -> None:
        if self.shared is not None:
            self.shared.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request. Without an injected transport each call has its own connection, closed at once:
        a publish run makes few calls, and no socket outlives the call that opened it."""
        if self.shared is not None:
            return self.shared.request(method, url, **kwargs)
        with httpx.Client(**self.options) as client:
            return client.request(method, url, **kwargs)

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
        """Send one request; retry only what may be retried; return a 2xx (or ``expect``) response.

        ``body`` makes the request body afresh for each try (a streamed file is read again).
        """
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

        def retryable(error: BaseException) -> bool:
            if not isinstance(error, RetryableError) or error.outcome_unknown:
                return False
            return error.retry_after is None or error.retry_after <= self.max_wait

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            if isinstance(error, ChannelError) and error.retry_after is not None:
                return error.retry_after
            return backoff(state.attempt_number)

        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait,
            retry=retry_if_exception(retryable),
            sleep=self.sleep,
            reraise=True,
        )
        return retrying(once)

    def _send(
        self, method: str, url: str, *, idempotent: bool, accepted: set[int], what: str, **kwargs: Any
    ) -> httpx.Response:
        path = httpx.URL(url).path
        log.debug("%s %s %s", self.platform, method, path)
        try:
            response = self._request(method, url, **kwargs)
        except _NOT_SENT as error:
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
