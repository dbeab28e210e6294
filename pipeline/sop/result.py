"""The policy's answer: a tree of plain data with a status and a reason at each node.

Renderings (the CLI checklist, the PR comment, the commit status line) read this tree; none of them
decides anything. Reasons are codes with parameters so that each rendering can speak Bahasa Indonesia
or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
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


@dataclass(frozen=True)
class Reason:
    code: str
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
    identity: str
    person: str | None
    reason: Reason


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
