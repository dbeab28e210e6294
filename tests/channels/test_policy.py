"""One retry policy (``pipeline/retry.py``) and one HTTP client per run, on the code path production runs.

Counted at the local platform server: the sends of a call that fails every time (bounded per post, all
tries together, not per call and again per attempt of the runner), the waits (the platform's
``Retry-After`` within one budget of seconds per post), and the connections a whole ``humas publish``
opens (one client for the run: its calls share one connection)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.channels.base import RetryableError
from pipeline.channels.instagram import InstagramChannel
from pipeline.channels.runner import run_channel
from pipeline.retry import POLICY
from tests.channels.support import TOKENS, FileJournal, Sleeps, jpeg, post
from tests.channels.test_killed import env_for
from tests.helpers import Repo
from tests.platforms.instagram import InstagramServer
from tests.test_publish import merged_publication

LIMIT = "/content_publishing_limit$"
UNKNOWN = {"error": {"message": "An unknown error occurred", "code": 1, "is_transient": True}}


def channel(ig: InstagramServer, sleeps: Sleeps) -> InstagramChannel:
    return InstagramChannel(TOKENS["instagram"], ig.user_id, base_url=f"{ig.url}/v25.0", sleep=sleeps)


def test_a_call_that_always_fails_is_sent_a_bounded_number_of_times_per_post(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto.jpg")
    ig.fail("GET", LIMIT, 503, UNKNOWN, times=50)
    with pytest.raises(RetryableError):
        run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "media": ["foto.jpg"]}), journal)
    # the first send and the policy's tries again for the whole post (before: 4 per call × 4 runner attempts)
    assert len(ig.requests("GET", LIMIT)) == POLICY.retries + 1 == 7
    assert sleeps == [1.0, 2.0, 4.0, 1.0, 1.0, 2.0]  # the one backoff rule, per call
    assert not ig.posts


def test_retry_after_is_waited_within_one_budget_per_post(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto.jpg")
    said = {"error": {"message": "Too many calls", "code": 4}}
    ig.fail("GET", LIMIT, 429, said, {"Retry-After": "200"}, times=10)
    with pytest.raises(RetryableError) as caught:
        run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "media": ["foto.jpg"]}), journal)
    # 200 s as the platform said; a second 200 s is more than what is left of the post's 300 s: the run defers
    assert sleeps == [200.0]
    assert caught.value.retry_after == 200.0
    assert len(ig.requests("GET", LIMIT)) == 2


def test_an_http_date_in_retry_after_is_the_same_rule(
    ig: InstagramServer, folder: Path, journal: FileJournal, sleeps: Sleeps
) -> None:
    jpeg(folder / "foto.jpg")
    said = {"error": {"message": "Too many calls", "code": 4}}
    ig.fail("GET", LIMIT, 429, said, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})  # in the past: at once
    run_channel(channel(ig, sleeps), post(folder, "instagram", {"caption": "x", "media": ["foto.jpg"]}), journal)
    assert sleeps[0] == 0.0 and len(ig.posts) == 1


@pytest.fixture
def counted() -> Iterator[tuple[InstagramServer, list[Any]]]:
    """An Instagram server that counts the connections it accepts."""
    with InstagramServer(TOKENS["instagram"]) as server:
        server.processing_polls = 0
        accepted: list[Any] = []
        process: Callable[[Any, Any], None] = server.httpd.process_request

        def counting(request: Any, address: Any) -> None:
            accepted.append(address)
            process(request, address)

        server.httpd.process_request = counting  # type: ignore[method-assign]
        yield server, accepted


def test_one_publish_run_opens_one_connection(repo: Repo, counted: tuple[InstagramServer, list[Any]]) -> None:
    ig, accepted = counted
    merged_publication(repo)
    env = {k: v for k, v in env_for("instagram", ig).items() if k.startswith("HUMAS_")}
    run = repo.humas("publish", env=env)
    assert run.code == 0, run.out + run.err
    assert len(ig.posts) == 1
    assert len(ig.seen) >= 4  # the limit, the lookup, the container, its status, the publish, …
    assert len(accepted) == 1  # every call of the run through one client, on one kept-alive connection
    receipt = json.loads(repo.git("show", "arsip:" + _receipt(repo)))
    assert receipt["state"] == "done"


def _receipt(repo: Repo) -> str:
    files = repo.git("ls-tree", "-r", "--name-only", "arsip").split()
    return next(f for f in files if f.endswith("/receipts/2025/wisuda/instagram.json"))
