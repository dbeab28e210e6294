"""What Meta's Graph API errors mean, for Instagram and Facebook alike.

The error object is ``{"error": {"message", "type", "code", "error_subcode", "error_user_title",
"error_user_msg", "is_transient", "fbtrace_id"}}``, usually with HTTP 400. The code says whether a
person must act (token, permission, duplicate, policy) or whether waiting helps (rate limits,
transient server errors, the daily publishing cap).
"""

from __future__ import annotations

from typing import Any

import httpx

from ..messages import _
from .base import ChannelError, PermanentError, RetryableError
from .http import generic_error, wait_hint

GRAPH_VERSION = "v25.0"

RATE_LIMIT_CODES = {4, 17, 32, 341, 613, 80001, 80002, 80004}
TRANSIENT_CODES = {1, 2, -1, -2}
DAILY_CAP = (9, 2207042)
NOT_READY = (9007, 2207027)

DAY = 24 * 3600.0


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
