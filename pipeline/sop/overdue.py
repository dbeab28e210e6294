"""Which steps wait longer than their Mutu Baku now: what the reminders (GitHub comments or e-mail) name.

Pure: the evaluated chain and a moment in, the overdue steps out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .explain import elapsed_minutes
from .result import Node, Status


@dataclass(frozen=True)
class Overdue:
    key: str
    """``chain/step``: what the marker remembers."""
    step_name: str
    people: list[str]
    since: datetime
    elapsed: int
    minutes: int


def working_day(now: datetime, timezone: str) -> bool:
    return now.astimezone(ZoneInfo(timezone)).weekday() < 5


def overdue_steps(result: Node, now: datetime) -> list[Overdue]:
    """The steps waiting now (the current step of each chain) for longer than their Mutu Baku."""
    if result.status != Status.PENDING:
        return []
    found = []
    for chain in result.children:
        for step in chain.children:
            if step.status != Status.PENDING or step.started_at is None:
                continue
            elapsed = elapsed_minutes(step.started_at, now)
            if elapsed is not None and step.minutes and elapsed > step.minutes and step.waiting_for:
                found.append(
                    Overdue(
                        f"{chain.name}/{step.step}",
                        step.name,
                        list(step.waiting_for),
                        step.started_at,
                        elapsed,
                        step.minutes,
                    )
                )
            break  # only the first pending step of a chain is waiting
    return found
