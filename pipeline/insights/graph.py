"""Meta's insights edges (Instagram, Facebook Pages, Threads): one ``GET /{id}/{edge}?metric=…`` per post.

The answer is ``{"data": [{"name", "period", "values": [{"value"}], "title", "id": "<id>/insights/<name>/<period>"}]}``
(Instagram Media Insights, https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights ;
Threads Insights, https://developers.facebook.com/documentation/threads/insights ; Page Insights,
https://developers.facebook.com/docs/graph-api/reference/insights). A metric named for another object
(its ``id`` not starting with the post's id) is ignored.

Meta's error codes (Graph API, "Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling):
10 "API Permission Denied" and 200-299 "API Permission": a permission is missing, named by the reader. One
code-10 answer is no refusal: "(#10) Not enough viewers for the media to show insights" (Instagram Media
Insights, Limitations): the post simply has no figures yet. Code 100 (and 803) concern the one post asked about
(``PostRefused``): the platform's other posts are still read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..channels.http import Api
from ..channels.meta import graph_error
from ..messages import _
from .base import Figures, MissingPermission, PostRefused, count

NOT_ENOUGH_VIEWERS = "not enough viewers"
POST_CODES = (100, 803)
"""100 "Invalid parameter" (an object that does not exist, a metric its type lacks), 803 "Some of the aliases you
requested do not exist" (Graph API, "Handling Errors")."""


def too_few_viewers() -> str:
    return _("not enough viewers yet for the platform to show figures")


def no_figures() -> str:
    return _("the platform has no figures for this post yet")


def read_insights(
    api: Api,
    post_id: str,
    edge: str,
    metrics: Sequence[str],
    *,
    refused: Callable[[str], MissingPermission],
) -> tuple[dict[str, int], str]:
    """({metric: value}, note) of one post. ``refused(platform message)`` is the error of a missing
    permission. 429 and 5xx are retried by ``api``; any other refusal is raised as ``api`` classifies it."""
    response = api.call(
        "GET",
        f"/{post_id}/{edge}",
        idempotent=True,
        params={"metric": ",".join(metrics)},
        expect=(400, 403),
        what=_("read the figures of {post}", post=post_id),
    )
    if response.status_code >= 400:
        error = graph_error(response)
        code = error.get("code")
        text = api.redact(str(error.get("error_user_msg") or error.get("message") or ""))
        if code == 10 and NOT_ENOUGH_VIEWERS in text.lower():
            return {}, too_few_viewers()
        if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
            raise refused(text)
        refusal = api.classify(response)
        if code in POST_CODES:  # about this post only: the others are still read
            refusal = PostRefused(refusal.message, action=refusal.action, platform_message=refusal.platform_message)
        refusal.message = api.redact(refusal.message)
        refusal.platform_message = api.redact(refusal.platform_message)
        refusal.args = (refusal.message,)
        raise refusal
    values: dict[str, int] = {}
    data = api.json(response)
    for item in (data.get("data") if isinstance(data, dict) else None) or []:
        if not isinstance(item, dict) or item.get("name") not in metrics:
            continue
        named = str(item.get("id") or f"{post_id}/")
        if not named.startswith(f"{post_id}/"):
            continue  # a figure of another object: never this post's
        value = _value(item)
        if value is not None:
            values[str(item["name"])] = value
    return values, ("" if values else no_figures())


def _value(item: dict[str, Any]) -> int | None:
    found = item.get("values")
    if isinstance(found, list) and found and isinstance(found[-1], dict):
        return count(found[-1].get("value"))
    return count((item.get("total_value") or {}).get("value")) if isinstance(item.get("total_value"), dict) else None


def figures(values: dict[str, int], note: str, **names: str) -> Figures:
    """``Figures`` from Meta's metrics: ``names`` maps a common name (views, reach, …) to Meta's metric."""
    picked = {common: values.get(metric) for common, metric in names.items()}
    return Figures(**picked, metrics=dict(values), note=note)  # type: ignore[arg-type]
