"""The policy's answer: a tree of plain data with a status and a reason at each node.

Renderings (the CLI checklist, the PR comment, the commit status line) read this tree; none of them
decides anything. Reasons are codes (:class:`ReasonCode`) with parameters so that each rendering can speak
Bahasa Indonesia or English; code branches on the code, never on a rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
from typing import Any


class Status(IntEnum):
    """Ordered like policy-bot's: the worst child decides the parent."""

    SKIPPED = 0
    APPROVED = 1
    PENDING = 2
    DISAPPROVED = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class ReasonCode(StrEnum):
    """Why a node has its status, or why a review counts for nothing (``pipeline.sop.labels`` words each one)."""

    # the whole change
    COMPLETE = "complete"
    CANNOT_EVALUATE = "cannot_evaluate"
    EMPTY_CHANGE = "empty_change"
    NO_CHAIN = "no_chain"
    RALAT_MISSING = "ralat_missing"
    RALAT_UNCHANGED = "ralat_unchanged"
    NOTHING_TO_CORRECT = "nothing_to_correct"
    # a chain
    CHAIN_COMPLETE = "chain_complete"
    CHANGES_REQUESTED = "changes_requested"
    WAITING = "waiting"
    # a step
    SIGNED = "signed"
    YOUR_TURN = "your_turn"
    WAITING_FOR_STEP = "waiting_for_step"
    NO_BIDANG = "no_bidang"
    NO_HOLDER = "no_holder"
    NO_ELIGIBLE = "no_eligible"
    # a review that counts for nothing (Node.ignored: every checklist lists them)
    IGNORED_DELETED_USER = "ignored_deleted_user"
    IGNORED_UNVERIFIED = "ignored_unverified"
    IGNORED_BOT = "ignored_bot"
    IGNORED_UNKNOWN = "ignored_unknown"
    IGNORED_AUTHOR = "ignored_author"
    IGNORED_NO_ROLE = "ignored_no_role"
    IGNORED_STALE = "ignored_stale"
    IGNORED_PREMATURE = "ignored_premature"
    # a valid approval a step does not need (Node.unused: no checklist lists them)
    STEP_COMPLETE = "step_complete"
    SIGNED_OTHER_STEP = "signed_other_step"
    # only for a review not recorded yet (eligibility: the up-front refusals of ``humas review``)
    UNKNOWN_ROLE = "unknown_role"
    ROLE_NOT_IN_CHANGE = "role_not_in_change"
    ALREADY_SIGNED = "already_signed"
    STEP_BLOCKED = "step_blocked"
    NOT_COUNTED = "not_counted"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Signature:
    person: str
    identity: str
    name: str
    role: str
    at: datetime
    commit: str
    bidang: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class Ignored:
    """A review that does not count where it is listed, and why."""

    identity: str
    person: str | None
    reason: Reason
    at: datetime | None = None
    """When the review was given (which of a person's reviews this is)."""


@dataclass
class Node:
    name: str
    status: Status
    reason: Reason
    children: list[Node] = field(default_factory=list)
    # step nodes
    step: str | None = None
    role: str | None = None
    minutes: int | None = None
    bidang: tuple[str, ...] = ()
    signatures: list[Signature] = field(default_factory=list)
    started_at: datetime | None = None
    done_at: datetime | None = None
    waiting_for: list[str] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    unused: list[Ignored] = field(default_factory=list)
    """Valid approvals this step did not need (it was complete, or the person signed another step)."""
    blocked_by: list[Signature] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def walk(self) -> list[Node]:
        nodes = [self]
        for child in self.children:
            nodes.extend(child.walk())
        return nodes

    def steps(self) -> list[Node]:
        return [node for node in self.walk() if node.step is not None]

    def current_steps(self) -> list[Node]:
        """The steps that wait for a signature now (the first pending step of each chain)."""
        found = []
        for chain in self.children:
            for step in chain.children:
                if step.status == Status.PENDING and step.started_at is not None:
                    found.append(step)
                    break
        return found
