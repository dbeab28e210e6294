"""``humas due``: whether the scheduled publish run has anything to do now, decided cheaply.

The scheduled workflow runs this first and stops when nothing is due. A **post** is due when an
approved publication has a channel that ``humas publish`` would post to, or resume, now (its
``publish_at`` has come, or a platform deferred it). A **page** is due when an approved publication's
``publish_at`` came within the last ``window`` (two hours by default: the schedule runs hourly, so one
missed run is covered); the website is then rebuilt and deployed, and the page appears. Both are read
from main and the archive, verified as ``build`` and ``publish`` verify them. Nothing is written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .approved import approved_publications
from .build import publish_time
from .git import GitRepo
from .publish import publish

WINDOW = dt.timedelta(hours=2)
POSTING = ("would-publish", "would-resume")


@dataclass
class Due:
    posts: list[str] = field(default_factory=list)
    """``<publication> → <channel>`` that a publish run would post or resume now."""
    pages: list[str] = field(default_factory=list)
    """Publications whose embargo ended within the window: the website must be deployed again."""


def what_is_due(repo: GitRepo, *, now: dt.datetime, window: dt.timedelta = WINDOW) -> Due:
    due = Due()
    with tempfile.TemporaryDirectory(prefix="humas-due-") as scratch:
        report = publish(repo, outbox=Path(scratch), dry_run=True, now=now)
    due.posts = [f"{a.publication} → {a.channel}" for a in report.actions if a.outcome in POSTING]
    with approved_publications(repo) as approvals:
        for item in approvals.publications:
            publish_at = publish_time(item, approvals.sop.timezone)
            if publish_at is not None and now - window < publish_at <= now:
                due.pages.append(item.id)
    due.pages.sort()
    return due
