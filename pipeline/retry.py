"""The one retry policy of humas: every call to a platform or to GitHub is tried again by these rules.

- **One wait rule**: the platform's own word (``Retry-After`` as seconds or an HTTP date, Meta's
  ``X-Business-Use-Case-Usage``, GitHub's ``x-ratelimit-reset``) when it gave one, else exponential
  backoff (1, 2, 4 … seconds, at most ``longest``).
- **Tries**: one call is sent at most ``tries`` times (the first and ``tries - 1`` more).
- **A budget per post** (``Budget``): all the calls made for one post (a channel's upload, status reads,
  the runner's fresh attempt after a lost answer was settled) share ``retries`` tries again and
  ``seconds`` of waiting. A wait longer than what is left of the budget (a daily cap) is never waited:
  the error goes up as it is, the run defers, a later run posts.

Which errors may be retried is the caller's to say (a call that may create a post is never repeated
blindly: see ``channels/http.py``); how often and how long is said here only. Tenacity runs the loop.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tenacity import RetryCallState

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    tries: int = 4
    """Sends of one call at most."""
    retries: int = 6
    """Tries again for one post (or one GitHub command), all its calls together: a call that fails every
    time is sent at most ``retries + 1`` times for one post."""
    seconds: float = 300.0
    """Seconds of waiting for one post, all its waits together."""
    longest: float = 60.0
    """The longest wait of the backoff (the platform's own word may say more, within ``seconds``)."""

    def wait(self, hint: float | None, attempt: int) -> float:
        """The one wait rule: the platform's hint, else exponential backoff from one second."""
        return hint if hint is not None else backoff(attempt, cap=self.longest)


POLICY = RetryPolicy()


def backoff(attempt: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Exponential backoff without jitter (one client per run; tests assert the waits)."""
    return min(cap, base * 2 ** (attempt - 1))


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


@dataclass
class Budget:
    """What is left of the policy's tries again and seconds of waiting for one post."""

    policy: RetryPolicy = POLICY
    retries: int = field(init=False)
    seconds: float = field(init=False)

    def __post_init__(self) -> None:
        self.retries = self.policy.retries
        self.seconds = self.policy.seconds

    def take(self, hint: float | None, attempt: int) -> float | None:
        """The wait before try ``attempt + 1`` of a call, spent from the budget; None: do not try again."""
        wait = self.policy.wait(hint, attempt)
        if attempt >= self.policy.tries or self.retries <= 0 or wait > self.seconds:
            return None
        self.retries -= 1
        self.seconds -= wait
        return wait


def run(
    action: Callable[[], T],
    *,
    budget: Budget,
    hint: Callable[[BaseException, int], float | None | bool],
    sleep: Callable[[float], None],
) -> T:
    """Call ``action`` and try it again by the policy. ``hint(error, attempt)``: False when ``error`` may not be
    retried, else the platform's wait in seconds (None: it gave none). The last error goes up as it is."""
    from tenacity import Retrying, stop_never  # start-up time: only a command that sends requests retries

    waits: list[float] = []

    def again(state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        if error is None:
            return False
        said = hint(error, state.attempt_number)
        if said is False:
            return False
        wait = budget.take(None if said is True else said, state.attempt_number)
        if wait is None:
            return False
        waits.append(wait)
        return True

    retrying = Retrying(stop=stop_never, wait=lambda state: waits[-1], retry=again, sleep=sleep, reraise=True)
    return retrying(action)
